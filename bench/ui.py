"""Speed a person feels, in Debian's Chromium: cold start and slider-to-update latency.

Cold start: from `streamlit run` to the page's table (or, for the bare app, its slider) visible.
Interaction: from a weight-slider key press to the page finished updating, 20 moves, on
Overview, Map and Trade-offs, against the same measure on a bare app (title + one slider).
Budgets: interaction p95 ≤ 2 × the bare app's and ≤ 1 s; cold start ≤ 8 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import CHROMIUM, FLAGS, READY, percentile, start, timed_rerun  # noqa: E402

MOVES = 20


def _moves(page, label: str) -> list[float]:
    thumb = page.get_by_role("slider", name=label)
    times = []
    for i in range(MOVES):
        thumb.scroll_into_view_if_needed()
        thumb.focus()
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        times.append(timed_rerun(page, lambda key=key: page.keyboard.press(key)))
    return times


def measure(browser, script: str, path: str, visible: str, label: str, db: Path):
    began = time.perf_counter()
    proc, url, _ = start(script, db)
    try:
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        if path:  # a fresh server learns its pages on the first run of app.py: open "/" first
            page.goto(f"{url}/", timeout=60_000)
            page.wait_for_function(READY, timeout=60_000, polling=20)
        page.goto(f"{url}/{path}", timeout=60_000)
        if visible == "slider":
            page.get_by_role("slider").first.wait_for(timeout=60_000)
        else:
            page.wait_for_selector(f"{visible} >> visible=true", timeout=60_000)
        page.wait_for_function(READY, timeout=60_000, polling=20)
        cold = time.perf_counter() - began
        try:
            times = _moves(page, label)
        except Exception:
            page.screenshot(path=f"/tmp/bench-{path or 'overview'}.png")
            raise
        page.close()
        return cold, times
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: apt-get install chromium")
        return 2
    rows, failed = [], []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        db = Path(tmp) / "s.db"
        bare_cold, bare = measure(browser, "bench/bare_app.py", "", "slider", "Cost", db)
        rows.append(("bare Streamlit app", bare_cold, bare))
        for name, path, visible in (
            ("Overview", "", "[data-testid='stDataFrame']"),
            ("Map", "map", ".js-plotly-plot .geo path"),
            ("Trade-offs", "trade-offs", "[data-testid='stDataFrame']"),
        ):
            cold, times = measure(browser, "app.py", path, visible, "Cost", db)
            rows.append((name, cold, times))
        browser.close()
    bare_p95 = percentile(bare, 95)
    print(f"{'page':20} {'cold start s':>12} {'median ms':>10} {'p95 ms':>8} {'p95/bare':>9}")
    for name, cold, times in rows:
        p95 = percentile(times, 95)
        ratio = p95 / bare_p95
        print(f"{name:20} {cold:12.2f} {statistics.median(times):10.0f} {p95:8.0f} {ratio:9.2f}")
        if name != "bare Streamlit app" and (p95 > 1000 or ratio > 2 or cold > 8):
            failed.append(name)
    print("over budget: " + ", ".join(failed) if failed else "all within budget")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
