"""Start the dashboard and warm it up before the first visitor arrives.

``python -m ui.serve [streamlit options]`` (and ``shoreline serve``) runs ``streamlit run
app.py`` with the app's settings and the options given, waits until the server answers, then
asks it once to run app.py (``/_stcore/script-health-check``, enabled in
.streamlit/config.toml). That first run loads
and validates the dataset into the shared caches and registers the pages, so

- the first person to open the dashboard does not wait for the data to load, and
- the first person to open a shared deep link (``/map?…``) gets that page. Without a prior
  run, Streamlit 1.67 resolves the very first request of a fresh server against the legacy
  ``pages/`` folder and shows a "Page not found" dialog.

`make run` and the Docker image start the dashboard this way; tests and benchmarks that start
``streamlit run`` themselves call :func:`warm_up`.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from importlib import resources
from pathlib import Path

from sourcing.store.db import StoreError, location

# the app as package data of ``ui`` (in the repository these link to app.py and
# .streamlit/config.toml; an installed wheel carries the files): the same app either way
APP = Path(str(resources.files("ui") / "app.py")).resolve()
SERVER = Path(str(resources.files("ui") / "server.py")).resolve()  # app.py + the cookie route
CONFIG = Path(str(resources.files("ui") / "streamlit_config.toml")).resolve()


def config_flags(path: Path = CONFIG) -> list[str]:
    """Streamlit's settings as command-line flags (``--server.headless=true`` …), so the app
    runs with them from any working directory — an installed tool has no .streamlit/ beside
    the user's files."""
    with path.open("rb") as f:
        config = tomllib.load(f)
    flags = []
    for section, values in config.items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{key}={text}")
    return flags


def warm_up(url: str, timeout: float = 120.0) -> str:
    """Wait for the server at ``url`` and run app.py once; return the check's answer."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                return "server did not start"
            time.sleep(0.1)
    try:
        with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=timeout) as r:
            return r.read().decode()
    except urllib.error.HTTPError as err:  # 503: app.py raised; visitors will see why
        return f"app.py failed its first run ({err.code} {err.read().decode()})"
    except OSError as err:
        return f"warm-up not possible: {err}"


def _option(args: list[str], name: str, default: str) -> str:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def cannot_listen(address: str, port: str) -> str | None:
    """Why a server could not listen at ``address``:``port`` (None: it can) — found by binding
    a socket there first, so a bad address or a busy port is one line before anything starts,
    not a traceback, nor a "warm-up: ok" from whichever server already holds the port."""
    import errno
    import socket

    try:
        number = int(port)
        if not 1 <= number <= 65_535:
            raise ValueError
    except ValueError:
        return f"--port: {port!r} is not a port (1–65535)"
    try:
        infos = socket.getaddrinfo(address or None, number, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return (
            f"--address: {address!r} is not an address this machine has (e.g. 127.0.0.1, 0.0.0.0)"
        )
    family, kind, proto, _, where = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(where)
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                return f"--port: {number} is in use (another server?); try --port {number + 1}"
            return f"--address: cannot listen on {address}:{number} ({err.strerror})"
    return None


def _bad_store() -> str | None:
    """Why $SHORELINE_DB cannot be used (None: it can), in one line without its password."""
    try:
        location()
    except StoreError as err:
        return str(err)
    return None


def main(args: list[str]) -> int:
    port = _option(args, "--server.port", "8501")
    address = _option(args, "--server.address", "127.0.0.1")
    problem = cannot_listen(address, port) or _bad_store()
    if problem is not None:
        print(f"shoreline: error: {problem}", file=sys.stderr, flush=True)
        return 2
    host = "127.0.0.1" if address in ("", "0.0.0.0", "::") else address
    host = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
    command = [sys.executable, "-m", "streamlit", "run", str(SERVER), *config_flags(), *args]
    proc = subprocess.Popen(command)
    # Ctrl-C reaches streamlit directly (same process group); `docker stop` sends SIGTERM to
    # this process (PID 1 in the image), so pass that on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda s, _f: proc.send_signal(s))
    answer = warm_up(f"http://{host}:{port}")
    print(f"Shoreline warm-up: {answer}", flush=True)
    return proc.wait()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
