"""Scenarios: the named library (save, load, rename, duplicate, delete, import/export),
scenario comparison, group weighting for workshops, and the downloadable brief."""

import streamlit as st

from sourcing.analysis.workshop import (
    compare_scenarios,
    group_weights,
    read_participants,
    starting_grid,
)
from sourcing.facts.text import md_escape
from sourcing.model.scenario import ScenarioError
from sourcing.store.library import Library, LibraryError
from ui import library as library_parts
from ui import loaders, state
from ui.brief_parts import brief_section
from ui.downloads import csv_button
from ui.sidebar import scenario_sidebar
from ui.state import current, flash, set_scenario

scenario = scenario_sidebar()
library = loaders.store(Library)
CURRENT = "(current scenario)"

st.title("Scenarios")


state.show_flash()

try:
    saved = library.list()
except (LibraryError, OSError, ScenarioError) as err:
    st.error(f"The scenario library at {library.path} cannot be read: {md_escape(err)}")
    st.stop()

library_parts.save_section(library)
library_parts.library_section(library, saved)
library_parts.import_section(library)

# --- compare ------------------------------------------------------------------------------------
st.subheader("Compare scenarios")
options = [CURRENT, *[s.name for s in saved if s.usable]]
picked = st.multiselect(
    "Scenarios (the first is the baseline)", options, key="sc_compare", max_selections=5
)
if len(picked) >= 2:
    chosen_scenarios = loaders.guarded(
        "These scenarios cannot be read.",
        lambda: {p: scenario if p == CURRENT else library.load(p).scenario for p in picked},
    )
    result = loaders.guarded(
        "These scenarios cannot be compared.",
        compare_scenarios,
        chosen_scenarios,
        loaders.session_countries(),
    )
    st.dataframe(result["tops"], width="stretch", key="sc_tops")
    st.dataframe(result["moves"], hide_index=True, width="stretch", key="sc_moves")
    st.caption("↑ moved up against the baseline, ↓ moved down; in/out = ranked in only one.")
    csv_button(result["moves"], None, "rank moves", key="sc_moves", scenarios=chosen_scenarios)
    st.dataframe(result["inputs"], hide_index=True, width="stretch", key="sc_inputs")
    csv_button(result["all"], None, "scenario comparison", key="sc_compare",
               scenarios=chosen_scenarios)  # fmt: skip
else:
    st.caption("Pick two or more to compare.")

# --- group weighting ------------------------------------------------------------------------------
st.subheader("Group weighting")
st.caption("One row per participant; each row is scaled to 100 before combining.")
if state.remembered(state.GROUP_ROWS) is None:
    state.remember(state.GROUP_ROWS, starting_grid(scenario))
group_file = st.file_uploader(
    "Participants' weights (CSV: participant + criteria)", type=["csv"], key="sc_group_file"
)
if group_file is not None:
    try:
        state.remember(state.GROUP_ROWS, read_participants(group_file.getvalue()))
    except ValueError as err:
        st.error(f"Not loaded — {md_escape(err)}")
edited = st.data_editor(
    state.remembered(state.GROUP_ROWS), num_rows="dynamic", key="sc_group", width="stretch"
)
how = st.radio("Combine by", ["mean", "median"], horizontal=True, key="sc_group_how")
try:
    weights, spread, skipped = group_weights(edited, how)
    for line in skipped:
        st.warning(f"Skipped {md_escape(line)}")
    st.dataframe(spread, hide_index=True, width="stretch", key="sc_spread")
    csv_button(spread, current(), "group weights", key="sc_spread")
    st.caption("std = how far participants disagree on a criterion (points out of 100).")

    def _use_group() -> None:
        try:
            set_scenario(current().replace(weights=weights))
        except ScenarioError as err:
            flash("error", f"Group weights not used — {md_escape(err)}")
            return
        flash("success", "The group's weights now drive the scenario.")

    st.button("Use group weights", key="sc_use_group", on_click=_use_group)
except ValueError as err:
    st.info(f"Group weights not available — {md_escape(err)}")

# --- brief ----------------------------------------------------------------------------------------
brief_section(scenario)
