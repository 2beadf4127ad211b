"""Data-transfer paths and regulatory fit of a location for the data a workload handles.

For each data category the question is "on what legal footing may this data go there?":

- ``eu_personal`` (GDPR Chapter V): in the EEA → adequacy decision (Art. 45) → standard
  contractual clauses (Art. 46, with a transfer impact assessment) → blocked when the scenario
  does not allow SCCs.
- ``uk_personal`` (UK GDPR): GB → UK adequacy regulations ("data bridges") → IDTA / UK Addendum
  → blocked when not allowed.
- ``us_bulk_sensitive`` (28 CFR 202): blocked to a country of concern.
- ``ca_personal`` (CCPA/CPRA; a US HQ's own customers): no transfer restriction, a
  service-provider contract is needed — except to a 28 CFR 202 country of concern, which is
  scored as a weak path (and said) even below the bulk thresholds that would rule it out.
- ``home_personal`` (HQ's own customers' data under HQ's law, for HQs outside the EEA, UK and
  US: :mod:`sourcing.facts.hq_rules`): at home → a destination HQ's law treats as adequate →
  the firm's own contract (``contract``) or the regulator's clauses / assessment (``SCCs``,
  blocked when the scenario does not allow them).
- ``payment_card`` and ``health``: sector rules, tougher where the location localises data.

Voice work under a ``disclosure`` rule of HQ's (Italy: callers told where the operator sits and
entitled to one in the EU) takes a weaker path (``SCCs``' 50) outside the area the rule names.
A localisation regime never counts against HQ's own country: staying home meets it.

Each path has a fixed score; the regulatory sub-score blends the mean path score with the
location's privacy-law maturity and its localisation regime (weights below).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from sourcing.facts.hq_rules import TransferRule, VoiceRule

PATH_SCORE = {"home": 100, "in EEA": 100, "adequacy": 90, "contract": 80, "SCCs": 50,
              "country of concern": 20}  # fmt: skip
LOCALIZATION_SCORE = {"none": 100, "sectoral": 60, "strict": 0}
SECTOR_SCORE = {"none": 100, "sectoral": 70, "strict": 30}
LAW_SCORE_ESTABLISHED, LAW_SCORE_NEW, LAW_SCORE_NONE = 100, 70, 0
NEW_LAW_YEARS = 2
BLEND = {"transfer": 0.5, "law": 0.25, "localization": 0.25}
NEUTRAL = 50.0


@dataclass(frozen=True)
class RegulatoryFit:
    score: float
    blocked: tuple[str, ...]  # screening reasons
    notes: tuple[str, ...]  # human-readable path per category
    no_data: tuple[str, ...]


@dataclass(frozen=True)
class TransferRegime:
    """One personal-data regime's ladder of footings: where the data is at home, the adequacy
    column (and its scope), then contractual clauses, if the scenario allows them."""

    category: str  # the data category it governs
    at_home: Callable[[Mapping], bool]  # no transfer: in the EEA, in the UK
    home_path: str  # its PATH_SCORE key
    home_note: str | None
    adequacy: str  # boolean column …
    scope: str  # … and the column naming a partial adequacy's scope
    adequacy_note: str
    clauses_note: str  # allowed: SCCs, IDTA / UK Addendum
    blocked: str  # not allowed


TRANSFER_REGIMES = (
    TransferRegime(
        category="eu_personal",
        at_home=lambda row: row["eea_member"],
        home_path="in EEA",
        home_note="EU data: in EEA",
        adequacy="eu_adequacy",
        scope="eu_adequacy_scope",
        adequacy_note="EU data: adequacy decision",
        clauses_note="EU data: SCCs + transfer impact assessment needed",
        blocked="EU personal data: no adequacy decision, SCCs not allowed in this scenario",
    ),
    TransferRegime(
        category="uk_personal",
        at_home=lambda row: row["iso2"] == "GB",
        home_path="home",
        home_note=None,
        adequacy="uk_adequacy",
        scope="uk_adequacy_scope",
        adequacy_note="UK data: UK adequacy regulations",
        clauses_note="UK data: IDTA / UK Addendum needed",
        blocked="UK personal data: no UK adequacy regulations, IDTA/SCCs not allowed in this "
        "scenario",
    ),
)


def _transfer_path(
    regime: TransferRegime,
    row,
    allow_sccs: bool,
    paths: list[float],
    notes: list[str],
    blocked: list[str],
) -> None:
    """Add the footing of ``regime``'s data in this location to ``paths`` and ``notes``, or the
    reason it may not go there to ``blocked``."""
    if regime.at_home(row):
        paths.append(PATH_SCORE[regime.home_path])
        if regime.home_note is not None:
            notes.append(regime.home_note)
    elif row[regime.adequacy]:
        paths.append(PATH_SCORE["adequacy"])
        scope = f" ({row[regime.scope]})" if _has(row[regime.scope]) else ""
        notes.append(f"{regime.adequacy_note}{scope}")
    elif allow_sccs:
        paths.append(PATH_SCORE["SCCs"])
        notes.append(regime.clauses_note)
    else:
        blocked.append(regime.blocked)


def _home_path(rule: TransferRule, row, allow_sccs: bool, onshore: bool, paths, notes, blocked):
    """HQ's own customers' data under HQ's law (``home_personal``)."""
    whose = f"HQ customers' data ({rule.law})"
    if onshore:
        paths.append(PATH_SCORE["home"])
    elif rule.covers(row["iso2"]):
        paths.append(PATH_SCORE["adequacy"])
        said = "no country restricted" if rule.adequate is None else "treated as adequate"
        notes.append(f"{whose}: {said}")
    elif rule.footing == "contract":
        paths.append(PATH_SCORE["contract"])
        notes.append(f"{whose}: {rule.footing_note}")
    elif allow_sccs:
        paths.append(PATH_SCORE["SCCs"])
        notes.append(f"{whose}: {rule.footing_note}")
    else:
        blocked.append(
            f"{whose}: not adequate, and the regulator's clauses are not allowed in this scenario"
        )


