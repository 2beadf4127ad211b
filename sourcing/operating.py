"""The operating model of 2026: how many people the work needs, and what AI automation takes.

Two optional parts of a :class:`~sourcing.scenario.Scenario` change how the work is sized:

- ``volumes`` (:class:`~sourcing.staffing.Volumes`): the work as contacts or items a month with a
  handle time; :func:`human_fte` sizes it (Erlang C for contacts, throughput and turnaround for
  items) over the workload's service window — 7 days a week for a 24/7 preset, Monday to Friday
  otherwise, spread evenly (the stated default; see ``staffing.pattern_for``);
- ``automation`` (:class:`Automation`): the share of the volume AI agents resolve end to end,
  the change in handle time for what people still handle, and what the automation costs (a
  price per AI resolution, a monthly licence per person still on the work, a one-time set-up).

Without volumes the typed-in FTE is scaled by the automation: FTE × (1 − share) × (1 + time
change). Per-resolution prices need volumes (there is nothing to count without them): the
licence and set-up still apply and :func:`automation_cost` says the rest is left out.

Each workload's default profile (``data/automation.csv``) is a labelled assumption with its low
and high ends and the sources it rests on (``data/sources/automation_notes.md``): conservative
by design — measured field studies set the defaults, vendor reports only bound the high end.
The often quoted "85 % of queries by AI, handle time −60 %" is an upper scenario, not a default.

As automation rises, the human remainder is harder work; ``Automation.shift_weights`` moves the
cost criterion's weight, in proportion to the automated share, onto language, capability and
collaboration (see :func:`shift_weights`).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from sourcing.countries import DATA_DIR
from sourcing.filecache import FileCache
from sourcing.staffing import Staffing, Volumes, after_automation, pattern_for, staff

AUTOMATION_CSV = DATA_DIR / "automation.csv"
# where the weight freed from cost goes as automation rises: the harder human remainder needs
# language, delivery capability and collaboration more than a low rate
SHIFT_TO = ("language", "capability", "collaboration")
# list prices, sourced in data/sources/automation_notes.md ("Prices"); editable per scenario
PRICE_PER_RESOLUTION_USD = 0.99  # Intercom Fin, per resolution (pricing page read 2026-09-20)
# (voice work is priced per voice outcome, 1.99: automation.csv's price_per_resolution_usd)
LICENCE_PER_PERSON_MONTH_USD = 30.0  # Microsoft 365 Copilot, per user a month (annual)


class AutomationError(ValueError):
    """The automation profiles file is missing or malformed; the message names the row."""


class Automation(BaseModel):
    """AI automation of one scenario's work. Shares are of all incoming volume (0.25 = 25 %)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    share_resolved: float = Field(
        ge=0, lt=1, description="share of the volume AI agents resolve end to end"
    )
    human_time_change: float = Field(
        0.0, ge=-0.9, le=1.0, description="change in handle time of what people still handle"
    )
    price_per_resolution_usd: float = Field(
        PRICE_PER_RESOLUTION_USD, ge=0, le=1_000, description="paid per AI-resolved contact/item"
    )
    licence_per_person_month_usd: float = Field(
        LICENCE_PER_PERSON_MONTH_USD, ge=0, le=100_000, description="AI assistant, per person"
    )
    setup_usd: float = Field(0.0, ge=0, le=1e9, description="one-time: integration, training")
    shift_weights: bool = Field(
        True, description="move cost weight onto language, capability, collaboration"
    )


@dataclass(frozen=True)
class Profile:
    """A workload's default automation: a labelled assumption with its range and basis."""

    workload: str
    share_low: float
    share: float
    share_high: float
    time_low: float
    time: float
    time_high: float
    basis: str
    price: float = PRICE_PER_RESOLUTION_USD  # per AI resolution: the channel's list price

    def automation(self) -> Automation:
        return Automation(share_resolved=self.share, human_time_change=self.time,
                          price_per_resolution_usd=self.price)  # fmt: skip


