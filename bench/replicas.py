"""Two app replicas behind a sticky proxy, one PostgreSQL, sixty participants in one room.

On localhost only, with Debian's packages and no containers: a PostgreSQL server in a temporary
directory (``tests/pgserver.py``), two ``streamlit run app.py`` servers on it
(``SHORELINE_DB=postgresql://…``), and HAProxy in front with cookie-based sticky sessions and
websocket upgrade — the same proxy set-up as ``deploy/haproxy.cfg`` for ``compose.yaml``.

The facilitator opens a room; 60 participants, each a client of Streamlit's own websocket
protocol (``bench/protocol.py``) holding its proxy cookie as a browser would, open the Join page
through the proxy (new visitors alternate between the two servers), join, send an answer and
change it twice, all at once. Then the facilitator's page, opened on each server directly,
must count every participant's final answer exactly once, with the final values.

Reports join latency (opening the Join page to being in the room, two reruns) and update
latency (send → stored and shown), p50 / p95, and how many participants each server carried.
Bounded: 60 participants, 3 answers each; everything stops by itself.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import free_port, percentile  # noqa: E402
from bench.protocol import Session  # noqa: E402
from ui.serve import warm_up  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
PARTICIPANTS = 60
ANSWERS = 3  # each participant answers, then changes the answer twice
PAUSE = 1.1  # seconds between a participant's answers (the room takes one a second)
ARRIVALS = 10.0  # participants arrive spread evenly over this many seconds

CONFIG = """global
    maxconn 1000
defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend web
    bind 127.0.0.1:{port}
    default_backend app
backend app
    balance roundrobin
    cookie SHORELINE_REPLICA insert indirect nocache
    option httpchk GET /_stcore/health
{servers}
"""


def haproxy_config(port: int, servers: list[tuple[str, int]]) -> str:
    """HAProxy: round-robin for new visitors, then a cookie keeps each on its replica (the
    websocket and every HTTP request of a session must reach the server that holds it)."""
    lines = "\n".join(f"    server {name} 127.0.0.1:{p} check cookie {name}" for name, p in servers)
    return CONFIG.format(port=port, servers=lines)


def start_server(port: int, db_url: str) -> subprocess.Popen:
    env = {**os.environ, "SHORELINE_DB": db_url}
    return subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def sticky_cookie(proxy: str) -> str:
    """What a browser's first request gets from the proxy: the replica cookie."""
    with urllib.request.urlopen(f"{proxy}/_stcore/health", timeout=10) as r:
        cookies = [h.split(";", 1)[0] for h in r.headers.get_all("Set-Cookie") or []]
    return next(c for c in cookies if c.startswith("SHORELINE_REPLICA="))


async def participant(proxy: str, code: str, final: int, seed: int) -> dict:
    rng = random.Random(seed)
    await asyncio.sleep(rng.random() * ARRIVALS)  # people scan the code over a few seconds
    cookie = sticky_cookie(proxy)
    began = time.perf_counter()
    async with Session(proxy, cookie=cookie) as s:
        first = await s.rerun(page="join", query=f"room={code}")
        if "Join the room" not in first.buttons:
            raise RuntimeError(f"no Join button: {first.exceptions or first.texts}")
        joined = await s.rerun(page="join", click=first.buttons["Join the room"])
        join_seconds = time.perf_counter() - began
        if "me=" not in s.query or joined.exceptions:
            raise RuntimeError(f"join failed: {joined.exceptions or s.query}")
        updates, run = [], joined
        for n in range(ANSWERS):
            await asyncio.sleep(PAUSE + rng.random() * 0.3)
            cost = final if n == ANSWERS - 1 else rng.randint(1, 100)
            label = "Send my answer"  # one label before and after a send (keeps focus)
            widget = run.sliders["Cost"][0]
            run = await s.rerun(page="join", widgets={widget: cost}, click=run.buttons[label])
            if run.exceptions or not any("Your answer is in" in t for t in run.texts):
                raise RuntimeError(f"answer {n + 1} not stored: {run.exceptions or run.texts}")
            updates.append(run.seconds)
    return {"replica": cookie.split("=", 1)[1], "join": join_seconds, "updates": updates,
            "final": final}  # fmt: skip


