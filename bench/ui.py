"""Speed a person feels, in Debian's Chromium: cold start and interaction latency, every page.

Cold start: from `streamlit run` to the page's main content visible, the page opened directly
by its link on a fresh server (Overview's table, Map's world map, the time-zone bars, the
Trade-offs and Compare tables, Operating model's metrics; for the bare app, its slider; for the
Join page, a phone opening a room's join link and seeing "Join the room"). Warm: a new visitor
(a fresh browser context) opening the same page after the moves, the server already warm.
Interaction: on every app page, from a key press on the sidebar's "Cost" weight slider to the
page finished updating, ``BENCH_MOVES`` moves (default 20), against the same measure on a bare
app (title + one slider) in the same run; and, from the same moves, to the page's lead (its
ranked table, map, bars or first metric) redrawn, before the rest of the page follows.
The Join page has no sidebar (and its sliders sit in a form, no rerun until sent): its move
is a participant's "Send my answer", timed to the phone's own confirmation ("Your answer is
in.") and to the facilitator's Live room page counting it ("Answers in round 1"); each send
comes from a new participant (a fresh phone) so the count rises by one each time.
Budgets: interaction p95 ≤ 2 × the bare app's and ≤ 1 s; cold start ≤ 8 s. The facilitator's
count is redrawn by a fragment every few seconds (``run_every``, read here from
pages/decide/room.py or the part of it in ui/): that wait, up to one interval, is in every
figure, so its budget is p95 ≤ the interval + 1 s instead.

``BENCH_PAGES=overview,map,join`` runs a subset (keys: see ``PAGES``, and ``join``);
``BENCH_MOVES=5`` fewer moves; ``BENCH_LEVEL=city`` every page at city level (the
hub table's cities ranked); ``BENCH_SHOTS=/tmp/shots`` saves each page's screenshot at the
moment its cold start is taken (to check what "visible" caught). Exit 1 when a page is over
budget or failed.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import CHROMIUM, FLAGS, READY, ROOT, percentile, start, timed_rerun  # noqa: E402

MOVES = int(os.environ.get("BENCH_MOVES", "20"))
SHOTS = os.environ.get("BENCH_SHOTS", "")
DESKTOP = {"viewport": {"width": 1500, "height": 1000}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
BUDGET_MS, BUDGET_RATIO, BUDGET_COLD = 1000.0, 2.0, 8.0
LEVEL = os.environ.get("BENCH_LEVEL", "country")  # BENCH_LEVEL=city: the pages at city level

# key (for BENCH_PAGES), name, URL path, the main content a person waits for, the slider
# moved, and the page's lead (what a move is for: the ranking, the map, …; the first visible
# element the selector names), timed to the moment the move's rerun has redrawn it
PAGES = (
    ("overview", "Overview", "", "[data-testid='stDataFrame']", "Cost",
     "[data-testid='stDataFrame']"),
    ("map", "Map", "map", ".js-plotly-plot .geo path", "Cost", ".st-key-map_chart"),
    ("time-zones", "Time zones", "time-zones", ".js-plotly-plot .barlayer .point", "Cost",
     ".st-key-tz_bars"),
    ("trade-offs", "Trade-offs", "trade-offs", "[data-testid='stDataFrame']", "Cost",
     "[data-testid='stDataFrame']"),
    ("compare", "Compare & cost", "compare", "[data-testid='stDataFrame']", "Cost",
     "[data-testid='stDataFrame']"),
    ("operating", "Operating model", "operating", "[data-testid='stMetricValue']", "Cost",
     "[data-testid='stMetric']"),
)  # fmt: skip
ROOM_PATH = "room?hq=US&wl=voice-support-en&on=2026-03-11"
JOIN_VISIBLE = "[data-testid='stButton'] button:has-text('Join the room')"
CONFIRMED = """() => [...document.querySelectorAll('[data-testid="stAlert"]')]
  .some((a) => a.textContent.includes('Your answer is in.'))"""
SEND_SHOWN = """() => [...document.querySelectorAll('button')]
  .some((b) => b.textContent.includes('Send my answer'))"""
COUNT = """() => {
  for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
    const label = m.querySelector('[data-testid="stMetricLabel"]');
    if (label && label.textContent.includes('Answers in round 1')) {
      const value = m.querySelector('[data-testid="stMetricValue"]');
      return value ? value.textContent.trim() : null;
    }
  }
  return null;
}"""
# on the facilitator's page: the wall-clock time (ms) the count first shows ``target``; a
# MutationObserver, so it sees the DOM change itself, not the next poll of a wait
WATCH = f"""(target) => {{
  const read = {COUNT};
  if (window.__benchObserver) window.__benchObserver.disconnect();
  window.__benchSeen = null;
  const check = () => {{
    if (window.__benchSeen === null && read() === String(target)) {{
      window.__benchSeen = Date.now();
      window.__benchObserver.disconnect();
    }}
  }};
  window.__benchObserver = new MutationObserver(check);
  window.__benchObserver.observe(document.body,
    {{subtree: true, childList: true, characterData: true}});
  check();
}}"""


@dataclass
class Row:
    name: str
    move: str
    cold: float | None = None  # seconds
    times: list[float] | None = None  # milliseconds, to the page settled
    budget_ms: float | None = BUDGET_MS
    ratio_budget: float | None = BUDGET_RATIO
    error: str = ""
    shown: list[float] | None = None  # milliseconds, to the page's lead redrawn
    warm: float | None = None  # seconds: a new visitor's first page, the server already warm


def refresh_seconds() -> tuple[float | None, str]:
    """The Live room's refresh interval, ``@st.fragment(run_every=…)``, and where it is set
    (pages/decide/room.py, or the part of it in ui/)."""
    for path in [ROOT / "pages" / "decide" / "room.py", *sorted((ROOT / "ui").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        found = re.search(r"fragment\(\s*run_every\s*=\s*['\"]?([\d.]+)\s*s?['\"]?", text)
        if found:
            return float(found.group(1)), str(path.relative_to(ROOT))
    return None, "not found"


def timed_until(page, action, condition: str, timeout: int = 30_000) -> float:
    """Milliseconds from ``action`` to ``condition`` true on a settled page (READY)."""
    began = time.perf_counter()
    action()
    page.wait_for_function(
        f"() => ({condition})() && ({READY})()", timeout=timeout, polling="raf"
    )  # fmt: skip
    return (time.perf_counter() - began) * 1000


def _shot(page, key: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{key}.png"))


def _moves(page, label: str, first: str | None = None) -> tuple[list[float], list[float]]:
    thumb = page.get_by_role("slider", name=label)
    if thumb.count() != 1:
        raise RuntimeError(f"{thumb.count()} sliders named {label!r} on {page.url}")
    times, shown = [], []
    for i in range(MOVES):
        thumb.scroll_into_view_if_needed()
        thumb.focus()
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        total, seen = timed_rerun(page, lambda key=key: page.keyboard.press(key), first)
        times.append(total)
        if seen is not None:
            shown.append(seen)
    return times, shown


def measure(
    browser, script: str, key: str, path: str, visible: str, label: str, db: Path, first=None
):
    """(cold start s, move times ms) on a fresh server; the page opened directly by its link
    (the server's warm-up run has registered the pages, as `make run` does). With ``first`` (a
    selector), (cold, times, times to that element redrawn by each move) instead."""
    began = time.perf_counter()
    proc, url, _ = start(script, db)
    try:
        page = browser.new_page(**DESKTOP)
        try:
            page.goto(f"{url}/{path}", timeout=60_000)
            if visible == "slider":
                page.get_by_role("slider").first.wait_for(timeout=60_000)
            else:
                page.wait_for_selector(f"{visible} >> visible=true", timeout=60_000)
            page.wait_for_function(READY, timeout=60_000, polling=20)
            cold = time.perf_counter() - began
            _shot(page, key)
            times, shown = _moves(page, label, first)
            warm = _first_page(browser, f"{url}/{path}", visible) if first else None
        except Exception:
            page.screenshot(path=f"/tmp/bench-{key}.png")
            raise
        finally:
            page.close()
        return (cold, times, shown, warm) if first else (cold, times)
    finally:
        proc.terminate()
        proc.wait(10)


def _first_page(browser, url: str, visible: str) -> float:
    """Seconds from a new visitor opening ``url`` (a fresh browser context: a new session on a
    server that has already served the page) to its main content visible and the run over."""
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        began = time.perf_counter()
        page.goto(url, timeout=60_000)
        page.wait_for_selector(f"{visible} >> visible=true", timeout=60_000)
        page.wait_for_function(READY, timeout=60_000, polling=20)
        return time.perf_counter() - began
    finally:
        context.close()


def _open_room(browser, url: str):
    """The facilitator's page with a room open on it, and the room's code."""
    page = browser.new_context(**DESKTOP).new_page()
    page.goto(f"{url}/{ROOM_PATH}", timeout=60_000)
    page.get_by_role("button", name="Open the room").click(timeout=60_000)
    page.locator("h1 code").wait_for(timeout=30_000)
    code = "".join(page.locator("h1 code").inner_text().split())
    if len(code) != 8:
        raise RuntimeError(f"room code {code!r} is not 8 characters")
    page.wait_for_function(f"() => ({COUNT})() === '0'", timeout=30_000, polling=50)
    return page, code


def _send(browser, url: str, code: str, facilitator, n: int, phase: float):
    """A new participant on a phone joins and sends; (join, phone sees it, facilitator counts
    it) in ms. ``n``: the count the facilitator should show after this send; ``phase``:
    seconds to wait before sending (a random point of the facilitator's refresh cycle: each
    loop takes about the same time, so without it every send would meet the cycle at about
    the same point and the facilitator's figures would say more about the loop than the
    app)."""
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    try:
        page.goto(f"{url}/join?room={code}", timeout=60_000)
        join = page.locator(JOIN_VISIBLE)
        join.wait_for(timeout=30_000)
        page.wait_for_function(READY, timeout=30_000, polling=20)
        joined = timed_until(page, join.click, SEND_SHOWN)
        send = page.get_by_role("button", name="Send my answer")
        send.scroll_into_view_if_needed()
        time.sleep(phase)
        facilitator.evaluate(WATCH, n)
        clicked = time.time() * 1000
        seen = timed_until(page, send.click, CONFIRMED)
        facilitator.wait_for_function("() => window.__benchSeen !== null", timeout=30_000)
        counted = facilitator.evaluate("() => window.__benchSeen") - clicked
        return joined, seen, counted
    except Exception:
        page.screenshot(path=f"/tmp/bench-join-{n}.png")
        facilitator.screenshot(path=f"/tmp/bench-room-{n}.png")
        raise
    finally:
        phone.close()


def measure_join(browser, db: Path, refresh: float | None) -> list[Row]:
    """Sends on one server (the facilitator opens a room on the Live room page; each move a
    new phone joins it and sends), then the cold start on a fresh server: a new phone opening
    that room's join link (the room is in the database, as after a restart)."""
    joins, seen, counted = [], [], []
    rng = random.Random(30)
    proc, url, _ = start("app.py", db)
    try:
        facilitator, code = _open_room(browser, url)
        for n in range(1, MOVES + 1):
            phase = rng.uniform(0, refresh or 0)
            joined, phone_ms, room_ms = _send(browser, url, code, facilitator, n, phase)
            joins.append(joined)
            seen.append(phone_ms)
            counted.append(room_ms)
        facilitator.context.close()
    finally:
        proc.terminate()
        proc.wait(10)
    began = time.perf_counter()
    proc, url, _ = start("app.py", db)
    try:
        phone = browser.new_context(**PHONE)
        page = phone.new_page()
        page.goto(f"{url}/join?room={code}", timeout=60_000)
        page.wait_for_selector(f"{JOIN_VISIBLE} >> visible=true", timeout=60_000)
        page.wait_for_function(READY, timeout=60_000, polling=20)
        cold = time.perf_counter() - began
        _shot(page, "join")
        phone.close()
    finally:
        proc.terminate()
        proc.wait(10)
    every = f"{refresh:g} s" if refresh else "? s"
    room_budget = (refresh + 1) * 1000 if refresh else None
    phone = Row("Join (phone)", "Send my answer → 'Your answer is in.' (no sidebar)", cold, seen)
    room = f"Send → 'Answers in round 1' +1 (redrawn every {every})"
    facilitator = Row("Join → facilitator", room, times=counted, budget_ms=room_budget,
                      ratio_budget=None)  # fmt: skip
    join = "'Join the room' → the answer form (not budgeted)"
    joining = Row("Join the room", join, times=joins, budget_ms=None, ratio_budget=None)
    return [phone, facilitator, joining]


