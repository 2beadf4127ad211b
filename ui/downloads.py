"""Download buttons for a table: the CSV (``sourcing.to_csv``, header on the first line, as
the CLI writes it) and, beside it, the record of what produced it (the scenario as JSON).

The files are written when a button is clicked (a callable), not on every rerun."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sourcing
from sourcing.model.scenario import Scenario
from sourcing.report.export import record


def csv_button(
    table: pd.DataFrame,
    scenario: Scenario | None,
    title: str,
    key: str,
    label: str = "",
    scenarios: dict[str, Scenario] | None = None,
) -> None:
    name = f"shoreline-{key.replace('_', '-')}"
    excel = bool(st.session_state.get("sb_excel_csv"))  # the sidebar's "CSV downloads for Excel"
    left, right = st.columns([3, 2])
    left.download_button(
        label or f"Download {title} (CSV)",
        data=lambda: sourcing.to_csv(table, excel=excel).encode("utf-8"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"download_{key}",
        on_click="ignore",  # no rerun: focus stays on the button
    )
    if scenario is not None or scenarios:
        right.download_button(
            "… and its scenario (JSON)",
            data=lambda: record(scenario, title, scenarios).encode("utf-8"),
            file_name=f"{name}.scenario.json",
            mime="application/json",
            key=f"download_{key}_record",
            on_click="ignore",  # no rerun: focus stays on the button
            help="what produced the table: the scenario, the dataset and tool versions",
        )
