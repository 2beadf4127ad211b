"""A workshop's load: 30 sessions on one server for 60 s, localhost only.

Each session opens Overview and keeps moving the Cost weight slider (one step up, one down,
the next move as soon as the last one is drawn, no pause to think), timing each move. Reports
p50/p95 interaction latency, errors (must be 0) and the server's peak resident memory.
Budgets: p95 ≤ 2 s, no errors, memory ≤ 2 GB. Bounded: SESSIONS sessions, DURATION seconds.

Two ways to drive the sessions:

- default: Streamlit's own websocket protocol (``bench/protocol.py``), as 30 people's
  browsers would on their own laptops: the machine runs only the server, and a move is timed
  from the rerun request to the end of the rerun's last message;
- ``--browsers``: 30 Playwright contexts in one Debian Chromium on the same machine, timed
  from key press to the updated page. On a 2-core machine the 30 renderers compete with the
  server for the cores, so this measures the harness as much as the server.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import CHROMIUM, FLAGS, READY, percentile, start  # noqa: E402

SESSIONS = 30
DURATION = 60.0
CHANGED = "(b) => location.href !== b"


def rss_mb(pid: int) -> float:
    """Resident memory of the process and its children, in MB (Linux /proc)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class Window:
    """The shared 60-second window: it opens once every session has loaded Overview."""

    def __init__(self, sessions: int) -> None:
        self.waiting = sessions
        self.opened = asyncio.Event()
        self.stop_at = 0.0
        self.loads: list[float] = []

    def loaded(self, seconds: float | None) -> None:
        if seconds is not None:
            self.loads.append(seconds)
        self.waiting -= 1
        if self.waiting == 0:
            self.stop_at = time.monotonic() + DURATION
            self.opened.set()


async def session(browser, url: str, window: Window, latencies: list, errors: list, n: int):
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        began = time.perf_counter()
        try:
            await page.goto(f"{url}/", timeout=180_000)
            await page.wait_for_function(READY, timeout=180_000, polling=100)
        finally:
            window.loaded(time.perf_counter() - began)
        await window.opened.wait()
        thumb = page.get_by_role("slider", name="Cost")
        i = 0
        while time.monotonic() < window.stop_at:
            before = page.url
            await thumb.focus()
            began = time.perf_counter()
            await page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            await page.wait_for_function(CHANGED, arg=before, timeout=30_000, polling=50)
            await page.wait_for_function(READY, timeout=30_000, polling=50)
            latencies.append((time.perf_counter() - began) * 1000)
            if await page.locator("[data-testid='stException']").count():
                errors.append(f"session {n}: exception box on screen")
            i += 1
    except Exception as err:  # noqa: BLE001 — every failure is counted and reported
        errors.append(f"session {n}: {type(err).__name__}: {str(err)[:120]}")
    finally:
        await context.close()


async def protocol_session(url: str, window: Window, latencies: list, errors: list, n: int):
    from bench.protocol import Session

    tab = Session(url)
    try:
        began = time.perf_counter()
        try:
            await tab.open()
            first = await tab.rerun()
        finally:
            window.loaded(time.perf_counter() - began)
        await window.opened.wait()
        slider, value = first.sliders["Cost"]
        i = 0
        while time.monotonic() < window.stop_at:
            value += 1 if i % 2 == 0 else -1
            run = await tab.rerun({slider: value})
            latencies.append(run.seconds * 1000)
            if run.exceptions:
                errors.append(f"session {n}: exception on the page: {run.exceptions[0]}")
            if run.sliders["Cost"][1] != value:
                errors.append(f"session {n}: the slider did not take the new value")
            i += 1
    except Exception as err:  # noqa: BLE001 — every failure is counted and reported
        errors.append(f"session {n}: {type(err).__name__}: {str(err)[:120]}")
    finally:
        await tab.close()


async def run(browsers: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, _ = start("app.py", Path(tmp) / "s.db")
        peak = 0.0
        latencies: list[float] = []
        errors: list[str] = []
        window = Window(SESSIONS)

        async def watch(tasks):
            nonlocal peak
            while not all(t.done() for t in tasks):
                peak = max(peak, rss_mb(proc.pid))
                await asyncio.sleep(0.5)

        try:
            if browsers:
                from playwright.async_api import async_playwright

                async with async_playwright() as p:
                    browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                    await watch([
                        asyncio.create_task(session(browser, url, window, latencies, errors, n))
                        for n in range(SESSIONS)
                    ])  # fmt: skip
                    await browser.close()
            else:
                await watch([
                    asyncio.create_task(protocol_session(url, window, latencies, errors, n))
                    for n in range(SESSIONS)
                ])  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(10)
    how = "Chromium contexts on this machine" if browsers else "websocket-protocol sessions"
    print(f"{SESSIONS} {how} × {DURATION:.0f} s against one server on localhost")
    if window.loads:
        print(
            f"first load of Overview, all sessions at once: median "
            f"{statistics.median(window.loads):.1f} s, max {max(window.loads):.1f} s"
        )
    if latencies:
        p50, p95 = statistics.median(latencies), percentile(latencies, 95)
        print(f"interactions: {len(latencies)}, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    else:
        p95 = float("inf")
        print("interactions: 0")
    print(f"errors: {len(errors)}")
    for e in errors[:10]:
        print(f"  {e}")
    print(f"server peak memory: {peak:.0f} MB")
    ok = p95 <= 2000 and not errors and peak <= 2048
    print("within budget" if ok else "OVER BUDGET (p95 ≤ 2 s, 0 errors, ≤ 2 GB)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(run(browsers="--browsers" in sys.argv[1:])))
