"""The scenario in the URL: a shared link sets the scenario on a session's first run, and every
run writes the scenario back into the query string, so a copied link reproduces it."""

from __future__ import annotations

import streamlit as st

from sourcing.model.scenario import Scenario
from sourcing.model.share import from_params, to_params
from ui import state

# query parameters that are not the scenario's: a workshop room's code and the facilitator's
# token (only while a facilitator link is read: the room page takes it out of the address bar)
ROOM_PARAMS = ("room", "host")


def apply_link() -> None:
    """On a session's first run, the link's query parameters set the scenario (``present=1``
    turns presentation mode on); a part of the link that cannot apply is named, not fatal."""
    if not state.link_unread():
        return
    params = {k: st.query_params[k] for k in st.query_params if k not in ROOM_PARAMS}
    if params.pop("present", None) == "1":
        state.set_presenting(True)
    if not params:
        return
    scenario, ignored = from_params(params, state.current())
    state.replace_current(scenario)
    if ignored:
        state.link_notices(ignored)


def sync_link(scenario: Scenario) -> None:
    """Write the scenario (and presentation mode) into the URL when it differs."""
    wanted = to_params(scenario)
    if state.presenting():
        wanted["present"] = "1"
    wanted.update({k: st.query_params[k] for k in ROOM_PARAMS if k in st.query_params})
    if {k: st.query_params[k] for k in st.query_params} != wanted:
        st.query_params.from_dict(wanted)
