"""Screen → decision matrix → aggregate: the ranking of every location for a scenario.

1. **Facts.** :func:`facts` computes, per location, what the criteria are scored on: overlap
   and staffed hours on the scenario date (zoneinfo), distance and offset from HQ, shore class, the
   loaded cost with any night premium, the regulatory fit for the data handled.
2. **Screen.** Hard rules of the scenario exclude a location with a structured
   :class:`Exclusion` (a code, the reason in words, the group it is summarised under).
   Excluded locations stay in every table, greyed, with their reasons.
3. **Decision matrix.** Each criterion of :data:`sourcing.model.criteria.REGISTRY` scores every
   location 0–100 on a fixed scale and adds its sentence to the reasons; a missing input is
   *unknown*: it scores :data:`UNKNOWN_SCORE` (a conservative rule — an unknown is no evidence
   for a location, so it never scores the neutral middle) and the reasons say so.
4. **Aggregate.** :func:`total_score` — the weighted sum (``wsm``) or TOPSIS with fixed ideal
   (100) and anti-ideal (0) points (``topsis``) — is the one kernel that the ranking, the
   sensitivity analysis, the Monte Carlo and the Pareto front share.

:func:`rank` returns a :class:`Ranking`; :meth:`Ranking.to_frame` is the table pages, CSVs and
the command line show.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from sourcing.engine.aggregate import total_score
from sourcing.engine.columns import CITY_COLUMNS, RESULT_COLUMNS
from sourcing.engine.pools import english_level, language_fit, language_screen
from sourcing.engine.resolve import Resolved, resolve
from sourcing.engine.rows import num, read_only_array, records, rounded
from sourcing.engine.scorers import SCORERS, UNKNOWN_SCORE, Basis, cost_anchor
from sourcing.facts.cities import city_locations
from sourcing.facts.countries import shared_countries
from sourcing.facts.delivery import delivery_table, documented, evidence_for
from sourcing.facts.geo import great_circle_km
from sourcing.facts.hq_rules import transfer_rule, voice_rule
from sourcing.facts.languages import language_pools, pool_basis, primary, variety_homes
from sourcing.facts.nights import night_premiums
from sourcing.facts.regulation import NEUTRAL, gdpr_path, regulatory_fit, uk_path
from sourcing.facts.shores import rules_for, shore_of
from sourcing.facts.timezones import overlap_name, utc_offset_hours
from sourcing.facts.workday import location_hours, windows
from sourcing.model.criteria import CRITERIA, REGISTRY
from sourcing.model.scenario import Scenario

__all__ = ["english_level", "rank", "total_score", "Ranking", "Exclusion"]


@dataclass(frozen=True)
class Exclusion:
    """Why a location is ruled out: a stable ``code``, the ``reason`` in words, and the
    ``group`` it is summarised under (the reason without location-specific figures)."""

    iso2: str
    code: str  # by_user | onshore_only | data_transfer | voice_location | language | hq_overlap
    reason: str
    group: str


def _cost_source(row, role: str, cost: float | None) -> str:
    """ "your data" for a rate from the user's rate card, else the dataset's source label
    ("measured (…)" or "modelled (…)")."""
    if cost is None:
        return "no data"
    mine = str(row.get("your_data_roles") or "").split(";")
    if role in mine:
        return "your data"
    return row.get(f"cost_{role}_source") or "no source"


def facts(
    scenario: Scenario, r: Resolved, countries: pd.DataFrame, locations: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, Basis]:
    """Per location (rows in ``locations`` order: the countries themselves, or the cities of
    :func:`sourcing.facts.cities.city_locations`) the facts the screen and the scorers use, and
    the basis they are scored against. A city's country rules are read through its country."""
    locations = countries if locations is None else locations
    w = windows(r.hq_tz, scenario.hq_hours, r.service_hours, r.on)
    shifted = r.shift_alignment == "shift"

    def hours(tz: str):
        return location_hours(w, tz, scenario.location_hours, shifted, r.min_hq_overlap_hours)

    hq_row = {**countries.loc[r.hq].to_dict(), "iso2": r.hq}
    rules = rules_for(hq_row)
    home = transfer_rule(r.hq)
    voice_work = voice_rule(r.hq) if r.role == "contact_center" else None
    cost_column = f"cost_{r.role}_usd_hr"
    hq_offset = utc_offset_hours(hq_row["hub_tz"], r.on)
    offsets: dict[str, float] = {}
    staffing: dict[str, tuple[float, float, float]] = {}

    nights = night_premiums(scenario.night_premium)  # the location's own, read once

    def loaded(row, night: float, column: str = cost_column) -> float | None:
        base = num(row.get(column, row[cost_column]))
        rate = nights.get(row["iso2"], scenario.night_premium)
        return None if base is None else base * (1 + rate * night / w.service_hours)

    hq_night = hours(r.hq_tz).night
    hq_cost = loaded(hq_row, hq_night)
    hq_range = (loaded(hq_row, hq_night, f"cost_{r.role}_low_usd_hr"),
                loaded(hq_row, hq_night, f"cost_{r.role}_high_usd_hr"))  # fmt: skip
    pools = language_pools()
    table = delivery_table()
    asked = (*r.languages, *r.preferred_languages)
    voice = r.role == "contact_center"  # a variety matters on the phone, not on paper
    homes = {lang: variety_homes(lang, countries) for lang in asked}
    out, rules_of, found_at = [], {}, {}
    for row in records(locations, reuse=_reusable(countries)):
        key = row["iso2"]  # the location: a country's code, or a city's id
        row["iso2"] = iso2 = row.get("country_iso2") or key  # every country rule reads this
        tz = row["hub_tz"]
        if tz not in staffing:
            staffing[tz] = hours(tz)
            offsets[tz] = utc_offset_hours(tz, r.on)
        day, night, overlap, local, move = staffing[tz]
        onshore = iso2 == r.hq
        km = great_circle_km(hq_row["hub_lat"], hq_row["hub_lon"], row["hub_lat"], row["hub_lon"])
        gap = offsets[tz] - hq_offset
        cost = loaded(row, night)
        low = loaded(row, night, f"cost_{r.role}_low_usd_hr")
        high = loaded(row, night, f"cost_{r.role}_high_usd_hr")
        if iso2 not in rules_of:  # a country's law and pools are read once for all its cities
            mine = {lang: pools.get((iso2, primary(lang))) for lang in asked}
            said = pool_basis(mine, row["labour_force_m"], row["population_m"])
            rules_of[iso2] = (regulatory_fit(row, r.data, r.allow_sccs, onshore, r.on.year, home,
                                             voice_work), gdpr_path(row), uk_path(row), mine,
                              said)  # fmt: skip
        fit, gdpr, uk, mine, basis_of_pools = rules_of[iso2]
        share = row.get("workforce_share")  # NaN (no share) never equals itself: None instead
        where = (iso2, row.get("delivery_city"), None if share != share else share)
        if where not in found_at:  # the evidence for one place (a city, or the country)
            found_at[where] = {a: documented(evidence_for(iso2, a, r.role, table, *where[1:]), row,
                                             r.role) for a in asked}  # fmt: skip
        found = found_at[where]
        saving = None if cost is None or hq_cost is None else 100 * (1 - cost / hq_cost)
        out.append({
            "iso2": key, "country": iso2, "city": row.get("city"),
            "iso3": row["iso3"], "name": row["name"], "region": row["region"],
            "onshore": onshore,
            "shore": shore_of(hq_row, row, gap, km, scenario.max_offset_hours, scenario.max_km,
                              scenario.shore_overrides, rules),
            "day_hours": day, "night_hours": night, "overlap_hours": overlap,
            "night_premium": nights.get(iso2, scenario.night_premium),
            "overlap_local_day_hours": local, "day_moved_hours": move,
            "distance_km": km, "utc_offset_gap_hours": gap,
            "cost_usd_hr": cost, "cost_low_usd_hr": low, "cost_high_usd_hr": high,
            "cost_source": _cost_source(row, r.role, cost),
            "saving_pct": saving,
            "regulatory_score": fit.score, "regulatory_notes": fit.notes,
            "regulatory_blocked": fit.blocked, "regulatory_no_data": fit.no_data,
            "english_native": row["english_native"], "english_official": row["english_official"],
            "english_epi": row["english_epi"],
            "languages": row["languages"],
            "language_pools": mine, "language_basis": basis_of_pools, "delivery": found,
            "variety_ok": {
                a: not voice or iso2 in homes[a] or (found[a] is not None and found[a].variety)
                for a in asked
            },
            "population_m": row["population_m"],
            "political_stability": row["political_stability"], "gci_tier": row["gci_tier"],
            "labour_force_m": row["labour_force_m"],
            "ict_exports_usd_m": row["ict_exports_usd_m"],
            "ict_exports_year": row["ict_exports_year"],
            "bpo_workforce": row["bpo_workforce"],
            "bpo_workforce_year": row["bpo_workforce_year"],
            "bpo_workforce_language": row["bpo_workforce_language"],
            "gdpr_path": gdpr, "uk_path": uk,
            "localization": row["localization"],
            "us_country_of_concern": bool(row["us_country_of_concern"]),
            "cost_provenance": row.get("cost_provenance"),
            "workforce_provenance": row.get("workforce_provenance"),
            "wage_ratio": row.get("wage_ratio"), "wage_basis": row.get("wage_basis"),
            "office_rent_usd_sqm_month": row.get("office_rent_usd_sqm_month"),
            "rent_basis": row.get("rent_basis"),
            "city_population": row.get("city_population"), "city_notes": row.get("city_notes"),
        })  # fmt: skip
    basis = Basis(
        hq_cost=hq_cost,
        hq_cost_range=hq_range,
        cost_anchor=cost_anchor([o["cost_usd_hr"] for o in out]),
        service_hours=w.service_hours,
        hq_day_hours=w.hq_hours,
        shifted=shifted,
        night_premium=scenario.night_premium,
        languages=r.languages,
        preferred_languages=r.preferred_languages,
        preferred_share=r.preferred_share,
        fte=scenario.fte,
        role=r.role,
    )
    return pd.DataFrame.from_records(out), basis


