"""Shoreline's domain package: the dataset, the method, the analyses. Never imports streamlit."""

from sourcing.countries import (
    COST_COLUMNS,
    ROLES,
    DatasetError,
    cost_table,
    cost_tiers,
    filter_countries,
    load_countries,
)
from sourcing.criteria import CRITERIA, DATA_CATEGORIES, Criterion
from sourcing.provenance import column_docs
from sourcing.report.export import read_scenario, to_csv
from sourcing.scenario import Scenario, ScenarioError
from sourcing.scoring import rank, total_score
from sourcing.shores import SHORES, classify_shore
from sourcing.timezones import WorkingDay, overlap_hours, utc_offset_hours
from sourcing.workloads import Workload, WorkloadError, load_workloads

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
