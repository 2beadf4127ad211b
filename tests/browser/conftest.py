"""Start the app on a free localhost port and drive it with Playwright in Debian's Chromium.

When /usr/bin/chromium is missing, every browser test is skipped with a loud reason (CI
installs it with apt-get, so CI always runs them). Nothing is fetched from the internet:
Playwright uses the system browser, and each test fails on any non-local request.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.browser import CHROMIUM, FLAGS, free_port
from ui.serve import warm_up

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}

NO_BROWSER = (
    f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None
    else None
)


def pytest_collection_modifyitems(config, items):
    """Skip every browser test, with one loud reason, when Chromium is missing.

    (A ``pytestmark`` in a conftest does not reach the test modules, so it is done here.)
    """
    if NO_BROWSER is None:
        return
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.skip(reason=NO_BROWSER))


def start_app(
    tmp: Path, script: str = "ui/server.py", warm: bool = True, address: str = "127.0.0.1"
) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run`` on what `make run` serves (ui/server.py: app.py and the route
    that sets its cookies) and, as `make run` does (ui/serve.py), warm it up."""
    port = free_port()
    env = {**os.environ, "SHORELINE_DB": str(tmp / "scenarios.db")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", address,
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    if warm:
                        assert warm_up(url) == "ok", "app.py failed its first run"
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"streamlit did not start: {proc.stderr.read().decode()[-2000:]}")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    proc, url = start_app(tmp_path_factory.mktemp("app"))
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


class Outside(list):
    """Requests that left localhost."""


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    outside = Outside()

    def record(request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about", "chrome-extension"):
            return
        if parsed.hostname not in LOCAL_HOSTS:
            outside.append(request.url)

    ctx.on("request", record)
    ctx.outside = outside
    yield ctx
    ctx.close()
    assert not outside, f"requests left localhost: {outside[:5]}"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
