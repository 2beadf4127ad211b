"""Benchmarks for the engine and the analyses: prints the median (and min/max) of repeated runs.

Run with ``make bench``. Budgets on the 2-core reference machine: rank ≤ 20 ms; sensitivity
with a 5,000-draw Monte Carlo ≤ 500 ms; a full year view ≤ 300 ms; follow-the-sun over all
countries, plans of 2, 3 and 4 locations ≤ 2 s. Exit status 1 when a median is over budget.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sourcing  # noqa: E402
from sourcing.coverage import follow_the_sun  # noqa: E402
from sourcing.sensitivity import method_agreement, monte_carlo, weight_intervals  # noqa: E402
from sourcing.timezones import WorkingDay, year_view  # noqa: E402


def measure(fn, repeat: int) -> tuple[float, float, float, float]:
    """(first call, median, min, max) in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times), min(times), max(times)


def main() -> int:
    countries = sourcing.load_countries()
    on = dt.date(2026, 3, 11)
    agile = sourcing.Scenario(hq="US", workload="agile-dev", on=on)
    desk = sourcing.Scenario(hq="GB", workload="it-service-desk-247", on=on)
    table = sourcing.rank(agile, countries)
    desk_table = sourcing.rank(desk, countries)
    hq = WorkingDay(countries.at["GB", "hub_tz"], dt.time(9), dt.time(17))
    locations = {i: WorkingDay(countries.at[i, "hub_tz"], dt.time(9), dt.time(17))
                 for i in countries.index}  # fmt: skip

    def sensitivity():
        weight_intervals(agile, table)
        monte_carlo(agile, table, draws=5_000)
        method_agreement(agile, table)

    cases = [
        ("rank() all countries", lambda: sourcing.rank(agile, countries), 20, 50),
        ("sensitivity + 5,000-draw Monte Carlo", sensitivity, 500, 10),
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

    print(f"{len(countries)} countries; medians over repeated runs (ms)")
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
