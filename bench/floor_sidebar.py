"""A/B for the framework's floor: the bare app's title, plus Shoreline's real sidebar (every
scenario widget, as every page draws it) and nothing else. ``bench/floor.py`` times it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from ui.sidebar import scenario_sidebar  # noqa: E402

scenario_sidebar()
st.title("Sidebar only")
