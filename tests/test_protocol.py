"""The real server over Streamlit's websocket protocol (bench/protocol.py), no browser needed:
a weight change reaches the ranking, pages run without an exception, and several sessions at
once each get their own answer."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.browser import start
from bench.protocol import Session
from sourcing.model.criteria import CRITERIA


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    proc, url, _ = start("app.py", tmp_path_factory.mktemp("proto") / "s.db")
    yield url
    proc.terminate()
    proc.wait(10)


def run(coro):
    """Run ``coro`` on its own event loop in a worker thread (other tests, e.g. Playwright's
    sync API, may leave a loop running in this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coro, timeout=120)).result()


def test_a_weight_change_is_applied_and_every_page_runs_clean(server):
    async def go():
        async with Session(server) as tab:
            first = await tab.rerun()
            assert first.exceptions == []
            weights = [k for k in first.sliders if k != "HQ working hours"]
            assert len(weights) == len(CRITERIA)  # one slider per criterion
            slider, value = first.sliders["Cost"]
            moved = await tab.rerun({slider: value + 10})
            assert moved.sliders["Cost"][1] == value + 10
            assert moved.exceptions == []
            # the sidebar leaves the browser's slider values alone unless the scenario
            # disagrees with them (each value set from the script costs a redraw) — but for the
            # popover's, which the browser mounts only when it opens and must then show the
            # scenario's values, not its own defaults (issue 27)
            assert moved.set_by_script == ["HQ working hours"]
            for step in (-1, +1, -1):  # a slider moved again and again (as in a workshop)
                value += step
                again = await tab.rerun({slider: value + 10})
                assert again.exceptions == [] and again.sliders["Cost"][1] == value + 10
            for page in ("map", "time-zones", "trade-offs", "compare", "scenarios"):
                shown = await tab.rerun(page=page)
                assert shown.exceptions == [], page
                assert "Cost" in shown.set_by_script, page  # a new page's widgets are seeded
                # the sidebar keeps the session's scenario on every page
                assert shown.sliders["Cost"][1] == value + 10, page
            data = await tab.rerun(page="data")  # reference page: no scenario sidebar
            assert data.exceptions == [] and "Cost" not in data.sliders
            back = await tab.rerun()
            assert back.sliders["Cost"][1] == value + 10

    run(go())


def test_concurrent_sessions_keep_their_own_scenario(server):
    async def one(offset: int) -> float:
        async with Session(server) as tab:
            first = await tab.rerun()
            slider, value = first.sliders["Cost"]
            target = max(0, min(100, value + offset))
            for _ in range(3):
                run_ = await tab.rerun({slider: target})
                assert run_.exceptions == []
            again = await tab.rerun()
            return again.sliders["Cost"][1], target

    async def go():
        return await asyncio.gather(*(one(k) for k in (-20, -5, 5, 20)))

    for got, wanted in run(go()):
        assert got == wanted
