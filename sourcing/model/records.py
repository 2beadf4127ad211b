"""The parts of a Scenario as plain validated records: the work as volumes
(:class:`Volumes`), AI automation (:class:`Automation`), vendor pricing inputs
(:class:`PricingInputs`) and a portfolio's limits (:class:`Constraints`). Each checks its own
fields and names the one that is wrong; none imports an engine (the staffing, pricing and
portfolio engines in :mod:`sourcing.operating` read them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sourcing.facts.languages import normalise_tag, unknown_language

_EPS = 1e-9


def describe(err: ValidationError) -> str:
    """One line per problem, each naming the field: ``weights: weight for 'cost' must be …``."""
    lines = []
    for problem in err.errors(include_url=False):
        where = ".".join(str(p) for p in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        if not where:
            lines.append(message)
            continue
        if problem["type"] == "extra_forbidden":
            message = "unknown field"
        lines.append(f"{where}: {message}")
    return "; ".join(lines)


Kind = Literal["contact", "items"]


# --- inputs -----------------------------------------------------------------------------------


def finite_number(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def positive_number(name: str, value: float, what: str = "") -> float:
    value = finite_number(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be above 0{what}, got {value:g}")
    return value


# Ceilings beyond any real operation, so a link or a command line cannot ask for hours of
# arithmetic: no handled item takes more than a working day; no target answer time or turnaround
# is longer than a year; and the work cannot exceed, around the clock, the 100,000 FTE a
# Scenario plans for (MAX_LOAD_ERLANGS: per month × handle seconds / seconds in a month).
CEILINGS = {
    "per_month": 1e9,
    "handle_seconds": 8 * 3600.0,
    "answer_seconds": 24 * 3600.0,
    "turnaround_hours": 8760.0,
}
MAX_LOAD_ERLANGS = 100_000
SECONDS_PER_MONTH = 365 * 24 * 3600 / 12

_POSITIVE = {  # fields that must be above 0, and what each one is
    "per_month": " (contacts or items a month)",
    "handle_seconds": " (average handle time, seconds)",
    "answer_seconds": " (target answer time, seconds)",
    "turnaround_hours": " (hours of service time)",
}


class Volumes(BaseModel):
    """The work, stated as volumes rather than FTEs.

    ``kind`` "contact": live contacts (calls, chats), sized with Erlang C against
    ``service_level`` answered within ``answer_seconds`` and ``max_occupancy``.
    ``kind`` "items": queued work (back office), sized by throughput and ``turnaround_hours`` (of
    service time). The fields of the other kind are ignored.

    ``shrinkage`` (default 30 %) is the share of paid time not spent on the work (leave,
    sickness, training, meetings, breaks): an editable planning assumption, not a fact.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Kind
    per_month: float  # contacts or items a month
    handle_seconds: float  # average handle time per contact / per item
    service_level: float = 0.80  # contact: share answered within answer_seconds
    answer_seconds: float = 20.0  # contact: target answer time
    turnaround_hours: float = 24.0  # items: each item done within this many hours of service time
    shrinkage: float = 0.30  # planning assumption: paid time not spent on the work
    max_occupancy: float = 0.85  # contact: cap on the share of agents' time spent handling

    @field_validator(*_POSITIVE)
    @classmethod
    def _positive_fields(cls, value: float, info: ValidationInfo) -> float:
        value = positive_number(info.field_name, value, _POSITIVE[info.field_name])
        ceiling = CEILINGS[info.field_name]
        if value > ceiling:
            raise ValueError(
                f"{info.field_name} must be at most {ceiling:,.0f}{_POSITIVE[info.field_name]}, "
                f"got {value:,.6g}"
            )
        return value

    @model_validator(mode="after")
    def _load_fits_the_fte_ceiling(self) -> Volumes:
        load = self.per_month * self.handle_seconds / SECONDS_PER_MONTH
        if load > MAX_LOAD_ERLANGS:
            raise ValueError(
                f"{self.per_month:,.6g} a month of {self.handle_seconds:,.6g} s each is "
                f"{load:,.0f} people busy around the clock, above the {MAX_LOAD_ERLANGS:,} FTE "
                "Shoreline plans for: lower the volume or the handle time"
            )
        return self

    @field_validator("service_level")
    @classmethod
    def _service_level(cls, value: float) -> float:
        value = finite_number("service_level", value)
        if not 0 < value < 1:
            raise ValueError(
                f"service_level must be between 0 and 1, both excluded (0.8 = 80 %), got {value:g}"
            )
        return value

    @field_validator("shrinkage")
    @classmethod
    def _shrinkage(cls, value: float) -> float:
        value = finite_number("shrinkage", value)
        if not 0 <= value < 1:
            raise ValueError(
                f"shrinkage must be at least 0 and below 1 (0.3 = 30 %), got {value:g}"
            )
        return value

    @field_validator("max_occupancy")
    @classmethod
    def _occupancy(cls, value: float) -> float:
        value = finite_number("max_occupancy", value)
        if not 0 < value <= 1:
            raise ValueError(f"max_occupancy must be above 0 and at most 1, got {value:g}")
        return value

    @property
    def per_week(self) -> float:
        """The volume of an average week: ``per_month`` × 12 / 52."""
        return self.per_month * 12 / 52

    @property
    def workload_hours_per_week(self) -> float:
        """Handling time a week: weekly volume × handle time."""
        return self.per_week * self.handle_seconds / 3600


