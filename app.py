"""Shoreline: the router. Page config, then st.navigation over explicit pages."""

import streamlit as st

from ui import state

# presentation mode starts with the sidebar collapsed (the room sees the page, not the controls)
PRESENTING = st.query_params.get("present") == "1" or state.presenting()
st.set_page_config(page_title="Shoreline — sourcing locations", page_icon="🌊", layout="wide",
                   initial_sidebar_state="collapsed" if PRESENTING else "auto")  # fmt: skip


def page(path: str, title: str, icon: str, url: str, **kw) -> st.Page:
    return st.Page(path, title=title, icon=f":material/{icon}:", url_path=url, **kw)


def _pages() -> tuple[dict[str, list[st.Page]], st.Page, st.Page]:
    """The menu's pages, the Join page and Overview's alias. Building a page resolves its file
    on disk (~7% of the server's time per rerun under load, py-spy on bench/load.py), so they
    are built once per session and reused: a page is callable only in the run that
    st.navigation picks it for, whatever run built it."""
    built = state.remembered(state.PAGES)
    if built is not None:
        return built
    menu = {
        "Explore": [
            page("pages/explore/overview.py", "Overview", "dashboard", "home", default=True),
            page("pages/explore/map.py", "Map", "public", "map"),
            page("pages/explore/timezones.py", "Time zones", "schedule", "time-zones"),
            page("pages/explore/tradeoffs.py", "Trade-offs", "balance", "trade-offs"),
        ],
        "Decide": [
            page("pages/decide/compare.py", "Compare & cost", "compare_arrows", "compare"),
            page(
                "pages/decide/operating.py",
                "Operating model",
                "precision_manufacturing",
                "operating",
            ),
            page("pages/decide/room.py", "Live room", "groups", "room"),
            page("pages/decide/scenarios.py", "Scenarios", "bookmarks", "scenarios"),
        ],
        "Reference": [
            page("pages/reference/data.py", "Data", "table_chart", "data"),
        ],
    }
    join = page("pages/join.py", "Join a room", "login", "join")
    # Streamlit serves the default page at "/" only; "/overview" (the page's name, typed or
    # linked) opens the same script instead of a "Page not found" dialog. Its menu entry is
    # hidden below.
    alias = page("pages/explore/overview.py", "Overview", "dashboard", "overview")
    built = (menu, join, alias)
    state.remember(state.PAGES, built)
    return built


PAGES, JOIN, OVERVIEW_ALIAS = _pages()


def _joining() -> bool:
    """A participant's phone on the Join page: no navigation, no sidebar."""
    path = (st.context.url or "").split("?")[0].rstrip("/")
    return path.endswith("/join")


# the same pages for everyone (a page set that changes between sessions makes Streamlit show
# "Page not found" on a deep link); only where the menu goes differs
# Contrast and focus for everyone (WCAG 2.2 AA): captions darker than the theme's 3.9:1 grey
# (#4d4d4d on white is 8.5:1), a focus ring of 3:1 or more on every control, and a table drawn
# static (presentation mode) that scrolls sideways reachable by keyboard (see ui/presentation)
ACCESSIBLE = """<style>
[data-testid="stCaptionContainer"],
[data-testid="stCaptionContainer"] * {color: #4d4d4d !important; opacity: 1 !important;}
:focus-visible, button:focus-visible, [role="slider"]:focus-visible, a:focus-visible,
input:focus-visible {outline: 3px solid #1f4e9c !important; outline-offset: 2px !important;}
[data-testid="stSidebarNav"] li:has(a[href$="/overview"]) {display: none !important;}
</style>"""
st.markdown(ACCESSIBLE, unsafe_allow_html=True)

current = st.navigation({**PAGES, "Workshop": [JOIN, OVERVIEW_ALIAS]},
                        position="hidden" if _joining() else "sidebar")  # fmt: skip
state.set_page(current.url_path)  # the sidebar seeds its widgets once per page
current.run()