def screen(scenario: Scenario, r: Resolved, f: pd.DataFrame) -> list[list[Exclusion]]:
    """Per location, the hard rules it breaks (empty: it stays in the ranking)."""
    rule = voice_rule(r.hq) if r.role == "contact_center" else None
    reserved = rule if rule is not None and rule.kind == "reserved" else None
    out, screened = [], {}
    read = ["iso2", "country", "onshore", "regulatory_blocked", "language_pools", "delivery",
            "labour_force_m", "english_native", "english_epi", "population_m", "variety_ok",
            "overlap_hours"]  # fmt: skip
    for row in f[read].itertuples(index=False):  # the columns it reads (arrow text is slow)
        found: list[Exclusion] = []

        def add(code: str, reason: str, group: str | None = None, found=found, iso2=row.iso2):
            found.append(Exclusion(iso2, code, reason, group or reason))

        if row.iso2 in scenario.exclude or row.country in scenario.exclude:
            add("by_user", "excluded by you")
        if reserved is not None and row.country not in reserved.inside:
            where = ", ".join(sorted(reserved.inside))
            said = f"voice work for HQ's customers: {reserved.rule} ({reserved.law})"
            add("voice_location", said, f"voice work reserved to {where}")
        if r.onshore_only and not row.onshore:
            add("onshore_only", "onshore only")
        for reason in row.regulatory_blocked:
            add("data_transfer", reason)
        for lang in r.languages:
            pool, evidence = row.language_pools.get(lang), row.delivery.get(lang)
            key = (lang, row.country, evidence, row.variety_ok[lang])  # a country's cities alike
            if key not in screened:
                fit = language_fit(
                    lang, pool, row.labour_force_m, row.english_native, row.english_epi,
                    scenario.fte, row.population_m, evidence, row.variety_ok[lang],
                )  # fmt: skip
                screened[key] = language_screen(lang, fit, pool, evidence, row.population_m,
                                            scenario.fte)  # fmt: skip
            if screened[key] is not None:
                add("language", *screened[key])
        if row.overlap_hours + 1e-9 < r.min_hq_overlap_hours:
            minimum = f"{r.min_hq_overlap_hours:g} h minimum"
            shifted = r.shift_alignment == "shift"
            notion = overlap_name(shifted)
            tail = "" if shifted else ", even with the office day moved within 06:00–22:00"
            add("hq_overlap", f"{notion} {row.overlap_hours:.1f} h < {minimum}{tail}",
                f"{notion} below {minimum}")  # fmt: skip
        out.append(found)
    return out


