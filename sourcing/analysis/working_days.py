"""Working days drawn on HQ's clock: the rows behind the time-zone charts and the year view."""

from __future__ import annotations

import pandas as pd

from sourcing.engine.resolve import resolve
from sourcing.facts.cities import places_for
from sourcing.facts.timezones import (
    WorkingDay,
    hours_of,
    utc_offset_hours,
    window_minutes,
    year_view,
)
from sourcing.model.scenario import Scenario


def _shift(hours: float, gap: float) -> float:
    return (hours - gap) % 24


def working_day_rows(
    scenario: Scenario, table: pd.DataFrame, countries: pd.DataFrame, iso2s: list[str]
) -> pd.DataFrame:
    """HQ's day and each location's day in HQ clock hours, with the overlap.

    A location on local daytime works ``location_hours`` at its hub; on a shifted day (the
    workload's shift alignment) it works the service window, i.e. HQ's hours for the window.
    Columns: label, iso2, kind (hq/day/shifted), shore, start_h, end_h (end may exceed 24),
    overlap_start_h, overlap_end_h, overlap_h.
    """
    eff = resolve(scenario, countries)
    hq_offset = utc_offset_hours(eff.hq_tz, eff.on)
    hq_start, hq_end = (hours_of(t) for t in scenario.hq_hours)
    hq_len = window_minutes(*scenario.hq_hours) / 60
    rows = [
        {
            "label": f"HQ ({scenario.hq})",
            "iso2": scenario.hq,
            "kind": "hq",
            "shore": "onshore",
            "start_h": hq_start,
            "end_h": hq_start + hq_len,
            "overlap_start_h": None,
            "overlap_end_h": None,
            "overlap_h": hq_len,
        }
    ]
    by_iso = table.set_index("location" if "location" in table.columns else "iso2")
    places = places_for(scenario.level, countries)
    for iso2 in iso2s:
        tz = places.at[iso2, "hub_tz"]
        gap = utc_offset_hours(tz, eff.on) - hq_offset
        if eff.shift_alignment == "shift":
            kind = "shifted"
            if eff.service_hours is None:
                start, length = 0.0, 24.0
            else:
                start = hours_of(eff.service_hours[0])
                length = window_minutes(*eff.service_hours) / 60
        else:
            kind = "day"
            moved = float(by_iso.at[iso2, "day_moved_hours"]) if iso2 in by_iso.index else 0.0
            start = _shift(hours_of(scenario.location_hours[0]) + moved, gap)
            length = window_minutes(*scenario.location_hours) / 60
        o_start, o_end = _circle_overlap(hq_start, hq_len, start, length)
        rows.append(
            {
                "label": f"{places.at[iso2, 'name']} ({iso2})",
                "iso2": iso2,
                "kind": kind,
                "shore": by_iso.at[iso2, "shore"] if iso2 in by_iso.index else None,
                "start_h": start,
                "end_h": start + length,
                "overlap_start_h": o_start,
                "overlap_end_h": o_end,
                "overlap_h": float(by_iso.at[iso2, "overlap_staffed_hours"])
                if iso2 in by_iso.index
                else None,
            }
        )
    return pd.DataFrame(rows)


def _circle_overlap(a: float, a_len: float, b: float, b_len: float):
    """The first stretch where two windows on a 24-hour circle meet, as (start, end) hours."""
    for shift in (-24, 0, 24):
        start, end = max(a, b + shift), min(a + a_len, b + shift + b_len)
        if end > start:
            return start, end
    return None, None


def location_windows(rows: pd.DataFrame) -> dict[str, tuple[float, float]]:
    return {r.iso2: (r.start_h, r.end_h) for r in rows.itertuples() if r.kind != "hq"}


def year_overlap(scenario: Scenario, countries: pd.DataFrame, iso2s: list[str]) -> pd.DataFrame:
    """The year view for the scenario's HQ day and the locations' local days."""
    eff = resolve(scenario, countries)
    hq = WorkingDay(eff.hq_tz, *scenario.hq_hours)
    places = places_for(scenario.level, countries)
    days = {i: WorkingDay(places.at[i, "hub_tz"], *scenario.location_hours) for i in iso2s}
    return year_view(hq, days, eff.on.year)
