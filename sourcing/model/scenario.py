"""The Scenario: the one record of what the user chose. Validated, immutable, JSON round-trip.

Fields left as ``None`` take the workload preset's value (``data``, ``allow_sccs``,
``min_hq_overlap_hours``, ``languages``, ``shift_alignment``) or HQ's hub zone (``hq_tz``);
``weights`` holds only the criteria the user changed. :func:`sourcing.engine.resolve.resolve` turns
all of that, with the dataset, into the concrete values the method uses.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from sourcing.facts.cities import city_table, suggest_city
from sourcing.facts.countries import known_country, shared_countries
from sourcing.facts.hq_rules import transfer_rule
from sourcing.facts.languages import normalise_tag, unknown_language
from sourcing.facts.timezones import valid_timezone
from sourcing.model.criteria import BY_NAME, CRITERIA, DATA_CATEGORIES, HQ_PERSONAL
from sourcing.model.records import (
    Automation,
    Constraints,
    PricingInputs,
    Volumes,
    describe,
    shift_weights,
)
from sourcing.model.workloads import ShiftAlignment, Workload, shared_workloads

Method = Literal["wsm", "topsis"]


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the offending field(s)."""


def _presets() -> dict[str, Workload]:
    return shared_workloads()


# What the pages can show: the sliders' range, their time grid, a sane span of dates.
MAX_WEIGHT = 100.0
DATE_RANGE = (dt.date(1970, 1, 1), dt.date(2100, 12, 31))
HOURS_STEP_MINUTES = 30
MAX_SHORTLIST = 5  # Compare & cost shows 2–5 locations side by side


def _country(code: str, field: str) -> str:
    """A country code of the dataset (a real ISO code outside it, e.g. MN, is refused: no page
    could show it). Known codes are ISO 3166-1 alpha-2 or the user-assigned ones the dataset
    lists in ``USER_ASSIGNED`` (Kosovo, XK)."""
    if not isinstance(code, str) or not known_country(code.strip().upper()):
        raise ValueError(f"unknown country code {code!r}")
    code = code.strip().upper()
    if code not in shared_countries().index:
        raise ValueError(
            f"country {code!r} is not in the dataset (see Data for the countries covered)"
        )
    return code


def _location(code: str, field: str) -> str:
    """A country code of the dataset, or a city id of the hub table (``PH-cebu-city``)."""
    if isinstance(code, str) and "-" in code:
        cities = city_table()
        if code.strip() in cities.index:
            return code.strip()
        near = suggest_city(code)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise ValueError(f"unknown city {code!r}{hint}")
    return _country(code, field)


def _on_grid(pair: tuple[dt.time, dt.time]) -> tuple[dt.time, dt.time]:
    for t in pair:
        if t.second or t.microsecond or t.minute % HOURS_STEP_MINUTES:
            raise ValueError(f"hours must be on the half hour, got {t:%H:%M:%S}")
    return pair


def _language(code: str) -> str:
    tag = normalise_tag(code)
    if tag is None:
        raise ValueError(unknown_language(code))
    return tag


