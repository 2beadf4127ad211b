"""The operating model of 2026: how many people the work needs, and what AI automation takes.

Two optional parts of a :class:`~sourcing.model.scenario.Scenario` change how the work is sized:

- ``volumes`` (:class:`~sourcing.operating.staffing.Volumes`): the work as contacts or items a
  month with a handle time; :func:`human_fte` sizes it (Erlang C for contacts, throughput and
  turnaround for items) over the workload's service window — 7 days a week for a 24/7 preset, Monday
  to Friday
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
from dataclasses import dataclass
from pathlib import Path

from sourcing.facts.countries import DATA_DIR
from sourcing.facts.filecache import FileCache
from sourcing.model.records import (
    PRICE_PER_RESOLUTION_USD,
    Automation,
)
from sourcing.operating.staffing import Staffing, Volumes, after_automation, pattern_for, staff

AUTOMATION_CSV = DATA_DIR / "automation.csv"


class AutomationError(ValueError):
    """The automation profiles file is missing or malformed; the message names the row."""


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
