"""Two app replicas behind a sticky proxy, one PostgreSQL, 200 participants in one room.

On localhost only, with Debian's packages and no containers: a PostgreSQL server in a temporary
directory (``tests/pgserver.py``), two ``streamlit run app.py`` servers on it
(``SHORELINE_DB=postgresql://…``), and HAProxy in front with cookie-based sticky sessions and
websocket upgrade — the same proxy set-up as ``deploy/haproxy.cfg`` for ``compose.yaml``.

The facilitator opens a room; 200 participants (the most a room takes), each a client of
Streamlit's own websocket protocol (``bench/protocol.py``) holding its proxy cookie as a
browser would, open the Join page through the proxy (new visitors alternate between the two
servers), join, send an answer and change it twice, all at once. Every answer sets all nine
sliders to whole numbers from 0 to 100, as the Join page's sliders allow. Then the
facilitator's page, opened on each server directly, must count every participant's final
answer exactly once, and the store must hold each participant's final values.

Reports join latency (opening the Join page to being in the room, two reruns) and answer
latency (send → stored and shown: the rerun that says "Your answer is in"), p50 / p95, overall
and per server with how many participants each carried, and the CPU each process used.
Budget: answer p95 ≤ 1 s; exit 1 when over it or when a check fails.
``BENCH_PARTICIPANTS=40`` for a quicker run. Bounded: 3 answers each; everything stops by
itself.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import resource
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
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "200"))  # a room takes 200 at most
ANSWERS = 3  # each participant answers, then changes the answer twice
PAUSE = 1.1  # seconds between a participant's answers (the room takes one a second)
ARRIVALS = 10.0  # participants arrive spread evenly over this many seconds
ANSWER_BUDGET = 1.0  # seconds, p95 of send → stored and shown
LOW, HIGH = 0, 100  # the Join page's sliders: whole numbers, 0 to 100 (pages/join.py)

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


def answer(rng: random.Random) -> list[int]:
    """Nine slider positions as a person can set them: whole numbers 0–100, not all zero
    (the room refuses an answer where nothing weighs)."""
    values = [rng.randint(LOW, HIGH) for _ in range(9)]
    if not any(values):
        values[0] = HIGH
    return values


def cpu_seconds(pid: int) -> float:
    """User + system CPU used by a process and everything under it, its reaped children
    included (Linux /proc; 0 where it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime … cstime
    return own + sum(cpu_seconds(int(c)) for c in children)


async def participant(proxy: str, code: str, seed: int) -> dict:
    rng = random.Random(seed)
    await asyncio.sleep(rng.random() * ARRIVALS)  # people scan the code over a few seconds
    cookie = await asyncio.to_thread(sticky_cookie, proxy)  # not blocking the other sessions
    began = time.perf_counter()
    async with Session(proxy, cookie=cookie) as s:
        first = await s.rerun(page="join", query=f"room={code}")
        if "Join the room" not in first.buttons:
            raise RuntimeError(f"no Join button: {first.exceptions or first.texts}")
        joined = await s.rerun(page="join", click=first.buttons["Join the room"])
        join_seconds = time.perf_counter() - began
        if "me=" not in s.query or joined.exceptions:
            raise RuntimeError(f"join failed: {joined.exceptions or s.query}")
        me = next((m.group(1) for t in joined.texts if (m := re.match(r"You are (.+?)\. ", t))),
                  None)  # fmt: skip
        if len(joined.sliders) != 9 or me is None:
            raise RuntimeError(f"no answer form: {joined.sliders} {joined.texts}")
        updates, run = [], joined
        for n in range(ANSWERS):
            await asyncio.sleep(PAUSE + rng.random() * 0.3)
            values = answer(rng)  # in the page's slider order, which is CRITERIA's
            widgets = {wid: v for (wid, _), v in zip(run.sliders.values(), values, strict=True)}
            label = "Send my answer"  # one label before and after a send (pages/join.py)
            run = await s.rerun(page="join", widgets=widgets, click=run.buttons[label])
            if run.exceptions or not any("Your answer is in" in t for t in run.texts):
                raise RuntimeError(f"answer {n + 1} not stored: {run.exceptions or run.texts}")
            updates.append(run.seconds)
    return {"replica": cookie.split("=", 1)[1], "join": join_seconds, "updates": updates,
            "label": me, "final": values}  # fmt: skip


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

        async def everyone():
            return await asyncio.gather(*(
                participant(proxy, room.code, seed) for seed in range(participants)
            ))  # fmt: skip

        pids = {
            "replica a": procs[0].pid,
            "replica b": procs[1].pid,
            "haproxy": procs[2].pid,
            "postgresql": int((pg.data / "postmaster.pid").read_text().split()[0]),
        }
        cpu_before = {k: cpu_seconds(pid) for k, pid in pids.items()}
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        began = time.perf_counter()
        results = _in_thread(everyone)
        wall = time.perf_counter() - began
        client = resource.getrusage(resource.RUSAGE_SELF)
        cpu = {k: cpu_seconds(pid) - cpu_before[k] for k, pid in pids.items()}
        used = client.ru_utime + client.ru_stime - client_before.ru_utime - client_before.ru_stime
        cpu["participants (this process)"] = used
        seen = [_in_thread(facilitator_sees, url, room.code, host) for url in servers]
        answers = rooms.answers(room.code)
        stored = {row["participant"]: [float(row[c]) for c in CRITERIA]
                  for _, row in answers.iterrows()}  # fmt: skip
        weights = answers[list(CRITERIA)]
        per: dict[str, dict] = {}
        for group, members in [("all", results), *(
            (f"replica {name}", [r for r in results if r["replica"] == name])
            for name in sorted({r["replica"] for r in results})
        )]:  # fmt: skip
            joins = [r["join"] for r in members]
            updates = [u for r in members for u in r["updates"]]
            per[group] = {"participants": len(members), "answers": len(updates),
                          "join_p50": percentile(joins, 50), "join_p95": percentile(joins, 95),
                          "update_p50": percentile(updates, 50),
                          "update_p95": percentile(updates, 95)}  # fmt: skip
        return {
            "participants": participants,
            "replicas": {k.removeprefix("replica "): v["participants"]
                         for k, v in per.items() if k != "all"},  # fmt: skip
            "per": per,
            "cpu": cpu,
            "facilitator_counts": seen,
            "stored": len(answers),
            "unique": bool(answers["participant"].is_unique),
            # each participant's last answer, all nine values, is what the store holds for it
            "finals_match": all(stored.get(r["label"]) == [float(v) for v in r["final"]]
                                for r in results),  # fmt: skip
            "other_criteria_kept": bool(((weights >= LOW) & (weights <= HIGH)
                                         & (weights == weights.round())).all().all()),  # fmt: skip
            "join_p50": per["all"]["join_p50"], "join_p95": per["all"]["join_p95"],
            "update_p50": per["all"]["update_p50"], "update_p95": per["all"]["update_p95"],
            "updates": per["all"]["answers"], "wall_seconds": wall,
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
    print(f"{r['participants']} participants through HAProxy to 2 replicas on one PostgreSQL; "
          f"{r['updates']} answers ({ANSWERS} each, whole numbers {LOW}–{HIGH} on all nine "
          f"sliders) in {r['wall_seconds']:.1f} s")  # fmt: skip
    print(f"{'':10} {'participants':>12} {'answers':>8} {'join p50':>9} {'join p95':>9} "
          f"{'answer p50':>11} {'answer p95':>11}")  # fmt: skip
    for group, g in r["per"].items():
        print(f"{group:10} {g['participants']:12d} {g['answers']:8d} "
              f"{1000 * g['join_p50']:7.0f}ms {1000 * g['join_p95']:7.0f}ms "
              f"{1000 * g['update_p50']:9.0f}ms {1000 * g['update_p95']:9.0f}ms")  # fmt: skip
    print("CPU during the room, s: " + ", ".join(f"{k} {v:.1f}" for k, v in r["cpu"].items())
          + f" (of {r['wall_seconds'] * (os.cpu_count() or 1):.0f} core-seconds)")  # fmt: skip
    print(f"facilitator on each replica counts {r['facilitator_counts']}; stored {r['stored']}, "
          f"unique {r['unique']}, every final answer as sent {r['finals_match']}, "
          f"all values whole 0–100 {r['other_criteria_kept']}")  # fmt: skip
    ok = (r["stored"] == r["participants"] and r["unique"] and r["finals_match"]
          and r["other_criteria_kept"]
          and all(c == str(r["participants"]) for c in r["facilitator_counts"])
          and len(r["replicas"]) == 2)  # fmt: skip
    within = r["update_p95"] <= ANSWER_BUDGET
    print(f"answer p95 {1000 * r['update_p95']:.0f} ms: "
          + ("within budget" if within else "over budget")
          + f" (≤ {1000 * ANSWER_BUDGET:.0f} ms); checks "
          + ("passed" if ok else "FAILED"))  # fmt: skip
    return 0 if ok and within else 1


if __name__ == "__main__":
    raise SystemExit(main())
