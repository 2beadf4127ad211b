"""The scenario sidebar every page calls. It builds one Scenario kept in st.session_state.

Widgets are seeded from the Scenario under plain session keys and read back after the user
moves them; a value the Scenario rejects shows a message and leaves the scenario as it was.
Changing the workload resets the weights (and the preset-driven fields) to the preset's.
"""

from __future__ import annotations

import datetime as dt

import pytz
import streamlit as st

from sourcing.criteria import CRITERIA, DATA_CATEGORIES
from sourcing.scenario import Scenario, ScenarioError
from ui import loaders

STATE = "scenario"
DEFAULT = {"hq": "US", "workload": "voice-support-en"}
PRESET_KEYS = ("sb_data", "sb_allow_sccs", *(f"sb_w_{c}" for c in CRITERIA))
DATA_LABELS = {
    "eu_personal": "EU/EEA personal data",
    "uk_personal": "UK personal data",
    "ca_personal": "California residents' data (CCPA)",
    "us_bulk_sensitive": "US bulk sensitive data",
    "payment_card": "Payment card data",
    "health": "Health data",
}
METHODS = {"wsm": "Weighted sum", "topsis": "TOPSIS"}


def current() -> Scenario:
    """The scenario in this session (the embedded default on first use)."""
    if STATE not in st.session_state:
        st.session_state[STATE] = Scenario(**DEFAULT, on=dt.date.today())
    return st.session_state[STATE]


def set_scenario(scenario: Scenario) -> None:
    """Replace the scenario (e.g. loaded from the library); widgets re-seed from it."""
    st.session_state[STATE] = scenario
    for key in [k for k in st.session_state.to_dict() if str(k).startswith("sb_")]:
        del st.session_state[key]


def _seed(sc: Scenario) -> None:
    preset = sc.preset
    eff = sc.effective()
    values = {
        "sb_hq": sc.hq,
        "sb_hq_tz": sc.hq_tz or loaders.countries().at[sc.hq, "hub_tz"],
        "sb_hq_hours": sc.hq_hours,
        "sb_workload": sc.workload,
        "sb_data": sorted(eff.data),
        "sb_allow_sccs": eff.allow_sccs,
        "sb_date": sc.on,
        "sb_fte": sc.fte,
        "sb_years": sc.years,
        "sb_method": sc.method,
        **{f"sb_w_{c}": int(round({**preset.weights, **sc.weights}[c])) for c in CRITERIA},
    }
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value


def _workload_changed() -> None:
    for key in PRESET_KEYS:
        st.session_state.pop(key, None)
    sc = current()
    st.session_state[STATE] = sc.model_copy(
        update={
            "workload": st.session_state["sb_workload"],
            "weights": {},
            "data": None,
            "allow_sccs": None,
            "languages": None,
            "min_hq_overlap_hours": None,
            "shift_alignment": None,
        }
    )


def _hq_changed() -> None:
    hq = st.session_state["sb_hq"]
    st.session_state["sb_hq_tz"] = loaders.countries().at[hq, "hub_tz"]


def _reset_weights() -> None:
    for c in CRITERIA:
        st.session_state.pop(f"sb_w_{c}", None)
    st.session_state[STATE] = current().model_copy(update={"weights": {}})


def scenario_sidebar() -> Scenario:
    """Draw the sidebar and return the scenario it describes."""
    countries = loaders.countries()
    presets = loaders.workloads()
    sc = current()
    _seed(sc)
    names = countries["name"].to_dict()
    with st.sidebar:
        st.header("Scenario")
        st.selectbox(
            "HQ country",
            list(countries.index),
            key="sb_hq",
            format_func=lambda c: f"{names[c]} ({c})",
            on_change=_hq_changed,
        )
        hq = st.session_state["sb_hq"]
        zones = sorted(set(pytz.country_timezones.get(hq, [])) | {countries.at[hq, "hub_tz"]})
        if st.session_state.get("sb_hq_tz") not in zones:
            st.session_state["sb_hq_tz"] = countries.at[hq, "hub_tz"]
        st.selectbox("HQ time zone", zones, key="sb_hq_tz")
        st.slider(
            "HQ working hours",
            min_value=dt.time(0),
            max_value=dt.time(23, 30),
            step=dt.timedelta(minutes=30),
            key="sb_hq_hours",
        )
        st.selectbox(
            "Workload",
            list(presets),
            key="sb_workload",
            format_func=lambda w: presets[w].name,
            on_change=_workload_changed,
        )
        preset = presets[st.session_state["sb_workload"]]
        st.caption(preset.rationale)
        with st.expander("Weights", expanded=True):
            for c in CRITERIA:
                st.slider(c.capitalize(), 0, 100, key=f"sb_w_{c}")
            st.button("Reset to preset", key="sb_reset", on_click=_reset_weights)
        st.multiselect(
            "Data handled", list(DATA_CATEGORIES), key="sb_data", format_func=DATA_LABELS.get
        )
        st.checkbox("Allow SCCs / IDTA for transfers", key="sb_allow_sccs")
        st.date_input("Date hours are evaluated on", key="sb_date")
        col1, col2 = st.columns(2)
        col1.number_input("FTE", min_value=1, max_value=100_000, step=5, key="sb_fte")
        col2.number_input("Years", min_value=1, max_value=30, step=1, key="sb_years")
        st.radio(
            "Scoring method",
            list(METHODS),
            key="sb_method",
            format_func=METHODS.get,
            horizontal=True,
        )
        return _apply(sc)


def _apply(sc: Scenario) -> Scenario:
    s = st.session_state
    preset = loaders.workloads()[s["sb_workload"]]
    weights = {c: float(s[f"sb_w_{c}"]) for c in CRITERIA}
    overrides = {c: w for c, w in weights.items() if w != preset.weights[c]}
    candidate = {
        **sc.model_dump(),
        "hq": s["sb_hq"],
        "hq_tz": s["sb_hq_tz"],
        "hq_hours": tuple(s["sb_hq_hours"]),
        "workload": s["sb_workload"],
        "weights": overrides,
        "on": s["sb_date"],
        "fte": int(s["sb_fte"]),
        "years": int(s["sb_years"]),
        "method": s["sb_method"],
    }
    try:
        trial = Scenario.parse(candidate)
        preset_view = trial.model_copy(update={"data": None, "allow_sccs": None}).effective()
        data = frozenset(s["sb_data"])
        candidate["data"] = None if data == preset_view.data else data
        allow = bool(s["sb_allow_sccs"])
        candidate["allow_sccs"] = None if allow == preset_view.allow_sccs else allow
        if candidate["hq_tz"] == loaders.countries().at[candidate["hq"], "hub_tz"]:
            candidate["hq_tz"] = None
        new = Scenario.parse(candidate)
    except ScenarioError as err:
        st.sidebar.error(f"Not applied — {err}")
        return sc
    if new != sc:
        st.session_state[STATE] = new
    return new
