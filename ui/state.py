"""Everything a session remembers between reruns, and the one place its keys are named.

Streamlit keeps two kinds of values in ``st.session_state``: the values of widgets (their key is
given where the widget is drawn, ``sb_…`` in the sidebar, ``sc_…`` on Scenarios, and so on —
they belong with their widget) and the app's own state, which several modules read and write.
The second kind lives here, behind small functions, so no page spells a key by hand:

- the scenario the user is looking at, and the undo history of earlier ones;
- presentation mode, and whether a shared link has been read in this session;
- the page being drawn (the sidebar seeds its widgets once per page);
- one-shot messages (an error from the sidebar, a notice about a link, a page's flash);
- the uploaded rate card, the prepared brief and the workshop's participants grid.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from sourcing.model.scenario import Scenario

SCENARIO = "scenario"
HISTORY = "scenario_history"
HISTORY_LENGTH = 30
PRESENTING = "presenting"
PAGE = "page"  # the url path of the page this run draws, set by app.py
PAGES = "pages"  # app.py's st.Page objects, built once per session (each resolves its file)
SEEDED_ON = "sb_seeded_on"  # the page whose run last seeded the sidebar's widgets
LINK_CHECKED = "link_checked"
LINK_NOTICE = "link_notice"
SIDEBAR_ERROR = "sb_error"
FLASH = "flash"
RATE_CARD = "rate_card"
BRIEF_HTML = "sc_brief_html"
GROUP_ROWS = "sc_group_rows"
CONFIRM_OVERWRITE = "sc_confirm"

DEFAULT = {"hq": "US", "workload": "voice-support-en"}


def default_scenario() -> Scenario:
    return Scenario(**DEFAULT, on=dt.date.today())


def current() -> Scenario:
    """The scenario in this session (the embedded default on first use)."""
    if SCENARIO not in st.session_state:
        st.session_state[SCENARIO] = default_scenario()
    return st.session_state[SCENARIO]


def replace_current(scenario: Scenario) -> None:
    """Set the scenario without recording the old one (a link on first load, a rescue)."""
    st.session_state[SCENARIO] = scenario


def set_scenario(scenario: Scenario) -> None:
    """Replace the scenario (a widget moved, one loaded, imported, group weights…); the old one
    goes on the undo history, and a pending sidebar error is cleared."""
    st.session_state.pop(SIDEBAR_ERROR, None)
    old = current()
    if scenario != old:
        history = st.session_state.setdefault(HISTORY, [])
        history.append(old)
        del history[:-HISTORY_LENGTH]
    st.session_state[SCENARIO] = scenario


def can_undo() -> bool:
    return bool(st.session_state.get(HISTORY))


def undo() -> Scenario | None:
    """Go back one step; the scenario gone back to, or None when there is no history."""
    history = st.session_state.get(HISTORY, [])
    if not history:
        return None
    st.session_state[SCENARIO] = history.pop()
    st.session_state.pop(SIDEBAR_ERROR, None)
    return st.session_state[SCENARIO]


def reseed() -> None:
    """Make the sidebar seed every widget from the scenario on the next run."""
    st.session_state.pop(SEEDED_ON, None)


def presenting() -> bool:
    """Whether presentation mode is on in this session."""
    return bool(st.session_state.get(PRESENTING, False))


def set_presenting(on: bool) -> None:
    st.session_state[PRESENTING] = bool(on)


def set_page(url_path: str) -> None:
    st.session_state[PAGE] = url_path


def first_seed_on_this_page() -> bool:
    """True once per page visit: the sidebar then seeds every widget (a widget's identity
    includes its page, so another page's sidebar starts blank)."""
    page = st.session_state.get(PAGE)
    first = st.session_state.get(SEEDED_ON, ()) != page
    st.session_state[SEEDED_ON] = page
    return first


def link_unread() -> bool:
    """True on the session's first run only: the one time a shared link is applied."""
    if LINK_CHECKED in st.session_state:
        return False
    st.session_state[LINK_CHECKED] = True
    return True


def sidebar_error(message: str) -> None:
    st.session_state[SIDEBAR_ERROR] = message


def take_sidebar_error() -> str | None:
    return st.session_state.pop(SIDEBAR_ERROR, None)


def link_notices(ignored: list[str]) -> None:
    st.session_state[LINK_NOTICE] = list(ignored)


def take_link_notices() -> list[str]:
    return st.session_state.pop(LINK_NOTICE, [])


def flash(kind: str, text: str) -> None:
    """A message for the next run of this page (``kind``: success, warning, error, info)."""
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    """Show, once, a message left by a button's callback."""
    if FLASH in st.session_state:
        kind, text = st.session_state.pop(FLASH)
        getattr(st, kind)(text)


def rate_card():
    """The rate card uploaded in this session, if any."""
    return st.session_state.get(RATE_CARD)


def set_rate_card(card) -> None:
    if card is None:
        st.session_state.pop(RATE_CARD, None)
    else:
        st.session_state[RATE_CARD] = card


def remembered(key: str, default: Any = None) -> Any:
    """A value a page keeps between its reruns (one of this module's keys)."""
    return st.session_state.get(key, default)


def remember(key: str, value: Any) -> None:
    st.session_state[key] = value


def forget(key: str) -> None:
    st.session_state.pop(key, None)


def seed_widgets(tag: str, values: dict[str, Any]) -> None:
    """Show ``values`` (widget key → value, drawn from the scenario) in a page's widgets when
    the scenario changed since they were last seeded (undo, a link, a loaded scenario), and
    leave what the user is typing alone otherwise."""
    marker = f"seeded_{tag}"
    if st.session_state.get(marker) != values:
        for key, value in values.items():
            st.session_state[key] = value
        st.session_state[marker] = dict(values)


ROOM = "room"  # (code, facilitator's token) of the room this facilitator runs
JOINED = "joined"  # code → this participant's token


def room() -> tuple[str, str] | None:
    return st.session_state.get(ROOM)


def set_room(code: str | None, host: str | None = None) -> None:
    """Run a room (or none). The room's code goes in the URL; the facilitator's token stays in
    the session and in this browser (a cookie), never in the projected address bar — so a
    reload on the same browser finds the room, and a copied address controls nothing."""
    from ui import device

    if code is None:
        old = st.session_state.pop(ROOM, None)
        for key in ("room", "host"):
            st.query_params.pop(key, None)
        if old:
            device.forget(f"host_{old[0]}")
        device.forget("room")
    else:
        st.session_state[ROOM] = (code, host)
        st.query_params["room"] = code
        st.query_params.pop("host", None)
        device.remember("room", code)
        device.remember(f"host_{code}", host)
