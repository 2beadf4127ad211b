"""Two app servers behind HAProxy on one PostgreSQL: 60 participants join one room through the
proxy, spread over both servers, answer and change their answers at once; the facilitator's
page on either server counts every final answer exactly once (bench/replicas.py)."""

import shutil

import pytest

from tests.pgserver import NO_POSTGRES

NO_PROXY = (
    None if shutil.which("haproxy") or shutil.os.path.exists("/usr/sbin/haproxy")
    else "REPLICA TEST SKIPPED: no HAProxy (apt-get install haproxy)"
)  # fmt: skip


@pytest.mark.skipif(bool(NO_POSTGRES or NO_PROXY), reason=str(NO_POSTGRES or NO_PROXY))
def test_sixty_participants_over_two_replicas_and_a_sticky_proxy_lose_nothing():
    from bench.replicas import run

    r = run(60)
    assert set(r["replicas"]) == {"a", "b"} and min(r["replicas"].values()) >= 20  # spread
    assert r["stored"] == 60 and r["unique"] and r["finals_match"]
    assert r["facilitator_counts"] == ["60", "60"]  # on either server, each answer once
    assert r["updates"] == 60 * 3
    print(f"join p50/p95 {r['join_p50']:.3f}/{r['join_p95']:.3f} s; "
          f"update p50/p95 {r['update_p50']:.3f}/{r['update_p95']:.3f} s")  # fmt: skip


@pytest.mark.skipif(bool(NO_PROXY), reason=str(NO_PROXY))
def test_the_deployment_files_describe_what_runs(tmp_path):
    """compose.yaml: PostgreSQL with a health check, 3 app replicas on it, HAProxy in front
    with the config in deploy/; the config is valid HAProxy, sticky and websocket-ready."""
    import re
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    compose = (root / "compose.yaml").read_text()
    assert re.search(r"replicas: 3", compose) and "postgres:15" in compose
    assert "SHORELINE_DB: postgresql://" in compose and "pg_isready" in compose
    assert "./deploy/haproxy.cfg:" in compose and '"8080:8080"' in compose
    config = (root / "deploy" / "haproxy.cfg").read_text()
    assert "cookie SHORELINE_REPLICA insert" in config and "timeout tunnel" in config
    assert "server-template app 3 app:8501" in config
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    out = subprocess.run([haproxy, "-c", "-f", str(root / "deploy" / "haproxy.cfg")],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert out.returncode == 0, out.stderr
