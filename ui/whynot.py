"""The "Why not X?" panel that Overview and Compare share: pick a country, read why it is not
the #1, criterion by criterion, and the smallest weight change that would make it so."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sourcing.engine.tables import key_column
from sourcing.facts.countries import picker_label
from sourcing.model.scenario import Scenario
from ui import figures, loaders
from ui.downloads import csv_button


def why_not_panel(scenario: Scenario, table: pd.DataFrame, key: str, default: str | None = None):
    key_of = key_column(table)  # a country's code, or a city's id at city level
    names = dict(zip(table[key_of], table["name"], strict=True))
    ranked = table[~table["excluded"]].sort_values("rank")
    options = list(ranked[key_of]) + sorted(table.loc[table["excluded"], key_of])
    if not options:
        return
    if default not in options:
        default = options[1] if len(options) > 1 else options[0]
    chosen = st.selectbox(
        "Why not …?",
        options,
        index=options.index(default),
        key=f"{key}_why_not",
        format_func=lambda c: picker_label(c, names[c]),
        help="Any location against the #1: where the points go, and what would change it.",
    )
    answer = loaders.analysis("The explanation could not be computed.", "why_not", scenario, chosen)
    st.markdown(answer.summary())
    if answer.leader is None or answer.is_leader:
        return
    figures.show(loaders.why_not_figure(scenario, chosen), "why not", key=f"{key}_why_not_chart")
    csv_button(answer.gaps, scenario, f"why not {chosen}", key=f"{key}_why_not")
