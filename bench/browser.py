"""Shared helpers for the browser benchmarks: start an app, launch Debian's Chromium, wait."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui.serve import warm_up  # noqa: E402

CHROMIUM = os.environ.get("SHORELINE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip
READY = """() => {
  if (!document.querySelector('[data-testid="stApp"]') || !document.querySelector('h1'))
    return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  if (status && /Running|Connecting/i.test(status.innerText)) return false;
  return !document.querySelector('[data-stale="true"]');
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(script: str, db: Path) -> tuple[subprocess.Popen, str, float]:
    """(process, url, seconds until healthy)."""
    port = free_port()
    script = "ui/server.py" if script == "app.py" else script  # app.py as `make run` serves it
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env={**os.environ, "SHORELINE_DB": str(db)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    answer = warm_up(url, timeout=60)  # as `make run` does (ui/serve.py)
    if answer not in ("ok", "error"):  # "error": app.py raised; the page under test shows it
        proc.kill()
        raise RuntimeError(f"{script} did not start: {answer}")
    return proc, url, time.perf_counter() - began


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


SEEN = """() => {
  const texts = document.querySelectorAll('[data-testid="stMarkdownContainer"]');
  return location.href + '|' + (texts.length ? texts[texts.length - 1].textContent : '');
}"""


# the first visible element ``selector`` names is drawn by this rerun: Streamlit marks every
# element of the last run stale (data-stale="true" on its container) while a run is under way,
# until the run sends it again
FRESH = """(selector) => {
  const element = [...document.querySelectorAll(selector)].find((e) => e.checkVisibility());
  const box = element && element.closest('[data-testid="stElementContainer"]');
  return !!box && box.getAttribute('data-stale') !== 'true';
}"""


def timed_rerun(page, action, first: str | None = None, timeout: int = 30_000):
    """(milliseconds from ``action`` to its rerun's visible result and the page settled,
    milliseconds to the element ``first`` redrawn by that rerun, or None).

    The result is seen as a change of the page's URL (Shoreline mirrors the scenario in the
    query string on every rerun) or, for the bare app, of its ``value`` line. The check runs
    every animation frame, so it reads ``textContent`` (no layout) rather than ``innerText``
    (which forces a layout of the whole page each frame and slows the page it measures).
    """
    before = page.evaluate(SEEN)
    began = time.perf_counter()
    action()
    page.wait_for_function(f"(b) => ({SEEN})() !== b", arg=before, timeout=timeout, polling="raf")
    shown = None
    if first:
        page.wait_for_function(FRESH, arg=first, timeout=timeout, polling="raf")
        shown = (time.perf_counter() - began) * 1000
    page.wait_for_function(READY, timeout=timeout, polling="raf")
    return (time.perf_counter() - began) * 1000, shown