def _read_profiles(path: Path) -> dict[str, Profile]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise AutomationError(f"{path}: data file not found") from None
    out = {}
    for number, row in enumerate(rows, start=2):
        try:
            values = [
                float(row[f"{what}_{end}"])
                for what in ("share_resolved", "human_time_change")
                for end in ("low", "default", "high")
            ]
        except (KeyError, TypeError, ValueError):
            raise AutomationError(
                f"{path}, line {number}: a share or time change is not a number"
            ) from None
        if not (values[0] <= values[1] <= values[2] and values[3] <= values[4] <= values[5]):
            raise AutomationError(f"{path}, line {number}: low ≤ default ≤ high does not hold")
        try:
            price = float(row.get("price_per_resolution_usd") or PRICE_PER_RESOLUTION_USD)
        except ValueError:
            raise AutomationError(
                f"{path}, line {number}: price_per_resolution_usd is not a number"
            ) from None
        out[row["workload"]] = Profile(row["workload"], *values, basis=row["basis"], price=price)
    return out


_PROFILES: FileCache[dict[str, Profile]] = FileCache(_read_profiles)


def profiles(path: str | Path | None = None) -> dict[str, Profile]:
    """Every workload's default automation profile, by workload id."""
    return _PROFILES.get(Path(path) if path is not None else AUTOMATION_CSV)


def default_automation(workload: str) -> Automation:
    """The workload's default profile as an :class:`Automation` (no automation if none)."""
    profile = profiles().get(workload)
    return Automation(share_resolved=0.0) if profile is None else profile.automation()


def shift_weights(weights: dict[str, float], share: float) -> dict[str, float]:
    """Weights with ``share`` of the cost weight moved onto :data:`SHIFT_TO`, in proportion to
    their own weights (equally when all three weigh zero). The total is unchanged."""
    moved = weights.get("cost", 0.0) * share
    if moved <= 0:
        return dict(weights)
    out = dict(weights)
    out["cost"] -= moved
    base = sum(weights.get(c, 0.0) for c in SHIFT_TO)
    for c in SHIFT_TO:
        out[c] = out.get(c, 0.0) + moved * (weights.get(c, 0.0) / base if base else 1 / 3)
    return out


def service_pattern(scenario) -> tuple[float, ...]:
    """The week's arrivals: evenly over the preset's service window, on the days the preset
    states (``service_days``: 7 for 24/7 work and consumer voice lines, 5 = Monday–Friday for
    business-day work)."""
    preset = scenario.preset
    return pattern_for(preset.service_hours, days=preset.service_days)


def staffing(scenario, automated: bool = True) -> Staffing | None:
    """The scenario's volumes sized into people (after automation unless ``automated`` is
    False); None when the scenario states FTE rather than volumes."""
    volumes: Volumes | None = scenario.volumes
    if volumes is None:
        return None
    if automated and scenario.automation is not None:
        a = scenario.automation
        volumes = after_automation(volumes, a.share_resolved, a.human_time_change)
    return staff(volumes, service_pattern(scenario))


def human_fte(scenario, automated: bool = True) -> float:
    """The people the work needs: sized from volumes, or the typed-in FTE; after automation."""
    sized = staffing(scenario, automated)
    if sized is not None:
        return sized.fte
    fte = float(scenario.fte)
    if automated and scenario.automation is not None:
        a = scenario.automation
        fte *= (1 - a.share_resolved) * (1 + a.human_time_change)
    return round(fte, 2)


@dataclass(frozen=True)
class AutomationCost:
    monthly_usd: float  # resolutions + licences, every month
    setup_usd: float  # month 1
    resolved_per_month: float | None  # None without volumes
    note: str  # what is and is not in the figure, in words


def automation_cost(scenario) -> AutomationCost:
    """What the automation itself costs a month, location-independent (AI is bought, not hired
    where the people are)."""
    a = scenario.automation
    if a is None or (a.share_resolved == 0 and a.human_time_change == 0):
        return AutomationCost(0.0, 0.0, None, "No AI automation in this scenario.")
    people = human_fte(scenario)
    licences = people * a.licence_per_person_month_usd
    if scenario.volumes is None:
        note = (
            f"Licences for {people:,.1f} people at {a.licence_per_person_month_usd:,.2f} USD a "
            "month; AI resolutions are not priced (state volumes to count them)."
        )
        return AutomationCost(round(licences, 2), a.setup_usd, None, note)
    resolved = scenario.volumes.per_month * a.share_resolved
    monthly = resolved * a.price_per_resolution_usd + licences
    note = (
        f"{resolved:,.0f} AI resolutions a month at {a.price_per_resolution_usd:,.2f} USD and "
        f"licences for {people:,.1f} people at {a.licence_per_person_month_usd:,.2f} USD."
    )
    return AutomationCost(round(monthly, 2), a.setup_usd, resolved, note)


