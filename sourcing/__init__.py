"""Shoreline's domain package: the dataset, the method, the analyses. Never imports streamlit."""

from sourcing.countries import COST_COLUMNS, ROLES, DatasetError, filter_countries, load_countries
from sourcing.provenance import column_docs

__all__ = ["COST_COLUMNS", "ROLES", "DatasetError", "column_docs", "filter_countries", "load_countries"]
