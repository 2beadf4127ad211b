"""What this browser remembers across a second tab, a reload and Back: a first-party cookie,
written by one line of script in the page and read from the request (``st.context.cookies``).

A workshop needs it twice: a participant's token (one device, one participant — opening the
join link again, in another tab or after Back, is the same person, not a second answer), and the
facilitator's token (the room's control lives in the session and this browser, never in the
projected address bar). Values are tokens and room codes only — checked against a strict
pattern before they are written — and expire with the room (12 hours).
"""

from __future__ import annotations

import re

import streamlit as st

PREFIX = "shoreline_"
SAFE = re.compile(r"[A-Za-z0-9_-]{1,80}")
MAX_AGE_S = 12 * 3600  # a room's life


def recall(name: str) -> str | None:
    """The value this browser keeps under ``name`` (None: none, or no browser request)."""
    try:
        value = st.context.cookies.get(PREFIX + name)
    except Exception:  # no request behind this run (e.g. a script runner without a browser)
        return None
    return value if isinstance(value, str) and SAFE.fullmatch(value) else None


PENDING = "_device_pending"  # cookie writes asked for (also from callbacks), drawn by flush()


def _write(name: str, value: str, max_age: int) -> None:
    if not (SAFE.fullmatch(name) and (value == "" or SAFE.fullmatch(value))):
        raise ValueError(f"not a cookie this app writes: {name!r}")
    st.session_state.setdefault(PENDING, {})[name] = (value, max_age)


def flush() -> None:
    """Draw the pending writes as one script in the page (call once per page run, early)."""
    pending = st.session_state.pop(PENDING, None)
    if not pending:
        return
    lines = "".join(
        f"document.cookie = '{PREFIX}{name}={value}; path=/; max-age={age}; SameSite=Strict';"
        for name, (value, age) in pending.items()
    )
    st.html(f"<script>{lines}</script>", unsafe_allow_javascript=True)


def remember(name: str, value: str) -> None:
    """Keep ``value`` under ``name`` in this browser for a room's life (written by the page's
    next :func:`flush`)."""
    _write(name, value, MAX_AGE_S)


def forget(name: str) -> None:
    _write(name, "", 0)


def refocus(label: str) -> None:
    """Put keyboard focus back on the button labelled ``label`` once the page has redrawn (a
    form's rerun leaves it on the page body, so a keyboard or screen-reader user starts again
    from the top). ``label`` is the app's own text, not user input."""
    if not re.fullmatch(r"[A-Za-z ']{1,40}", label):
        raise ValueError(f"not a button label this app uses: {label!r}")
    st.html(
        "<script>(() => { let tries = 0; const find = () => {"
        " const b = [...parent.document.querySelectorAll('button')]"
        f".find(e => e.innerText.trim() === '{label}');"
        " if (b && parent.document.activeElement !== b) { b.focus(); }"
        " else if (!b && ++tries < 40) { setTimeout(find, 50); } }; setTimeout(find, 50); })();"
        "</script>",
        unsafe_allow_javascript=True,
    )
