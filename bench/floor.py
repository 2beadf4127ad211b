"""The floor under every page, measured (A/B in the same run, the same moves as bench/ui.py):
the bare app (a title and one slider) against the bare app with Shoreline's real sidebar and no
page. What a page costs above the second is its own content; what the second costs above the
first is the sidebar's ~20 widgets, which every page draws on every rerun.

    .venv/bin/python bench/floor.py        (BENCH_MOVES=5 for fewer moves)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import CHROMIUM, FLAGS, percentile  # noqa: E402
from bench.ui import MOVES, measure  # noqa: E402


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: apt-get install chromium")
        return 2
    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        db = Path(tmp) / "s.db"
        for name, script in (
            ("bare Streamlit app", "bench/bare_app.py"),
            ("bare + Shoreline's sidebar", "bench/floor_sidebar.py"),
            ("bare Streamlit app, again", "bench/bare_app.py"),
        ):
            cold, times = measure(browser, script, "floor", "", "slider", "Cost", db)
            rows.append((name, cold, times))
        browser.close()
    bare = percentile(rows[0][2], 95)
    print(f"{MOVES} moves each; slider 'Cost' → page updated")
    print(f"{'app':30} {'cold s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p95/bare':>8}")
    for name, cold, times in rows:
        p95 = percentile(times, 95)
        print(f"{name:30} {cold:6.2f} {statistics.median(times):7.0f} {p95:7.0f} "
              f"{p95 / bare:8.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
