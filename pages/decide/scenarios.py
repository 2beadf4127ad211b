"""Scenarios: the named library (save, load, rename, duplicate, delete, import/export),
scenario comparison, group weighting for workshops, and the downloadable brief."""

import pandas as pd
import streamlit as st

from sourcing.analysis.workshop import (
    compare_scenarios,
    group_weights,
    read_participants,
    starting_grid,
)
from sourcing.facts.text import md_escape
from sourcing.model.scenario import ScenarioError, overrides_text, weights_text
from sourcing.report.brief import brief_for
from sourcing.store.library import Library, LibraryError, NameTaken
from sourcing.store.rooms import RoomError, Rooms, for_the_brief
from ui import loaders, state
from ui.downloads import csv_button
from ui.sidebar import scenario_sidebar
from ui.state import current, flash, set_scenario

scenario = scenario_sidebar()
library = Library()
CURRENT = "(current scenario)"

st.title("Scenarios")


state.show_flash()

try:
    saved = library.list()
except (LibraryError, OSError, ScenarioError) as err:
    st.error(f"The scenario library at {library.path} cannot be read: {err}")
    st.stop()

# --- save -------------------------------------------------------------------------------------
st.subheader("Save the current scenario")
c1, c2 = st.columns([1, 2])
name = c1.text_input("Name", key="sc_name", max_chars=80)
note = c2.text_input("Note (optional)", key="sc_note", max_chars=2000)


def _save(overwrite: bool = False) -> None:
    try:
        stored = library.save(
            st.session_state["sc_name"], current(), st.session_state["sc_note"], overwrite=overwrite
        )
        state.forget(state.CONFIRM_OVERWRITE)
        st.session_state["sc_name"] = ""  # the next scenario starts with empty fields
        st.session_state["sc_note"] = ""
        flash("success", f"Saved “{md_escape(stored)}”.")
    except NameTaken as err:
        state.remember(state.CONFIRM_OVERWRITE, st.session_state["sc_name"])
        flash("warning", str(err)[:1].upper() + str(err)[1:])
    except LibraryError as err:
        flash("error", f"Not saved — {err}")


st.button("Save", key="sc_save", on_click=_save)
if state.remembered(state.CONFIRM_OVERWRITE):
    st.button(
        f"Save over “{state.remembered(state.CONFIRM_OVERWRITE)}”",
        key="sc_overwrite",
        on_click=_save,
        kwargs={"overwrite": True},
    )

# --- library ------------------------------------------------------------------------------------
st.subheader("Library")
if not saved:
    st.info("No saved scenarios yet.")