FORM_SENT = """(n) => [...document.querySelectorAll('[data-testid="stAlert"]')]
  .some((a) => a.textContent.includes(`Your answer is in. (send ${n})`))"""


def measure_form_floor(browser, db: Path, script: str = "bench/floor_form.py") -> Row:
    """The Join page's floor (bench/floor_form.py: nine sliders in a form, a send button, a
    confirmation), timed as the Join row is: each send the first from a fresh phone, from its
    "Send my answer" to the confirmation."""
    began = time.perf_counter()
    proc, url, _ = start(script, db)
    cold, times = None, []
    try:
        for _ in range(MOVES):
            phone = browser.new_context(**PHONE)
            page = phone.new_page()
            page.goto(url, timeout=60_000)
            send = page.get_by_role("button", name="Send my answer")
            send.wait_for(timeout=60_000)
            page.wait_for_function(READY, timeout=60_000, polling=20)
            cold = cold or time.perf_counter() - began
            send.scroll_into_view_if_needed()
            times.append(timed_until(page, send.click, f"() => ({FORM_SENT})(1)"))
            phone.close()
    finally:
        proc.terminate()
        proc.wait(10)
    move = "Send my answer → confirmation (a form of 9 sliders, no page)"
    return Row("Join floor", move, cold, times, None, None)


