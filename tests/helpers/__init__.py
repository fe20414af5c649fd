"""What the tests share, imported from here and never from another test module or conftest:
paths to the shared reference data (paths), facts of the bundled data (facts), the app run by
Streamlit's AppTest (apptest), servers on 127.0.0.1 (servers), page helpers for the browser
tests (pages), HTML maps made for the tests (html_maps), and test inputs (payloads, uploads,
filter_examples)."""
