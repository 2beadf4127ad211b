"""A real PostgreSQL server for the tests, started in a temporary directory and stopped after.

Debian's ``postgresql`` package gives the server binaries (``/usr/lib/postgresql/<v>/bin``);
when they are missing every PostgreSQL test is skipped with one loud line saying how to install
them (CI installs them, so CI runs every test). As root (CI), the server runs as the package's
``postgres`` user, since PostgreSQL refuses to run as root. It listens on 127.0.0.1 only, on a
free port, with fsync off (a test server: speed over durability) and trust authentication.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.browser import free_port


def _bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if found:
        return found[0].parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


BINDIR = _bindir()
NO_POSTGRES = (
    None
    if BINDIR is not None and (BINDIR / "pg_ctl").exists()
    else "POSTGRESQL TESTS SKIPPED: no PostgreSQL server (apt-get install postgresql)"
)


class Server:
    """``start()`` → the server's URL; ``database()`` → a URL to a fresh, empty database."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="shoreline-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user = "shoreline"
        self._as = []
        if os.geteuid() == 0:  # PostgreSQL will not run as root: run it as its own user
            shutil.chown(self.root, "postgres", "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        out = subprocess.run([*self._as, *args], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {out.stderr[-1500:]}")

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"

    def start(self) -> str:
        self._run(str(BINDIR / "initdb"), "-D", str(self.data), "-U", self.user, "-A", "trust",
                  "-E", "UTF8", "--no-sync", "--locale", "C")  # fmt: skip
        options = " ".join([
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        ])  # fmt: skip
        self._options = options
        self._run(str(BINDIR / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "60",
                  "-l", str(self.root / "log"), "start")  # fmt: skip
        return self.url

    def database(self) -> str:
        import psycopg

        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def restart(self) -> None:
        """Stop the server (every connection dropped) and start it again on the same port."""
        self._run(str(BINDIR / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60",
                  "-l", str(self.root / "log"), "restart")  # fmt: skip

    def pause(self) -> None:
        """Stop the server (an outage) without removing it; :meth:`resume` starts it again."""
        self._run(str(BINDIR / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self._run(str(BINDIR / "pg_ctl"), "-D", str(self.data), "-o", self._options, "-w",
                  "-t", "60", "-l", str(self.root / "log"), "start")  # fmt: skip

    def stop(self) -> None:
        try:
            self._run(str(BINDIR / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
