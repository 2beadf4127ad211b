"""Where a page's time above the floor goes: A/B in the browser, one kind of element cut at a time.

Each page is timed as bench/ui.py times it (the sidebar's "Cost" slider moved, to the page
updated and settled), on a fresh server per variant: the page as it is, then with its data
grids (``st.dataframe``), its plotly charts, its download buttons, or all three drawn as
nothing; and ``themed``, nothing cut but the charts drawn with Streamlit's theme on top of
their own (what the pages did before 6 December). The cut is made by a throwaway copy of
app.py at the project's root (so every page resolves as in `make run`) that replaces those
Streamlit calls before the app runs; nothing in the app itself changes. The difference between
two rows is what that kind of element costs the page on every rerun, in the browser and on the
server together.

    .venv/bin/python bench/ab.py                 (BENCH_PAGES=overview,trade-offs; BENCH_MOVES)
    BENCH_CUTS=grids,charts bench/ab.py          (which variants; "all" is the three together)
    BENCH_LEVEL=city bench/ab.py                 (the pages at city level)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import CHROMIUM, FLAGS, ROOT, percentile  # noqa: E402
from bench.ui import LEVEL, MOVES, PAGES, measure  # noqa: E402

# variant -> the Streamlit calls it draws as nothing
CUTS = {
    "grids": ("dataframe",),
    "charts": ("plotly_chart",),
    "downloads": ("download_button",),
    "all": ("dataframe", "plotly_chart", "download_button"),
    "themed": (),  # nothing cut: the charts drawn with Streamlit's theme, as before 6 December
}
WRAPPER = '''"""Written by bench/ab.py for one run and removed after it: app.py with {names} cut."""
import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def _nothing(*args, **kwargs):
    return None


for _name in {names!r}:
    setattr(st, _name, _nothing)
    setattr(DeltaGenerator, _name, _nothing)
if {themed!r}:
    _plotly = DeltaGenerator.plotly_chart

    def _themed(self, figure, *args, **kwargs):
        kwargs["theme"] = "streamlit"
        return _plotly(self, figure, *args, **kwargs)

    DeltaGenerator.plotly_chart = _themed
    st.plotly_chart = lambda *args, **kwargs: _themed(st._main, *args, **kwargs)
exec(compile(open("app.py", encoding="utf-8").read(), "app.py", "exec"))
'''


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: apt-get install chromium")
        return 2
    known = {key: row[:4] for key, *row in PAGES}
    wanted = [k.strip() for k in os.environ.get("BENCH_PAGES", "").split(",") if k.strip()]
    cuts = [c.strip() for c in os.environ.get("BENCH_CUTS", "").split(",") if c.strip()]
    unknown = sorted(set(wanted) - set(known)) + sorted(set(cuts) - set(CUTS))
    if unknown:
        print(f"unknown {unknown}; pages: {','.join(known)}; cuts: {','.join(CUTS)}")
        return 2
    wanted, cuts = wanted or list(known), cuts or list(CUTS)
    results: list[tuple[str, str, float, float]] = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        db = Path(tmp) / "s.db"
        _, bare = measure(browser, "bench/bare_app.py", "bare", "", "slider", "Cost", db)
        _, floor = measure(browser, "bench/floor_sidebar.py", "floor", "", "slider", "Cost", db)
        results += [("bare app", "", statistics.median(bare), percentile(bare, 95))]
        results += [("sidebar floor", "", statistics.median(floor), percentile(floor, 95))]
        for key in wanted:
            name, path, visible, label = known[key]
            if LEVEL == "city":  # BENCH_LEVEL=city: the page at city level
                path = f"{path}?lvl=city"
            for cut in ["as it is", *cuts]:
                names = CUTS.get(cut, ())
                script = ROOT / f"_bench_ab_{os.getpid()}.py"
                wrapper = WRAPPER.format(names=names, themed=cut == "themed")
                script.write_text(wrapper, encoding="utf-8")
                # with the thing waited for cut, wait for the title instead
                seen = visible if cut in ("as it is", "themed") else "h1"
                try:
                    _, times = measure(browser, script.name, key, path, seen, label, db)
                finally:
                    script.unlink()
                results.append((name, cut, statistics.median(times), percentile(times, 95)))
                print(f"{name:16} {cut:12} p50 {results[-1][2]:5.0f}  p95 {results[-1][3]:5.0f}",
                      flush=True)  # fmt: skip
        browser.close()
    bare_p95 = results[0][3]
    print(f"\n{MOVES} moves each; slider 'Cost' → page updated; ms")
    print(f"{'page':16} {'cut':12} {'p50':>6} {'p95':>6} {'p95/bare':>8} {'saved p95':>9}")
    whole: dict[str, float] = {}
    for name, cut, p50, p95 in results:
        if cut == "as it is":
            whole[name] = p95
        saved = f"{whole[name] - p95:9.0f}" if cut not in ("", "as it is") else ""
        print(f"{name:16} {cut:12} {p50:6.0f} {p95:6.0f} {p95 / bare_p95:8.2f} {saved}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