class PortfolioPlan(BaseModel):
    """A hybrid portfolio for the scenario: the optimiser's constraints and objective, and the
    shares the user set by hand (empty: the optimiser's proposal is the plan)."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    constraints: Any = Field(None, description="sourcing.operating.portfolio.Constraints")
    objective: Literal["score", "cost"] = "score"
    shares: dict[str, float] = Field(default_factory=dict, description="ISO-2 → share, sum 1")

    @field_validator("constraints", mode="before")
    @classmethod
    def _constraints(cls, value: Any) -> Any:

        if value is None:
            return Constraints()
        return value if isinstance(value, Constraints) else Constraints.model_validate(value)

    @field_validator("shares")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        out = {_location(k, "shares"): float(v) for k, v in value.items()}
        if any(not math.isfinite(v) or not 0 < v <= 1 for v in out.values()):
            raise ValueError("every share must be above 0 and at most 1")
        if out and abs(sum(out.values()) - 1) > 1e-6:
            raise ValueError(
                f"shares must add up to 100 %, they add up to {100 * sum(out.values()):.1f} %"
            )
        if len(out) > 4:
            raise ValueError("at most 4 sites")
        return dict(sorted(out.items()))

    @field_serializer("constraints")
    def _dump(self, value: Any) -> dict:
        return value.model_dump(mode="json")


class Scenario(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    hq: str = Field(description="HQ country, ISO 3166-1 alpha-2")
    hq_tz: str | None = Field(None, description="HQ time zone (IANA); default HQ's hub zone")
    hq_hours: tuple[dt.time, dt.time] = (dt.time(9), dt.time(17))
    location_hours: tuple[dt.time, dt.time] = (dt.time(9), dt.time(17))
    workload: str = "back-office"
    on: dt.date = Field(default_factory=dt.date.today, description="date hours are evaluated on")
    weights: dict[str, float] = Field(default_factory=dict, description="overrides of the preset")
    data: frozenset[str] | None = None
    allow_sccs: bool | None = None
    min_hq_overlap_hours: float | None = Field(None, ge=0, le=24)
    languages: tuple[str, ...] | None = Field(
        None, description="languages the work is done in (required); default the preset's"
    )
    preferred_languages: tuple[str, ...] | None = Field(
        None, description="languages that count in the score but screen no one out"
    )
    shift_alignment: ShiftAlignment | None = None
    night_premium: float = Field(0.10, ge=0, le=2)
    fte: int = Field(50, ge=1, le=100_000)
    years: int = Field(5, ge=1, le=30)
    exclude: frozenset[str] = frozenset()
    shortlist: tuple[str, ...] = Field(
        (), description="the locations compared side by side (Compare & cost), 2–5, in order"
    )
    method: Method = "wsm"
    level: Literal["country", "city"] = Field(
        "country", description="rank countries, or the delivery cities of the hub table"
    )
    max_offset_hours: float = Field(2.0, ge=0, le=26, description="fallback nearshore rule")
    max_km: float = Field(4_000, ge=0, le=40_000, description="fallback nearshore rule")
    shore_overrides: dict[str, Literal["nearshore", "offshore"]] = Field(
        default_factory=dict, description="your own shore class for a country (ISO-2 → class)"
    )
    volumes: Volumes | None = Field(
        None, description="the work as volumes (contacts or items a month); sizes the FTE"
    )
    automation: Automation | None = Field(
        None, description="AI agents' share of the volume, handle-time change and prices"
    )
    pricing: PricingInputs = Field(
        default_factory=PricingInputs, description="vendor margin, prices, outcome fee terms"
    )
    portfolio: PortfolioPlan | None = Field(
        None, description="a hybrid portfolio: constraints, objective, hand-set shares"
    )

    @field_validator("hq")
    @classmethod
    def _hq(cls, value: str) -> str:
        return _country(value, "hq")

    @field_validator("exclude")
    @classmethod
    def _exclude(cls, value: frozenset[str]) -> frozenset[str]:
        return frozenset(_location(v, "exclude") for v in value)

    @field_validator("shortlist")
    @classmethod
    def _shortlist(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        codes = tuple(dict.fromkeys(_location(v, "shortlist") for v in value))
        if len(codes) > MAX_SHORTLIST:
            raise ValueError(f"a shortlist holds at most {MAX_SHORTLIST} locations")
        return codes

    @field_validator("shore_overrides")
    @classmethod
    def _shore_overrides(cls, value: dict[str, str]) -> dict[str, str]:
        return dict(sorted((_country(k, "shore_overrides"), v) for k, v in value.items()))

    @field_validator("hq_tz")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        if value is not None and not valid_timezone(value):
            raise ValueError(f"unknown time zone {value!r}")
        return value

    @field_validator("workload")
    @classmethod
    def _workload(cls, value: str) -> str:
        if value not in _presets():
            raise ValueError(f"unknown workload {value!r}; known: {', '.join(_presets())}")
        return value

    @field_validator("weights")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(CRITERIA))
        if unknown:
            raise ValueError(f"unknown criteria {unknown}; known: {', '.join(CRITERIA)}")
        for name, weight in value.items():
            if not math.isfinite(weight) or not 0 <= weight <= MAX_WEIGHT:
                raise ValueError(
                    f"weight for {name!r} must be between 0 and {MAX_WEIGHT:g}, got {weight:g}"
                )
        return dict(sorted(value.items()))

    @field_validator("hq_hours", "location_hours")
    @classmethod
    def _hours_on_grid(cls, value: tuple[dt.time, dt.time]) -> tuple[dt.time, dt.time]:
        return _on_grid(value)

    @field_validator("on")
    @classmethod
    def _sane_date(cls, value: dt.date) -> dt.date:
        low, high = DATE_RANGE
        if not low <= value <= high:
            raise ValueError(f"date must be between {low} and {high}, got {value}")
        return value

    @field_validator("data")
    @classmethod
    def _data(cls, value: frozenset[str] | None) -> frozenset[str] | None:
        if value is not None and not value <= set(DATA_CATEGORIES):
            unknown = sorted(value - set(DATA_CATEGORIES))
            raise ValueError(f"unknown data categories {unknown}; known: {list(DATA_CATEGORIES)}")
        return value

    @field_validator("languages", "preferred_languages")
    @classmethod
    def _languages(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if value is None else tuple(dict.fromkeys(_language(v) for v in value))

    @field_serializer("data", "exclude")
    def _sorted(self, value: frozenset[str] | None) -> list[str] | None:
        return None if value is None else sorted(value)

    @model_validator(mode="after")
    def _required_or_preferred(self) -> Scenario:
        both = set(self.languages or ()) & set(self.preferred_languages or ())
        if both:
            raise ValueError(
                f"languages: {', '.join(sorted(both))} cannot be both required and preferred"
            )
        return self

    @model_validator(mode="after")
    def _all_zero(self) -> Scenario:
        if sum(self.merged_weights().values()) <= 0:
            raise ValueError("weights: all criteria weigh zero; at least one must be above zero")
        return self

    # --- construction with user-facing errors ------------------------------------------------

    @classmethod
    def parse(cls, value: dict[str, Any] | str | bytes) -> Scenario:
        """Build from a dict or JSON text; any problem raises :class:`ScenarioError`."""
        try:
            if isinstance(value, str | bytes):
                return cls.model_validate_json(value)
            return cls.model_validate(value)
        except ValidationError as err:
            raise ScenarioError(describe(err)) from None

    def to_json(self) -> str:
        return self.model_dump_json()

    def replace(self, **changes: Any) -> Scenario:
        """A copy with ``changes`` applied, validated like a new scenario."""
        return Scenario.parse({**self.model_dump(), **changes})

    @property
    def preset(self) -> Workload:
        return _presets()[self.workload]

    def merged_weights(self) -> dict[str, float]:
        """The preset's weights with this scenario's overrides, in criterion order (raw, not
        normalised). The one place the preset and the overrides are merged."""
        merged = {**self.preset.weights, **self.weights}
        return {c: float(merged[c]) for c in CRITERIA}

    def normalised_weights(self) -> dict[str, float]:
        """The weights the method uses: :meth:`merged_weights`, with the cost weight partly
        moved onto language, capability and collaboration as automation rises (when the
        scenario's automation says so; see :func:`sourcing.operating.models.shift_weights`), scaled
        to sum to 1."""
        merged = self.merged_weights()
        if self.automation is not None and self.automation.shift_weights:
            merged = shift_weights(merged, self.automation.share_resolved)
        total = sum(merged.values())
        return {c: w / total for c, w in merged.items()}

    @property
    def working_on(self) -> dt.date:
        """The date hours are evaluated on: ``on``, or the next Monday for a weekend date."""
        return working_date(self.on)


def weights_text(scenario: Scenario) -> str:
    """Every weight, as the sliders show them: "cost 30 · coverage 5 · …"."""
    return " · ".join(f"{c} {w:g}" for c, w in scenario.merged_weights().items() if w)


def overrides_text(scenario: Scenario) -> str:
    """What differs from the preset: "cost 40 (preset 30)", or blank."""
    preset = scenario.preset.weights
    return " · ".join(f"{c} {w:g} (preset {preset[c]:g})" for c, w in scenario.weights.items())


def weights_frame(scenario: Scenario) -> pd.DataFrame:
    """The preset's weights beside the scenario's, both as % of the total, with what each
    criterion measures: the table shown next to the preset's rationale."""

    preset = scenario.preset.weights
    total = sum(preset.values())
    yours = scenario.normalised_weights()
    return pd.DataFrame({
        "criterion": [BY_NAME[c].label for c in CRITERIA],
        "preset_pct": [round(100 * preset[c] / total, 1) for c in CRITERIA],
        "yours_pct": [round(100 * yours[c], 1) for c in CRITERIA],
        "measures": [BY_NAME[c].measures for c in CRITERIA],
    })  # fmt: skip


def hq_data(categories: tuple[str, ...], hq: str, hq_in_eea: bool) -> frozenset[str]:
    """Resolve the preset token ``hq_personal`` into HQ's own market's personal-data category
    (EEA membership comes from the dataset's ``eea_member`` column): the EU's, the UK's or
    California's ladders, or ``home_personal`` — HQ's own law, where ``data/hq_rules.csv`` has it
    (Japan, Korea, China, India, Brazil, Canada, Australia, Singapore, Saudi Arabia, the UAE,
    South Africa). An HQ elsewhere has no sourced rule yet, so the token resolves to nothing."""
    out = set(categories) - {HQ_PERSONAL}
    if HQ_PERSONAL in categories:
        if hq_in_eea:
            out.add("eu_personal")
        elif hq == "GB":
            out.add("uk_personal")
        elif hq == "US":
            out.add("ca_personal")
        elif transfer_rule(hq) is not None:
            out.add("home_personal")
    return frozenset(out)


def working_date(on: dt.date) -> dt.date:
    """``on`` itself on a weekday; a Saturday or Sunday moves to the following Monday."""
    return on + dt.timedelta(days=(7 - on.weekday()) % 7) if on.weekday() >= 5 else on
