"""Shoreline's domain package: the dataset, the method, the analyses. Never imports streamlit."""

from sourcing.engine.scoring import rank, total_score
from sourcing.facts.countries import (
    COST_COLUMNS,
    ROLES,
    DatasetError,
    cost_table,
    cost_tiers,
    filter_countries,
    load_countries,
)
from sourcing.facts.provenance import column_docs
from sourcing.facts.shores import SHORES, classify_shore
from sourcing.facts.timezones import WorkingDay, overlap_hours, utc_offset_hours
from sourcing.model.criteria import CRITERIA, DATA_CATEGORIES, Criterion
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.model.workloads import Workload, WorkloadError, load_workloads
from sourcing.report.export import read_scenario, to_csv

__all__ = [
    "COST_COLUMNS",
    "CRITERIA",
    "DATA_CATEGORIES",
    "ROLES",
    "SHORES",
    "Criterion",
    "DatasetError",
    "Scenario",
    "ScenarioError",
    "Workload",
    "WorkloadError",
    "WorkingDay",
    "classify_shore",
    "column_docs",
    "cost_table",
    "cost_tiers",
    "filter_countries",
    "load_countries",
    "load_workloads",
    "overlap_hours",
    "rank",
    "read_scenario",
    "to_csv",
    "total_score",
    "utc_offset_hours",
]
