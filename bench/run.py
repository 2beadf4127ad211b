"""Benchmarks for the engine and the analyses: prints the median (and min/max) of repeated runs.

Run with ``make bench``. ``rank(scenario)`` is timed as a user calls it: cold (the first call
in a fresh process, which reads and validates the dataset), warm, after a weight move (the
decision matrix of the same scenario reused: only the aggregation runs) and for a scenario never
ranked before (every fact and score computed), beside ``rank(scenario, countries)`` on a
caller's own copy (never reused). Budgets on the 2-core reference machine: rank warm and after
a weight move ≤ 10 ms, from nothing ≤ 20 ms; at city level (every city of the hub table) warm
≤ 10 ms and a new scenario ≤ 30 ms; sensitivity with its three 5,000-draw Monte
Carlos ≤ 100 ms, also after a weight move (the cost draws reused), and ≤ 200 ms for a scenario
never ranked before (the costs drawn again); a full year view ≤ 300 ms; follow-the-sun over
all countries, plans of 2, 3 and 4 locations ≤ 2 s; a 3-site portfolio optimised over all
countries (MILP, HiGHS) ≤ 1 s. Exit status 1 when a median is over budget.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sourcing  # noqa: E402
from sourcing.analysis.follow_the_sun import follow_the_sun  # noqa: E402
from sourcing.analysis.sensitivity import draw, method_agreement, weight_intervals  # noqa: E402
from sourcing.facts.timezones import WorkingDay, year_view  # noqa: E402
from sourcing.model.records import Constraints  # noqa: E402
from sourcing.operating.optimise import optimise  # noqa: E402


def measure(fn, repeat: int) -> tuple[float, float, float, float]:
    """(first call, median, min, max) in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times), min(times), max(times)


COLD = """
import json, time
t0 = time.perf_counter()
import sourcing
t1 = time.perf_counter()
sourcing.rank(sourcing.Scenario(hq="US", workload="voice-support-en"))
t2 = time.perf_counter()
print(json.dumps({"import": (t1 - t0) * 1000, "first": (t2 - t1) * 1000}))
"""


def cold(runs: int = 5) -> tuple[float, float]:
    """Median (import sourcing, first rank(scenario)) in ms, each in a fresh process."""
    imports, firsts = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parent.parent, check=True)  # fmt: skip
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        imports.append(figures["import"])
        firsts.append(figures["first"])
    return statistics.median(imports), statistics.median(firsts)


def main() -> int:
    countries = sourcing.load_countries()
    on = dt.date(2026, 3, 11)
    agile = sourcing.Scenario(hq="US", workload="agile-dev", on=on)
    desk = sourcing.Scenario(hq="GB", workload="it-service-desk-247", on=on)
    ranking = sourcing.rank(agile, countries)
    desk_table = sourcing.rank(desk, countries).to_frame()
    hq = WorkingDay(countries.at["GB", "hub_tz"], dt.time(9), dt.time(17))
    locations = {i: WorkingDay(countries.at[i, "hub_tz"], dt.time(9), dt.time(17))
                 for i in countries.index}  # fmt: skip

    def sensitivity(of=None):
        of = of or ranking
        weight_intervals(of)
        for vary in (("weights", "costs"), ("costs",), ("weights",)):  # as the page does
            draw(of, draws=5_000, vary=vary)
        method_agreement(of)

    voice = sourcing.Scenario(hq="US", workload="voice-support-en", on=on)
    moves = itertools.count()

    def sensitivity_after_move():  # Trade-offs after a slider: the cost draws are reused
        sensitivity(sourcing.rank(voice.replace(weights={"cost": 10 + next(moves) % 80})))

    def sensitivity_new():  # a scenario never ranked before: the costs drawn again too
        sensitivity(sourcing.rank(voice.replace(fte=100 + next(moves))))

    def weight_move():  # a slider: a new weight each call, the rest of the scenario as it was
        return sourcing.rank(voice.replace(weights={"cost": 10 + next(moves) % 80}))

    def new_scenario():  # an FTE never asked before: every fact and score computed again
        return sourcing.rank(voice.replace(fte=100 + next(moves)))

    cities = voice.replace(level="city")
    sourcing.rank(cities)  # the hub table read once, as the first city page of a session does

    def new_city_scenario():  # every city's facts and scores computed again
        return sourcing.rank(cities.replace(fte=100 + next(moves)))

    cases = [
        ("rank(scenario), warm: as a user calls it", lambda: sourcing.rank(voice), 10, 50),
        ("rank of all cities, warm", lambda: sourcing.rank(cities), 10, 50),
        ("rank of all cities, a new scenario", new_city_scenario, 30, 50),
        ("rank after a weight move (matrix reused)", weight_move, 10, 50),
        ("rank of a new scenario (nothing reused)", new_scenario, 20, 50),
        (
            "rank(scenario, countries), private copy",
            lambda: sourcing.rank(agile, countries),
            20,
            50,
        ),
        ("sensitivity + 3 × 5,000-draw Monte Carlo", sensitivity, 100, 10),
        ("the same after a weight move (rank included)", sensitivity_after_move, 100, 10),
        ("the same, a new scenario (rank included)", sensitivity_new, 200, 10),
        ("year view (52 weeks x all countries)", lambda: year_view(hq, locations, 2026), 300, 5),
    ]
    for objective in ("cost", "score"):
        for sizes in ((2,), (3,), (4,), (2, 3, 4)):
            cases.append((
                f"follow-the-sun by {objective} k={','.join(map(str, sizes))}",
                lambda s=sizes, o=objective: follow_the_sun(
                    desk, desk_table, countries, sizes=s, objective=o
                ),
                2000, 5,
            ))  # fmt: skip

    three = Constraints(sites=3, cover_window=True)  # the 24/7 window: every slot a constraint
    for objective in ("score", "cost"):
        cases.append((
            f"portfolio, 3 sites over all, by {objective}",
            lambda o=objective: optimise(desk, desk_table, countries, three, o),
            1000, 10,
        ))  # fmt: skip

    imported, first = cold()
    print(f"{len(countries)} countries; medians over repeated runs (ms)")
    print(
        f"cold, fresh process (median of 5): import sourcing {imported:.0f} ms, "
        f"first rank(scenario) {first:.0f} ms (reads and validates the dataset once)"
    )
    print(f"{'case':42} {'first':>8} {'median':>8} {'min':>8} {'max':>8} {'budget':>8}")
    over = []
    for name, fn, budget, repeat in cases:
        first, median, low, high = measure(fn, repeat)
        flag = "" if median <= budget else "  OVER"
        if flag:
            over.append(name)
        print(f"{name:42} {first:8.1f} {median:8.1f} {low:8.1f} {high:8.1f} {budget:8d}{flag}")
    if over:
        print(f"over budget: {', '.join(over)}")
        return 1
    print("all medians within budget")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
