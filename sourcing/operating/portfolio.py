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

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from sourcing.engine.resolve import resolve
from sourcing.engine.tables import key_column
from sourcing.facts.cities import city_locations, hub_id
from sourcing.facts.languages import language_name
from sourcing.facts.shores import SHORES
from sourcing.facts.timezones import minutes_of, utc_offset_hours, window_minutes
from sourcing.facts.workday import SLOT_MINUTES, SLOTS, ring, runs, slot_clock, window_ring
from sourcing.model.records import PortfolioError
from sourcing.model.records import pct as _pct
from sourcing.model.scenario import Scenario
from sourcing.operating.automation import human_fte

Objective = Literal["score", "cost"]
SUM_TOLERANCE = 1e-6  # hand-edited shares must sum to 1 within this
EXPOSED_BELOW = 50.0  # a site whose regulatory sub-score is below this counts as exposure
SITE_COLUMNS = ["iso2", "name", "shore", "share", "fte", "cost_usd_hr", "score", "reasons"]
_EPS = 1e-9


@dataclass(frozen=True, eq=False)
class Portfolio:
    """A split of the work and what it comes to (see the module docstring for each metric).

    ``sites`` has one row per used site, largest share first: iso2 (at city level
    ``location``, the city's id; HQ's hub under HQ's code), name, shore, share, fte
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
        return dict(zip(self.sites[key_column(self.sites)], self.sites["share"], strict=True))

    def summary(self) -> dict[str, Any]:
        """The metrics as one flat record (for a table row or a download)."""
        return {
            "mix": mix_text(self.sites),
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


def mix_text(sites: pd.DataFrame) -> str:
    keys = sites[key_column(sites)]
    return " · ".join(f"{i} {_pct(s)}" for i, s in zip(keys, sites["share"], strict=True))


# --- hours on HQ's clock ----------------------------------------------------------------------


def window_text(eff) -> str:
    if eff.service_hours is None:
        return "24 h, round the clock"
    start, end = eff.service_hours
    return f"{start:%H:%M}–{end:%H:%M} HQ time"


def site_start(iso2: str, scenario: Scenario, eff, countries: pd.DataFrame) -> int:
    """The slot of HQ's clock where the site's local day (location_hours) starts."""
    gap = utc_offset_hours(str(countries.at[iso2, "hub_tz"]), eff.on) - utc_offset_hours(
        eff.hq_tz, eff.on
    )
    start = (minutes_of(scenario.location_hours[0]) - 60 * gap) % 1440
    return round(start / SLOT_MINUTES) % SLOTS


def day_slots(scenario: Scenario) -> int:
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


def site_speaks(iso2: str, countries: pd.DataFrame) -> set[str]:
    return set(str(countries.at[iso2, "languages"]).split(";"))


def keyed(scenario: Scenario, table: pd.DataFrame, countries: pd.DataFrame):
    """(table, places) a portfolio reads: at country level as given; at city level each site
    keyed by its city id (``iso2`` holds it, ``country`` the country) with the city frame as
    the places, HQ's hub city standing for HQ under HQ's own code."""
    if "location" not in table.columns:
        return table, countries
    hub = hub_id(scenario.hq)
    sites = table["location"].where(table["location"] != hub, scenario.hq)
    places = city_locations(countries).rename(index={hub: scenario.hq})
    return table.assign(country=table["iso2"], iso2=sites), places


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
    table, countries = keyed(scenario, table, countries)
    rows = table.set_index("iso2", drop=False)
    clean: dict[str, float] = {}
    for key, value in shares.items():
        code = key.strip() if isinstance(key, str) else key
        code = code if code in rows.index or not isinstance(code, str) else code.upper()
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
    return build_portfolio(used, scenario, rows, countries, extra)


def _column(rows: pd.DataFrame, codes: list[str], name: str) -> np.ndarray:
    if name not in rows.columns:
        return np.full(len(codes), np.nan)
    return rows.loc[codes, name].to_numpy(float)


def build_portfolio(
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
    if "country" in rows.columns:  # city level (see keyed): the site is a city, named as one
        frame = frame.rename(columns={"iso2": "location"})

    target = window_ring(eff.service_hours)
    length = day_slots(scenario)
    starts = {c: site_start(c, scenario, eff, countries) for c in codes}
    union = np.zeros(SLOTS, dtype=bool)
    for start in starts.values():
        union |= ring(start, length)
    window_slots = int(target.sum())
    covered_slots = int((target & union).sum())
    gaps = tuple(f"{slot_clock(s)}–{slot_clock(s + n)}" for s, n in runs(target & ~union))
    hubs = {c: str(countries.at[c, "hub_city"]) for c in codes}
    handoffs = tuple(_handoffs(starts, length, target, hubs))

    required = tuple(dict.fromkeys([*eff.languages, *extra_languages]))
    spoken = set().union(*(site_speaks(c, countries) for c in codes))
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
    window = window_text(eff)
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
