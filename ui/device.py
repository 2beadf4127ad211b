"""What this browser remembers across a second tab, a reload and Back: a first-party cookie,
set by the server (``HttpOnly``, ``SameSite=Strict``) and read from the request
(``st.context.cookies``).

A workshop needs it twice: a participant's token (one device, one participant — opening the
join link again, in another tab or after Back, is the same person, not a second answer), and the
facilitator's token (the room's control lives in the session and this browser, never in the
projected address bar). Values are tokens and room codes only — checked against a strict
pattern before they are written — and expire with the room (12 hours).

No token reaches the page. A page run that has cookies to write files them here under a
one-time nonce (:func:`offer`) and draws one line of script that posts the nonce to
:data:`COOKIE_ROUTE`; the server's answer (:func:`cookie_route`, served beside Streamlit's
routes by ``ui/server.py``) carries the ``Set-Cookie`` headers. A nonce works once, for a
minute; a script in the page can read neither the token nor the cookie.
"""

from __future__ import annotations

import re
import secrets
import threading
import time

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


def _check(name: str, value: str) -> None:
    if not (SAFE.fullmatch(name) and (value == "" or SAFE.fullmatch(value))):
        raise ValueError(f"not a cookie this app writes: {name!r}")


def _write(name: str, value: str, max_age: int) -> None:
    _check(name, value)
    st.session_state.setdefault(PENDING, {})[name] = (value, max_age)


def flush() -> None:
    """Send the pending writes to this browser: filed under a nonce, which one line of script
    in the page posts to the server (call once per page run, early)."""
    pending = st.session_state.pop(PENDING, None)
    if not pending:
        return
    nonce = offer(pending)
    st.html(
        f"<script>fetch('{COOKIE_ROUTE}', {{method: 'POST', credentials: 'same-origin', "
        f"cache: 'no-store', body: '{nonce}'}});</script>",
        unsafe_allow_javascript=True,
    )


COOKIE_ROUTE = "/_shoreline/cookie"
OFFER_TTL_S = 60.0  # a nonce not posted within a minute is void
MAX_OFFERS = 10_000  # pages that never post (closed at once) cannot grow this without bound
_OFFERS: dict[str, tuple[float, dict[str, tuple[str, int]]]] = {}
_LOCK = threading.Lock()


def offer(writes: dict[str, tuple[str, int]]) -> str:
    """File cookie writes (name → (value, max-age)) under a new one-time nonce."""
    for name, (value, _age) in writes.items():
        _check(name, value)
    nonce = secrets.token_urlsafe(24)
    now = time.monotonic()
    with _LOCK:
        for key in [k for k, (at, _) in _OFFERS.items() if now - at > OFFER_TTL_S]:
            del _OFFERS[key]
        while len(_OFFERS) >= MAX_OFFERS:
            del _OFFERS[next(iter(_OFFERS))]
        _OFFERS[nonce] = (now, dict(writes))
    return nonce


def claim(nonce: str) -> dict[str, tuple[str, int]] | None:
    """The writes filed under ``nonce`` (once; None when unknown, used or expired)."""
    with _LOCK:
        found = _OFFERS.pop(nonce, None)
    if found is None or time.monotonic() - found[0] > OFFER_TTL_S:
        return None
    return found[1]


async def cookie_route(request):
    """``POST /_shoreline/cookie`` with a nonce as its body: 204 with the cookies filed under
    it (``HttpOnly; SameSite=Strict; Path=/``, ``Secure`` over HTTPS), or 404."""
    from starlette.responses import Response

    body = (await request.body())[:100].decode("ascii", "replace").strip()
    writes = claim(body) if SAFE.fullmatch(body) else None
    if writes is None:
        return Response(status_code=404)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    for name, (value, age) in writes.items():
        response.set_cookie(PREFIX + name, value, max_age=age, path="/", httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")  # fmt: skip
    return response


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
