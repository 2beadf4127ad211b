"""Shoreline: the router. Page config, then st.navigation over explicit pages."""

import streamlit as st

st.set_page_config(page_title="Shoreline — sourcing locations", page_icon="🌊", layout="wide")

PAGES = {
    "Explore": [
        st.Page(
            "pages/overview.py",
            title="Overview",
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
    ],
    "Reference": [
        st.Page("pages/data.py", title="Data", icon=":material/table_chart:", url_path="data"),
    ],
}

st.navigation(PAGES).run()
