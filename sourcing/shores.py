"""Onshore / nearshore / offshore, relative to HQ, on a concrete date.

Rule (DESIGN.md): onshore = the same country; nearshore = the hubs' UTC offsets differ by at
most ``max_offset_hours`` on the date *and* the hubs are at most ``max_km`` apart; offshore =
the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd

from sourcing.geo import great_circle_km
from sourcing.timezones import utc_offset_hours

Shore = Literal["onshore", "nearshore", "offshore"]
SHORES: tuple[Shore, ...] = ("onshore", "nearshore", "offshore")


def shore_of(
    same_country: bool, offset_gap_hours: float, km: float, max_offset_hours: float, max_km: float
) -> Shore:
    if same_country:
        return "onshore"
    if abs(offset_gap_hours) <= max_offset_hours and km <= max_km:
        return "nearshore"
    return "offshore"


def classify_shore(
    hq: str,
    candidate: str,
    on: dt.date,
    *,
    max_offset_hours: float = 3.0,
    max_km: float = 10_000,
    countries: pd.DataFrame | None = None,
) -> Shore:
    """Shore class of ``candidate`` seen from ``hq`` (ISO-2 codes), using the dataset's hubs."""
    if countries is None:
        from sourcing.countries import shared_countries

        countries = shared_countries()
    for code in (hq, candidate):
        if code not in countries.index:
            raise ValueError(f"unknown country {code!r}")
    a, b = countries.loc[hq], countries.loc[candidate]
    gap = utc_offset_hours(b["hub_tz"], on) - utc_offset_hours(a["hub_tz"], on)
    km = great_circle_km(a["hub_lat"], a["hub_lon"], b["hub_lat"], b["hub_lon"])
    return shore_of(hq == candidate, gap, km, max_offset_hours, max_km)
