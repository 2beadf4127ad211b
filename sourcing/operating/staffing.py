"""Work volumes into people: how many FTE a stated volume of work needs.

A scenario may state the work as volumes (contacts or items a month, with a handle time) instead
of FTEs. This module turns such :class:`Volumes` into :class:`Staffing`:

* **Contact work** (calls, chats: answered live) is sized hour by hour with Erlang C, the
  queueing model that contact centres plan with. The maths comes from the maintained library
  ``pyworkforce`` (``pyworkforce.queuing.ErlangC``), not from hand-rolled formulas. For each hour
  of the service week the hour's contacts get the fewest agents that answer ``service_level`` of
  them within ``answer_seconds`` while keeping agents no busier than ``max_occupancy``; an hour
  with no arrivals gets none. FTE = agent-hours a week / (hours per FTE a week × (1 − shrinkage)).
* **Item work** (back office: tickets, claims, documents) can wait in a queue, so it is sized by
  throughput, raised where needed to meet the turnaround (see :func:`staff`).

Arrivals over the week follow a *pattern*: 168 hourly shares summing to 1, index 0 being Monday
00:00–01:00 and index 167 Sunday 23:00–24:00 of the service week. The pattern is clock-agnostic:
it is "hour of the service week" on whichever clock the caller means (normally the delivery
site's local clock). :func:`pattern_for` gives the default assumption, an even spread over the
service window; :func:`as_pattern` checks a pattern the user gives (168 weekly shares, or a
24-hour intraday profile repeated over the working days).

Pure Python: no streamlit. ``pyworkforce`` pulls in OR-Tools when imported, so it is imported
only when a contact load is first sized, and Erlang results are cached because the same hourly
loads repeat across the week and across scenarios.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sourcing.facts.timezones import minutes_of, window_minutes
from sourcing.model.records import Volumes, finite_number, positive_number

HOURS_PER_WEEK = 168
PATTERN_TOLERANCE = 1e-6
_ROUND = 9  # decimals the Erlang cache keys are rounded to (far below any planning precision)
_OCCUPANCY_SLACK = 1e-7  # relative error the rounding above can put on the load


def after_automation(volumes: Volumes, share_resolved: float, human_time_change: float) -> Volumes:
    """The volumes left for people once automation resolves ``share_resolved`` of the work
    (0 ≤ share < 1) and changes the human handle time of the rest by ``human_time_change``
    (−0.9 … +1: −0.2 = 20 % quicker, +0.1 = 10 % longer, e.g. the harder cases remain)."""
    share = finite_number("share_resolved", share_resolved)
    if not 0 <= share < 1:
        raise ValueError(f"share_resolved must be at least 0 and below 1, got {share:g}")
    change = finite_number("human_time_change", human_time_change)
    if not -0.9 <= change <= 1:
        raise ValueError(f"human_time_change must be between -0.9 and 1, got {change:g}")
    return Volumes(
        **{
            **volumes.model_dump(),
            "per_month": volumes.per_month * (1 - share),
            "handle_seconds": volumes.handle_seconds * (1 + change),
        }
    )


# --- the weekly arrival pattern -----------------------------------------------------------------


def _days(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 7:
        raise ValueError(f"days must be a whole number from 1 to 7 (5 = Mon–Fri), got {days!r}")
    return days


def pattern_for(service_hours: tuple[dt.time, dt.time] | None, days: int = 7) -> tuple[float, ...]:
    """The default assumption: arrivals spread **evenly over the service window**.

    ``service_hours`` is a (start, end) pair of wall-clock times, or ``None`` for all 24 hours;
    an ``end`` at or before ``start`` runs into the next day (22:00–06:00, the part after
    midnight landing on the next day, Sunday night's on Monday), and ``start == end`` is the full
    24 hours. ``days`` counts the service days from Monday: 5 = Monday–Friday, 7 = all week.
    Hours partly inside the window (a 08:30 start) get their part of an hour's share.
    """
    days = _days(days)
    if service_hours is None:
        start, length = 0, 1440
    else:
        if len(service_hours) != 2 or not all(isinstance(t, dt.time) for t in service_hours):
            raise ValueError("service_hours must be a (start, end) pair of times, or None for 24 h")
        start, length = minutes_of(service_hours[0]), window_minutes(*service_hours)
    minutes = [0.0] * HOURS_PER_WEEK
    for day in range(days):
        begin = day * 1440 + start
        for minute in range(begin, begin + length):  # at most 7 × 1440 steps
            minutes[(minute // 60) % HOURS_PER_WEEK] += 1
    total = sum(minutes)
    return tuple(m / total for m in minutes)


def as_pattern(values: Sequence[float], days: int | None = None) -> tuple[float, ...]:
    """A user's pattern, checked: 168 weekly hourly shares (Monday 00:00 first), or 24 intraday
    hourly shares with ``days`` (the same day on each of the first ``days`` days from Monday).

    The shares must be finite, not negative and sum to 1 (within 1e-6); anything else raises
    ValueError naming the problem. A 24-hour profile is spread evenly over the days.
    """
    try:
        shares = [float(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError("pattern must be a sequence of numbers (hourly shares)") from None
    if len(shares) == 24:
        if days is None:
            raise ValueError("a 24-hour profile needs days (5 = Mon–Fri, 7 = all week)")
        days = _days(days)
    elif len(shares) != HOURS_PER_WEEK:
        raise ValueError(
            f"pattern must have {HOURS_PER_WEEK} hourly shares (a week, Monday 00:00 first) "
            f"or 24 (one day, with days), got {len(shares)}"
        )
    elif days is not None:
        raise ValueError("days applies only to a 24-hour profile, not to a 168-hour pattern")
    bad = [i for i, s in enumerate(shares) if not math.isfinite(s)]
    if bad:
        raise ValueError(
            f"pattern shares must be finite numbers; hour {bad[0]} is {shares[bad[0]]}"
        )
    negative = [i for i, s in enumerate(shares) if s < 0]
    if negative:
        i = negative[0]
        raise ValueError(f"pattern shares must not be negative; hour {i} is {shares[i]:g}")
    total = math.fsum(shares)
    if abs(total - 1) > PATTERN_TOLERANCE:
        raise ValueError(f"pattern shares must sum to 1 (within 1e-6), they sum to {total:.9g}")
    if len(shares) == 24:
        week = shares * days + [0.0] * (24 * (7 - days))
        return tuple(s / days for s in week)
    return tuple(shares)


# --- Erlang C (pyworkforce) ---------------------------------------------------------------------


def _inverse_blocking(n: int, load: float) -> float:
    """1 / Erlang B(n, load) = Σ_k n! / ((n − k)! · load^k), k = 0 … n, for n > load: the terms
    fall off like exp(−k² / 2·load), so the sum stops after 12 standard deviations (a relative
    error far below double precision) — O(√load) work instead of the O(n) recurrence."""
    width = min(n, int(12 * math.sqrt(load)) + 60)
    terms = np.cumprod((n - np.arange(width, dtype=float)) / load)
    return 1.0 + float(math.fsum(terms))


@lru_cache(maxsize=8192)
def _erlang(calls: float, handle_min: float, answer_min: float, level: float, occupancy: float):
    """The fewest agents meeting both targets, with pyworkforce's ``ErlangC`` formulas: the
    waiting probability n·B / (n − A(1 − B)) from Erlang B, the service level
    1 − P(wait) · exp(−(n − A) · answer / handle), the occupancy A / n.

    pyworkforce's own search re-runs an O(n) recurrence for every candidate from round(A + 1)
    (which can skip floor(A) + 1): minutes for a large operation. Here Erlang B at the first
    stable count, floor(A) + 1, is one O(√A) sum (:func:`_inverse_blocking`); each next count is
    one step of the recurrence 1/B(n) = 1 + n/A · 1/B(n − 1), up to the service level; the
    occupancy cap then needs ⌈A / cap⌉ (the service level only rises with more agents). The
    property test checks every answer against the library's own service level. The occupancy
    test allows the rounding of the inputs (_ROUND digits): a load exactly on the cap (12.5
    erlangs, 25 agents, 50 %) meets it."""
    load = (calls / 60) * handle_min  # pyworkforce's intensity, interval = 60 minutes
    ratio = answer_min / handle_min
    n = math.floor(load) + 1
    inverse = _inverse_blocking(n, load)
    while True:
        blocking = 1 / inverse
        waiting = n * blocking / (n - load * (1 - blocking))
        if max(0, 1 - waiting * math.exp(-(n - load) * ratio)) >= level:
            break
        n += 1
        inverse = 1 + (inverse * n / load)
    capped = max(n, math.ceil(load / (occupancy + _OCCUPANCY_SLACK)))
    while capped > n and load / (capped - 1) <= occupancy + _OCCUPANCY_SLACK:
        capped -= 1  # ceil's float noise: the fewest count within the cap
    return capped


def erlang_agents(
    calls_per_hour: float,
    handle_seconds: float,
    answer_seconds: float,
    service_level: float,
    max_occupancy: float = 1.0,
) -> int:
    """The fewest agents that answer ``service_level`` of ``calls_per_hour`` within
    ``answer_seconds`` (Erlang C, via pyworkforce) with occupancy at most ``max_occupancy``;
    0 for no calls."""
    calls = finite_number("calls_per_hour", calls_per_hour)
    if calls < 0:
        raise ValueError(f"calls_per_hour must not be negative, got {calls:g}")
    if calls == 0:
        return 0
    return _erlang(
        round(calls, _ROUND),
        round(positive_number("handle_seconds", handle_seconds) / 60, _ROUND),
        round(positive_number("answer_seconds", answer_seconds) / 60, _ROUND),
        round(finite_number("service_level", service_level), _ROUND),
        round(finite_number("max_occupancy", max_occupancy), _ROUND),
    )


def erlang_service_level(
    calls_per_hour: float, handle_seconds: float, answer_seconds: float, agents: int
) -> float:
    """The share of ``calls_per_hour`` answered within ``answer_seconds`` by ``agents`` agents
    (Erlang C, via pyworkforce); 0 when the agents cannot keep up with the load."""
    from pyworkforce.queuing import ErlangC

    erlang = ErlangC(
        transactions=positive_number("calls_per_hour", calls_per_hour),
        aht=positive_number("handle_seconds", handle_seconds) / 60,
        asa=positive_number("answer_seconds", answer_seconds) / 60,
        interval=60,
    )
    if agents <= erlang.intensity:
        return 0.0
    return erlang.service_level(agents)


# --- staffing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Staffing:
    """People for a volume of work. ``fte`` is rounded to 2 decimals; ``agents_by_hour`` (168,
    Monday 00:00 first) and ``peak_agents`` are for contact work (zeros for items);
    ``agent_hours_per_week`` is the staffed (productive) hours a week and ``occupancy`` the share
    of them spent handling (``workload_hours_per_week`` / ``agent_hours_per_week``)."""

    fte: float
    agents_by_hour: tuple[int, ...]
    peak_agents: int
    agent_hours_per_week: float
    workload_hours_per_week: float
    occupancy: float
    explain: str


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.3g} s"
    return f"{seconds / 60:.3g} min"


def _items_capacity(work: Sequence[float], open_hours: Sequence[bool], turnaround: float) -> float:
    """Productive hours of work needed in each open hour (the same in every open hour) so that
    every item is done within ``turnaround`` open hours of its arrival; see :func:`staff`."""
    order = [h for h in range(HOURS_PER_WEEK) if open_hours[h]]
    # Work arriving in open hour h flows in evenly ("flow"); work arriving in the closed hours
    # before h waits and lands at h's start as one batch ("lump").
    flow = [work[h] for h in order]
    lump = []
    for k, h in enumerate(order):
        gap = (h - order[k - 1] - 1) % HOURS_PER_WEEK  # closed hours since the previous open one
        lump.append(math.fsum(work[(h - g) % HOURS_PER_WEEK] for g in range(1, gap + 1)))
    n = len(order)
    lump, flow = lump * 2, flow * 2  # a stretch may run past the end of the week
    need = math.fsum(work) / n  # throughput: the week's work fits the week's open hours
    for i in range(n):
        arrived = 0.0
        for j in range(i, i + n):
            arrived += lump[j]  # the stretch from the start of open hour i to the start of j
            need = max(need, arrived / (j - i + turnaround))
            arrived += flow[j]  # ... and to the end of j
            need = max(need, arrived / (j - i + 1 + turnaround))
    return need


def staff(
    volumes: Volumes,
    pattern: Sequence[float],
    hours_per_fte_week: float = 40.0,
    open_hours: Sequence[bool] | None = None,
) -> Staffing:
    """The FTE that ``volumes`` arriving in ``pattern`` (168 hourly shares) needs.

    Weekly volume = ``per_month`` × 12 / 52; hour h of the week gets weekly volume × share[h].

    Contact work: each hour's contacts get the Erlang C agent count for the service level and
    occupancy cap (0 where nothing arrives). FTE = Σ agent-hours a week / (``hours_per_fte_week``
    × (1 − shrinkage)).

    Item work can wait, but each item must be done within ``turnaround_hours`` of *service time*
    (open hours: by default the hours the pattern has arrivals in, or ``open_hours``, 168 flags;
    with an 8-hour day, 24 hours of service time is three working days). The team is assumed to
    do the same amount of work in every open hour, c hours of work per open hour. Two things
    must hold. Throughput: the week's work fits the open hours, c ≥ work a week / open hours.
    Turnaround: whatever arrives in any stretch of L open hours must be finished by ``T`` =
    ``turnaround_hours`` after the stretch ends, so c ≥ work arriving in the stretch / (L + T)
    for every stretch (from one open hour's start to another's start or end: the worst stretches
    begin and end there; work arriving while closed waits for the next open hour). This is the
    exact condition for first-in-first-out work and reduces to throughput when arrivals are
    even; it bites where arrivals bunch (a Monday-morning pile). FTE = c × open hours /
    (``hours_per_fte_week`` × (1 − shrinkage)).
    """
    if not isinstance(volumes, Volumes):
        raise ValueError(f"volumes must be a Volumes, got {type(volumes).__name__}")
    if len(pattern) != HOURS_PER_WEEK:
        raise ValueError(
            f"pattern must have {HOURS_PER_WEEK} hourly shares (a week, Monday 00:00 first), got "
            f"{len(pattern)}; a 24-hour profile goes through as_pattern(profile, days) first"
        )
    shares = as_pattern(pattern)
    week_hours = positive_number("hours_per_fte_week", hours_per_fte_week)
    if week_hours > HOURS_PER_WEEK:
        raise ValueError(f"hours_per_fte_week must be above 0 and at most 168, got {week_hours:g}")
    productive_fte_hours = week_hours * (1 - volumes.shrinkage)
    weekly = volumes.per_week
    workload = volumes.workload_hours_per_week
    volume = f"{volumes.per_month:,.0f}"
    handle = _duration(volumes.handle_seconds)

    if volumes.kind == "contact":
        if open_hours is not None:
            raise ValueError("open_hours applies to item work only; contact work follows arrivals")
        per_share = {  # a week's pattern repeats its shares: one Erlang sum per distinct one
            share: erlang_agents(
                weekly * share,
                volumes.handle_seconds,
                volumes.answer_seconds,
                volumes.service_level,
                volumes.max_occupancy,
            )
            for share in set(shares)
        }
        agents = tuple(per_share[share] for share in shares)
        agent_hours = float(sum(agents))
        fte = round(agent_hours / productive_fte_hours, 2)
        peak = max(agents)
        explain = (
            f"{volume} contacts a month at {handle}, {volumes.service_level:.0%} answered in "
            f"{_duration(volumes.answer_seconds)}: {peak} agents at the peak hour, "
            f"{agent_hours:,.0f} agent-hours a week, {fte:,.1f} FTE after "
            f"{volumes.shrinkage:.0%} shrinkage"
        )
        return Staffing(fte, agents, peak, agent_hours, workload, workload / agent_hours, explain)

    if open_hours is None:
        open_flags = [s > 0 for s in shares]
    else:
        open_flags = [bool(o) for o in open_hours]
        if len(open_flags) != HOURS_PER_WEEK:
            raise ValueError(f"open_hours must have 168 flags, got {len(open_flags)}")
        if not any(open_flags):
            raise ValueError("open_hours must have at least one open hour")
    n_open = sum(open_flags)
    work = [weekly * share * volumes.handle_seconds / 3600 for share in shares]
    throughput = workload / n_open
    capacity = _items_capacity(work, open_flags, volumes.turnaround_hours)
    agent_hours = capacity * n_open
    fte = round(agent_hours / productive_fte_hours, 2)
    why = (
        "the turnaround needs more than the average because arrivals bunch"
        if capacity > throughput * (1 + 1e-9)
        else "throughput decides"
    )
    explain = (
        f"{volume} items a month at {handle}, each done within {volumes.turnaround_hours:g} "
        f"service hours: {workload:,.0f} work-hours a week, {fte:,.1f} FTE after "
        f"{volumes.shrinkage:.0%} shrinkage ({why})"
    )
    zeros = (0,) * HOURS_PER_WEEK
    return Staffing(fte, zeros, 0, agent_hours, workload, workload / agent_hours, explain)
