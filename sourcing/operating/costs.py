"""Total cost of ownership over the horizon, per location, against keeping the work at HQ.

Month by month for ``years × 12`` months (month 1 = first month at the new location):

- run cost        = FTE × productive hours / 12 × hourly rate × (1 + wage inflation)^(year − 1),
                    the rate being the ranked table's ``cost_usd_hr`` (night premium included)
                    and FTE the people the work needs (typed in, or sized from volumes; after
                    AI automation: ``operating.human_fte``);
- retained org    = run cost × retained management overhead %;
- governance      = trips per year / 12 × (fixed trip cost + 2 × distance × cost per km);
- transition      = month 1: set-up per seat × FTE + knowledge transfer hours × FTE × HQ rate;
                    months 1…parallel run: the HQ run cost too (both sides work);
- ramp-up         = months 1…ramp: run cost × (1 − productivity), productivity rising linearly
                    from the starting share to 100% (the lost output is bought again).
- automation      = AI resolutions and licences a month, set-up in month 1 (``operating``):
                    the same at every location and in the baseline.
The baseline is the HQ run cost with HQ wage inflation. Saving = baseline − location;
payback month = first month in which the cumulative saving is ≥ 0 (empty when never).

The band: the same months with the location's rate at the low and at the high end of its range
(``cost_low_usd_hr`` / ``cost_high_usd_hr``; a rate without a range is exact). HQ's rate — the
baseline and the knowledge-transfer hours — stays at its expected value, so the band shows what
the location's cost uncertainty alone does to the saving and the payback month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from sourcing.facts.cities import hq_rows
from sourcing.model.scenario import Scenario
from sourcing.operating.automation import automation_cost, human_fte


class Assumptions(BaseModel):
    """Every TCO input, with its default. All are editable; none is hidden in the code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    productive_hours_per_fte_year: float = Field(
        1_800, gt=0, le=3_000, description="paid hours less leave, holidays and training"
    )
    wage_inflation_pct: float = Field(5.0, ge=-20, le=100, description="yearly, at the location")
    hq_wage_inflation_pct: float = Field(3.0, ge=-20, le=100, description="yearly, at HQ")
    setup_cost_per_seat_usd: float = Field(3_000, ge=0, description="one-time, per FTE")
    knowledge_transfer_hours_per_fte: float = Field(
        80, ge=0, description="HQ staff hours spent training each new FTE"
    )
    parallel_run_months: int = Field(3, ge=0, le=36, description="months both sides work")
    ramp_up_months: int = Field(6, ge=0, le=36)
    ramp_up_start_productivity_pct: float = Field(50, ge=0, le=100)
    retained_management_pct: float = Field(
        10, ge=0, le=100, description="retained organisation at HQ, % of the location's run cost"
    )
    governance_trips_per_year: float = Field(4, ge=0, le=100)
    trip_fixed_cost_usd: float = Field(1_500, ge=0, description="hotel, per diem, per trip")
    travel_cost_per_km_usd: float = Field(0.12, ge=0, description="airfare per km flown")


TCO_COLUMNS = [
    "iso2", "name", "shore", "year", "cost_usd", "baseline_usd", "saving_usd",
    "cumulative_cost_usd", "cumulative_baseline_usd", "cumulative_saving_usd",
    "cumulative_cost_low_usd", "cumulative_cost_high_usd",
]  # fmt: skip
BAND = {"low": "cost_low_usd_hr", "high": "cost_high_usd_hr"}


def _rates(kept: pd.DataFrame, column: str) -> np.ndarray:
    """The location rates from ``column``, the expected rate where it has none."""
    expected = kept["cost_usd_hr"].to_numpy(float)
    if column not in kept:
        return expected
    values = pd.to_numeric(kept[column], errors="coerce").to_numpy(float)
    return np.where(np.isnan(values), expected, values)


