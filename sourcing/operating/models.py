"""The operating model's results: the ranking as automation rises, cost by automated share and
its crossover, vendor pricing per location, and the TCO of each operating model (in-house, FTE,
transactional, outcome) — what the Operating model page, the brief and the workbook show.
Sizing and automation itself are :mod:`sourcing.operating.automation`.
"""

from __future__ import annotations

import math

import pandas as pd

from sourcing.engine.scoring import rank
from sourcing.facts.cities import hq_rows, rows_for
from sourcing.facts.countries import shared_countries
from sourcing.model.records import PortfolioError
from sourcing.operating.automation import (
    automation_cost,
    default_automation,
    human_fte,
    service_pattern,
)
from sourcing.operating.costs import Assumptions, payback, tco
from sourcing.operating.optimise import plan_result
from sourcing.operating.pricing import compare_pricing, fte_for
from sourcing.operating.staffing import after_automation

SHARES = tuple(round(0.05 * i, 2) for i in range(20))  # 0 %, 5 %, … 95 %


def without_automation(scenario):
    """The same scenario with no AI automation (the comparison's other side)."""
    return scenario.model_copy(update={"automation": None})


def ranking_shift(scenario, countries=None, top: int = 10):
    """The top ``top`` with no automation beside the top under this scenario's automation:
    (table with rank, name and shore on each side, shore mix of each top as counts)."""
    sides = {"no automation": without_automation(scenario), "this automation": scenario}
    tops = {}
    for label, sc in sides.items():
        t = rank(sc, countries).to_frame()
        tops[label] = t[~t["excluded"]].head(top).reset_index(drop=True)
    table = pd.DataFrame({"rank": range(1, top + 1)})
    for label, t in tops.items():
        table[f"{label}"] = t["name"].reindex(range(top)).to_numpy()
        table[f"{label}: shore"] = t["shore"].reindex(range(top)).to_numpy()
    mix = (
        pd.DataFrame({label: t["shore"].value_counts() for label, t in tops.items()})
        .reindex(["onshore", "nearshore", "offshore"])
        .fillna(0)
        .astype(int)
    )
    return table, mix.rename_axis("shore").reset_index()


def cost_by_share(scenario, table, assumptions=None, shares=SHARES):
    """Over the horizon, per shore class, the cheapest location's total cost at each automation
    share (the scenario's own automation profile with only the share changed; with no
    automation set, the workload's default profile). Columns: share, shore, iso2, name,
    total_cost_usd."""
    base = scenario.automation or default_automation(scenario.workload)
    rows = []
    for share in shares:
        sc = scenario.model_copy(
            update={"automation": base.model_copy(update={"share_resolved": share})}
        )
        costs = payback(sc, table, assumptions)
        best = costs.sort_values("total_cost_usd").groupby("shore", sort=False).head(1)
        for row in best.itertuples():
            rows.append([share, row.shore, row.iso2, row.name, row.total_cost_usd])
    return pd.DataFrame(rows, columns=["share", "shore", "iso2", "name", "total_cost_usd"])


def crossover(by_share) -> dict[str, float | None]:
    """From :func:`cost_by_share`: the first automation share at which the cheapest onshore
    (and nearshore) location costs no more than the cheapest offshore one over the horizon;
    None when it never does in the range (and 0.0 when it already does without automation)."""
    wide = by_share.pivot_table(index="share", columns="shore", values="total_cost_usd")
    out: dict[str, float | None] = {}
    for shore in ("onshore", "nearshore"):
        if shore not in wide or "offshore" not in wide:
            out[shore] = None
            continue
        cheaper = wide.index[wide[shore] <= wide["offshore"]]
        out[shore] = float(cheaper[0]) if len(cheaper) else None
    return out


def pricing_for(scenario, table, iso2: str, assumptions=None):
    """The three pricing models (:mod:`sourcing.operating.pricing`) for the people's share of the
    work at ``iso2``: the volume left after automation, sized as the scenario sizes it, priced from
    the location's loaded cost per hour, over the scenario's horizon. Needs volumes (a transaction
    price needs transactions to count): raises ValueError saying so otherwise."""

    if scenario.volumes is None:
        raise ValueError("pricing per transaction needs volumes: state the work as volumes")
    row = rows_for(table, iso2)
    if row.empty or row["cost_usd_hr"].isna().iloc[0]:
        raise ValueError(f"no cost data for {iso2}: it cannot be priced")
    volumes = scenario.volumes
    if scenario.automation is not None:
        a = scenario.automation
        volumes = after_automation(volumes, a.share_resolved, a.human_time_change)
    hours = (assumptions or Assumptions()).productive_hours_per_fte_year
    return compare_pricing(
        volumes.per_month,
        fte_for(volumes, service_pattern(scenario)),
        float(row["cost_usd_hr"].iloc[0]),
        hours,
        scenario.years * 12,
        scenario.pricing,
        unit="contact" if volumes.kind == "contact" else "item",
    )