def describe(scenario) -> str:
    """One paragraph: how the work is sized and what automation does to it."""
    parts = []
    sized = staffing(scenario, automated=False)
    if sized is not None:
        parts.append(f"Sized from volumes: {sized.explain}.")
    else:
        parts.append(f"{scenario.fte:,} FTE as typed in.")
    if scenario.automation is not None:
        parts.append(describe_automation(scenario))
    return " ".join(parts)


def describe_automation(scenario) -> str:
    """What the automation does to the people and what it costs, in two sentences."""
    a = scenario.automation
    if a is None:
        return "No AI automation in this scenario."
    after = human_fte(scenario)
    before = human_fte(scenario, automated=False)
    return (
        f"AI agents resolve {a.share_resolved:.0%} of the volume and people's handle time "
        f"changes by {a.human_time_change:+.0%}: {before:,.1f} → {after:,.1f} FTE. "
        + automation_cost(scenario).note
    )


SHARES = tuple(round(0.05 * i, 2) for i in range(20))  # 0 %, 5 %, … 95 %


def without_automation(scenario):
    """The same scenario with no AI automation (the comparison's other side)."""
    return scenario.model_copy(update={"automation": None})


def ranking_shift(scenario, countries=None, top: int = 10):
    """The top ``top`` with no automation beside the top under this scenario's automation:
    (table with rank, name and shore on each side, shore mix of each top as counts)."""
    import pandas as pd

    from sourcing.scoring import rank

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
    import pandas as pd

    from sourcing.costs import payback

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
    """The three pricing models (:mod:`sourcing.pricing`) for the people's share of the work at
    ``iso2``: the volume left after automation, sized as the scenario sizes it, priced from the
    location's loaded cost per hour, over the scenario's horizon. Needs volumes (a transaction
    price needs transactions to count): raises ValueError saying so otherwise."""
    from sourcing.costs import Assumptions
    from sourcing.pricing import compare_pricing, fte_for

    if scenario.volumes is None:
        raise ValueError("pricing per transaction needs volumes: state the work as volumes")
    row = table.loc[table["iso2"] == iso2]
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
    running total. One cost model under all of them (:class:`sourcing.costs.Assumptions`): the
    same productive hours per FTE-year, and every people cost escalates by the location's
    yearly wage inflation.

    - ``in-house``: the TCO of running it yourself — exactly :func:`sourcing.costs.tco`'s
      yearly cost for the location (what Compare & cost, ``shoreline compare``, the brief and
      the workbook show): loaded cost, retained management, governance travel, set-up,
      knowledge transfer, parallel run and ramp-up;
    - ``fte``, ``transactional``, ``outcome``: a vendor's bill under each pricing model
      (:mod:`sourcing.pricing`: the loaded cost plus the vendor's margin), escalated yearly.

    Transactional pricing needs volumes; the others work from the typed-in FTE too. Raises
    ValueError naming what is missing."""
    import pandas as pd

    from sourcing.costs import Assumptions, tco

    a = assumptions or Assumptions()
    unknown = [m for m in models if m not in (IN_HOUSE, *MODELS)]
    if unknown:
        raise ValueError(
            f"unknown pricing model(s) {', '.join(unknown)}; known: "
            f"{', '.join((IN_HOUSE, *MODELS))}"
        )
    row = table.loc[table["iso2"] == iso2]
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
        with_hq = table[table["iso2"].isin([iso2, scenario.hq])]
        own = tco(scenario, with_hq, a).set_index(["iso2", "year"])
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
    return pd.DataFrame(rows, columns=TCO_MODEL_COLUMNS)


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
        from sourcing.countries import shared_countries
        from sourcing.portfolio import PortfolioError, plan_result

        try:
            where = countries if countries is not None else shared_countries()
            text = plan_result(scenario, table, where).explain
        except PortfolioError as err:
            text = f"no portfolio meets the constraints: {err}"
        out.append(("Hybrid portfolio", text))
    return out
