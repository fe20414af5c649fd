"""The web server of the partnership map: Streamlit's own, running app.py, with the page's shell,
compression and caching in front (components/page/shell.py). `make run` and `make serve` start
this file (`streamlit run server.py`); Streamlit finds `app` and serves the page as usual.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from components.data.upload import keep_malloc_compact
from components.page.shell import ShellMiddleware

# Before Streamlit's threads allocate: memory freed after a crowd of uploads goes back.
keep_malloc_compact()

app = st.App("app.py", middleware=[Middleware(ShellMiddleware)])