def monthly(
    scenario: Scenario,
    table: pd.DataFrame,
    assumptions: Assumptions | None = None,
    rate: str = "cost_usd_hr",
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """(locations, location cost per month [loc × months], baseline per month [months]), the
    locations' rates taken from column ``rate`` (the expected rate, or an end of the band)."""
    a = assumptions or Assumptions()
    hq = hq_rows(table, scenario.hq)
    if hq.empty or pd.isna(hq["cost_usd_hr"].iloc[0]):
        raise ValueError(f"no HQ cost for {scenario.hq}: the TCO needs HQ's rate as its baseline")
    hq_rate = float(hq["cost_usd_hr"].iloc[0])
    kept = table[table["cost_usd_hr"].notna()].reset_index(drop=True)
    months = scenario.years * 12
    m = np.arange(months)
    year = m // 12
    people = human_fte(scenario)  # typed in, or sized from volumes; after automation
    hours = people * a.productive_hours_per_fte_year / 12
    run = hours * _rates(kept, rate)[:, None] * (1 + a.wage_inflation_pct / 100) ** year[None, :]
    baseline = hours * hq_rate * (1 + a.hq_wage_inflation_pct / 100) ** year

    cost = run * (1 + a.retained_management_pct / 100)
    km = kept["distance_km"].to_numpy(float)[:, None]
    trip = a.trip_fixed_cost_usd + 2 * km * a.travel_cost_per_km_usd
    cost = cost + a.governance_trips_per_year / 12 * trip
    cost[:, 0] += people * (
        a.setup_cost_per_seat_usd + a.knowledge_transfer_hours_per_fte * hq_rate
    )
    parallel = m < a.parallel_run_months
    cost[:, parallel] += baseline[parallel]
    if a.ramp_up_months > 0:
        start = a.ramp_up_start_productivity_pct / 100
        ramp = m < a.ramp_up_months
        productivity = start + (1 - start) * (m[ramp] + 0.5) / a.ramp_up_months
        cost[:, ramp] += run[:, ramp] * (1 - productivity)
    ai = automation_cost(scenario)  # bought wherever the people are: the same on every row
    machine = np.full(months, ai.monthly_usd)
    machine[0] += ai.setup_usd
    baseline = baseline + machine
    cost = cost + machine[None, :]
    onshore = (kept["iso2"] == scenario.hq).to_numpy()
    cost[onshore] = baseline  # staying at HQ costs the baseline: no move, no transition
    return kept, cost, baseline


def tco(
    scenario: Scenario, table: pd.DataFrame, assumptions: Assumptions | None = None
) -> pd.DataFrame:
    """Yearly and cumulative cost per location against the HQ baseline (long format)."""
    kept, cost, baseline = monthly(scenario, table, assumptions)
    years = scenario.years

    def by_year(months: np.ndarray) -> np.ndarray:
        return months.reshape(-1, years, 12).sum(axis=2)

    yearly = by_year(cost)
    cumulative = np.cumsum(yearly, axis=1)
    band = {end: np.cumsum(by_year(monthly(scenario, table, assumptions, column)[1]), axis=1)
            for end, column in BAND.items()}  # fmt: skip
    base = baseline.reshape(years, 12).sum(axis=1)
    cum_base = np.cumsum(base)
    rows = []
    key = ["location"] if "location" in kept.columns else []  # city level: the city first
    for i, row in kept.iterrows():
        for y in range(years):
            rows.append(
                [*(row[k] for k in key), row["iso2"], row["name"], row["shore"], y + 1,
                 yearly[i, y], base[y], base[y] - yearly[i, y], cumulative[i, y], cum_base[y],
                 cum_base[y] - cumulative[i, y], band["low"][i, y], band["high"][i, y]]
            )  # fmt: skip
    return pd.DataFrame(rows, columns=[*key, *TCO_COLUMNS]).round(2)


def _payback_month(cost: np.ndarray, baseline: np.ndarray) -> pd.arrays.IntegerArray:
    cumulative = np.cumsum(baseline[None, :] - cost, axis=1)
    paid = cumulative >= -1e-6
    first = np.where(paid.any(axis=1), paid.argmax(axis=1) + 1, 0)
    return pd.array([int(f) if f else pd.NA for f in first], dtype="Int64")


def _month_or_none(value) -> int | None:
    return None if pd.isna(value) else int(value)


@dataclass(frozen=True)
class Payback:
    """One location's payback, missing ends typed once: ``None`` is "not within the horizon".

    ``month`` at the location's central rate; ``earliest`` at the low end of its cost range (the
    cheaper end pays back first), ``latest`` at the high end. Built from a row of
    :func:`payback` with :meth:`of`, so no caller compares a pandas ``NA``.
    """

    month: int | None
    earliest: int | None
    latest: int | None

    @classmethod
    def of(cls, row) -> Payback:
        return cls(
            _month_or_none(row["payback_month"]),
            _month_or_none(row["payback_month_low"]),
            _month_or_none(row["payback_month_high"]),
        )

    def phrase(self) -> str:
        """ "paying back in month 7 (5–11)", with each missing end said in words; "" when even
        the central rate never pays back."""
        if self.month is None:
            return ""
        if self.latest is None:
            span = f" (from month {self.earliest} at the low end of its cost range; not within "
            span += "the horizon at the high end)"
        elif self.earliest is None or self.earliest == self.latest:
            span = ""
        else:
            span = f" ({self.earliest}–{self.latest})"
        return f"paying back in month {self.month}{span}"


PAYBACK_COLUMNS = [
    "iso2", "name", "shore", "cost_usd_hr", "cost_low_usd_hr", "cost_high_usd_hr",
    "total_cost_usd", "baseline_usd", "saving_usd", "saving_pct", "payback_month",
    "saving_low_usd", "saving_high_usd", "payback_month_low", "payback_month_high",
]  # fmt: skip


def payback(
    scenario: Scenario, table: pd.DataFrame, assumptions: Assumptions | None = None
) -> pd.DataFrame:
    """Per location: total cost and saving over the horizon and the payback month, each also at
    the low and the high end of the location's cost range (``saving_low_usd`` is the saving
    when its rate is at the low end — the larger saving — and ``payback_month_low`` the
    earlier payback; empty when the location never pays back)."""
    kept, cost, baseline = monthly(scenario, table, assumptions)
    key = ["location"] if "location" in kept.columns else []  # city level: the city first
    out = kept[[*key, "iso2", "name", "shore", "cost_usd_hr"]].copy()
    out["cost_low_usd_hr"] = _rates(kept, BAND["low"])
    out["cost_high_usd_hr"] = _rates(kept, BAND["high"])
    out["total_cost_usd"] = cost.sum(axis=1).round(2)
    out["baseline_usd"] = round(float(baseline.sum()), 2)
    out["saving_usd"] = (baseline.sum() - cost.sum(axis=1)).round(2)
    out["saving_pct"] = (100 * out["saving_usd"] / baseline.sum()).round(1)
    out["payback_month"] = _payback_month(cost, baseline)
    for end, column in BAND.items():
        at = monthly(scenario, table, assumptions, column)[1]
        out[f"saving_{end}_usd"] = (baseline.sum() - at.sum(axis=1)).round(2)
        out[f"payback_month_{end}"] = _payback_month(at, baseline)
    onshore = out["iso2"] == scenario.hq
    out.loc[onshore, ["payback_month", "payback_month_low", "payback_month_high"]] = pd.NA
    return out.sort_values("total_cost_usd").reset_index(drop=True)[[*key, *PAYBACK_COLUMNS]]