def regulatory_fit(
    row,
    data: frozenset[str],
    allow_sccs: bool,
    onshore: bool,
    year: int,
    home: TransferRule | None = None,
    voice: VoiceRule | None = None,
):
    """Score 0–100 and any blocking reasons for one location (a dataset row). ``home``: HQ's
    customers' transfer rule, for ``home_personal``; ``voice``: a rule binding where HQ's voice
    work may sit (only passed for voice work)."""
    paths: list[float] = []
    blocked: list[str] = []
    notes: list[str] = []
    no_data: list[str] = []
    if "home_personal" in data and home is not None:
        _home_path(home, row, allow_sccs, onshore, paths, notes, blocked)
    if voice is not None and voice.kind == "disclosure" and row["iso2"] not in voice.inside:
        paths.append(PATH_SCORE["SCCs"])
        notes.append(f"voice work here: {voice.rule} ({voice.law})")

    for regime in TRANSFER_REGIMES:
        if regime.category in data:
            _transfer_path(regime, row, allow_sccs, paths, notes, blocked)
    if "us_bulk_sensitive" in data:
        if row["us_country_of_concern"]:
            blocked.append("US bulk sensitive data: country of concern (28 CFR 202)")
        else:
            paths.append(PATH_SCORE["home"])
    if "ca_personal" in data:
        if row["us_country_of_concern"]:
            paths.append(PATH_SCORE["country of concern"])
            notes.append(
                "US personal data: country of concern under 28 CFR 202 (prohibited or "
                "restricted above the bulk thresholds; scored as a weak path below them)"
            )
        else:
            paths.append(PATH_SCORE["home"] if row["iso2"] == "US" else PATH_SCORE["contract"])
    for sector in ("payment_card", "health"):
        if sector in data:
            regime = row["localization"]
            paths.append(SECTOR_SCORE.get(regime, NEUTRAL) if _has(regime) else NEUTRAL)

    transfer = sum(paths) / len(paths) if paths else 100.0
    if onshore:
        law = LAW_SCORE_ESTABLISHED
    elif _has(row["privacy_law_year"]):
        new = year - int(row["privacy_law_year"]) < NEW_LAW_YEARS
        law = LAW_SCORE_NEW if new else LAW_SCORE_ESTABLISHED
        if new:
            notes.append(f"privacy law new ({row['privacy_law']}, {row['privacy_law_year']})")
    elif _has(row["privacy_law"]):
        law = LAW_SCORE_ESTABLISHED
    else:
        law = LAW_SCORE_NONE
        notes.append("no comprehensive privacy law")
    regime = row["localization"]
    if onshore:  # HQ's own localisation rules are met by staying home
        local = LOCALIZATION_SCORE["none"]
    elif _has(regime):
        local = LOCALIZATION_SCORE[regime]
        if regime != "none":
            notes.append(f"{regime} data localization")
    else:
        local = NEUTRAL
        no_data.append("localization")
    score = BLEND["transfer"] * transfer + BLEND["law"] * law + BLEND["localization"] * local
    return RegulatoryFit(score, tuple(blocked), tuple(notes), tuple(no_data))


def _has(value) -> bool:
    return value is not None and bool(pd.notna(value)) and value != ""


def gdpr_path(row) -> str:
    """Footing for EU personal data: "EEA", "adequacy" (scope noted), or "SCCs"."""
    if row["eea_member"]:
        return "EEA"
    if row["eu_adequacy"]:
        return "adequacy (partial)" if _has(row["eu_adequacy_scope"]) else "adequacy"
    return "SCCs"


def uk_path(row) -> str:
    """Footing for UK personal data: "UK", "adequacy", or "IDTA"."""
    if row["iso2"] == "GB":
        return "UK"
    return "adequacy" if row["uk_adequacy"] else "IDTA"
