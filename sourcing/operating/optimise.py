"""Optimising a hybrid portfolio: which 2–4 sites, and what share each, for the scenario's
objective under its :class:`~sourcing.model.records.Constraints` — a mixed-integer programme
solved by HiGHS (``highspy``), the shares then recomputed exactly over the chosen sites — and
the frontier of cost against concentration. What a portfolio is and how one is evaluated:
:mod:`sourcing.operating.portfolio`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import ValidationError

from sourcing.engine.resolve import resolve
from sourcing.facts.languages import language_name
from sourcing.facts.workday import ring, runs, slot_clock, window_ring
from sourcing.model.records import Constraints, PortfolioError
from sourcing.model.records import pct as _pct
from sourcing.model.scenario import Scenario
from sourcing.operating.portfolio import (
    _EPS,
    Objective,
    Portfolio,
    build_portfolio,
    day_slots,
    evaluate,
    keyed,
    mix_text,
    site_speaks,
    site_start,
    window_text,
)

FRONTIER_LEVELS = (1.0, 0.8, 0.6, 0.5, 0.4, 0.34, 0.25)
FRONTIER_COLUMNS = ["max_share_cap", "cost_usd_hr", "score", "hhi", "max_share", "sites", "mix"]


# --- optimise -----------------------------------------------------------------------------------


@dataclass
class _Instance:
    """The candidates and the data of their constraints."""

    codes: list[str]
    names: list[str]
    score: np.ndarray
    cost: np.ndarray
    hq: int | None  # index of HQ among the candidates
    speaks: dict[str, np.ndarray]  # language → bool per candidate
    covers: np.ndarray  # slots of the window (deduplicated rows) × candidates, bool
    window_text: str


def _candidates(scenario, table, countries, constraints: Constraints) -> _Instance:
    eff = resolve(scenario, countries)
    pool = table[
        ~table["excluded"].astype(bool)
        & table["cost_usd_hr"].notna()
        & table["score"].notna()
        & table["iso2"].isin(countries.index)
    ]
    codes = list(pool["iso2"])
    if not codes:
        raise PortfolioError(
            "no candidate site: every country is ruled out or has no cost for this work"
        )
    hq_name = str(countries.at[scenario.hq, "name"]) if scenario.hq in countries.index else ""
    if constraints.min_onshore_share > 0 and scenario.hq not in codes:
        row = table[table["iso2"] == scenario.hq]
        why = "is not in the ranking"
        if not row.empty and bool(row["excluded"].iloc[0]):
            why = "is ruled out for this scenario"
        elif not row.empty:
            why = "has no cost data for this work"
        raise PortfolioError(
            f"min_onshore_share: {_pct(constraints.min_onshore_share)} must stay at HQ, but HQ "
            f"({hq_name or scenario.hq}) {why}"
        )
    if len(codes) < constraints.fewest_sites:
        raise PortfolioError(
            f"the limits need at least {constraints.fewest_sites} sites, but only {len(codes)} "
            f"countr{'y is' if len(codes) == 1 else 'ies are'} a candidate ({', '.join(codes)})"
        )
    speaks = {}
    for lang in constraints.languages:
        speaks[lang] = np.array([lang in site_speaks(c, countries) for c in codes])
        if not speaks[lang].any():
            raise PortfolioError(
                f"languages: no candidate site speaks {language_name(lang)} ({lang})"
            )
    covers = np.zeros((0, len(codes)), dtype=bool)
    if constraints.cover_window:
        target = window_ring(eff.service_hours)
        length = day_slots(scenario)
        masks = np.stack(
            [ring(site_start(c, scenario, eff, countries), length) for c in codes], axis=1
        )  # slots × candidates
        lone = target & ~masks.any(axis=1)
        if lone.any():
            spans = ", ".join(f"{slot_clock(s)}–{slot_clock(s + n)}" for s, n in runs(lone))
            raise PortfolioError(
                f"cover_window: no candidate's working day ({scenario.location_hours[0]:%H:%M}–"
                f"{scenario.location_hours[1]:%H:%M} local) reaches {spans} HQ time"
            )
        covers = np.unique(masks[target], axis=0)  # slots with the same workers: one row
    return _Instance(
        codes=codes,
        names=list(pool["name"].astype(str)),
        score=pool["score"].to_numpy(float),
        cost=pool["cost_usd_hr"].to_numpy(float),
        hq=codes.index(scenario.hq) if scenario.hq in codes else None,
        speaks=speaks,
        covers=covers,
        window_text=window_text(eff),
    )


def _groups(inst: _Instance, c: Constraints) -> dict[str, str]:
    """The constraints that can bind, each in plain words (the relaxable groups)."""
    n = len(inst.codes)
    words = {}
    if c.sites < n:
        words["sites"] = f"at most {c.sites} site{'s' if c.sites != 1 else ''}"
    if c.max_share < 1:
        words["max_share"] = f"no site above {_pct(c.max_share)}"
    words["min_share"] = f"each used site at least {_pct(c.min_share)}"
    if c.continuity:
        words["continuity"] = "at least 2 sites (continuity)"
    if c.min_onshore_share > 0 and inst.hq is not None:
        words["onshore"] = f"at least {_pct(c.min_onshore_share)} at HQ ({inst.names[inst.hq]})"
    for lang in c.languages:
        words[f"language:{lang}"] = f"a site that speaks {language_name(lang)}"
    if c.cover_window:
        words["window"] = f"working days covering the service window ({inst.window_text})"
    return words


def _highs():
    """A silent HiGHS instance. ``highspy.Highs()`` (the Python wrapper) prints its banner
    from its constructor, before any option can be set (ERGO-Code/HiGHS#1932, #2749); the core
    class underneath takes the same calls and stays quiet once ``output_flag`` is off."""
    import highspy

    try:
        from highspy._core import _Highs as Core
    except ImportError:  # a later highspy without the core class: the wrapper will do
        Core = highspy.Highs
    h = Core()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)  # the optimum, not one within 0.01% of it
    h.setOptionValue("mip_abs_gap", 1e-9)
    h.setOptionValue("time_limit", 30.0)
    return h


_INFEASIBLE = ("kInfeasible", "kUnboundedOrInfeasible")


def _solve(
    inst: _Instance,
    c: Constraints,
    objective: str | None,
    relax: frozenset[str] = frozenset(),
) -> np.ndarray | None:
    """The optimal shares (None when infeasible); ``relax`` drops constraint groups. With
    ``objective`` None, only whether any portfolio is feasible (the sites of one, or None)."""
    import highspy

    n = len(inst.codes)
    max_share = 1.0 if "max_share" in relax else c.max_share
    min_share = 1e-3 if "min_share" in relax else c.min_share
    most = n if "sites" in relax else min(c.sites, n)
    least = 1 if "continuity" in relax or not c.continuity else 2
    lower = np.zeros(2 * n)
    upper = np.concatenate([np.full(n, max_share), np.ones(n)])
    if inst.hq is not None and c.min_onshore_share > 0 and "onshore" not in relax:
        lower[inst.hq] = c.min_onshore_share
        lower[n + inst.hq] = 1.0

    rows: list[tuple[list[int], list[float], float, float]] = [
        (list(range(n)), [1.0] * n, 1.0, 1.0),  # Σ x = 1
        (list(range(n, 2 * n)), [1.0] * n, float(least), float(most)),  # sites
    ]
    for i in range(n):
        rows.append(([i, n + i], [1.0, -min_share], 0.0, math.inf))  # x ≥ min·y
        rows.append(([i, n + i], [1.0, -max_share], -math.inf, 0.0))  # x ≤ max·y
    for lang, speaks in inst.speaks.items():
        if f"language:{lang}" not in relax:
            idx = [n + i for i in np.flatnonzero(speaks)]
            rows.append((idx, [1.0] * len(idx), 1.0, math.inf))
    if "window" not in relax:
        for slot in inst.covers:
            idx = [n + i for i in np.flatnonzero(slot)]
            rows.append((idx, [1.0] * len(idx), 1.0, math.inf))

    h = _highs()
    inf = h.getInfinity()
    h.addCols(2 * n, np.zeros(2 * n), lower, upper, 0, np.zeros(0, np.int32),
              np.zeros(0, np.int32), np.zeros(0))  # fmt: skip
    starts = np.cumsum([0] + [len(r[0]) for r in rows[:-1]]).astype(np.int32)
    index = np.concatenate([np.asarray(r[0], dtype=np.int32) for r in rows])
    value = np.concatenate([np.asarray(r[1], dtype=float) for r in rows])
    lo = np.array([max(r[2], -inf) for r in rows])
    hi = np.array([min(r[3], inf) for r in rows])
    h.addRows(len(rows), lo, hi, len(index), starts, index, value)
    h.changeColsIntegrality(
        n, np.arange(n, 2 * n, dtype=np.int32), np.full(n, 1, dtype=np.uint8)
    )  # y are integers in [0, 1]: binaries

    def run(weights: np.ndarray, sense) -> bool:
        h.changeColsCost(n, np.arange(n, dtype=np.int32), weights)
        h.changeObjectiveSense(sense)
        h.run()
        status = h.getModelStatus()
        if status.name in _INFEASIBLE:
            return False
        if status.name != "kOptimal":
            raise PortfolioError(f"the solver stopped without an answer ({status.name})")
        return True

    maximise, minimise = highspy.ObjSense.kMaximize, highspy.ObjSense.kMinimize
    if objective is None:
        return _used(h, n) if run(np.zeros(n), minimise) else None
    by_score, by_cost = (inst.score, maximise), (inst.cost, minimise)
    first, second = (by_score, by_cost) if objective == "score" else (by_cost, by_score)
    if not run(*first):
        return None
    optimum = _fill(inst, c, _used(h, n), objective)
    best = h.getInfo().objective_function_value
    slack = 1e-7 * max(1.0, abs(best))
    # hold the first objective at its optimum, then break ties on the other
    if first[1] == maximise:
        h.addRow(best - slack, inf, n, np.arange(n, dtype=np.int32), first[0])
    else:
        h.addRow(-inf, best + slack, n, np.arange(n, dtype=np.int32), first[0])
    if not run(*second):  # the first optimum is feasible: only a solver failure gets here
        return optimum
    tied = _fill(inst, c, _used(h, n), objective)
    sign = 1.0 if objective == "score" else -1.0  # larger is better
    primary = first[0]
    if sign * (tied @ primary - optimum @ primary) >= -1e-9:
        return tied  # the slack let nothing worse through
    return optimum


def _first_of_twins(inst: _Instance, x: np.ndarray) -> np.ndarray:
    """Each share moved to the first of its twins in the table's order: candidates alike in
    score, cost, languages and hours (cities that carry their country's figures) are the same
    column of the programme, so the solver's pick among them is arbitrary; the table puts the
    larger city first, and so does the portfolio. Exact: a twin meets every constraint and
    objective as the site it replaces."""

    def signature(i: int) -> tuple:
        return (
            inst.score[i],
            inst.cost[i],
            i == inst.hq,
            tuple(bool(v[i]) for v in inst.speaks.values()),
            inst.covers[:, i].tobytes(),
        )

    alike: dict[tuple, list[int]] = {}
    for i in range(len(x)):
        alike.setdefault(signature(i), []).append(i)
    x = x.copy()
    for twins in alike.values():  # each group in the table's order: the largest share first
        x[twins] = sorted(x[twins], reverse=True)
    return x


def _used(h, n: int) -> np.ndarray:
    """The sites the solution uses (y rounded: the solver's integers are within 1e-6)."""
    return np.asarray(h.getSolution().col_value[n : 2 * n], dtype=float) > 0.5


def _fill(inst: _Instance, c: Constraints, used: np.ndarray, objective: str) -> np.ndarray:
    """The optimal shares over a given set of sites, exactly: every used site starts at its
    least share (min_share; HQ at least min_onshore_share), then the rest of the work goes to
    the best site (by the objective, ties to the other) up to max_share, then the next, and so
    on. For a linear objective under these bounds and Σ = 1 this is optimal (an exchange
    argument: moving work from a better site to a worse one never helps). It replaces the
    solver's shares, which are right only to its tolerances (1e-7)."""
    lo = np.where(used, c.min_share, 0.0)
    if inst.hq is not None and used[inst.hq]:
        lo[inst.hq] = max(c.min_share, c.min_onshore_share)
    hi = np.where(used, c.max_share, 0.0)
    if lo.sum() > 1 + _EPS or hi.sum() < 1 - _EPS:  # not a feasible set: never from a solution
        raise PortfolioError("the solver returned sites that cannot hold the work")
    if objective == "score":
        order = np.lexsort((inst.cost, -inst.score))
    else:
        order = np.lexsort((-inst.score, inst.cost))
    x, rest = lo.copy(), 1.0 - lo.sum()
    for i in order:
        if rest <= 0:
            break
        add = min(hi[i] - lo[i], rest)
        x[i] += add
        rest -= add
    return x


def _infeasible(inst: _Instance, c: Constraints) -> PortfolioError:
    """Which constraints bind: the ones whose relaxation alone (or in pairs) admits a
    portfolio."""
    words = _groups(inst, c)
    names = list(words)
    singles = [g for g in names if _solve(inst, c, None, frozenset({g})) is not None]
    head = "no portfolio meets every constraint at once"
    if singles:
        listed = "; ".join(words[g] for g in singles)
        if len(singles) == 1:
            return PortfolioError(f"{head}: the binding one is {listed} — relax it")
        return PortfolioError(f"{head}; relaxing any one of these would allow one: {listed}")
    pairs = [
        (a, b)
        for a, b in itertools.combinations(names, 2)
        if _solve(inst, c, None, frozenset({a, b})) is not None
    ]
    if pairs:
        listed = "; ".join(f"{words[a]} and {words[b]}" for a, b in pairs)
        return PortfolioError(f"{head}; relaxing two together would allow one: {listed}")
    return PortfolioError(f"{head}: together they admit none ({'; '.join(words.values())})")


def optimise(
    scenario: Scenario,
    table: pd.DataFrame,
    countries: pd.DataFrame,
    constraints: Constraints | None = None,
    objective: Objective = "score",
) -> Portfolio:
    """The best portfolio under ``constraints`` (default :class:`Constraints`): the highest
    blended score (``objective="score"``) or the lowest blended cost (``"cost"``), ties broken
    on the other. Candidates are the rows of ``table`` not ruled out and with a cost. Raises
    :class:`PortfolioError` when no portfolio meets the constraints, naming the binding ones.
    """
    table, countries = keyed(scenario, table, countries)  # cities: each its own site
    if objective not in ("score", "cost"):
        raise ValueError("objective must be 'score' or 'cost'")
    constraints = constraints or Constraints()
    inst = _candidates(scenario, table, countries, constraints)
    x = _solve(inst, constraints, objective)
    if x is None:
        raise _infeasible(inst, constraints)
    x = _first_of_twins(inst, x)
    used = {code: float(s) for code, s in zip(inst.codes, x, strict=True) if s > 0}
    rows = table.set_index("iso2", drop=False)
    return build_portfolio(used, scenario, rows, countries, constraints.languages)


def frontier(
    scenario: Scenario,
    table: pd.DataFrame,
    countries: pd.DataFrame,
    constraints: Constraints | None = None,
    levels: Iterable[float] = FRONTIER_LEVELS,
    objective: Objective = "score",
) -> pd.DataFrame:
    """The optimum at each cap on the largest share (loosest first; caps no portfolio can
    meet, or below ``min_share``, are skipped): the trade-off between the objective and
    concentration. Columns: max_share_cap, cost_usd_hr, score, hhi, max_share, sites, mix.

    The feasible sets nest as the cap tightens, so the objective never improves down the
    rows; an optimum that already fits a tighter cap stays the optimum there (and is reused),
    so the largest share never grows either.
    """
    constraints = constraints or Constraints()
    caps = sorted({float(v) for v in levels}, reverse=True)
    if any(not 0 < v <= 1 for v in caps):
        raise ValueError("frontier levels must be shares in (0, 1]")
    rows, previous = [], None
    for cap in caps:
        try:
            limits = Constraints(**{**constraints.model_dump(), "max_share": cap})
        except ValidationError:
            continue
        if previous is not None and previous.max_share <= cap + _EPS:
            best = previous
        else:
            try:
                best = optimise(scenario, table, countries, limits, objective)
            except PortfolioError:
                continue
        previous = best
        rows.append({
            "max_share_cap": cap,
            "cost_usd_hr": best.cost_usd_hr,
            "score": best.score,
            "hhi": best.hhi,
            "max_share": best.max_share,
            "sites": len(best.sites),
            "mix": mix_text(best.sites),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=FRONTIER_COLUMNS)


def plan_result(scenario: Scenario, table: pd.DataFrame, countries: pd.DataFrame) -> Portfolio:
    """The scenario's portfolio: its hand-set shares evaluated, or, without them, the
    optimiser's proposal under its constraints. Raises PortfolioError (no plan, or none fits)."""
    plan = scenario.portfolio
    if plan is None:
        raise PortfolioError("the scenario has no portfolio")
    if plan.shares:
        return evaluate(
            plan.shares, scenario, table, countries, languages=plan.constraints.languages
        )
    return optimise(scenario, table, countries, plan.constraints, plan.objective)
