"""The scorers: one small function per criterion, from a location's facts to its 0–100 sub-score
and the sentence it adds to the location's reasons.

Each scorer takes the facts table (one row per location, built by :mod:`sourcing.scoring`) and
the :class:`Basis` of the ranking (HQ's cost, the service window, the languages asked for) and
returns a :class:`Scored`: the sub-scores as a float array (NaN = no data, scored neutral by the
engine and said so in the reasons) and one reason sentence (or ``None``) per location. Every
scale is fixed — it depends on the location and the scenario, never on the other candidates —
so filtering candidates never reorders the rest. The registry of criteria is
:data:`sourcing.criteria.REGISTRY`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sourcing.geo import HALF_CIRCUMFERENCE_KM
from sourcing.timezones import overlap_name

EPI_FLOOR, EPI_TOP = 400, 650
RISK_BLEND = {"stability": 0.6, "cyber": 0.4}
TALENT_MIN_M, TALENT_MAX_M = 0.2, 500.0
ICT_EXPORTS_FLOOR_M, ICT_EXPORTS_TOP_M = 100.0, 100_000.0  # USD m a year: 0 … 100
REQUIRED_SHARE = 0.7


@dataclass(frozen=True)
class Basis:
    """What every location is scored against."""

    hq_cost: float | None  # HQ's loaded hourly cost for the role (same shift rule)
    service_hours: float  # length of the service window on the scenario date
    hq_day_hours: float  # length of HQ's working day
    night_premium: float
    languages: tuple[str, ...]
    preferred_languages: tuple[str, ...]
    hq_cost_range: tuple[float | None, float | None] = (None, None)  # HQ cost's low and high
    shifted: bool = False  # the team works the service window on shifts
    preferred_share: float = 1 - REQUIRED_SHARE  # the preferred languages' part of language


@dataclass(frozen=True)
class Scored:
    values: np.ndarray  # 0–100, NaN where the input is missing
    reasons: list[str | None]


def _clip(x):
    return 100.0 * np.clip(x, 0.0, 1.0)


def _none(n: int) -> list[str | None]:
    return [None] * n


def _number(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def cost_subscore(loaded, hq_cost):
    """100 × clip(1 − cost / HQ cost, 0, 1), element-wise (arrays broadcast: the Monte Carlo
    passes draws of both)."""
    return _clip(1 - np.asarray(loaded, dtype=float) / hq_cost)


def cost(facts: pd.DataFrame, basis: Basis) -> Scored:
    """100 × clip(1 − cost / HQ cost, 0, 1): the saving against doing the work at HQ (same role
    family, same shift rule, night premium included). Reason: "saves 62% vs HQ"."""
    loaded = _number(facts["cost_usd_hr"])
    hq = np.nan if basis.hq_cost is None else basis.hq_cost
    ratio = loaded / hq
    reasons: list[str | None] = []
    for r, onshore in zip(ratio, facts["onshore"], strict=True):
        if np.isnan(r) or onshore:
            reasons.append(None)
        else:
            saving = 100 * (1 - r)
            more = f"costs {-saving:.0f}% more than HQ"
            reasons.append(f"saves {saving:.0f}% vs HQ" if saving >= 0 else more)
    return Scored(cost_subscore(loaded, hq), reasons)


def coverage(facts: pd.DataFrame, basis: Basis) -> Scored:
    """100 × hours of the service window staffed / service-window hours: whether the window is
    covered, day or night alike. Night work is priced, not discounted here: its premium is in
    the cost (:mod:`sourcing.scoring`, ``loaded``). Reason, for a shifted day: "shifted day:
    40% night hours, priced at +4.0% (10% night premium)"."""
    day, night = _number(facts["day_hours"]), _number(facts["night_hours"])
    reasons: list[str | None] = []
    for n in night:
        if n > 0:
            share = n / basis.service_hours
            reasons.append(
                f"shifted day: {100 * share:.0f}% night hours, priced at "
                f"+{100 * basis.night_premium * share:.1f}% "
                f"({100 * basis.night_premium:g}% night premium)"
            )
        else:
            reasons.append(None)
    return Scored(_clip((day + night) / basis.service_hours), reasons)


def collaboration(facts: pd.DataFrame, basis: Basis) -> Scored:
    """100 × min(HQ overlap of the team as staffed / length of HQ's day, 1): a local office day
    (moved, when it had to, to meet the overlap minimum), or the shifted team's hours for shift
    work. Reason: "3.5 h HQ overlap (local office day)", "2.0 h HQ overlap (office day moved
    2.5 h later)"."""
    overlap = _number(facts["overlap_hours"])
    moves = facts["day_moved_hours"] if "day_moved_hours" in facts else [0.0] * len(facts)
    notion = overlap_name(basis.shifted)
    reasons: list[str | None] = []
    for hours, move in zip(overlap, moves, strict=True):
        if move:
            way = "later" if move > 0 else "earlier"
            reasons.append(f"{hours:.1f} h HQ overlap (office day moved {abs(move):g} h {way})")
        else:
            reasons.append(f"{hours:.1f} h {notion}")
    return Scored(_clip(overlap / basis.hq_day_hours), reasons)