MODELS = ("fte", "transactional", "outcome")
# the run-it-yourself TCO (Compare & cost, `shoreline compare`, the brief, the workbook)
IN_HOUSE = "in-house"
TCO_MODEL_COLUMNS = ["model", "year", "iso2", "name", "human_fte", "people_usd",
                     "automation_usd", "total_usd", "cumulative_usd"]  # fmt: skip


def tco_by_model(scenario, table, iso2: str, models=MODELS, assumptions=None):
    """Year by year at ``iso2``, one block per model: the people the work needs, what they cost
    under that model, what the AI automation costs (set-up in year 1), the total and the
    running total. One cost model under all of them (:class:`sourcing.operating.costs.Assumptions`):
    the same productive hours per FTE-year, and every people cost escalates by the location's yearly
    wage inflation.

    - ``in-house``: the TCO of running it yourself — exactly :func:`sourcing.operating.costs.tco`'s
      yearly cost for the location (what Compare & cost, ``shoreline compare``, the brief and
      the workbook show): loaded cost, retained management, governance travel, set-up,
      knowledge transfer, parallel run and ramp-up;
    - ``fte``, ``transactional``, ``outcome``: a vendor's bill under each pricing model
      (:mod:`sourcing.operating.pricing`: the loaded cost plus the vendor's margin), escalated
      yearly.

    Transactional pricing needs volumes; the others work from the typed-in FTE too. Raises
    ValueError naming what is missing."""
    a = assumptions or Assumptions()
    unknown = [m for m in models if m not in (IN_HOUSE, *MODELS)]
    if unknown:
        raise ValueError(
            f"unknown pricing model(s) {', '.join(unknown)}; known: "
            f"{', '.join((IN_HOUSE, *MODELS))}"
        )
    row = rows_for(table, iso2)
    if row.empty or row["cost_usd_hr"].isna().iloc[0]:
        raise ValueError(f"no cost data for {iso2}: it cannot be priced")
    name = row["name"].iloc[0]
    people = human_fte(scenario)
    ai = automation_cost(scenario)
    months = scenario.years * 12
    vendor = [m for m in models if m != IN_HOUSE]
    if scenario.volumes is not None and vendor:
        yearly = pricing_for(scenario, table, iso2, a).yearly
        bill = {(r.model, r.year): r.cost_usd for r in yearly.itertuples()}
    elif "transactional" in models:
        raise ValueError(
            "transactional pricing needs volumes (contacts or items a month and a handle time)"
        )
    else:
        p = scenario.pricing
        price = p.price_per_fte_month_usd or (
            float(row["cost_usd_hr"].iloc[0]) * a.productive_hours_per_fte_year / 12
            * (1 + p.vendor_margin_pct / 100)
        )  # fmt: skip
        monthly = {"fte": math.ceil(round(people, 9)) * price}
        monthly["outcome"] = monthly["fte"] * p.outcome_factor
        bill = {(m, y): 12 * monthly[m] for m in ("fte", "outcome")
                for y in range(1, scenario.years + 1)}  # fmt: skip
    own = None
    if IN_HOUSE in models:
        key = "location" if "location" in table.columns else "iso2"
        with_hq = pd.concat([rows_for(table, iso2), hq_rows(table, scenario.hq)])
        own = tco(scenario, with_hq.drop_duplicates(key), a).set_index([key, "year"])
    rows = []
    for model in models:
        running = 0.0
        for year in range(1, months // 12 + 1):
            machine = 12 * ai.monthly_usd + (ai.setup_usd if year == 1 else 0.0)
            if model == IN_HOUSE:
                total = float(own.at[(iso2, year), "cost_usd"])
                cost = total - machine
            else:
                cost = bill[(model, year)] * (1 + a.wage_inflation_pct / 100) ** (year - 1)
                total = cost + machine
            cost, machine = round(cost, 2), round(machine, 2)
            total = round(cost + machine, 2)
            running += total
            rows.append([model, year, iso2, name, people, cost, machine, total,
                         round(running, 2)])  # fmt: skip
    out = pd.DataFrame(rows, columns=TCO_MODEL_COLUMNS)
    return out.rename(columns={"iso2": "location"}) if "location" in table.columns else out


def model_results(scenario, table, countries=None) -> list[tuple[str, str]]:
    """The operating model's results in words, for the brief and the workbook: (topic, text)
    for the pricing models at the #1 (with volumes) and the hybrid portfolio (when planned).
    A part that cannot be computed says why instead of failing the whole."""
    out = []
    kept = table[~table["excluded"] & table["cost_usd_hr"].notna()]
    if scenario.volumes is not None and not kept.empty:
        first = kept.iloc[0]
        try:
            text = pricing_for(scenario, table, first["iso2"]).explain
        except ValueError as err:
            text = f"not computed: {err}"
        out.append((f"Pricing models at {first['name']}", text))
    if scenario.portfolio is not None:
        try:
            where = countries if countries is not None else shared_countries()
            text = plan_result(scenario, table, where).explain
        except PortfolioError as err:
            text = f"no portfolio meets the constraints: {err}"
        out.append(("Hybrid portfolio", text))
    return out