@dataclass(frozen=True, eq=False)
class Ranking:
    """A scenario's ranking: the decision matrix (locations × criteria, sub-scores 0–100 with
    missing inputs at UNKNOWN_SCORE), the normalised weights, the totals, the structured
    exclusions and the facts behind each score. Arrays are read-only."""

    scenario: Scenario
    resolved: Resolved
    facts: pd.DataFrame
    matrix: np.ndarray
    missing: np.ndarray  # bool, locations × criteria: the input was missing (UNKNOWN_SCORE)
    weights: np.ndarray
    scores: np.ndarray
    exclusions: tuple[tuple[Exclusion, ...], ...]
    reasons: tuple[str, ...]

    @classmethod
    def from_matrix(
        cls, scenario: Scenario, iso2: list[str], matrix, names: list[str] | None = None
    ) -> Ranking:
        """A ranking over a given decision matrix (locations × :data:`CRITERIA`), for what-if
        analyses and hand-computed checks; every location is kept."""
        matrix = np.array(matrix, dtype=float)
        weights = np.array([scenario.normalised_weights()[c] for c in CRITERIA])
        return cls(
            scenario=scenario,
            resolved=resolve(scenario, shared_countries()),
            facts=pd.DataFrame({"iso2": iso2, "name": names or iso2}),
            matrix=read_only_array(matrix),
            missing=read_only_array(np.zeros(matrix.shape, dtype=bool)),
            weights=read_only_array(weights),
            scores=read_only_array(total_score(matrix, weights, scenario.method)),
            exclusions=tuple(() for _ in iso2),
            reasons=tuple("" for _ in iso2),
        )

    @property
    def criteria(self) -> tuple[str, ...]:
        return CRITERIA

    @property
    def iso2(self) -> np.ndarray:
        return self.facts["iso2"].to_numpy()

    @cached_property
    def excluded(self) -> np.ndarray:
        return read_only_array(np.array([bool(e) for e in self.exclusions]))

    @property
    def method(self) -> str:
        return self.scenario.method

    def kept(self) -> np.ndarray:
        """Indices of the locations that passed the screen."""
        return np.nonzero(~self.excluded)[0]

    def all_exclusions(self) -> list[Exclusion]:
        return [e for group in self.exclusions for e in group]

    def to_frame(self) -> pd.DataFrame:
        """The ranked table (columns :data:`RESULT_COLUMNS`): a fresh frame per call."""
        return self._frame.copy()

    @cached_property
    def _frame(self) -> pd.DataFrame:
        f = self.facts
        table = pd.DataFrame({
            "iso2": f["iso2"], "iso3": f["iso3"], "name": f["name"], "region": f["region"],
            "shore": f["shore"], "score": self.scores, "excluded": self.excluded,
            "exclusions": ["; ".join(e.reason for e in ex) for ex in self.exclusions],
            "reasons": list(self.reasons),
            "overlap_staffed_hours": f["overlap_hours"].round(2),
            "overlap_local_day_hours": f["overlap_local_day_hours"].round(2),
            "day_moved_hours": f["day_moved_hours"],
            "coverage_pct": (100 * (f["day_hours"] + f["night_hours"])
                             / self._service_hours).round(1),
            "night_share_pct": (100 * f["night_hours"] / self._service_hours).round(1),
            "cost_usd_hr": rounded(f["cost_usd_hr"], 2),
            "cost_low_usd_hr": rounded(f["cost_low_usd_hr"], 2),
            "cost_high_usd_hr": rounded(f["cost_high_usd_hr"], 2),
            "cost_source": f["cost_source"],
            "saving_pct": rounded(f["saving_pct"], 1),
            "distance_km": f["distance_km"].round().astype(int),
            "utc_offset_gap_hours": f["utc_offset_gap_hours"],
            **{f"score_{c}": self.matrix[:, i] for i, c in enumerate(CRITERIA)},
            "language_basis": f["language_basis"],
            "gdpr_path": f["gdpr_path"], "uk_path": f["uk_path"],
            "localization": f["localization"],
            "us_country_of_concern": f["us_country_of_concern"],
        })  # fmt: skip
        if self.scenario.level != "city":
            return _ranked(table)
        table["location"], table["city"], table["iso2"] = f["iso2"], f["city"], f["country"]
        table["iso3"] = table["iso3"].astype(object)
        table["cost_provenance"] = f["cost_provenance"]
        table["wage_ratio"] = f["wage_ratio"]
        table["workforce_provenance"] = f["workforce_provenance"]
        table["office_rent_usd_sqm_month"] = f["office_rent_usd_sqm_month"].astype(float)
        table["rent_basis"] = f["rent_basis"]
        table["_people"] = -f["city_population"].astype(float).fillna(0)  # ties: larger first
        return _ranked(table, CITY_COLUMNS, key="location")

    @property
    def _service_hours(self) -> float:
        r = self.resolved
        return windows(r.hq_tz, self.scenario.hq_hours, r.service_hours, r.on).service_hours