async def facilitator_sees(url: str, code: str, host: str) -> str:
    async with Session(url) as s:
        run = await s.rerun(page="room", query=f"room={code}&host={host}")
    if run.exceptions:
        raise RuntimeError(f"the facilitator's page failed on {url}: {run.exceptions}")
    return run.metrics.get("Answers in round 1", "")


def _in_thread(coroutine_function, *args):
    """Run a coroutine to its end on a fresh event loop in its own thread, so it works even
    where the calling thread already runs a loop (Playwright's sync API in a test session)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()


def run(participants: int = PARTICIPANTS) -> dict:
    """Start everything, run the room, stop everything; return the figures and checks."""
    from sourcing.model.criteria import CRITERIA
    from sourcing.model.scenario import Scenario
    from sourcing.store.rooms import Rooms
    from tests.pgserver import Server

    pg = Server()
    procs: list[subprocess.Popen] = []
    work = Path(tempfile.mkdtemp(prefix="shoreline-replicas-"))
    try:
        pg.start()
        db_url = pg.database()
        ports = [free_port(), free_port()]
        procs += [start_server(p, db_url) for p in ports]
        servers = [f"http://127.0.0.1:{p}" for p in ports]
        for url in servers:  # up, and app.py run once (pages registered: see ui/serve.py)
            answer = warm_up(url)
            if answer != "ok":
                raise RuntimeError(f"{url}: {answer}")
        proxy_port = free_port()
        config = work / "haproxy.cfg"
        config.write_text(haproxy_config(proxy_port, [("a", ports[0]), ("b", ports[1])]))
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        procs.append(subprocess.Popen([HAPROXY, "-f", str(config), "-db"], **quiet))
        proxy = f"http://127.0.0.1:{proxy_port}"
        wait_for(proxy)
        rooms = Rooms(db_url)
        room, host = rooms.open_room(Scenario(hq="US", workload="voice-support-en"), "Load test")
        finals = list(range(1, participants + 1))  # every participant's last answer differs

        async def everyone():
            return await asyncio.gather(*(
                participant(proxy, room.code, final, seed) for seed, final in enumerate(finals)
            ))  # fmt: skip

        began = time.perf_counter()
        results = _in_thread(everyone)
        wall = time.perf_counter() - began
        seen = [_in_thread(facilitator_sees, url, room.code, host) for url in servers]
        answers = rooms.answers(room.code)
        joins = [r["join"] for r in results]
        updates = [u for r in results for u in r["updates"]]
        replicas: dict[str, int] = {}
        for r in results:
            replicas[r["replica"]] = replicas.get(r["replica"], 0) + 1
        return {
            "participants": participants,
            "replicas": replicas,
            "facilitator_counts": seen,
            "stored": len(answers),
            "unique": bool(answers["participant"].is_unique),
            "finals_match": sorted(answers["cost"].astype(int)) == finals,
            "other_criteria_kept": bool((answers[[c for c in CRITERIA if c != "cost"]] >= 0)
                                        .all().all()),  # fmt: skip
            "join_p50": percentile(joins, 50), "join_p95": percentile(joins, 95),
            "update_p50": percentile(updates, 50), "update_p95": percentile(updates, 95),
            "updates": len(updates), "wall_seconds": wall,
        }  # fmt: skip
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
        from sourcing.store.db import close_pools

        close_pools()
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    r = run()
    print(f"{r['participants']} participants through HAProxy to 2 replicas on one PostgreSQL "
          f"(per replica: {r['replicas']}); {r['updates']} answers in "
          f"{r['wall_seconds']:.1f} s")  # fmt: skip
    print(f"join   p50 {1000 * r['join_p50']:.0f} ms, p95 {1000 * r['join_p95']:.0f} ms")
    print(f"update p50 {1000 * r['update_p50']:.0f} ms, p95 {1000 * r['update_p95']:.0f} ms")
    print(f"facilitator on each replica counts {r['facilitator_counts']}; stored {r['stored']}, "
          f"unique {r['unique']}, final values match {r['finals_match']}")  # fmt: skip
    ok = (r["stored"] == r["participants"] and r["unique"] and r["finals_match"]
          and all(c == str(r["participants"]) for c in r["facilitator_counts"])
          and len(r["replicas"]) == 2)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
