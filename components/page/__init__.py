"""The Streamlit page: its session keys (keys), the view's state and the link (state), the data
and views shared by sessions (resources, views), and one module per part of the page. A feature
with a plain part elsewhere keeps its name here: render/timeline.py is drawn by page/timeline.py."""
