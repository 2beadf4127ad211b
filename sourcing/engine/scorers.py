"""The scorers: one small function per criterion, from a location's facts to its 0–100 sub-score
and the sentence it adds to the location's reasons.

Each scorer takes the facts table (one row per location, built by :mod:`sourcing.engine.scoring`)
and the :class:`Basis` of the ranking (HQ's cost, the service window, the languages asked for) and
returns a :class:`Scored`: the sub-scores as a float array (NaN = no data, scored neutral by the
engine and said so in the reasons) and one reason sentence (or ``None``) per location. Every
scale is fixed — it depends on the location, the scenario and the dataset (cost's upper
quartile, :func:`cost_anchor`), never on the other candidates — so filtering candidates never
reorders the rest. The registry of criteria is
:data:`sourcing.model.criteria.REGISTRY`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sourcing.facts.geo import HALF_CIRCUMFERENCE_KM
from sourcing.facts.languages import language_name
from sourcing.facts.timezones import overlap_name

EPI_FLOOR, EPI_TOP = 400, 650
RISK_BLEND = {"stability": 0.6, "cyber": 0.4}
TALENT_MIN_M, TALENT_MAX_M = 0.2, 500.0
ICT_EXPORTS_FLOOR_M, ICT_EXPORTS_TOP_M = 100.0, 100_000.0  # USD m a year: 0 … 100
BPO_FLOOR, BPO_TOP = 10_000, 1_000_000  # contact-centre / BPO workforce, people: 0 … 100
REQUIRED_SHARE = 0.7
SPEAKERS_PER_SEAT = 20  # speakers in the labour force per seat to be staffed (see seats_needed)
POOL_DECADES = 4.0  # pool_depth reaches 100 at 10**4 × what the seats need
PROXY_CREDIT = 0.5  # a pool known only as learners (a proxy) earns half its depth: see language_fit
COST_ANCHOR_PERCENTILE = 75  # a low-cost HQ's cost is scored against this percentile: see cost


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
    cost_anchor: float | None = None  # upper quartile of every location's loaded cost (cost_anchor)
    shifted: bool = False  # the team works the service window on shifts
    preferred_share: float = 1 - REQUIRED_SHARE  # the preferred languages' part of language
    fte: int = 50  # seats to staff: what a language pool is measured against
    role: str = ""  # the role family (contact_center, back_office, it_support, …)


@dataclass(frozen=True)
class Scored:
    values: np.ndarray  # 0–100, NaN where the input is missing
    reasons: list[str | None]


def _clip_one(x: float) -> float:
    """:func:`_clip` for one number, without numpy's per-call cost (same results)."""
    return 100.0 * min(max(float(x), 0.0), 1.0)


def _clip(x):
    return 100.0 * np.clip(x, 0.0, 1.0)


def _none(n: int) -> list[str | None]:
    return [None] * n