@dataclass(frozen=True)
class _Scored:
    """What a ranking computes before any weight applies: the facts, the exclusions, the
    decision matrix and its reasons. The same for every weighting and both methods."""

    facts: pd.DataFrame
    matrix: np.ndarray
    missing: np.ndarray
    exclusions: tuple
    reasons: tuple


_SCORED: dict[str, tuple[pd.DataFrame, _Scored]] = {}  # what weights do not change, by scenario
_SCORED_SIZE = 32
_READ_ONLY: dict[int, weakref.ref] = {}  # frames their owners promise never to change


def read_only(countries: pd.DataFrame) -> pd.DataFrame:
    """Promise that ``countries`` will not change from now on, so a ranking on it may reuse
    the work of an earlier one on it (a weight move then re-aggregates only). The shared
    dataset is read-only already; a frame you will change in place must not be marked."""
    key = id(countries)
    _READ_ONLY[key] = weakref.ref(countries, lambda _, key=key: _READ_ONLY.pop(key, None))
    return countries


def _reusable(countries: pd.DataFrame) -> bool:
    ref = _READ_ONLY.get(id(countries))
    return countries is shared_countries() or (ref is not None and ref() is countries)


def _weightless(scenario: Scenario) -> str:
    """The scenario with its weights and method left out: the key of what they do not change.
    Automation stays in (it moves weights, but also the people and the cost)."""
    return scenario.model_copy(update={"weights": {}, "method": "wsm"}).to_json()


