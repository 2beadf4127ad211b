"""A page that works for a minute, writing a heartbeat line every 0.1 s to the file named by
$SHORELINE_HEARTBEAT: the browser test of a page's work stopping when its visitor leaves
(tests/browser/test_browser.py) serves it the way `make run` serves the app (st.App)."""

import os
import time

import streamlit as st

st.title("Working")
box = st.empty()
for i in range(600):
    box.write(f"working {i}")  # each element is a point where a stop request is honoured
    with open(os.environ["SHORELINE_HEARTBEAT"], "a", encoding="utf-8") as beat:
        beat.write(f"{time.time()}\n")
    time.sleep(0.1)
