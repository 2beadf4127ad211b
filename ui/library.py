"""The Scenarios page's library sections: save the current scenario (asking before it saves
over a name), the library (load, rename, duplicate, delete, download) and import. Every library
call is guarded: a problem is a message naming it, and changes nothing else."""

import streamlit as st

from sourcing.facts.text import md_escape
from sourcing.model.scenario import ScenarioError
from sourcing.store.library import Library, LibraryError, NameTaken, Saved, library_listing
from ui import loaders, state
from ui.downloads import csv_button
from ui.state import current, flash, set_scenario


def save_section(library: Library) -> None:
    """Save the current scenario under a name, with a note."""
    st.subheader("Save the current scenario")
    c1, c2 = st.columns([1, 2])
    c1.text_input("Name", key="sc_name", max_chars=80)
    c2.text_input("Note (optional)", key="sc_note", max_chars=2000)

    def _save(overwrite: bool = False) -> None:
        try:
            stored = library.save(
                st.session_state["sc_name"],
                current(),
                st.session_state["sc_note"],
                overwrite=overwrite,
            )
            state.forget(state.CONFIRM_OVERWRITE)
            st.session_state["sc_name"] = ""  # the next scenario starts with empty fields
            st.session_state["sc_note"] = ""
            flash("success", f"Saved “{md_escape(stored)}”.")
        except NameTaken as err:
            state.remember(state.CONFIRM_OVERWRITE, st.session_state["sc_name"])
            flash("warning", str(err)[:1].upper() + str(err)[1:])
        except LibraryError as err:
            flash("error", f"Not saved — {md_escape(err)}")

    st.button("Save", key="sc_save", on_click=_save)
    if state.remembered(state.CONFIRM_OVERWRITE):
        st.button(
            f"Save over “{state.remembered(state.CONFIRM_OVERWRITE)}”",
            key="sc_overwrite",
            on_click=_save,
            kwargs={"overwrite": True},
        )


def library_section(library: Library, saved: list[Saved]) -> None:
    """The saved scenarios: listed, and each one loaded, renamed, duplicated, deleted or
    downloaded."""
    st.subheader("Library")
    if not saved:
        st.info("No saved scenarios yet.")
    else:
        listing = library_listing(saved)
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
                flash("error", f"Could not load — {md_escape(err)}")

        def _rename() -> None:
            try:
                new = library.rename(st.session_state["sc_chosen"], st.session_state["sc_new_name"])
                flash("success", f"Renamed to “{md_escape(new)}”.")
            except LibraryError as err:
                flash("error", f"Not renamed — {md_escape(err)}")

        def _duplicate() -> None:
            try:
                new = library.duplicate(
                    st.session_state["sc_chosen"], st.session_state["sc_new_name"]
                )
                flash("success", f"Duplicated as “{md_escape(new)}”.")
            except LibraryError as err:
                flash("error", f"Not duplicated — {md_escape(err)}")

        def _delete() -> None:
            if not st.session_state.get("sc_sure"):
                flash("warning", "Tick “I am sure” to delete.")
                return
            try:
                library.delete(st.session_state["sc_chosen"])
                st.session_state["sc_sure"] = False
                flash("success", f"Deleted “{md_escape(st.session_state['sc_chosen'])}”.")
            except LibraryError as err:
                flash("error", f"Not deleted — {md_escape(err)}")

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


def import_section(library: Library) -> None:
    """Import a scenario JSON or a whole library export."""
    st.subheader("Import")
    upload = st.file_uploader("A scenario JSON or a library export", type=["json"], key="sc_upload")
    overwrite = st.checkbox("Replace scenarios with the same name", key="sc_import_overwrite")

    if upload is not None and st.button("Import", key="sc_import"):
        try:
            names = library.import_file(upload.getvalue(), upload.name, overwrite=overwrite)
        except LibraryError as err:
            st.error(f"Nothing imported — {md_escape(err)}")
        else:
            st.success(f"Imported {len(names)}: {md_escape(', '.join(names))}")
