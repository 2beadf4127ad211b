"""Onshore / nearshore / offshore, relative to HQ — as the industry uses the words.

- onshore: the same country as HQ;
- nearshore: for an HQ in a region that ``data/nearshore.csv`` covers, a location in one of
  the regions the industry calls nearshore for it (each row cites its source): Europe → the
  rest of Europe (Central and Eastern Europe, the Baltics, the Western Balkans, Southern
  Europe, other EEA members), the Maghreb and Egypt, Turkey; the US and Canada → Latin
  America and the Caribbean, and each other; Australia ↔ New Zealand. Regions are UN M49
  sub-regions, a two-letter entry is one country and ``EEA`` means any EEA member;
- an HQ no row covers falls back to a stated rule: UTC offsets within ``max_offset_hours`` on
  the scenario date *and* hubs within ``max_km`` (2 h and 4,000 km by default);
- offshore: the rest.

A scenario may override any country's class (``Scenario.shore_overrides``): a firm that treats
South Africa as nearshore says so, and the override travels with the scenario.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from sourcing.facts.countries import DATA_DIR, shared_countries
from sourcing.facts.filecache import FileCache
from sourcing.facts.geo import great_circle_km
from sourcing.facts.timezones import utc_offset_hours

Shore = Literal["onshore", "nearshore", "offshore"]
SHORES: tuple[Shore, ...] = ("onshore", "nearshore", "offshore")
NEARSHORE_CSV = DATA_DIR / "nearshore.csv"
FALLBACK_OFFSET_HOURS = 2.0
FALLBACK_KM = 4_000.0


@dataclass(frozen=True)
class NearshoreRule:
    hq: frozenset[str]  # UN M49 sub-regions (or ISO-2 codes) of the HQs the row is for
    nearshore: frozenset[str]  # sub-regions, ISO-2 codes, or "EEA"
    source: str


def _split(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in str(text).split(";") if part.strip())


def _load_rules(path: Path) -> tuple[NearshoreRule, ...]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"hq", "nearshore", "source"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    return tuple(
        NearshoreRule(_split(r.hq), _split(r.nearshore), r.source) for r in frame.itertuples()
    )


_RULES: FileCache[tuple[NearshoreRule, ...]] = FileCache(_load_rules)


def nearshore_rules(path: str | Path | None = None) -> tuple[NearshoreRule, ...]:
    return _RULES.get(Path(path or NEARSHORE_CSV))


def nearshore_table() -> pd.DataFrame:
    """The sourced table, one row per HQ region → nearshore regions, for the Data page."""
    return pd.DataFrame(
        [("; ".join(sorted(r.hq)), "; ".join(sorted(r.nearshore)), r.source)
         for r in nearshore_rules()],
        columns=["hq_region", "nearshore", "source"],
    )  # fmt: skip


def _in(tokens: frozenset[str], row) -> bool:
    return (
        row["subregion"] in tokens
        or row["iso2"] in tokens
        or ("EEA" in tokens and bool(row.get("eea_member")))
    )


def rules_for(hq_row) -> list[NearshoreRule]:
    """The table's rows for this HQ (empty: the fallback rule applies)."""
    return [rule for rule in nearshore_rules() if _in(rule.hq, hq_row)]


def shore_of(
    hq_row,
    row,
    offset_gap_hours: float,
    km: float,
    max_offset_hours: float = FALLBACK_OFFSET_HOURS,
    max_km: float = FALLBACK_KM,
    overrides: dict[str, str] | None = None,
    rules: list[NearshoreRule] | None = None,
) -> Shore:
    """The shore class of location ``row`` seen from ``hq_row`` (dataset rows with ``iso2``,
    ``subregion`` and ``eea_member``); ``rules`` = :func:`rules_for` the HQ, when the caller
    classifies many locations."""
    if row["iso2"] == hq_row["iso2"]:
        return "onshore"
    if overrides and row["iso2"] in overrides:
        return overrides[row["iso2"]]  # type: ignore[return-value]
    if rules is None:
        rules = rules_for(hq_row)
    if rules:
        return "nearshore" if any(_in(rule.nearshore, row) for rule in rules) else "offshore"
    if abs(offset_gap_hours) <= max_offset_hours and km <= max_km:
        return "nearshore"
    return "offshore"


def classify_shore(
    hq: str,
    candidate: str,
    on: dt.date,
    *,
    max_offset_hours: float = FALLBACK_OFFSET_HOURS,
    max_km: float = FALLBACK_KM,
    overrides: dict[str, str] | None = None,
    countries: pd.DataFrame | None = None,
) -> Shore:
    """Shore class of ``candidate`` seen from ``hq`` (ISO-2 codes), using the dataset."""
    if countries is None:
        countries = shared_countries()
    for code in (hq, candidate):
        if code not in countries.index:
            raise ValueError(f"unknown country {code!r}")
    a = {**countries.loc[hq].to_dict(), "iso2": hq}
    b = {**countries.loc[candidate].to_dict(), "iso2": candidate}
    gap = utc_offset_hours(b["hub_tz"], on) - utc_offset_hours(a["hub_tz"], on)
    km = great_circle_km(a["hub_lat"], a["hub_lon"], b["hub_lat"], b["hub_lon"])
    return shore_of(a, b, gap, km, max_offset_hours, max_km, overrides)
