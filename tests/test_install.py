"""Installs like a Python tool: the wheel built from this repository, installed into a fresh
venv, works from an empty directory — `shoreline --version`, `rank`, `brief` and `serve`
(its health check and the app's first run answered) — and `twine check` passes."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

import sourcing
from bench.browser import free_port

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, cwd=None, timeout=600):
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", dist, ROOT)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    files = sorted(dist.iterdir())
    checked = _run(sys.executable, "-m", "twine", "check", *files)
    assert checked.returncode == 0 and "PASSED" in checked.stdout, checked.stdout
    venv = tmp_path_factory.mktemp("venv")
    made = _run(sys.executable, "-m", "venv", venv)
    assert made.returncode == 0, made.stderr
    wheel = next(f for f in files if f.suffix == ".whl")
    pip = _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, timeout=1200)
    assert pip.returncode == 0, pip.stderr[-3000:]
    return venv / "bin" / "shoreline", wheel


def test_the_wheel_carries_every_subpackage_the_data_and_the_app(installed):
    import zipfile

    _, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {p.parent.relative_to(ROOT).as_posix() for p in ROOT.glob("sourcing/**/__init__.py")}
    packages |= {p.parent.relative_to(ROOT).as_posix() for p in ROOT.glob("ui/**/__init__.py")}
    for package in packages:
        assert f"{package}/__init__.py" in names, package
    for data in ("countries.csv", "languages.csv", "workloads.toml", "automation.csv",
                 "nearshore.csv", "delivery.csv", "hq_rules.csv", "voice_rules.csv",
                 "night_work.csv", "README.md"):  # fmt: skip
        assert f"sourcing/data/{data}" in names, data
    assert "ui/app.py" in names and "ui/static/world_110m.json" in names
    pages = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("pages/**/*.py")}
    assert {f"ui/{p}" for p in pages} <= names
    assert not any("/sources/" in n or "/build/" in n for n in names)  # the runtime set only


def test_the_installed_command_works_from_an_empty_directory(installed, tmp_path):
    shoreline, _ = installed
    version = _run(shoreline, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == "shoreline 0.1.0"
    out = _run(shoreline, "rank", "--hq", "DE", "--workload", "voice-support-en", "--language",
               "de", "--out", "r.csv", cwd=tmp_path)  # fmt: skip
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(tmp_path / "r.csv", keep_default_na=False, na_values=[""])
    assert len(table) == len(sourcing.load_countries())
    assert {"score_language", "language_basis"} <= set(table.columns)
    brief = _run(shoreline, "brief", "--hq", "GB", "--workload", "agile-dev", "--out",
                 "brief.html", cwd=tmp_path)  # fmt: skip
    assert brief.returncode == 0, brief.stderr
    assert (tmp_path / "brief.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_shoreline_serve_starts_the_dashboard_from_the_installed_tool(installed, tmp_path):
    shoreline, _ = installed
    port = free_port()
    proc = subprocess.Popen(
        [str(shoreline), "serve", "--port", str(port)], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    assert r.read() == b"ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "shoreline serve did not answer"
                time.sleep(0.5)
        with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=120) as r:
            assert r.read() == b"ok"  # the installed app ran once: data, pages, caches
        with urllib.request.urlopen(f"{url}/app/static/world_110m.json", timeout=10) as r:
            assert r.read(20).startswith(b'{"type":"Topology"')  # the map's shapes, offline
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    bad = _run(shoreline, "serve", "--port", "70000", cwd=tmp_path)
    assert bad.returncode == 2 and "is not a port" in bad.stderr and "Traceback" not in bad.stderr
