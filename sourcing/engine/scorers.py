"""The scorers: one small function per criterion, from a location's facts to its 0–100 sub-score
and the sentence it adds to the location's reasons.

Each scorer takes the facts table (one row per location, built by :mod:`sourcing.engine.scoring`)
and the :class:`Basis` of the ranking (HQ's cost, the service window, the languages asked for) and
returns a :class:`Scored`: the sub-scores as a float array (NaN = unknown, scored by the
engine's conservative rule and said so in the reasons) and one reason sentence (or ``None``)
per location. Every scale is fixed — it depends on the location, the scenario and the dataset
(cost's upper quartile, :func:`cost_anchor`), never on the other candidates — so filtering
candidates never reorders the rest. The registry of criteria is
:data:`sourcing.model.criteria.REGISTRY`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sourcing.engine.pools import PROXY_CREDIT, VARIETY_CREDIT, LanguageFit, language_fit
from sourcing.facts.geo import HALF_CIRCUMFERENCE_KM
from sourcing.facts.languages import language_name, primary, share_text
from sourcing.facts.nights import night_note
from sourcing.facts.timezones import overlap_name

RISK_BLEND = {"stability": 0.6, "cyber": 0.4}
TALENT_MIN_M, TALENT_MAX_M = 0.2, 500.0
ICT_EXPORTS_FLOOR_M, ICT_EXPORTS_TOP_M = 100.0, 100_000.0  # USD m a year: 0 … 100
WORKFORCE_FLOOR, WORKFORCE_TOP = 1_000, 1_000_000  # people who do the work: 0 … 100 (log)
REQUIRED_SHARE = 0.7
# A criterion whose input is missing: half the neutral middle, so a location with no cost or no
# workforce figure never rises on what is not known (sourcing.engine.scoring applies it; the
# Monte Carlo draws it between 0 and UNKNOWN_HIGH: sourcing.analysis.sensitivity)
UNKNOWN_SCORE = 25.0
UNKNOWN_HIGH = 50.0
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
    covered, day or night alike. Night work is priced, not discounted here: its premium — the
    location's own (:func:`sourcing.facts.nights.night_premium`: the statutory premium, a
    legally shorter night shift) — is in the cost (:mod:`sourcing.engine.scoring`, ``loaded``).
    Reason, for a shifted day: "shifted day: 40% night hours, priced at +14.0% (35% night
    premium); no documented night-shift industry for foreign markets: …"."""
    day, night = _number(facts["day_hours"]), _number(facts["night_hours"])
    rates = (
        facts["night_premium"] if "night_premium" in facts else [basis.night_premium] * len(facts)
    )
    reasons: list[str | None] = []
    for n, rate, iso2 in zip(night, rates, facts["iso2"], strict=True):
        if n > 0:
            share = n / basis.service_hours
            reasons.append(
                f"shifted day: {100 * share:.0f}% night hours, priced at "
                f"+{100 * rate * share:.1f}% ({100 * rate:.3g}% night premium); {night_note(iso2)}"
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


def _fits(facts: pd.DataFrame, basis: Basis, languages: tuple[str, ...]) -> list[list[LanguageFit]]:
    """:func:`language_fit` of every location for each of ``languages``."""
    out, seen = [], {}
    for native, epi, pools, labour, population, delivery, variety in zip(
        facts["english_native"], facts["english_epi"], facts["language_pools"],
        facts["labour_force_m"], facts["population_m"], facts["delivery"], facts["variety_ok"],
        strict=True,
    ):  # fmt: skip
        row = []
        for lang in languages:  # a country's pools are one object for all its cities
            key = (lang, id(pools), native, epi, labour, delivery.get(lang), variety[lang])
            if key not in seen:
                seen[key] = language_fit(lang, pools.get(lang), labour, native, epi, basis.fte,
                                         population, delivery.get(lang), variety[lang])  # fmt: skip
            row.append(seen[key])
        out.append(row)
    return out


def language(facts: pd.DataFrame, basis: Basis) -> Scored:
    """Mean of :func:`language_fit` over the required languages, blended with the mean over the
    preferred ones (their part is the preset's ``preferred_share``, 30% unless it says
    otherwise). With no language asked for, every location scores 100 (nothing to tell them
    apart). Reason: per language, the figures that decided ("Italian: 0.51 m speakers, 17.9 %
    (…), ~30.0 k people serve Italian-language customers (…, 2018; 14 sources name it)")."""
    if not basis.languages and not basis.preferred_languages:
        return Scored(np.full(len(facts), 100.0), _none(len(facts)))
    values, reasons = [], []
    required_fits = _fits(facts, basis, basis.languages)
    preferred_fits = _fits(facts, basis, basis.preferred_languages)
    for required, preferred in zip(required_fits, preferred_fits, strict=True):
        known = [f.value for f in required if f.value is not None]
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
    """Labour force on a log scale, 0.2 m → 0 … 500 m → 100 (a city's is its country's: a
    city's population says little of where its workers commute from)."""
    labour = _number(facts["labour_force_m"])
    lo, hi = math.log(TALENT_MIN_M), math.log(TALENT_MAX_M)
    with np.errstate(divide="ignore", invalid="ignore"):
        return Scored(_clip((np.log(labour) - lo) / (hi - lo)), _none(len(facts)))


# Which measure of the existing industry serves which role family (capability): the people
# who already do contact-centre and back-office work, where a source counts them (delivery
# evidence for the work's language, the national workforce); ICT-service exports for IT and
# analysis work.
WORKFORCE_ROLES = frozenset({"contact_center", "back_office"})


def _ict_scale(exports: float) -> float:
    if not math.isfinite(exports) or exports <= 0:
        return 0.0
    return _clip_one(
        math.log(exports / ICT_EXPORTS_FLOOR_M) / math.log(ICT_EXPORTS_TOP_M / ICT_EXPORTS_FLOOR_M)
    )


def _workforce_scale(people: float) -> float:
    if people <= 0:
        return 0.0
    return _clip_one(
        math.log10(people / WORKFORCE_FLOOR) / math.log10(WORKFORCE_TOP / WORKFORCE_FLOOR)
    )


def _count(people: float) -> str:
    if people >= 1e6:
        return f"{people / 1e6:.1f} m"
    return f"{people / 1e3:,.0f} k" if people >= 1e3 else f"{people:,.0f}"


def workforce_share(lang: str, fit: LanguageFit | None, pool, population_m, native: bool):
    """The part of a national workforce that can work in ``lang`` (None: unknown): 1 for
    native English; else the census share of the population that speaks it (half for a learner
    count, as in :func:`language_fit`); 0 for a thin minority with no delivery evidence — the
    same rule as the language score, in every country."""
    if primary(lang) == "en" and native:
        return 1.0
    if fit is not None and fit.thin:
        return 0.0
    share = None if pool is None else pool.share(population_m)
    if share is None:
        return None
    return PROXY_CREDIT * share if pool.proxy else share


def _capability_one(row: dict, lang: str | None, basis: Basis) -> tuple[float | None, str | None]:
    """One location, one work language (None: none asked): the sub-score and its sentence."""
    name = language_name(lang) if lang else None
    evidence = row["delivery"].get(lang) if lang else None
    fit = row["fits"].get(lang) if lang else None
    share = (
        1.0
        if lang is None
        else workforce_share(
            lang, fit, row["language_pools"].get(lang), row["population_m"], row["english_native"]
        )
    )
    head, head_year = _num_or_none(row["bpo_workforce"]), row["bpo_workforce_year"]
    exports, exports_year = _num_or_none(row["ict_exports_usd_m"]), row["ict_exports_year"]
    workforce = basis.role in WORKFORCE_ROLES
    parts: list[tuple[float, str]] = []
    aside = None
    if evidence is not None and evidence.people:
        served = name if evidence.variety else language_name(primary(lang))
        parts.append((_workforce_scale(evidence.people), evidence.cite(served)))
    home = row["bpo_workforce_language"]
    if workforce and head is not None and lang is not None and _other_market(home, lang):
        aside = (
            f"the contact-centre / BPO workforce of {_count(head)} ({int(head_year)}) serves "
            f"the domestic market in {language_name(home)}, so none of it counts for {name}"
        )
    elif workforce and head is not None and share is not None:
        people = head * share
        said = f"contact-centre / BPO workforce {_count(head)} ({int(head_year)})"
        if lang is not None and share < 1:
            said += f", {share_text(100 * share)} of it counted for {name} ({_count(people)})"
        parts.append((_workforce_scale(people), said))
    if exports is not None and share is not None and not workforce:
        amount = f"${exports / 1000:.1f} bn" if exports >= 1000 else f"${exports:.0f} m"
        said = f"ICT service exports {amount} ({int(exports_year)})"
        if lang is not None and share < 1:
            said += f", {share_text(100 * share)} of it counted for {name}"
        parts.append((_ict_scale(exports * share), said))
    if evidence is not None and evidence.niche and not evidence.people:
        niche = evidence.cite(name if evidence.variety else language_name(primary(lang)))
        aside = niche if aside is None else f"{aside}; {niche}"
    if not parts:  # a niche nothing sizes: none of the industry works in it (not unknown)
        return (0.0 if evidence is not None and evidence.niche else None), aside
    value, said = max(parts, key=lambda p: p[0])
    if aside is not None and evidence is not None and evidence.niche:
        said += f"; {aside}"
    if lang is not None and not row["variety_ok"][lang]:
        value *= VARIETY_CREDIT
        said += f", counted at half: another variety than {name}"
    return value, said


def _other_market(home, lang: str) -> bool:
    """A workforce its source counts as serving the domestic market in ``home`` works in that
    language only: it does not count for another (Brazil's 1.4 m serve Portuguese callers)."""
    return isinstance(home, str) and bool(home) and primary(lang) != home


def _num_or_none(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def capability(facts: pd.DataFrame, basis: Basis) -> Scored:
    """Delivery capability — the size of the industry that already does such work **in the
    work's language**, measured alike in every country.

    - Contact-centre and back-office roles: the people who serve the language's market there
      (delivery evidence, :mod:`sourcing.facts.delivery`) or the part of the national contact-
      centre / BPO workforce that can work in the language (the workforce × the share of the
      population that speaks it, :func:`workforce_share`) — whichever is larger —, on
      100 × clip(log10(people / 1,000) / 3, 0, 1): 1,000 or fewer → 0, 10,000 → 33,
      100,000 → 67, 1 million or more → 100. Neither: unknown — ICT-service exports measure an
      IT industry, not a contact-centre one, and no longer stand in.
    - IT support, software and analysis: ICT service exports (World Bank WDI BX.GSR.CCIS.CD) ×
      the share, 100 × clip(log(exports / $100 m) / log($100 bn / $100 m), 0, 1), or an IT
      head count from delivery evidence on the people scale, whichever is larger.

    Several required languages: the weakest (a language with no figure counts as unknown,
    :data:`UNKNOWN_SCORE`). No figure at all: unknown (scored by the engine's
    conservative rule, said). The reason names the figure that decided: "~30.0 k people serve
    Italian-language customers (Corriere Quotidiano, 2018; 14 sources name it)", "contact-centre
    / BPO workforce 1.4 m (2021), 19 % of it counted for English (266 k)"."""
    languages: tuple[str | None, ...] = basis.languages or (None,)
    fits = _fits(facts, basis, basis.languages) if basis.languages else [[]] * len(facts)
    columns = ["delivery", "language_pools", "population_m", "english_native", "bpo_workforce",
               "bpo_workforce_year", "bpo_workforce_language", "ict_exports_usd_m",
               "ict_exports_year", "variety_ok"]  # fmt: skip
    values, reasons, once = [], [], {}
    lists = [facts[c].tolist() for c in columns]  # plain lists: far faster than to_dict
    for i, cells in enumerate(zip(*lists, strict=True)):
        row = dict(zip(columns, cells, strict=True))
        row["fits"] = dict(zip(basis.languages, fits[i], strict=True))
        scored = []
        for lang in languages:  # the same inputs (a country's cities alike): scored once
            key = (lang, id(row["language_pools"]), row["delivery"].get(lang),
                   row["fits"].get(lang), row["bpo_workforce"],
                   row["variety_ok"].get(lang))  # fmt: skip
            if key not in once:
                once[key] = _capability_one(row, lang, basis)
            scored.append(once[key])
        missing = [language_name(lang) for lang, (v, _) in zip(languages, scored, strict=True)
                   if v is None and lang]  # fmt: skip
        known = [(v, said) for v, said in scored if v is not None]
        asides = [said for v, said in scored if v is None and said]
        gap = f"no head count of an industry working in {', '.join(missing)}" if missing else None
        if gap and asides:
            gap += f" ({'; '.join(asides)})"
        if not known:
            values.append(np.nan)
            reasons.append(gap)
            continue
        value, said = min(known, key=lambda p: p[0])
        if missing and value > UNKNOWN_SCORE:  # the unknown language is the weakest we can say
            value, said = UNKNOWN_SCORE, gap + f" (scored {UNKNOWN_SCORE:g}, as unknown)"
        values.append(value)
        reasons.append(said)
    return Scored(np.array(values, dtype=float), reasons)


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
