"""Shoreline: the router. Page config, then st.navigation over explicit pages."""

import streamlit as st

from ui import state

# presentation mode starts with the sidebar collapsed (the room sees the page, not the controls)
PRESENTING = st.query_params.get("present") == "1" or state.presenting()
st.set_page_config(page_title="Shoreline — sourcing locations", page_icon="🌊", layout="wide",
                   initial_sidebar_state="collapsed" if PRESENTING else "auto")  # fmt: skip


def page(path: str, title: str, icon: str, url: str, **kw) -> st.Page:
    return st.Page(path, title=title, icon=f":material/{icon}:", url_path=url, **kw)


PAGES = {
    "Explore": [
        page("pages/explore/overview.py", "Overview", "dashboard", "overview", default=True),
        page("pages/explore/map.py", "Map", "public", "map"),
        page("pages/explore/timezones.py", "Time zones", "schedule", "time-zones"),
        page("pages/explore/tradeoffs.py", "Trade-offs", "balance", "trade-offs"),
    ],
    "Decide": [
        page("pages/decide/compare.py", "Compare & cost", "compare_arrows", "compare"),
        page(
            "pages/decide/operating.py", "Operating model", "precision_manufacturing", "operating"
        ),
        page("pages/decide/room.py", "Live room", "groups", "room"),
        page("pages/decide/scenarios.py", "Scenarios", "bookmarks", "scenarios"),
    ],
    "Reference": [
        page("pages/reference/data.py", "Data", "table_chart", "data"),
    ],
}
JOIN = page("pages/join.py", "Join a room", "login", "join")


def _joining() -> bool:
    """A participant's phone on the Join page: no navigation, no sidebar."""
    path = (st.context.url or "").split("?")[0].rstrip("/")
    return path.endswith("/join")


# the same pages for everyone (a page set that changes between sessions makes Streamlit show
# "Page not found" on a deep link); only where the menu goes differs
current = st.navigation({**PAGES, "Workshop": [JOIN]},
                        position="hidden" if _joining() else "sidebar")  # fmt: skip
state.set_page(current.url_path)  # the sidebar seeds its widgets once per page
current.run()