class PricingInputs(BaseModel):
    """Every pricing input, with its default. All are editable; none is hidden in the code.

    The margin and the outcome shares are assumptions, not facts: set your vendor's.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    vendor_margin_pct: float = Field(
        20.0,
        ge=0,
        le=200,
        description="the vendor's margin on its loaded cost, % (an assumption; set your vendor's)",
    )
    price_per_fte_month_usd: float | None = Field(
        None,
        gt=0,
        description="price per FTE-month; empty = loaded cost/h × productive hours per "
        "FTE-month × (1 + margin)",
    )
    price_per_transaction_usd: float | None = Field(
        None,
        gt=0,
        description="price per transaction; empty = FTE price × FTE needed at the planned "
        "volume / the planned volume (the same margin at the planned volume)",
    )
    outcome_base_share: float = Field(
        0.8, ge=0, le=2, description="outcome model: base fee as a share of the FTE-model price"
    )
    outcome_success_fee_share: float = Field(
        0.3,
        ge=0,
        le=2,
        description="outcome model: success fee as a share of the FTE-model price, paid in a "
        "month the target (CSAT, NPS, SLA …) is met",
    )
    outcome_probability: float = Field(
        0.7, ge=0, le=1, description="outcome model: probability of meeting the target in a month"
    )

    @property
    def outcome_factor(self) -> float:
        """The expected outcome bill as a share of the FTE bill: base + probability × fee."""
        return self.outcome_base_share + self.outcome_probability * self.outcome_success_fee_share


# where the weight freed from cost goes as automation rises: the harder human remainder needs
# language, delivery capability and collaboration more than a low rate
SHIFT_TO = ("language", "capability", "collaboration")
# list prices, sourced in data/sources/automation_notes.md ("Prices"); editable per scenario
PRICE_PER_RESOLUTION_USD = 0.99  # Intercom Fin, per resolution (pricing page read 2026-09-20)
# (voice work is priced per voice outcome, 1.99: automation.csv's price_per_resolution_usd)
LICENCE_PER_PERSON_MONTH_USD = 30.0  # Microsoft 365 Copilot, per user a month (annual)


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


class PortfolioError(ValueError):
    """A portfolio that cannot be built or evaluated; the message says which constraint or
    share is the problem, in plain words."""


def pct(value: float) -> str:
    """0.6 → "60%", 0.125 → "12.5%", 1/3 → "33.3%"."""
    text = f"{100 * value:.1f}".removesuffix(".0")
    return f"{text}%"


class Constraints(BaseModel):
    """What a portfolio must respect. Every field is checked on its own (the error names it),
    then together: limits that no split of the work could meet are refused here, before any
    data is looked at."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    sites: int = Field(3, ge=1, le=4, description="most sites (countries) the work may use")
    max_share: float = Field(0.6, gt=0, le=1, description="no single site above this share")
    min_share: float = Field(0.10, gt=0, le=1, description="share of every site that is used")
    min_onshore_share: float = Field(0.0, ge=0, le=1, description="share that stays at HQ")
    languages: tuple[str, ...] = Field((), description="each spoken by at least one used site")
    cover_window: bool = Field(False, description="sites' days together cover the window")
    continuity: bool = Field(True, description="at least 2 sites, one can take over")

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for code in value:
            tag = normalise_tag(code)
            if tag is None:
                raise ValueError(unknown_language(code))
            out.append(tag)
        return tuple(dict.fromkeys(out))

    @model_validator(mode="after")
    def _feasible(self) -> Constraints:
        if self.min_share > self.max_share + _EPS:
            raise ValueError(
                f"min_share: a used site's minimum ({pct(self.min_share)}) is above max_share "
                f"({pct(self.max_share)})"
            )
        if self.continuity and self.sites < 2:
            raise ValueError("continuity: needs at least 2 sites, but sites is 1")
        if self.max_share * self.sites < 1 - _EPS:
            noun = "site" if self.sites == 1 else "sites"
            raise ValueError(
                f"sites, max_share: {self.sites} {noun} at most {pct(self.max_share)} each "
                "cannot hold all the work"
            )
        if self.min_onshore_share > self.max_share + _EPS:
            raise ValueError(
                f"min_onshore_share: {pct(self.min_onshore_share)} at HQ is above max_share "
                f"({pct(self.max_share)})"
            )
        fewest = self.fewest_sites
        floor = fewest * self.min_share
        if self.min_onshore_share > self.min_share:
            floor += self.min_onshore_share - self.min_share
        if floor > 1 + _EPS:
            at_hq = (
                f", {pct(self.min_onshore_share)} of it at HQ,"
                if self.min_onshore_share > self.min_share
                else ""
            )
            raise ValueError(
                f"min_share: the fewest sites the work can use is {fewest}{at_hq} and each used "
                f"site takes at least {pct(self.min_share)}: that is more than all the work"
            )
        return self

    @property
    def fewest_sites(self) -> int:
        """The fewest sites any portfolio under these limits can have."""
        least = math.ceil(1 / self.max_share - _EPS)
        return max(least, 2 if self.continuity else 1)

    @classmethod
    def parse(cls, value: Mapping[str, Any] | str | bytes) -> Constraints:
        """Build from a dict or JSON text; any problem raises :class:`PortfolioError`."""
        try:
            if isinstance(value, str | bytes):
                return cls.model_validate_json(value)
            return cls.model_validate(dict(value))
        except ValidationError as err:
            raise PortfolioError(describe(err)) from None
