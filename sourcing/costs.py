"""Total cost of ownership over the horizon, per location, against keeping the work at HQ.

Month by month for ``years × 12`` months (month 1 = first month at the new location):

- run cost        = FTE × productive hours / 12 × hourly rate × (1 + wage inflation)^(year − 1),
                    the rate being the ranked table's ``cost_usd_hr`` (night premium included);
- retained org    = run cost × retained management overhead %;
- governance      = trips per year / 12 × (fixed trip cost + 2 × distance × cost per km);
- transition      = month 1: set-up per seat × FTE + knowledge transfer hours × FTE × HQ rate;
                    months 1…parallel run: the HQ run cost too (both sides work);
- ramp-up         = months 1…ramp: run cost × (1 − productivity), productivity rising linearly
                    from the starting share to 100% (the lost output is bought again).
The baseline is the HQ run cost with HQ wage inflation. Saving = baseline − location;
payback month = first month in which the cumulative saving is ≥ 0 (empty when never).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from sourcing.scenario import Scenario


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
]  # fmt: skip


def monthly(
    scenario: Scenario, table: pd.DataFrame, assumptions: Assumptions | None = None
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """(locations, location cost per month [loc × months], baseline per month [months])."""
    a = assumptions or Assumptions()
    hq = table.loc[table["iso2"] == scenario.hq]
    if hq.empty or pd.isna(hq["cost_usd_hr"].iloc[0]):
        raise ValueError(f"no HQ cost for {scenario.hq}: the TCO needs HQ's rate as its baseline")
    hq_rate = float(hq["cost_usd_hr"].iloc[0])
    kept = table[table["cost_usd_hr"].notna()].reset_index(drop=True)
    months = scenario.years * 12
    m = np.arange(months)
    year = m // 12
    hours = scenario.fte * a.productive_hours_per_fte_year / 12
    rate = kept["cost_usd_hr"].to_numpy(float)[:, None]
    run = hours * rate * (1 + a.wage_inflation_pct / 100) ** year[None, :]
    baseline = hours * hq_rate * (1 + a.hq_wage_inflation_pct / 100) ** year

    cost = run * (1 + a.retained_management_pct / 100)
    km = kept["distance_km"].to_numpy(float)[:, None]
    trip = a.trip_fixed_cost_usd + 2 * km * a.travel_cost_per_km_usd
    cost = cost + a.governance_trips_per_year / 12 * trip
    cost[:, 0] += scenario.fte * (
        a.setup_cost_per_seat_usd + a.knowledge_transfer_hours_per_fte * hq_rate
    )
    parallel = m < a.parallel_run_months
    cost[:, parallel] += baseline[parallel]
    if a.ramp_up_months > 0:
        start = a.ramp_up_start_productivity_pct / 100
        ramp = m < a.ramp_up_months
        productivity = start + (1 - start) * (m[ramp] + 0.5) / a.ramp_up_months
        cost[:, ramp] += run[:, ramp] * (1 - productivity)
    onshore = (kept["iso2"] == scenario.hq).to_numpy()
    cost[onshore] = baseline  # staying at HQ costs the baseline: no move, no transition
    return kept, cost, baseline


def tco(
    scenario: Scenario, table: pd.DataFrame, assumptions: Assumptions | None = None
) -> pd.DataFrame:
    """Yearly and cumulative cost per location against the HQ baseline (long format)."""
    kept, cost, baseline = monthly(scenario, table, assumptions)
    years = scenario.years
    yearly = cost.reshape(len(kept), years, 12).sum(axis=2)
    base = baseline.reshape(years, 12).sum(axis=1)
    rows = []
    for i, row in kept.iterrows():
        cum_cost = np.cumsum(yearly[i])
        cum_base = np.cumsum(base)
        for y in range(years):
            rows.append(
                [row["iso2"], row["name"], row["shore"], y + 1, yearly[i, y], base[y],
                 base[y] - yearly[i, y], cum_cost[y], cum_base[y], cum_base[y] - cum_cost[y]]
            )  # fmt: skip
    return pd.DataFrame(rows, columns=TCO_COLUMNS).round(2)


def payback(
    scenario: Scenario, table: pd.DataFrame, assumptions: Assumptions | None = None
) -> pd.DataFrame:
    """Per location: total cost and saving over the horizon, and the payback month."""
    kept, cost, baseline = monthly(scenario, table, assumptions)
    cumulative = np.cumsum(baseline[None, :] - cost, axis=1)
    paid = cumulative >= -1e-6
    first = np.where(paid.any(axis=1), paid.argmax(axis=1) + 1, 0)
    out = kept[["iso2", "name", "shore", "cost_usd_hr"]].copy()
    out["total_cost_usd"] = cost.sum(axis=1).round(2)
    out["baseline_usd"] = round(float(baseline.sum()), 2)
    out["saving_usd"] = (baseline.sum() - cost.sum(axis=1)).round(2)
    out["saving_pct"] = (100 * out["saving_usd"] / baseline.sum()).round(1)
    out["payback_month"] = pd.array([int(f) if f else pd.NA for f in first], dtype="Int64")
    onshore = out["iso2"] == scenario.hq
    out.loc[onshore, "payback_month"] = pd.NA
    return out.sort_values("total_cost_usd").reset_index(drop=True)
