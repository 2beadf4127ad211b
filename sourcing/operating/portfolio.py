"""Hybrid portfolios: the work split across 2–4 sites (countries), each with a share.

Most firms run a hybrid model — an onshore core, a nearshore hub, an offshore centre, e.g. 15%
United States, 25% Mexico, 60% Philippines. :func:`evaluate` describes a split the user typed
in; :func:`optimise` finds the best one under :class:`Constraints`; :func:`frontier` traces
the trade-off between the objective and concentration as the cap on any one site tightens.

Metrics of a portfolio (shares s_i of the ranking's rows):

- blended cost per hour Σ s_i × cost_usd_hr_i (the ranking's rate for the work, as it ranks
  it), its low and high ends the same sums over the rate's range; blended score Σ s_i × score_i;
- coverage of the service window: each site works ``scenario.location_hours`` at its hub on
  the scenario's working date; on HQ's clock, in 15-minute slots, the union of those days
  (one site hands over to the next) against the workload's service window (24 h for 24/7);
- languages: of the required ones (the workload's, plus any the caller adds), which at least
  one site speaks (the dataset's ``languages``);
- regulatory exposure: the share of the work where ``score_regulatory`` < 50, and the blended
  regulatory score; concentration: the largest share and the Herfindahl index Σ s_i²
  (1 = one site; 1/HHI is the number of equal sites it is worth); continuity: ≥ 2 sites;
  shore mix: the shares onshore, nearshore and offshore.

The optimiser is a mixed-integer programme solved by HiGHS (``highspy``): shares x_i in
[0, max_share] and y_i ∈ {0, 1} (site i used) for every candidate (a row not ruled out, with
a cost); Σ x = 1; min_share·y_i ≤ x_i ≤ max_share·y_i; Σ y ≤ sites; Σ y ≥ 2 for continuity;
x_HQ ≥ min_onshore_share; for each required language, Σ y over the sites that speak it ≥ 1;
to cover the window, for each of its slots Σ y over the sites working it ≥ 1. The objective is
Σ x_i·score_i (maximised) or Σ x_i·cost_i (minimised); ties go to the other one (cheaper, or
better scored), by a second solve with the first objective held at its optimum. Solved to a
zero optimality gap: the answer is the optimum, not a near one. The solver picks the sites;
their shares are then recomputed exactly over those sites (the best site filled first, see
:func:`_fill`), free of the solver's tolerances. A 3-site portfolio over all 95 countries with
the 24/7 window takes some 30–70 ms (``bench/run.py``; budget 1 s).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import ValidationError

from sourcing.engine.resolve import resolve
from sourcing.facts.languages import language_name
from sourcing.facts.shores import SHORES
from sourcing.facts.timezones import minutes_of, utc_offset_hours, window_minutes
from sourcing.facts.workday import SLOT_MINUTES, SLOTS, ring, runs, slot_clock, window_ring
from sourcing.model.records import Constraints, PortfolioError
from sourcing.model.records import pct as _pct
from sourcing.model.scenario import Scenario
from sourcing.operating.automation import human_fte

Objective = Literal["score", "cost"]
SUM_TOLERANCE = 1e-6  # hand-edited shares must sum to 1 within this
EXPOSED_BELOW = 50.0  # a site whose regulatory sub-score is below this counts as exposure
FRONTIER_LEVELS = (1.0, 0.8, 0.6, 0.5, 0.4, 0.34, 0.25)
FRONTIER_COLUMNS = ["max_share_cap", "cost_usd_hr", "score", "hhi", "max_share", "sites", "mix"]
SITE_COLUMNS = ["iso2", "name", "shore", "share", "fte", "cost_usd_hr", "score", "reasons"]
_EPS = 1e-9


@dataclass(frozen=True, eq=False)
class Portfolio:
    """A split of the work and what it comes to (see the module docstring for each metric).

    ``sites`` has one row per used site, largest share first: iso2, name, shore, share, fte
    (share × the people the work needs — the typed-in FTE, or sized from volumes, after
    automation — 2 dp), cost_usd_hr, score, reasons.
    """

    sites: pd.DataFrame
    cost_usd_hr: float
    cost_low_usd_hr: float
    cost_high_usd_hr: float
    score: float
    coverage_pct: float
    window_hours: float
    covered_hours: float
    gaps: tuple[str, ...]  # uncovered spans of the service window, HQ clock
    handoffs: tuple[str, ...]  # "Manila → Mexico City at HQ 08:00 (60 min together)"
    languages_required: tuple[str, ...]
    languages_covered: tuple[str, ...]
    languages_missing: tuple[str, ...]
    regulatory_exposure: float  # share of the work where score_regulatory < 50
    regulatory_score: float  # blended
    max_share: float
    hhi: float
    continuity: bool
    shore_mix: dict[str, float] = field(default_factory=dict)
    explain: str = ""

    @property
    def shares(self) -> dict[str, float]:
        return dict(zip(self.sites["iso2"], self.sites["share"], strict=True))

    def summary(self) -> dict[str, Any]:
        """The metrics as one flat record (for a table row or a download)."""
        return {
            "mix": _mix_text(self.sites),
            "sites": len(self.sites),
            "cost_usd_hr": self.cost_usd_hr,
            "cost_low_usd_hr": self.cost_low_usd_hr,
            "cost_high_usd_hr": self.cost_high_usd_hr,
            "score": self.score,
            "coverage_pct": self.coverage_pct,
            "languages_missing": " ".join(self.languages_missing),
            "regulatory_exposure": self.regulatory_exposure,
            "regulatory_score": self.regulatory_score,
            "max_share": self.max_share,
            "hhi": self.hhi,
            "continuity": self.continuity,
            **{f"share_{shore}": self.shore_mix.get(shore, 0.0) for shore in SHORES},
        }


def _mix_text(sites: pd.DataFrame) -> str:
    return " · ".join(f"{i} {_pct(s)}" for i, s in zip(sites["iso2"], sites["share"], strict=True))


# --- hours on HQ's clock ----------------------------------------------------------------------


def _window_text(eff) -> str:
    if eff.service_hours is None:
        return "24 h, round the clock"
    start, end = eff.service_hours
    return f"{start:%H:%M}–{end:%H:%M} HQ time"


def _site_start(iso2: str, scenario: Scenario, eff, countries: pd.DataFrame) -> int:
    """The slot of HQ's clock where the site's local day (location_hours) starts."""
    gap = utc_offset_hours(str(countries.at[iso2, "hub_tz"]), eff.on) - utc_offset_hours(
        eff.hq_tz, eff.on
    )
    start = (minutes_of(scenario.location_hours[0]) - 60 * gap) % 1440
    return round(start / SLOT_MINUTES) % SLOTS


def _day_slots(scenario: Scenario) -> int:
    return math.ceil(window_minutes(*scenario.location_hours) / SLOT_MINUTES)


def _handoffs(starts: dict[str, int], length: int, target: np.ndarray, hubs: dict) -> list:
    """Where, inside the window, a site's day begins as another's is under way (or just
    ending: back to back), with the minutes the two work together."""
    out = []
    for b, sb in sorted(starts.items(), key=lambda kv: (kv[1], kv[0])):
        if not (target[sb] and target[(sb - 1) % SLOTS]) or length >= SLOTS:
            continue
        before = [
            (a, (sa + length - sb) % SLOTS)  # slots a still works from b's start
            for a, sa in starts.items()
            if sa != sb and ring(sa, length)[(sb - 1) % SLOTS]
        ]
        if before:
            a, together = max(before, key=lambda t: (t[1], t[0]))
            how = f"{together * SLOT_MINUTES} min together" if together else "back to back"
            out.append(f"{hubs[a]} → {hubs[b]} at HQ {slot_clock(sb)} ({how})")
    return out


# --- evaluate -----------------------------------------------------------------------------------


def _speaks(iso2: str, countries: pd.DataFrame) -> set[str]:
    return set(str(countries.at[iso2, "languages"]).split(";"))


def evaluate(
    shares: Mapping[str, float],
    scenario: Scenario,
    table: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    languages: Iterable[str] = (),
) -> Portfolio:
    """The metrics of a hand-edited split ``{iso2: share}``.

    Shares must be ≥ 0 and sum to 1 (within 1e-6); every country with a share above 0 must be
    a row of ``table`` that is not ruled out and has a cost. Zero shares are dropped. The
    required languages are the workload's plus ``languages``. Raises :class:`PortfolioError`.
    """
    if not shares:
        raise PortfolioError("shares: no site given; a portfolio needs at least one")
    rows = table.set_index("iso2", drop=False)
    clean: dict[str, float] = {}
    for key, value in shares.items():
        code = key.strip().upper() if isinstance(key, str) else key
        try:
            share = float(value)
        except (TypeError, ValueError):
            raise PortfolioError(f"share of {key!r} is not a number: {value!r}") from None
        if not math.isfinite(share):
            raise PortfolioError(f"share of {code} is not a finite number")
        if share < 0:
            raise PortfolioError(f"share of {code} is negative ({share:g})")
        if code not in rows.index or code not in countries.index:
            raise PortfolioError(f"{code!r} is not a country of the ranking")
        if code in clean:
            raise PortfolioError(f"{code} is given twice")
        clean[code] = share
    total = sum(clean.values())
    if abs(total - 1) > SUM_TOLERANCE:
        raise PortfolioError(f"shares sum to {total:.6g}, not 1 (100%)")
    used = {c: s for c, s in clean.items() if s > 0}
    for code in used:
        row = rows.loc[code]
        if bool(row["excluded"]):
            why = str(row.get("exclusions", "") or "").strip()
            raise PortfolioError(
                f"{code} ({row['name']}) is ruled out for this scenario"
                + (f": {why}" if why else "")
                + "; it cannot take a share"
            )
        if pd.isna(row["cost_usd_hr"]):
            raise PortfolioError(f"{code} ({row['name']}) has no cost data for this work")
    extra = tuple(str(code).strip().lower() for code in languages)
    return _portfolio(used, scenario, rows, countries, extra)


def _column(rows: pd.DataFrame, codes: list[str], name: str) -> np.ndarray:
    if name not in rows.columns:
        return np.full(len(codes), np.nan)
    return rows.loc[codes, name].to_numpy(float)


def _portfolio(
    used: dict[str, float],
    scenario: Scenario,
    rows: pd.DataFrame,
    countries: pd.DataFrame,
    extra_languages: tuple[str, ...],
) -> Portfolio:
    eff = resolve(scenario, countries)
    codes = sorted(used, key=lambda c: (-used[c], c))
    share = np.array([used[c] for c in codes])
    cost = _column(rows, codes, "cost_usd_hr")
    score = _column(rows, codes, "score")
    low = _column(rows, codes, "cost_low_usd_hr")
    high = _column(rows, codes, "cost_high_usd_hr")
    regulatory = _column(rows, codes, "score_regulatory")
    frame = pd.DataFrame({
        "iso2": codes,
        "name": rows.loc[codes, "name"].astype(str).to_numpy(),
        "shore": (rows.loc[codes, "shore"].astype(str).to_numpy()
                  if "shore" in rows.columns else ["offshore"] * len(codes)),
        "share": share,
        "fte": np.round(share * human_fte(scenario), 2),
        "cost_usd_hr": cost,
        "score": score,
        "reasons": (rows.loc[codes, "reasons"].astype(str).to_numpy()
                    if "reasons" in rows.columns else [""] * len(codes)),
    }, columns=SITE_COLUMNS)  # fmt: skip

    target = window_ring(eff.service_hours)
    length = _day_slots(scenario)
    starts = {c: _site_start(c, scenario, eff, countries) for c in codes}
    union = np.zeros(SLOTS, dtype=bool)
    for start in starts.values():
        union |= ring(start, length)
    window_slots = int(target.sum())
    covered_slots = int((target & union).sum())
    gaps = tuple(f"{slot_clock(s)}–{slot_clock(s + n)}" for s, n in runs(target & ~union))
    hubs = {c: str(countries.at[c, "hub_city"]) for c in codes}
    handoffs = tuple(_handoffs(starts, length, target, hubs))

    required = tuple(dict.fromkeys([*eff.languages, *extra_languages]))
    spoken = set().union(*(_speaks(c, countries) for c in codes))
    covered_langs = tuple(code for code in required if code in spoken)
    missing_langs = tuple(code for code in required if code not in spoken)

    exposed = float(share[~(regulatory >= EXPOSED_BELOW)].sum())  # NaN counts as exposed
    mix = {s: float(share[frame["shore"].to_numpy() == s].sum()) for s in SHORES}
    blended = {
        "cost": float(share @ cost),
        "low": float(share @ low),
        "high": float(share @ high),
        "score": float(share @ score),
        "regulatory": float(share @ regulatory),
    }
    hhi = float(share @ share)
    portfolio = dict(
        sites=frame,
        cost_usd_hr=blended["cost"],
        cost_low_usd_hr=blended["low"],
        cost_high_usd_hr=blended["high"],
        score=blended["score"],
        coverage_pct=100 * covered_slots / window_slots,
        window_hours=window_slots * SLOT_MINUTES / 60,
        covered_hours=covered_slots * SLOT_MINUTES / 60,
        gaps=gaps,
        handoffs=handoffs,
        languages_required=required,
        languages_covered=covered_langs,
        languages_missing=missing_langs,
        regulatory_exposure=exposed,
        regulatory_score=blended["regulatory"],
        max_share=float(share.max()),
        hhi=hhi,
        continuity=len(codes) >= 2,
        shore_mix=mix,
    )
    return Portfolio(**portfolio, explain=_explain(portfolio, eff))


def _explain(p: dict, eff) -> str:
    frame = p["sites"]
    parts = [
        f"{_pct(s)} {n} ({shore})"
        for n, s, shore in zip(frame["name"], frame["share"], frame["shore"], strict=True)
    ]
    n = len(frame)
    lines = [
        f"The work splits across {n} site{'s' if n != 1 else ''}: {', '.join(parts)}."
        if n > 1
        else f"All the work goes to one site: {parts[0]}.",
        f"Blended cost ${p['cost_usd_hr']:.2f}/h"
        + (
            f" (range ${p['cost_low_usd_hr']:.2f}–${p['cost_high_usd_hr']:.2f})"
            if math.isfinite(p["cost_low_usd_hr"]) and math.isfinite(p["cost_high_usd_hr"])
            else ""
        )
        + f"; blended score {p['score']:.1f} of 100.",
    ]
    window = _window_text(eff)
    if p["coverage_pct"] >= 100 - _EPS:
        lines.append(f"The sites' working days together cover the service window ({window}).")
    else:
        lines.append(
            f"The sites' working days cover {p['coverage_pct']:.0f}% of the service window "
            f"({window}); not covered: {', '.join(p['gaps'])} HQ time."
            + (
                " The ranking staffs this workload on shifts (its rates include the night "
                "premium), so those hours can be worked as shifted days."
                if eff.shift_alignment == "shift"
                else ""
            )
        )
    lines.append(
        f"Largest site {_pct(p['max_share'])}; Herfindahl index {p['hhi']:.2f} (as concentrated "
        f"as {1 / p['hhi']:.1f} equal sites)."
        + ("" if p["continuity"] else " No second site can take over if this one stops.")
    )
    if p["languages_missing"]:
        names = ", ".join(language_name(c) for c in p["languages_missing"])
        lines.append(f"No site speaks {names}.")
    if p["regulatory_exposure"] > _EPS:
        lines.append(
            f"{_pct(p['regulatory_exposure'])} of the work sits where the regulatory score is "
            f"below {EXPOSED_BELOW:g}."
        )
    return " ".join(lines)


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
        speaks[lang] = np.array([lang in _speaks(c, countries) for c in codes])
        if not speaks[lang].any():
            raise PortfolioError(
                f"languages: no candidate site speaks {language_name(lang)} ({lang})"
            )
    covers = np.zeros((0, len(codes)), dtype=bool)
    if constraints.cover_window:
        target = window_ring(eff.service_hours)
        length = _day_slots(scenario)
        masks = np.stack(
            [ring(_site_start(c, scenario, eff, countries), length) for c in codes], axis=1
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
        window_text=_window_text(eff),
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
    if objective not in ("score", "cost"):
        raise ValueError("objective must be 'score' or 'cost'")
    constraints = constraints or Constraints()
    inst = _candidates(scenario, table, countries, constraints)
    x = _solve(inst, constraints, objective)
    if x is None:
        raise _infeasible(inst, constraints)
    used = {code: float(s) for code, s in zip(inst.codes, x, strict=True) if s > 0}
    rows = table.set_index("iso2", drop=False)
    return _portfolio(used, scenario, rows, countries, constraints.languages)


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
            "mix": _mix_text(best.sites),
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