def rank(scenario: Scenario, countries: pd.DataFrame | None = None) -> Ranking:
    """Screen, score and rank every location of ``countries`` (default: the dataset) for the
    scenario. Excluded locations stay in the ranking (``excluded``, reasons first).

    A move of a weight (or of the method) reuses the facts, exclusions and decision matrix of
    the same scenario with other weights on the same read-only ``countries`` (the shared
    dataset, or a frame marked with :func:`read_only`; kept for the last :data:`_SCORED_SIZE`
    scenarios, the arrays read-only): only the aggregation runs again."""
    if countries is None:
        countries = shared_countries()
    r = resolve(scenario, countries)
    key = _weightless(scenario) if _reusable(countries) else None
    cached = _SCORED.get(key) if key is not None else None
    if cached is not None and cached[0] is countries:
        scored = cached[1]
    else:
        scored = _score(scenario, r, countries)
        if key is not None:
            if len(_SCORED) >= _SCORED_SIZE:
                _SCORED.pop(next(iter(_SCORED)))
            _SCORED[key] = (countries, scored)
    weights = np.array([r.weights[c] for c in CRITERIA])
    scores = total_score(scored.matrix, weights, scenario.method)
    return Ranking(
        scenario=scenario,
        resolved=r,
        facts=scored.facts,
        matrix=scored.matrix,
        missing=scored.missing,
        weights=read_only_array(weights),
        scores=read_only_array(scores),
        exclusions=scored.exclusions,
        reasons=scored.reasons,
    )


