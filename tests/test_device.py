"""The browser's room cookies are set by the server (issue 37): a page run files its writes
under a one-time nonce, the page posts the nonce, the server answers with ``Set-Cookie`` —
``HttpOnly``, ``SameSite=Strict`` — so no token ever enters the page. (The browser test of the
live room checks the cookies a real Chromium keeps.)"""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest
from starlette.requests import Request

from ui import device


def _post(body: bytes, scheme: str = "http"):
    scope = {"type": "http", "method": "POST", "path": device.COOKIE_ROUTE, "headers": [],
             "query_string": b"", "scheme": scheme, "server": ("shoreline.test", 80)}  # fmt: skip

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    # in a thread of its own: the browser tests' Playwright keeps an event loop running in
    # this one for the whole session, and asyncio.run refuses to start beside it
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(device.cookie_route(Request(scope, receive)))
                           ).result()  # fmt: skip


def _set_cookies(response) -> list[str]:
    return [v.decode() for k, v in response.raw_headers if k == b"set-cookie"]


def test_a_nonce_sets_its_cookies_once_httponly_and_strict():
    writes = {"host_ABCD2345": ("tok-en_1", device.MAX_AGE_S), "room": ("ABCD2345", 3600)}
    nonce = device.offer(writes)
    assert "tok-en_1" not in nonce
    first = _post(nonce.encode())
    assert first.status_code == 204 and first.headers["cache-control"] == "no-store"
    cookies = _set_cookies(first)
    assert len(cookies) == 2
    host = next(c for c in cookies if c.startswith("shoreline_host_ABCD2345=tok-en_1;"))
    for part in ("HttpOnly", "Max-Age=43200", "Path=/", "SameSite=strict"):
        assert part in host, host
    assert "Secure" not in host  # a workshop's LAN address is plain http
    assert _post(nonce.encode()).status_code == 404  # once only
    assert _set_cookies(_post(nonce.encode())) == []


@pytest.mark.parametrize("body", [b"", b"nope", b"x" * 500, b"\xff\xfe", b"a b"])
def test_an_unknown_or_malformed_nonce_sets_nothing(body):
    answer = _post(body)
    assert answer.status_code == 404 and _set_cookies(answer) == []


def test_a_nonce_expires_and_a_forget_deletes_and_https_is_secure(monkeypatch):
    old = device.offer({"room": ("ABCD2345", 60)})
    monkeypatch.setattr(device, "OFFER_TTL_S", -1.0)
    assert _post(old.encode()).status_code == 404
    monkeypatch.setattr(device, "OFFER_TTL_S", 60.0)
    gone = device.offer({"room": ("", 0)})
    (cookie,) = _set_cookies(_post(gone.encode(), scheme="https"))
    assert cookie.startswith('shoreline_room="";') or cookie.startswith("shoreline_room=;")
    assert "Max-Age=0" in cookie and "Secure" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("name, value", [("room", "a;b"), ("room", "x\r\nSet-Cookie: y=1"),
                                         ("bad name", "v"), ("room", "v" * 81)])  # fmt: skip
def test_only_names_and_values_of_the_strict_pattern_are_ever_filed(name, value):
    with pytest.raises(ValueError):
        device.offer({name: (value, 60)})


def test_unposted_offers_cannot_grow_without_bound(monkeypatch):
    monkeypatch.setattr(device, "MAX_OFFERS", 5)
    monkeypatch.setattr(device, "_OFFERS", {})
    nonces = [device.offer({"room": (f"R{k}", 60)}) for k in range(12)]
    assert len(device._OFFERS) == 5
    assert _post(nonces[0].encode()).status_code == 404  # the oldest went first
    assert _post(nonces[-1].encode()).status_code == 204