else:
    listing = pd.DataFrame(
        [
            {
                "name": s.name,
                "note": s.note,
                "HQ": s.scenario.hq if s.usable else "",
                "workload": s.scenario.workload if s.usable else "",
                "date": s.scenario.on if s.usable else None,
                "weights": weights_text(s.scenario) if s.usable else "",
                "differs from preset": overrides_text(s.scenario) if s.usable else "",
                "updated": s.updated,
                "problem": s.problem or "",
            }
            for s in saved
        ]
    )
    st.dataframe(listing, hide_index=True, width="stretch", key="sc_list")
    csv_button(listing, None, "scenario library listing", key="sc_list")
    broken = [s for s in saved if not s.usable]
    if broken:
        st.warning(
            f"{len(broken)} saved scenario(s) can no longer be loaded (see “problem”); "
            "choose one below to delete it."
        )
    chosen = st.selectbox("Scenario", [s.name for s in saved], key="sc_chosen")

    def _load() -> None:
        try:
            set_scenario(library.load(st.session_state["sc_chosen"]).scenario)
            flash("success", f"Loaded “{md_escape(st.session_state['sc_chosen'])}”.")
        except (LibraryError, ScenarioError) as err:
            flash("error", f"Could not load — {err}")

    def _rename() -> None:
        try:
            new = library.rename(st.session_state["sc_chosen"], st.session_state["sc_new_name"])
            flash("success", f"Renamed to “{md_escape(new)}”.")
        except LibraryError as err:
            flash("error", f"Not renamed — {err}")

    def _duplicate() -> None:
        try:
            new = library.duplicate(st.session_state["sc_chosen"], st.session_state["sc_new_name"])
            flash("success", f"Duplicated as “{md_escape(new)}”.")
        except LibraryError as err:
            flash("error", f"Not duplicated — {err}")

    def _delete() -> None:
        if not st.session_state.get("sc_sure"):
            flash("warning", "Tick “I am sure” to delete.")
            return
        try:
            library.delete(st.session_state["sc_chosen"])
            st.session_state["sc_sure"] = False
            flash("success", f"Deleted “{md_escape(st.session_state['sc_chosen'])}”.")
        except LibraryError as err:
            flash("error", f"Not deleted — {err}")

    b1, b2, b3, b4 = st.columns(4)
    b1.button("Load", key="sc_load", on_click=_load)
    b2.text_input("New name", key="sc_new_name", max_chars=80)
    b2.button("Rename", key="sc_rename", on_click=_rename)
    b3.button("Duplicate", key="sc_duplicate", on_click=_duplicate)
    b4.checkbox("I am sure", key="sc_sure")
    b4.button("Delete", key="sc_delete", on_click=_delete)
    one = next(s for s in saved if s.name == chosen)
    if one.usable:
        st.download_button(
            "Download this scenario (JSON)",
            one.scenario.to_json(),
            file_name=f"{chosen}.json",
            mime="application/json",
            key="sc_json",
            on_click="ignore",  # no rerun: focus stays on the button
        )
    st.download_button(
        "Download the whole library (JSON)",
        loaders.guarded("The library could not be exported.", library.export),
        file_name="shoreline-library.json",
        mime="application/json",
        key="sc_library",
        on_click="ignore",  # no rerun: focus stays on the button
    )

# --- import -------------------------------------------------------------------------------------
st.subheader("Import")
upload = st.file_uploader("A scenario JSON or a library export", type=["json"], key="sc_upload")
overwrite = st.checkbox("Replace scenarios with the same name", key="sc_import_overwrite")


if upload is not None and st.button("Import", key="sc_import"):
    try:
        names = library.import_file(upload.getvalue(), upload.name, overwrite=overwrite)
    except LibraryError as err:
        st.error(f"Nothing imported — {err}")
    else:
        st.success(f"Imported {len(names)}: {md_escape(', '.join(names))}")

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
        st.error(f"Not loaded — {err}")
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
            flash("error", f"Group weights not used — {err}")
            return
        flash("success", "The group's weights now drive the scenario.")

    st.button("Use group weights", key="sc_use_group", on_click=_use_group)
except ValueError as err:
    st.info(f"Group weights not available — {err}")

# --- brief ----------------------------------------------------------------------------------------
st.subheader("Scenario brief")
st.caption(
    "One HTML file: the recommendation and how robust it is, the top 3 with their strengths "
    "and weaknesses, the cost over the horizon, every input and weight, and the sources; it "
    "opens offline and can be emailed (or printed to PDF, A4 or Letter by HQ)."
)
if st.button("Prepare brief", key="sc_brief_make"):
    ranking = loaders.ranking(scenario)
    room = None
    if state.room() is not None:  # a workshop room this facilitator runs goes into the brief
        try:
            room = for_the_brief(Rooms(), state.room()[0])
        except RoomError as err:
            st.warning(f"The room's results are left out — {err}")
    state.remember(state.BRIEF_HTML, brief_for(ranking, loaders.session_countries(), room=room))
if state.remembered(state.BRIEF_HTML) is not None:
    st.download_button(
        "Download brief (HTML)",
        state.remembered(state.BRIEF_HTML),
        file_name="shoreline-brief.html",
        mime="text/html",
        key="sc_brief",
        on_click="ignore",  # no rerun: focus stays on the button
    )
