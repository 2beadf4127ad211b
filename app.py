"""Shoreline: the router. Page config, then st.navigation over explicit pages."""

import streamlit as st

st.set_page_config(page_title="Shoreline — sourcing locations", page_icon="🌊", layout="wide")


def page(path: str, title: str, icon: str, url: str, **kw) -> st.Page:
    return st.Page(path, title=title, icon=f":material/{icon}:", url_path=url, **kw)


PAGES = {
    "Explore": [
        page("pages/overview.py", "Overview", "dashboard", "overview", default=True),
        page("pages/map.py", "Map", "public", "map"),
        page("pages/timezones.py", "Time zones", "schedule", "time-zones"),
        page("pages/tradeoffs.py", "Trade-offs", "balance", "trade-offs"),
    ],
    "Decide": [
        page("pages/compare.py", "Compare & cost", "compare_arrows", "compare"),
        page("pages/scenarios.py", "Scenarios", "bookmarks", "scenarios"),
    ],
    "Reference": [
        page("pages/data.py", "Data", "table_chart", "data"),
    ],
}

st.navigation(PAGES).run()
