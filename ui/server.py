"""The dashboard as an ASGI app: Streamlit's own routes plus one of ours, so the browser's
cookies for a room are set by the server (``HttpOnly``: no script in the page can read them).

``streamlit run ui/server.py`` (what `make run`, ``shoreline serve`` and the browser tests
start) finds :data:`app` and serves app.py with :func:`ui.device.cookie_route` beside it.
"""

from __future__ import annotations

import streamlit as st
from starlette.routing import Route

from ui.device import COOKIE_ROUTE, cookie_route
from ui.serve import APP

app = st.App(str(APP), routes=[Route(COOKIE_ROUTE, cookie_route, methods=["POST"])])