def _verdict(row: Row, bare_p95: float) -> str:
    if row.error:
        return "FAILED"
    over = []
    p95 = percentile(row.times, 95)
    if row.budget_ms is not None and p95 > row.budget_ms:
        over.append(f"p95 > {row.budget_ms / 1000:g} s")
    if row.ratio_budget is not None and p95 / bare_p95 > row.ratio_budget:
        over.append(f"p95/bare > {row.ratio_budget:g}")
    if row.cold is not None and row.cold > BUDGET_COLD:
        over.append(f"cold > {BUDGET_COLD:g} s")
    if row.budget_ms is None and row.ratio_budget is None:
        return "info"
    return "OVER: " + ", ".join(over) if over else "ok"


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: apt-get install chromium")
        return 2
    keys = [k for k, *_ in PAGES] + ["join"]
    wanted = [k.strip() for k in os.environ.get("BENCH_PAGES", "").split(",") if k.strip()]
    unknown = sorted(set(wanted) - set(keys))
    if unknown:
        print(f"BENCH_PAGES: unknown {unknown}; known: {','.join(keys)}")
        return 2
    wanted = wanted or keys
    refresh, where = refresh_seconds()
    rows: list[Row] = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        db = Path(tmp) / "s.db"
        cold, times = measure(browser, "bench/bare_app.py", "bare", "", "slider", "Cost", db)
        bare = Row("bare Streamlit app", "slider 'Cost' (the baseline)", cold, times, None, None)
        # the floor under every page that draws the sidebar (bench/floor.py): informational; at
        # city level the sidebar's own (its pickers list the cities), as every page draws it
        floor = "?lvl=city" if LEVEL == "city" else ""
        cold, times = measure(
            browser, "bench/floor_sidebar.py", "floor", floor, "slider", "Cost", db
        )
        at = " at city level" if LEVEL == "city" else ""
        rows.append(
            Row("sidebar floor", f"bare app + the sidebar{at}, no page", cold, times, None, None)
        )
        for key, name, path, visible, label, lead in PAGES:
            if key not in wanted:
                continue
            if LEVEL == "city":  # every page at city level: the hub table's cities ranked
                path, name = f"{path}?lvl=city", f"{name} (cities)"
            row = Row(name, f"sidebar slider '{label}'")
            try:
                row.cold, row.times, row.shown, row.warm = measure(
                    browser, "app.py", key, path, visible, label, db, first=lead
                )
            except Exception as err:  # the others still run; this one fails the bench
                row.error = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"
            rows.append(row)
        if "join" in wanted:
            try:  # the Join page's own floor, informational (as the sidebar floor above)
                rows.append(measure_form_floor(browser, db))
            except Exception as err:
                error = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"
                rows.append(Row("Join floor", "Send my answer", error=error))
            try:
                rows += measure_join(browser, db, refresh)
            except Exception as err:
                error = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"
                rows.append(Row("Join", "Send my answer", error=error))
        browser.close()
    bare_p95 = percentile(bare.times, 95)
    floor = next((r for r in rows if r.name == "sidebar floor" and not r.error), None)
    floor_p95 = percentile(floor.times, 95) if floor else None
    print(f"{MOVES} moves per page; budgets: p95 ≤ {BUDGET_MS / 1000:g} s and ≤ "
          f"{BUDGET_RATIO:g} × the bare app's p95, cold start ≤ {BUDGET_COLD:g} s")  # fmt: skip
    print(f"{'page':20} {'move':58} {'cold s':>6} {'warm s':>6} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p95/bare':>8} {'p95/floor':>9}  {'lead p50':>8} {'lead p95':>8}  "
          "verdict")  # fmt: skip
    failed = []
    for row in [bare, *rows]:
        if row.error:
            print(f"{row.name:20} {row.move:58} {'—':>6} {'—':>6} {'—':>7} {'—':>7} {'—':>8} "
                  f"{'—':>9}  FAILED: {row.error}")  # fmt: skip
            failed.append(row.name)
            continue
        p95 = percentile(row.times, 95)
        cold = f"{row.cold:.2f}" if row.cold is not None else "—"
        verdict = "baseline" if row is bare else _verdict(row, bare_p95)
        lead = (f"{statistics.median(row.shown):8.0f} {percentile(row.shown, 95):8.0f}"
                if row.shown else f"{'—':>8} {'—':>8}")  # fmt: skip
        warm = f"{row.warm:.2f}" if row.warm is not None else "—"
        on_floor = f"{p95 / floor_p95:9.2f}" if floor_p95 else f"{'—':>9}"
        print(f"{row.name:20} {row.move:58} {cold:>6} {warm:>6} "
              f"{statistics.median(row.times):7.0f} {p95:7.0f} {p95 / bare_p95:8.2f} "
              f"{on_floor}  {lead}  {verdict}")  # fmt: skip
        if verdict.startswith("OVER"):
            failed.append(row.name)
    if "join" in wanted and refresh:
        print(f"Join → facilitator: the Live room redraws its answers every {refresh:g} s "
              f"(run_every in {where}), so a send waits 0–{refresh:g} s for the "
              f"next redraw (about {refresh / 2:g} s on average, up to {refresh:g} s) on top of "
              f"the rerun; budget p95 ≤ {refresh + 1:g} s.")  # fmt: skip
    if "join" in wanted and not refresh:
        print("Join → facilitator: no run_every found in pages/decide/room.py or ui/: the wait "
              "for the Live room's redraw is unknown, so that row is not budgeted")  # fmt: skip
    print(
        "p50/p95: to the page settled (every element redrawn, the run over); lead: to the "
        "page's lead (the ranking, the map, the bars, the first metric) redrawn by the move; "
        "p95/floor: against the sidebar floor of this run (the cities issue's target: ≤ 2.5); "
        "warm: a new visitor's first page on the warm server, to its content settled (≤ 3 s)"
    )
    print("over budget: " + ", ".join(failed) if failed else "all within budget")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