def _number(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def cost_anchor(loaded) -> float | None:
    """The upper quartile (numpy's linear interpolation) of every location's loaded hourly cost
    for the role in the dataset ranked, or ``None`` when no location has one. It depends on the
    dataset and the scenario's shift rule, never on which candidates are kept."""
    values = np.asarray(loaded, dtype=float)
    values = values[~np.isnan(values)]
    return float(np.percentile(values, COST_ANCHOR_PERCENTILE)) if len(values) else None


def cost_reference(hq_cost, anchor: float | None):
    """What cost is scored against: HQ's own loaded cost, or the dataset's upper quartile
    (:func:`cost_anchor`) when HQ is cheaper than that. Element-wise: the Monte Carlo passes
    draws of HQ's cost."""
    return hq_cost if anchor is None else np.maximum(hq_cost, anchor)


def cost_subscore(loaded, reference):
    """100 × clip(1 − cost / reference, 0, 1), element-wise (arrays broadcast: the Monte Carlo
    passes draws of both); the reference is :func:`cost_reference`."""
    return _clip(1 - np.asarray(loaded, dtype=float) / reference)


def cost(facts: pd.DataFrame, basis: Basis) -> Scored:
    """100 × clip(1 − cost / reference, 0, 1): the saving against doing the work at HQ (same role
    family, same shift rule, night premium included). The reference is HQ's own cost, or — when
    HQ is cheaper than three quarters of the dataset's locations for the role — the upper
    quartile of their costs: otherwise every location dearer than a low-cost HQ would score 0
    like HQ itself, and from India or Poland a location costing seven times as much would lose
    nothing on cost to one at HQ's price. Reasons stay against HQ: "saves 62% vs HQ", "costs
    15% more than HQ"; HQ's own row says when the quartile is the reference."""
    loaded = _number(facts["cost_usd_hr"])
    hq = np.nan if basis.hq_cost is None else basis.hq_cost
    anchor = basis.cost_anchor
    reference = cost_reference(hq, anchor)
    ratio = loaded / hq
    reasons: list[str | None] = []
    for r, onshore in zip(ratio, facts["onshore"], strict=True):
        if onshore and reference > hq:
            reasons.append(
                f"HQ's ${hq:.2f}/h is below the upper quartile of every location's cost "
                f"(${anchor:.2f}/h): cost is scored against that"
            )
        elif np.isnan(r) or onshore:
            reasons.append(None)
        else:
            saving = 100 * (1 - r)
            more = f"costs {-saving:.0f}% more than HQ"
            reasons.append(f"saves {saving:.0f}% vs HQ" if saving >= 0 else more)
    return Scored(cost_subscore(loaded, reference), reasons)


def coverage(facts: pd.DataFrame, basis: Basis) -> Scored:
    """100 × hours of the service window staffed / service-window hours: whether the window is
    covered, day or night alike. Night work is priced, not discounted here: its premium is in
    the cost (:mod:`sourcing.engine.scoring`, ``loaded``). Reason, for a shifted day: "shifted day:
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


def english_level(native: bool, epi) -> float | None:
    """English proficiency: 100 where English is the majority's first language; elsewhere EF
    EPI scaled 400 → 0 … 650 → 100 — official status alone never gives 100 (Rwanda, EPI 417,
    is graded as such); None = not measured."""
    if native:
        return 100.0
    if epi is None or pd.isna(epi):
        return None
    return _clip_one((float(epi) - EPI_FLOOR) / (EPI_TOP - EPI_FLOOR))


def seats_needed(fte: int) -> int:
    """Speakers a location's labour force must hold to staff ``fte`` seats in a language: of
    the people who speak it, few are free, willing and good enough at the moment of hiring
    (SPEAKERS_PER_SEAT, a stated assumption of the method)."""
    return fte * SPEAKERS_PER_SEAT


def pool_depth(speakers: float | None, fte: int) -> float | None:
    """0–100 on a log scale of speakers in the labour force against what the seats need:
    100 × clip(log10(speakers / (FTE × SPEAKERS_PER_SEAT)) / 4, 0, 1) — just enough → 0,
    10× → 25, 100× → 50, 1,000× → 75, 10,000× or more → 100 (for 50 FTE: 1,000 speakers → 0,
    10 million → 100)."""
    if speakers is None or not math.isfinite(speakers):
        return None
    ratio = speakers / seats_needed(fte)
    return 0.0 if ratio <= 1 else _clip_one(math.log10(ratio) / POOL_DECADES)


def _millions(people: float) -> str:
    if people >= 1e6:
        return f"{people / 1e6:.1f} m"
    return f"{people / 1e3:.0f} k" if people >= 1e3 else f"{people:.0f}"


@dataclass(frozen=True)
class LanguageFit:
    """One language at one location: its 0–100 part of the language score (None: no data),
    the speakers in the labour force (None: unknown) and the sentence saying which figure
    decided."""

    value: float | None
    speakers: float | None
    reason: str


@functools.lru_cache(maxsize=8192)  # the same country, language and seats: the same answer
def language_fit(lang: str, pool, labour_force_m, native: bool, epi, fte: int) -> LanguageFit:
    """How well a location can staff work in ``lang``. The pool (a
    :class:`sourcing.facts.languages.Pool`, or None when no source records speakers) gives the
    speakers in the labour force and :func:`pool_depth`; English adds its proficiency
    (:func:`english_level`) as a second, equal part. No recorded speakers of another language
    scores 0. A pool counted only as learners (a proxy: learners are not yet speakers, and
    their level is unknown) earns PROXY_CREDIT (half) of its depth, so a measured pool of
    speakers beats a learner count of the same size."""
    name = language_name(lang)
    lf = None if labour_force_m is None or pd.isna(labour_force_m) else float(labour_force_m)
    speakers = None if pool is None else pool.speakers(lf)
    depth = pool_depth(speakers, fte)
    word = "learners" if pool is not None and pool.proxy else "speakers"
    said = [] if speakers is None else [f"{_millions(speakers)} {word} ({pool.cite()})"]
    if lang == "en":
        level = english_level(native, epi)
        if native:
            said.insert(0, "native English")
        elif level is not None:
            said.insert(0, f"EF EPI {int(epi)}")
        parts = [p for p in (depth, level) if p is not None]
        value = sum(parts) / len(parts) if parts else None
    elif pool is None:
        value, said = 0.0, ["no source records speakers"]
    elif pool.proxy and depth is not None:
        value = PROXY_CREDIT * depth
        said.append("counted at half: learners, not speakers")
    else:
        value = depth
    reason = f"{name}: {', '.join(said)}" if said else f"{name}: no data"
    return LanguageFit(value, speakers, reason)


def language(facts: pd.DataFrame, basis: Basis) -> Scored:
    """Mean of :func:`language_fit` over the required languages, blended with the mean over the
    preferred ones (their part is the preset's ``preferred_share``, 30% unless it says
    otherwise). With no language asked for, every location scores 100 (nothing to tell them
    apart). Reason: per language, the figure that decided ("German: 3.3 m speakers (Special
    Eurobarometer 540, 2023)", "English: EF EPI 569, 36.0 m speakers (…)")."""
    values, reasons = [], []
    for native, epi, pools, labour in zip(
        facts["english_native"], facts["english_epi"], facts["language_pools"],
        facts["labour_force_m"], strict=True,
    ):  # fmt: skip

        def fit(lang, native=native, epi=epi, pools=pools, labour=labour):
            return language_fit(lang, pools.get(lang), labour, native, epi, basis.fte)

        required = [fit(lang) for lang in basis.languages]
        preferred = [fit(lang) for lang in basis.preferred_languages]
        known = [f.value for f in required if f.value is not None]
        if not basis.languages and not basis.preferred_languages:
            values.append(100.0)
            reasons.append(None)
            continue
        if basis.languages and not known:
            values.append(np.nan)
        else:
            part = sum(known) / len(known) if known else None
            if preferred:
                extra = sum(f.value or 0.0 for f in preferred) / len(preferred)
                share = basis.preferred_share if part is not None else 1.0
                part = (1 - share) * (part or 0.0) + share * extra
            values.append(part)
        reasons.append("; ".join(f.reason for f in required + preferred) or None)
    return Scored(np.array(values, dtype=float), reasons)


def regulatory(facts: pd.DataFrame, basis: Basis) -> Scored:
    """The transfer path for the data handled, the local privacy law and the localisation
    regime (see :mod:`sourcing.facts.regulation`). Reason: the path per data category."""
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


# Which measure of the existing industry serves which role family (capability): the people
# who already do contact-centre and back-office work for clients, where a source counts them;
# ICT-service exports for IT and analysis work, and as the named proxy where no head count is.
WORKFORCE_ROLES = frozenset({"contact_center", "back_office"})


def _ict_scale(exports: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.log(exports / ICT_EXPORTS_FLOOR_M) / np.log(
            ICT_EXPORTS_TOP_M / ICT_EXPORTS_FLOOR_M
        )
        return _clip(scaled)


def _workforce_scale(people: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.log10(people / BPO_FLOOR) / np.log10(BPO_TOP / BPO_FLOOR)
        return _clip(scaled)


def _language_cap(facts: pd.DataFrame, basis: Basis) -> list[tuple[float, str] | None]:
    """Per location, the fewest people who could work in one of the required languages other
    than English, and the sentence naming them (None: no such language, or unknown)."""
    others = [lang for lang in basis.languages if lang != "en"]
    if not others or "language_pools" not in facts:
        return [None] * len(facts)
    caps: list[tuple[float, str] | None] = []
    for pools, labour in zip(facts["language_pools"], facts["labour_force_m"], strict=True):
        lf = None if labour is None or pd.isna(labour) else float(labour)
        found = []
        for lang in others:
            pool = pools.get(lang)
            speakers = None if pool is None else pool.speakers(lf)
            if speakers is not None:
                word = "learners" if pool.proxy else "speakers"
                found.append((speakers, f"{_millions(speakers)} {language_name(lang)} {word}"))
        caps.append(min(found) if found else None)
    return caps


def capability(facts: pd.DataFrame, basis: Basis) -> Scored:
    """Delivery capability — the size of the industry that already does such work, by role
    family:

    - contact-centre and back-office roles: the contact-centre / BPO workforce where a source
      counts it (``bpo_workforce``), 100 × clip(log10(people / 10,000) / 2, 0, 1): 10,000 or
      fewer → 0, 100,000 → 50, 1 million or more → 100. When the work is in a language other
      than English, the industry counts at most as many people as speak (or learn) that
      language there: an industry cannot staff German seats with more German speakers than
      the country has. Elsewhere ICT-service exports stand in, and the reason says it is a
      proxy;
    - IT support, software and analysis: ICT service exports (World Bank WDI
      BX.GSR.CCIS.CD), 100 × clip(log(exports / $100 m) / log($100 bn / $100 m), 0, 1): $100 m
      a year or less → 0, $1 bn → 33, $10 bn → 67, $100 bn or more → 100.

    Neither figure: no data (neutral 50, said). Reason: "contact-centre / BPO workforce 1.7 m
    (2023)", "contact-centre / BPO workforce 1.4 m (2021), counted up to its 210 k German
    learners", "ICT service exports $8.1 bn (2024)", "ICT service exports $1.2 bn (2024), a
    proxy: no contact-centre head count"."""
    exports = _number(facts["ict_exports_usd_m"])
    ict = _ict_scale(exports)
    ict[np.isnan(exports)] = np.nan
    people = _number(facts["bpo_workforce"]) if "bpo_workforce" in facts else exports * np.nan
    by_workforce = basis.role in WORKFORCE_ROLES
    caps = _language_cap(facts, basis) if by_workforce else [None] * len(facts)
    pairs = zip(people, caps, strict=True)
    counted = np.array([p if c is None else min(p, c[0]) for p, c in pairs], dtype=float)
    values = np.where(by_workforce & ~np.isnan(people), _workforce_scale(counted), ict)
    reasons: list[str | None] = []
    years = facts["bpo_workforce_year"] if "bpo_workforce_year" in facts else [None] * len(facts)
    for value, year, head, head_year, cap in zip(
        exports, facts["ict_exports_year"], people, years, caps, strict=True
    ):
        if by_workforce and not np.isnan(head):
            count = f"{head / 1e6:.1f} m" if head >= 1e6 else f"{head / 1e3:,.0f} k"
            said = f"contact-centre / BPO workforce {count} ({int(head_year)})"
            if cap is not None and cap[0] < head:
                said += f", counted up to its {cap[1]}"
            reasons.append(said)
        elif np.isnan(value):
            reasons.append(None)
        else:
            amount = f"${value / 1000:.1f} bn" if value >= 1000 else f"${value:.0f} m"
            proxy = ", a proxy: no contact-centre head count" if by_workforce else ""
            reasons.append(f"ICT service exports {amount} ({int(year)}){proxy}")
    return Scored(values, reasons)


def proximity(facts: pd.DataFrame, basis: Basis) -> Scored:
    """100 × (1 − great-circle km from HQ's hub / 20,015 km)."""
    km = _number(facts["distance_km"])
    return Scored(_clip(1 - km / HALF_CIRCUMFERENCE_KM), _none(len(facts)))


# Each criterion of sourcing.model.criteria.REGISTRY, by name, to the function that scores it.
SCORERS: dict[str, Callable[[pd.DataFrame, Basis], Scored]] = {
    "cost": cost,
    "coverage": coverage,
    "collaboration": collaboration,
    "language": language,
    "regulatory": regulatory,
    "risk": risk,
    "talent": talent,
    "capability": capability,
    "proximity": proximity,
}
