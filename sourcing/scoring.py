"""Screen, then score: the ranked table for a scenario.

Every criterion is scored 0–100 on a fixed scale that depends only on the location and the
scenario, never on the other candidates, so filtering candidates never reorders the rest:

- ``cost``: 100 × clip(1 − cost / HQ cost, 0, 1) — the saving against doing the work at HQ
  (same role family, same shift rule, night premium included).
- ``coverage``: 100 × (day hours staffed + ½ × night hours staffed) / service-window hours.
- ``collaboration``: 100 × min(overlap with HQ's day / length of HQ's day, 1).
- ``language``: per required language — English: native 100, else EF EPI on 400 → 0 … 650 →
  100; another language: 100 if offered — mean over required (70%) and share of preferred
  languages offered (30%, when any are preferred).
- ``regulatory``: see :mod:`sourcing.regulation`.
- ``risk``: 60% WGI political stability on −2.5 → 0 … +2.5 → 100, 40% ITU GCI tier 1 → 100 …
  tier 5 → 0.
- ``talent``: labour force on a log scale, 0.2 m → 0 … 500 m → 100.
- ``proximity``: 100 × (1 − great-circle km / 20,015 km).

A missing input scores a neutral 50 and says so in ``reasons``. The total is the weighted sum
(``wsm``) or TOPSIS with fixed ideal (100) and anti-ideal (0) points (``topsis``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sourcing.countries import shared_countries
from sourcing.criteria import CRITERIA
from sourcing.geo import HALF_CIRCUMFERENCE_KM, great_circle_km
from sourcing.regulation import NEUTRAL, gdpr_path, regulatory_fit, uk_path
from sourcing.scenario import Effective, Scenario, ScenarioError
from sourcing.shores import shore_of
from sourcing.timezones import WorkingDay, _intersection, night_hours, utc_offset_hours

EPI_FLOOR, EPI_TOP = 400, 650
RISK_BLEND = {"stability": 0.6, "cyber": 0.4}
TALENT_MIN_M, TALENT_MAX_M = 0.2, 500.0
NIGHT_WEIGHT = 0.5
REQUIRED_SHARE = 0.7
ALL_DAYS = frozenset(range(7))

RESULT_COLUMNS = [
    "rank", "iso2", "iso3", "name", "region", "shore", "score", "excluded", "exclusions", "reasons",
    "overlap_hq_hours", "coverage_pct", "night_share_pct", "cost_usd_hr", "cost_source",
    "saving_pct",
    "distance_km", "utc_offset_gap_hours",
    *[f"score_{c}" for c in CRITERIA],
    "gdpr_path", "uk_path", "localization", "us_country_of_concern",
]  # fmt: skip


@dataclass(frozen=True)
class _Windows:
    hq_day: WorkingDay
    hq_interval: tuple
    service: tuple  # UTC interval of the service window on the scenario date
    service_hours: float


def _windows(scenario: Scenario, eff: Effective) -> _Windows:
    hq_day = WorkingDay(eff.hq_tz, *scenario.hq_hours)
    if eff.service_hours is None:
        service_day = WorkingDay(eff.hq_tz, _midnight(), _midnight(), ALL_DAYS)
    else:
        service_day = WorkingDay(eff.hq_tz, *eff.service_hours, ALL_DAYS)
    service = service_day.interval(eff.on)
    hours = (service[1] - service[0]).total_seconds() / 3600
    return _Windows(hq_day, hq_day.interval(eff.on), service, hours)


def _midnight():
    import datetime as dt

    return dt.time(0)


def _clip(x: float) -> float:
    return 100.0 * min(max(x, 0.0), 1.0)


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def english_level(row) -> float | None:
    """English sub-score: native 100; else EF EPI scaled 400 → 0 … 650 → 100; None = no data."""
    if row["english_native"]:
        return 100.0
    epi = _num(row["english_epi"])
    return None if epi is None else _clip((epi - EPI_FLOOR) / (EPI_TOP - EPI_FLOOR))


def offers(row, language: str) -> bool:
    """Whether a delivery workforce offers ``language`` at business level (screening).

    Other languages: listed in ``languages``. English is scored, not screened: EF EPI measures
    a national average, not the English-speaking delivery workforce that every destination in
    the dataset has; a low national level lowers the language score instead.
    """
    if language == "en":
        return True
    return language in row["languages"].split(";")


def _risk(row) -> float | None:
    parts = {}
    stability = _num(row["political_stability"])
    if stability is not None:
        parts["stability"] = _clip((stability + 2.5) / 5)
    tier = _num(row["gci_tier"])
    if tier is not None:
        parts["cyber"] = _clip((5 - tier) / 4)
    if not parts:
        return None
    total = sum(RISK_BLEND[k] for k in parts)
    return sum(RISK_BLEND[k] * v for k, v in parts.items()) / total


def _talent(row) -> float | None:
    labour = _num(row["labour_force_m"])
    if labour is None:
        return None
    lo, hi = math.log(TALENT_MIN_M), math.log(TALENT_MAX_M)
    return _clip((math.log(labour) - lo) / (hi - lo))


def _staffing(scenario: Scenario, eff: Effective, w: _Windows, tz: str):
    """(hours staffed by day, by night, overlap with HQ) for a location in zone ``tz``."""
    if eff.shift_alignment == "shift":
        night = night_hours(w.service, tz)
        team = w.service
        overlap = _intersection(w.hq_interval, team)
        return w.service_hours - night, night, overlap
    day = WorkingDay(tz, *scenario.location_hours)
    staffed = sum(_intersection(w.service, i) for i in day.intervals_near(w.service[0]))
    overlap = sum(_intersection(w.hq_interval, i) for i in day.intervals_near(w.hq_interval[0]))
    return staffed, 0.0, overlap


def rank(scenario: Scenario, countries: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per location: shore class, sub-scores, total score, rank, exclusions with reasons.

    Excluded locations stay in the table (``excluded`` true, ``rank`` empty, reasons first).
    """
    if countries is None:
        countries = shared_countries()
    if scenario.hq not in countries.index:
        raise ScenarioError(f"hq: {scenario.hq} is not in the country dataset")
    hq_row = {**countries.loc[scenario.hq].to_dict(), "iso2": scenario.hq}
    eff = scenario.effective(hq_row["hub_tz"])
    w = _windows(scenario, eff)
    cost_column = f"cost_{eff.role}_usd_hr"
    hq_offset = utc_offset_hours(hq_row["hub_tz"], eff.on)
    offsets: dict[str, float] = {}

    def offset(tz: str) -> float:
        if tz not in offsets:
            offsets[tz] = utc_offset_hours(tz, eff.on)
        return offsets[tz]

    def loaded_cost(row, night: float) -> float | None:
        base = _num(row[cost_column])
        if base is None:
            return None
        return base * (1 + scenario.night_premium * night / w.service_hours)

    hq_day_n, hq_night_n, _ = _staffing(scenario, eff, w, eff.hq_tz)
    hq_cost = loaded_cost(hq_row, hq_night_n)

    records = []
    for row in _records(countries):
        iso2 = row["iso2"]
        onshore = iso2 == scenario.hq
        day_n, night_n, overlap = _staffing(scenario, eff, w, row["hub_tz"])
        km = great_circle_km(hq_row["hub_lat"], hq_row["hub_lon"], row["hub_lat"], row["hub_lon"])
        gap = offset(row["hub_tz"]) - hq_offset
        shore = shore_of(onshore, gap, km, scenario.max_offset_hours, scenario.max_km)
        cost = loaded_cost(row, night_n)
        reasons: list[str] = []
        notes: list[str] = []
        no_data: list[str] = []

        if iso2 in scenario.exclude:
            reasons.append("excluded by you")
        if eff.onshore_only and not onshore:
            reasons.append("onshore only")
        fit = regulatory_fit(row, eff.data, eff.allow_sccs, onshore, eff.on.year)
        reasons.extend(fit.blocked)
        for language in eff.languages:
            if not offers(row, language):
                reasons.append(f"required language {language} not offered")
        if overlap + 1e-9 < eff.min_hq_overlap_hours:
            reasons.append(f"HQ overlap {overlap:.1f} h < {eff.min_hq_overlap_hours:g} h minimum")

        subs: dict[str, float | None] = {}
        if cost is None or hq_cost is None:
            subs["cost"] = None
        else:
            subs["cost"] = _clip(1 - cost / hq_cost)
        subs["coverage"] = _clip((day_n + NIGHT_WEIGHT * night_n) / w.service_hours)
        hq_len = (w.hq_interval[1] - w.hq_interval[0]).total_seconds() / 3600
        subs["collaboration"] = _clip(overlap / hq_len)
        subs["language"] = _language(row, eff)
        subs["regulatory"] = fit.score
        subs["risk"] = _risk(row)
        subs["talent"] = _talent(row)
        subs["proximity"] = _clip(1 - km / HALF_CIRCUMFERENCE_KM)
        for criterion, value in subs.items():
            if value is None:
                no_data.append(criterion)
                subs[criterion] = NEUTRAL
        no_data.extend(f"regulatory ({d})" for d in fit.no_data)

        saving = None if cost is None or hq_cost is None else 100 * (1 - cost / hq_cost)
        if saving is not None and not onshore:
            notes.append(
                f"saves {saving:.0f}% vs HQ"
                if saving >= 0
                else f"costs {-saving:.0f}% more than HQ"
            )
        if night_n > 0:
            share = night_n / w.service_hours
            notes.append(
                f"shifted day: {100 * share:.0f}% night hours, "
                f"+{100 * scenario.night_premium * share:.1f}% night premium"
            )
        notes.append(f"{overlap:.1f} h overlap with HQ")
        level = english_level(row)
        if "en" in eff.languages and level is not None:
            notes.append(
                "native English" if row["english_native"] else f"EF EPI {int(row['english_epi'])}"
            )
        notes.extend(fit.notes)
        if no_data:
            notes.append(f"no data: {', '.join(no_data)} (scored {NEUTRAL:g})")

        records.append({
            "iso2": iso2,
            "iso3": row["iso3"],
            "name": row["name"],
            "region": row["region"],
            "shore": shore,
            "excluded": bool(reasons),
            "exclusions": "; ".join(reasons),
            "reasons": "; ".join(reasons + notes),
            "overlap_hq_hours": round(overlap, 2),
            "coverage_pct": round(100 * (day_n + night_n) / w.service_hours, 1),
            "night_share_pct": round(100 * night_n / w.service_hours, 1),
            "cost_usd_hr": None if cost is None else round(cost, 2),
            "cost_source": _cost_source(row, eff.role, cost),
            "saving_pct": None if saving is None else round(saving, 1),
            "distance_km": round(km),
            "utc_offset_gap_hours": gap,
            **{f"score_{c}": subs[c] for c in CRITERIA},
            "gdpr_path": gdpr_path(row),
            "uk_path": uk_path(row),
            "localization": row["localization"],
            "us_country_of_concern": bool(row["us_country_of_concern"]),
        })  # fmt: skip

    table = pd.DataFrame.from_records(records)
    for column in ("cost_usd_hr", "saving_pct"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
    matrix = table[[f"score_{c}" for c in CRITERIA]].to_numpy(dtype=float)
    weights = np.array([eff.weights[c] for c in CRITERIA])
    table["score"] = total_score(matrix, weights, scenario.method)
    return _ranked(table)


def _records(countries: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts (column lists zipped: far faster than ``to_dict`` on arrow strings)."""
    columns = {"iso2": countries.index.tolist()}
    for name in countries.columns:
        values = countries[name].tolist()
        columns[name] = [None if v is pd.NA else v for v in values]
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _cost_source(row, role: str, cost: float | None) -> str:
    """ "your data" for a rate from the user's rate card, else "estimate" (or "no data")."""
    if cost is None:
        return "no data"
    mine = str(row.get("your_data_roles") or "").split(";")
    return "your data" if role in mine else "estimate"


def _language(row, eff: Effective) -> float | None:
    level = english_level(row)
    required = []
    for language in eff.languages:
        if language == "en":
            required.append(level)
        else:
            required.append(100.0 if offers(row, language) else 0.0)
    if not required:
        required = [level]
    if any(r is None for r in required):
        known = [r for r in required if r is not None]
        if not known:
            return None
        required = known
    part = sum(required) / len(required)
    if eff.preferred_languages:
        share = sum(offers(row, lang) for lang in eff.preferred_languages)
        preferred = 100.0 * share / len(eff.preferred_languages)
        return REQUIRED_SHARE * part + (1 - REQUIRED_SHARE) * preferred
    return part


def total_score(matrix: np.ndarray, weights: np.ndarray, method: str = "wsm") -> np.ndarray:
    """Total 0–100 from sub-scores (rows = locations) and weights (normalised here).

    wsm:    Σ wᵢ sᵢ
    topsis: 100 · d⁻ / (d⁺ + d⁻), with d⁺ = ‖w ∘ (100 − s)‖ and d⁻ = ‖w ∘ s‖ — distances to the
            fixed ideal (all 100) and anti-ideal (all 0), so no candidate moves another.
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 1 or weights.size != matrix.shape[1]:
        raise ValueError("one weight per criterion is needed")
    if (weights < 0).any() or not np.isfinite(weights).all() or weights.sum() <= 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    weights = weights / weights.sum()
    if method == "wsm":
        return matrix @ weights
    if method == "topsis":
        best = np.sqrt((((100.0 - matrix) * weights) ** 2).sum(axis=1))
        worst = np.sqrt(((matrix * weights) ** 2).sum(axis=1))
        return 100.0 * worst / (best + worst)
    raise ValueError(f"unknown method {method!r}; use 'wsm' or 'topsis'")


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    table["score"] = table["score"].round(2)
    subscores = [f"score_{c}" for c in CRITERIA]
    table[subscores] = table[subscores].round(1)
    order = table.sort_values(["excluded", "score", "iso2"], ascending=[True, False, True])
    kept = ~order["excluded"].to_numpy()
    ranks = pd.array([pd.NA] * len(order), dtype="Int64")
    ranks[kept] = pd.Series(order["score"].to_numpy()[kept]).rank(method="min", ascending=False)
    order.insert(0, "rank", ranks)
    return order[RESULT_COLUMNS].reset_index(drop=True)


_OVERLAP = re.compile(r"HQ overlap [\d.]+ h < ([\d.]+) h minimum")


def exclusion_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Exclusion reasons grouped: reason, how many locations, which ones."""
    rows = []
    for _, r in table[table["excluded"]].iterrows():
        for reason in r["exclusions"].split("; "):
            rows.append((_OVERLAP.sub(r"HQ overlap below \1 h minimum", reason), r["name"]))
    frame = pd.DataFrame(rows, columns=["reason", "name"])
    if frame.empty:
        return pd.DataFrame(columns=["reason", "count", "locations"])
    grouped = frame.groupby("reason")["name"].agg(["count", lambda s: ", ".join(sorted(s))])
    grouped.columns = ["count", "locations"]
    return grouped.sort_values("count", ascending=False).reset_index()


@dataclass(frozen=True)
class Headline:
    best_iso2: str | None
    best_name: str | None
    best_shore: str | None
    best_score: float | None
    best_saving_pct: float | None
    ranked: int
    excluded: int


def headline(table: pd.DataFrame) -> Headline:
    """The numbers a page leads with: the #1, its shore and saving, how many were ruled out."""
    kept = table[~table["excluded"]].sort_values("rank")
    excluded = int(table["excluded"].sum())
    if kept.empty:
        return Headline(None, None, None, None, None, 0, excluded)
    best = kept.iloc[0]
    saving = None if pd.isna(best["saving_pct"]) else float(best["saving_pct"])
    return Headline(best["iso2"], best["name"], best["shore"], float(best["score"]), saving,
                    len(kept), excluded)  # fmt: skip


def top(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The first ``n`` ranked locations with the columns a summary needs."""
    columns = ["rank", "iso2", "name", "shore", "score", "cost_usd_hr", "saving_pct",
               "overlap_hq_hours", "reasons"]  # fmt: skip
    return table[~table["excluded"]].sort_values("rank").head(n)[columns].reset_index(drop=True)


def select(
    table: pd.DataFrame,
    shores: list[str] | tuple[str, ...] = (),
    regions: list[str] | tuple[str, ...] = (),
    include_excluded: bool = True,
) -> pd.DataFrame:
    """Rows of a ranked table in the given shore classes and regions (all when empty)."""
    mask = pd.Series(True, index=table.index)
    if shores:
        mask &= table["shore"].isin(list(shores))
    if regions:
        mask &= table["region"].isin(list(regions))
    if not include_excluded:
        mask &= ~table["excluded"]
    return table[mask]
