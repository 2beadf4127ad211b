"""CSV download buttons: the same ``sourcing.to_csv`` the CLI uses, scenario in the header.

The file is written when the button is clicked (a callable), not on every rerun."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sourcing
from sourcing.scenario import Scenario


def csv_button(
    table: pd.DataFrame, scenario: Scenario | None, title: str, key: str, label: str = ""
) -> None:
    st.download_button(
        label or f"Download {title} (CSV)",
        data=lambda: sourcing.to_csv(table, scenario, title=title).encode("utf-8"),
        file_name=f"shoreline-{key.replace('_', '-')}.csv",
        mime="text/csv",
        key=f"download_{key}",
    )