def english_level(native: bool, epi, official: bool = False) -> float | None:
    """English sub-score: 100 where English is native or an official language of business and
    education (CLDR official / de facto official: the Philippines, India, Nigeria, Kenya…);
    elsewhere EF EPI scaled 400 → 0 … 650 → 100; None = no data."""
    if native or official:
        return 100.0
    if epi is None or pd.isna(epi):
        return None
    return float(_clip((float(epi) - EPI_FLOOR) / (EPI_TOP - EPI_FLOOR)))


def offers(languages: str, language: str) -> bool:
    """Whether a delivery workforce offers ``language`` at business level (screening).

    Other languages: listed in ``languages``. English is scored, not screened: EF EPI measures
    a national average, not the English-speaking delivery workforce that every destination in
    the dataset has; a low national level lowers the language score instead.
    """
    return language == "en" or language in languages.split(";")


def language(facts: pd.DataFrame, basis: Basis) -> Scored:
    """Per required language — English: :func:`english_level`; another language: 100 if
    offered — mean over required, blended with the share of preferred languages offered (the
    preset's ``preferred_share``, 30% unless it says otherwise; when any are preferred).
    Reason (English asked for): "English official", "EF EPI 569"."""
    values, reasons = [], []
    for native, official, epi, offered in zip(
        facts["english_native"], facts["english_official"], facts["english_epi"],
        facts["languages"], strict=True,
    ):  # fmt: skip
        level = english_level(native, epi, official)
        required = [
            level if lang == "en" else (100.0 if offers(offered, lang) else 0.0)
            for lang in basis.languages
        ] or [level]
        known = [r for r in required if r is not None]
        if not known:
            values.append(np.nan)
        else:
            part = sum(known) / len(known)
            if basis.preferred_languages:
                share = sum(offers(offered, lang) for lang in basis.preferred_languages)
                preferred = 100.0 * share / len(basis.preferred_languages)
                part = (1 - basis.preferred_share) * part + basis.preferred_share * preferred
            values.append(part)
        if "en" in basis.languages and level is not None:
            said = "native English" if native else "English official" if official else None
            reasons.append(said or f"EF EPI {int(epi)}")
        else:
            reasons.append(None)
    return Scored(np.array(values, dtype=float), reasons)


def regulatory(facts: pd.DataFrame, basis: Basis) -> Scored:
    """The transfer path for the data handled, the local privacy law and the localisation
    regime (see :mod:`sourcing.regulation`). Reason: the path per data category."""
    notes = ["; ".join(n) or None for n in facts["regulatory_notes"]]
    return Scored(_number(facts["regulatory_score"]), notes)


def risk(facts: pd.DataFrame, basis: Basis) -> Scored:
    """60% WGI political stability on −2.5 → 0 … +2.5 → 100, 40% ITU GCI tier 1 → 100 … tier
    5 → 0; one part alone when the other is missing."""
    stability = _clip((_number(facts["political_stability"]) + 2.5) / 5)
    cyber = _clip((5 - _number(facts["gci_tier"])) / 4)
    ws, wc = RISK_BLEND["stability"], RISK_BLEND["cyber"]
    has_s, has_c = ~np.isnan(stability), ~np.isnan(cyber)
    total = ws * has_s + wc * has_c
    blended = (ws * np.nan_to_num(stability) + wc * np.nan_to_num(cyber)) / np.where(
        total > 0, total, 1
    )
    return Scored(np.where(total > 0, blended, np.nan), _none(len(facts)))


def talent(facts: pd.DataFrame, basis: Basis) -> Scored:
    """Labour force on a log scale, 0.2 m → 0 … 500 m → 100."""
    labour = _number(facts["labour_force_m"])
    lo, hi = math.log(TALENT_MIN_M), math.log(TALENT_MAX_M)
    with np.errstate(divide="ignore", invalid="ignore"):
        return Scored(_clip((np.log(labour) - lo) / (hi - lo)), _none(len(facts)))


def capability(facts: pd.DataFrame, basis: Basis) -> Scored:
    """Delivery capability — the size of the industry that already exports such services:
    100 × clip(log(ICT service exports / $100 m) / log($100 bn / $100 m), 0, 1), i.e. $100 m a
    year or less → 0, $1 bn → 33, $10 bn → 67, $100 bn or more → 100 (World Bank WDI
    BX.GSR.CCIS.CD). For contact-centre and back-office work, ICT-enabled service exports are a
    proxy for the outsourcing industry, and the reason says so. Reason: "ICT service exports
    $8.1 bn (2024)"."""
    exports = _number(facts["ict_exports_usd_m"])
    scaled = np.log(exports / ICT_EXPORTS_FLOOR_M) / np.log(ICT_EXPORTS_TOP_M / ICT_EXPORTS_FLOOR_M)
    reasons: list[str | None] = []
    for value, year in zip(exports, facts["ict_exports_year"], strict=True):
        if np.isnan(value):
            reasons.append(None)
        else:
            amount = f"${value / 1000:.1f} bn" if value >= 1000 else f"${value:.0f} m"
            reasons.append(f"ICT service exports {amount} ({int(year)})")
    with np.errstate(divide="ignore", invalid="ignore"):
        values = _clip(scaled)
    values[np.isnan(exports)] = np.nan
    return Scored(values, reasons)


def proximity(facts: pd.DataFrame, basis: Basis) -> Scored:
    """100 × (1 − great-circle km from HQ's hub / 20,015 km)."""
    km = _number(facts["distance_km"])
    return Scored(_clip(1 - km / HALF_CIRCUMFERENCE_KM), _none(len(facts)))
