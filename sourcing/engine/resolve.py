"""From what the user chose to what the method uses: :func:`resolve` fills preset defaults in,
normalises the weights, resolves HQ's own personal-data category with the dataset's EEA flag,
and takes HQ's time zone from the scenario or, failing that, HQ's hub — never a silent UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sourcing.model.scenario import Scenario, ScenarioError, hq_data


@dataclass(frozen=True)
class Resolved:
    """The concrete inputs of one ranking (every preset default filled in)."""

    hq: str
    hq_tz: str
    weights: dict[str, float]  # normalised, criterion order
    data: frozenset[str]
    allow_sccs: bool
    min_hq_overlap_hours: float
    languages: tuple[str, ...]
    preferred_languages: tuple[str, ...]
    preferred_share: float
    shift_alignment: str
    service_hours: tuple[dt.time, dt.time] | None
    role: str
    onshore_only: bool
    on: dt.date


def _required(scenario: Scenario) -> tuple[str, ...]:
    """The languages the work is done in: the scenario's when it states any, else the preset's.
    Stating languages replaces the preset's (``de`` on an English preset is German work;
    English stays only if stated too); stating only preferred ones keeps the preset's."""
    preset = scenario.preset
    return preset.languages if scenario.languages is None else scenario.languages


def resolve(scenario: Scenario, countries: pd.DataFrame) -> Resolved:
    """The scenario's effective inputs against ``countries`` (the dataset it is ranked on).

    Raises :class:`ScenarioError` when HQ is not in the dataset.
    """
    if scenario.hq not in countries.index:
        raise ScenarioError(f"hq: {scenario.hq} is not in the country dataset")
    preset = scenario.preset
    in_eea = bool(countries.at[scenario.hq, "eea_member"])
    data = scenario.data if scenario.data is not None else hq_data(preset.data, scenario.hq, in_eea)
    return Resolved(
        hq=scenario.hq,
        hq_tz=scenario.hq_tz or str(countries.at[scenario.hq, "hub_tz"]),
        weights=scenario.normalised_weights(),
        data=frozenset(data),
        allow_sccs=preset.allow_sccs if scenario.allow_sccs is None else scenario.allow_sccs,
        min_hq_overlap_hours=(
            preset.min_hq_overlap_hours
            if scenario.min_hq_overlap_hours is None
            else scenario.min_hq_overlap_hours
        ),
        languages=(required := _required(scenario)),
        preferred_languages=tuple(
            lang
            for lang in (
                preset.preferred_languages
                if scenario.preferred_languages is None
                else scenario.preferred_languages
            )
            if lang not in required
        ),
        preferred_share=preset.preferred_share,
        shift_alignment=scenario.shift_alignment or preset.shift_alignment,
        service_hours=preset.service_hours,
        role=preset.role,
        onshore_only=preset.onshore_only,
        on=scenario.working_on,
    )