def _score(scenario: Scenario, r: Resolved, countries: pd.DataFrame) -> _Scored:
    """Facts, screen and decision matrix with the reasons: everything but the aggregation."""
    city = scenario.level == "city"
    locations = city_locations(countries, reuse=_reusable(countries)) if city else None
    f, basis = facts(scenario, r, countries, locations)
    exclusions = screen(scenario, r, f)
    n, k = len(f), len(REGISTRY)
    matrix = np.empty((n, k))
    missing = np.zeros((n, k), dtype=bool)
    sentences: list[list[str]] = [[] for _ in range(n)]
    for j, criterion in enumerate(REGISTRY):
        scored = SCORERS[criterion.name](f, basis)
        missing[:, j] = np.isnan(scored.values)
        matrix[:, j] = np.where(missing[:, j], UNKNOWN_SCORE, scored.values)
        for i, sentence in enumerate(scored.reasons):
            if sentence:
                sentences[i].append(sentence)
    reasons = []
    no_data_parts = f["regulatory_no_data"].tolist()
    places = [list(p) for p in f["city_notes"]] if city else [[]] * n  # whose figures
    for i in range(n):
        unknown = [c for j, c in enumerate(CRITERIA) if missing[i, j]]
        parts = [f"regulatory ({d})" for d in no_data_parts[i]]
        tail = (
            [f"unknown: {', '.join(unknown)} (scored {UNKNOWN_SCORE:g} of 100)"] if unknown else []
        )
        tail += [f"no data: {', '.join(parts)} (that part scored {NEUTRAL:g})"] if parts else []
        reasons.append(
            "; ".join([e.reason for e in exclusions[i]] + sentences[i] + places[i] + tail)
        )
    return _Scored(
        facts=f,
        matrix=read_only_array(matrix),
        missing=read_only_array(missing),
        exclusions=tuple(tuple(e) for e in exclusions),
        reasons=tuple(reasons),
    )


def _ranked(
    table: pd.DataFrame, columns: list[str] = RESULT_COLUMNS, key: str = "iso2"
) -> pd.DataFrame:
    table["score"] = table["score"].round(2)
    subscores = [f"score_{c}" for c in CRITERIA]
    table[subscores] = table[subscores].round(1)
    by = ["excluded", "score", *(["_people"] if "_people" in table else []), key]
    order = table.sort_values(by, ascending=[True, False, *[True] * (len(by) - 2)])
    kept = ~order["excluded"].to_numpy()
    ranks = pd.array([pd.NA] * len(order), dtype="Int64")
    ranks[kept] = pd.Series(order["score"].to_numpy()[kept]).rank(method="min", ascending=False)
    order.insert(0, "rank", ranks)
    return order[columns].reset_index(drop=True)
