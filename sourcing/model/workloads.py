"""Workload presets from ``data/workloads.toml``: what the work needs and how criteria weigh."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sourcing.facts.countries import DATA_DIR, ROLES
from sourcing.facts.filecache import FileCache
from sourcing.model.criteria import CRITERIA, DATA_CATEGORIES, HQ_PERSONAL

WORKLOADS_TOML = DATA_DIR / "workloads.toml"
ShiftAlignment = Literal["local", "shift"]


class Workload(BaseModel):
    """One preset. ``service_hours`` is a (start, end) pair of local times or ``None`` for 24/7."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    role: Literal[ROLES]  # type: ignore[valid-type]
    service_hours: tuple[dt.time, dt.time] | None
    # days a week the window is staffed, from Monday (5 = Monday–Friday, 7 = every day); a
    # business-hours preset must state it, a 24/7 one is 7
    service_days: int | None = Field(None, ge=1, le=7)
    shift_alignment: ShiftAlignment
    languages: tuple[str, ...]
    preferred_languages: tuple[str, ...] = ()
    # the preferred languages' part of the language sub-score (the required ones weigh the rest)
    preferred_share: float = Field(0.3, ge=0, le=1)
    data: tuple[str, ...]
    allow_sccs: bool
    min_hq_overlap_hours: float = Field(ge=0, le=24)
    onshore_only: bool = False
    weights: dict[str, float]
    rationale: str

    @field_validator("service_hours", mode="before")
    @classmethod
    def _hours(cls, value):
        if value == "24/7":
            return None
        return value

    @model_validator(mode="after")
    def _days(self):
        if self.service_hours is None:
            if self.service_days not in (None, 7):
                raise ValueError("a 24/7 preset is staffed 7 days a week (service_days = 7)")
            object.__setattr__(self, "service_days", 7)
        elif self.service_days is None:
            raise ValueError("state service_days (5 = Monday–Friday, 7 = every day)")
        return self

    def window_text(self) -> str:
        """When the work is staffed: "24/7", "08:00–20:00, every day", "09:00–17:00,
        Monday–Friday"."""
        if self.service_hours is None:
            return "24/7"
        start, end = (t.strftime("%H:%M") for t in self.service_hours)
        names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        n = self.service_days
        days = {7: "every day", 1: "Mondays only"}.get(n, f"Monday–{names[n - 1]}")
        return f"{start}–{end}, {days}"

    @field_validator("data")
    @classmethod
    def _data(cls, value):
        unknown = set(value) - set(DATA_CATEGORIES) - {HQ_PERSONAL}
        if unknown:
            raise ValueError(f"unknown data categories {sorted(unknown)}")
        return value

    @field_validator("weights")
    @classmethod
    def _weights(cls, value):
        if set(value) != set(CRITERIA):
            raise ValueError(f"weights must name exactly {list(CRITERIA)}")
        if any(w < 0 for w in value.values()) or sum(value.values()) <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        return value


class WorkloadError(ValueError):
    """The presets file is missing or malformed; the message names the file and the preset."""


def load_workloads(path: str | Path | None = None) -> dict[str, Workload]:
    """All presets by id, in file order: the caller's own copies (read once per process and
    file version, see :func:`shared_workloads`)."""
    return {k: w.model_copy(deep=True) for k, w in shared_workloads(path).items()}


def shared_workloads(path: str | Path | None = None) -> dict[str, Workload]:
    """The cached presets themselves, shared by every caller in the process: read, never write."""
    return _CACHE.get(Path(path) if path is not None else WORKLOADS_TOML)


def _read_workloads(source: Path) -> dict[str, Workload]:
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkloadError(f"{source}: workload presets file not found") from None
    except tomllib.TOMLDecodeError as err:
        raise WorkloadError(f"{source}: not valid TOML ({err})") from None
    presets = {}
    for key, body in raw.items():
        try:
            presets[key] = Workload(id=key, **body)
        except (ValidationError, TypeError) as err:
            raise WorkloadError(f"{source}: preset [{key}]: {err}") from None
    return presets


_CACHE: FileCache[dict[str, Workload]] = FileCache(_read_workloads)
