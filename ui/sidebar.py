"""The scenario sidebar every scenario page calls: widgets seeded from the session's Scenario.

Widgets are seeded from the Scenario under plain session keys (``sb_…``) and read back after
the user moves them; a value the Scenario rejects shows a message and leaves the scenario as it
was. Changing the workload resets the weights (and the preset-driven fields) to the preset's.
The session's state (scenario, undo history, presentation mode) is :mod:`ui.state`; the link
is :mod:`ui.link`; presentation mode's type and pills are :mod:`ui.presentation`.
"""

from __future__ import annotations

import datetime as dt

import pytz
import streamlit as st

from sourcing.engine.resolve import resolve
from sourcing.facts.countries import picker_label
from sourcing.facts.languages import language_name
from sourcing.facts.text import md_escape
from sourcing.model.criteria import CRITERIA, DATA_CATEGORIES, DATA_LABELS
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.operating.automation import human_fte
from ui import loaders, state
from ui.link import apply_link, sync_link
from ui.pickers import country_picker
from ui.presentation import large_type, saved_pills
from ui.state import current, presenting, set_scenario

PRESET_KEYS = ("sb_data", "sb_allow_sccs", *(f"sb_w_{c}" for c in CRITERIA))
# the widgets behind the "HQ hours, data, dates and method" popover: the browser mounts them
# only when the popover opens, and a widget mounted without a value from the server shows its
# own default (the first zone, 00:00–23:30, 1 year…) and reports it on the next rerun — so
# their values are sent on every run, and each writes only its own field (issue 27)
POPOVER_KEYS = (
    "sb_hq_tz", "sb_hq_hours", "sb_data", "sb_allow_sccs", "sb_date", "sb_fte", "sb_years",
    "sb_near", "sb_far", "sb_method",
)  # fmt: skip

METHODS = {"wsm": "Weighted sum", "topsis": "TOPSIS"}
LEVELS = {"country": "Countries", "city": "Cities"}


def _undo() -> None:
    state.undo()


def _presenting_changed() -> None:
    state.set_presenting(st.session_state["sb_present"])


def _widget_values(sc: Scenario) -> dict:
    """What each sidebar widget shows for ``sc``, by widget key."""
    eff = resolve(sc, loaders.countries())
    return {
        "sb_hq": sc.hq,
        "sb_hq_tz": sc.hq_tz or loaders.countries().at[sc.hq, "hub_tz"],
        "sb_hq_hours": sc.hq_hours,
        "sb_workload": sc.workload,
        "sb_lang": list(eff.languages),
        "sb_pref": list(eff.preferred_languages),
        "sb_data": sorted(eff.data),
        "sb_allow_sccs": eff.allow_sccs,
        "sb_date": sc.on,
        "sb_fte": sc.fte,
        "sb_years": sc.years,
        "sb_method": sc.method,
        "sb_level": sc.level,
        "sb_near": sorted(k for k, v in sc.shore_overrides.items() if v == "nearshore"),
        "sb_far": sorted(k for k, v in sc.shore_overrides.items() if v == "offshore"),
        "sb_present": presenting(),
        "sb_pills": None,
        **{f"sb_w_{c}": int(round(w)) for c, w in sc.merged_weights().items()},
    }


def _seed(sc: Scenario) -> None:
    """Put the scenario's values into the widgets' keys: all of them on a page's first run
    (a widget's identity includes its page, so another page's sidebar starts blank), the
    popover's on every run (see POPOVER_KEYS), and otherwise only those that differ — a value
    set from the script makes the browser redraw a mounted widget from scratch, about 2 ms each
    per rerun (bench/ui.py); the popover's are not mounted while it is closed."""
    every = state.first_seed_on_this_page()
    for key, value in _widget_values(sc).items():
        if (
            every
            or key in POPOVER_KEYS
            or key not in st.session_state
            or st.session_state[key] != value
        ):
            st.session_state[key] = value


def _store(new: Scenario | None, error: str | None = None) -> None:
    if error is not None:
        state.sidebar_error(error)
    else:
        set_scenario(new)


def _changed(key: str) -> None:
    """The sidebar widget ``key`` moved: apply it, and only it, to the scenario (Streamlit
    calls this once per widget the browser reports as changed); a rejected value changes
    nothing."""
    try:
        _store(_from_widgets(current(), key))
    except ScenarioError as err:
        _store(None, f"Not applied — {err}")


def _workload_changed() -> None:
    """A new workload brings its preset's weights, data categories and rules; the languages
    the user stated stay (they are the customers', not the preset's)."""
    update = {
        "workload": st.session_state["sb_workload"],
        "weights": {},
        "data": None,
        "allow_sccs": None,
        "min_hq_overlap_hours": None,
        "shift_alignment": None,
    }
    _store(current().model_copy(update=update))


def _hq_changed() -> None:
    """A new HQ starts on its hub's time zone."""
    try:
        _store(current().replace(hq=st.session_state["sb_hq"], hq_tz=None))
    except ScenarioError as err:
        _store(None, f"Not applied — {err}")


def _reset_weights() -> None:
    _store(current().model_copy(update={"weights": {}}))


EXCEL_CSV = "sb_excel_csv"  # CSV downloads with a UTF-8 byte-order mark (see to_csv)


def scenario_sidebar() -> Scenario:
    """Draw the sidebar and return the scenario it describes. If the scenario cannot be drawn
    (it validated, yet a widget refuses it), the page says so and offers a one-click way back —
    the last good scenario or the preset — instead of failing on every page."""
    try:
        return _draw_sidebar()
    except Exception as err:  # noqa: BLE001 — the safety net; control flow is BaseException
        _rescue(err)
        raise AssertionError("unreachable") from None  # _rescue stops the page


def _back_to_last_good() -> None:
    if state.undo() is None:
        state.replace_current(_preset_of(current()))
    state.reseed()  # every widget is seeded again from the scenario


def _back_to_preset() -> None:
    state.replace_current(_preset_of(current()))
    state.reseed()


def _preset_of(sc: Scenario) -> Scenario:
    try:
        return Scenario(hq=sc.hq, workload=sc.workload, on=dt.date.today())
    except ValueError:
        return state.default_scenario()


def _rescue(err: Exception) -> None:
    st.error(
        "This scenario cannot be shown, so nothing else on the page can be either "
        f"({type(err).__name__}: {str(err)[:300]}). Go back to a scenario that works:"
    )
    c1, c2 = st.columns(2)
    c1.button("Back to the last good scenario", key="sb_rescue_last", on_click=_back_to_last_good)
    c2.button("Start again from the preset", key="sb_rescue_preset", on_click=_back_to_preset)
    st.stop()


def _draw_sidebar() -> Scenario:
    countries = loaders.countries()
    presets = loaders.workloads()
    apply_link()
    sc = current()
    _seed(sc)
    showing = presenting()
    names = countries["name"].to_dict()
    zones = sorted(set(pytz.country_timezones.get(sc.hq, [])) | {countries.at[sc.hq, "hub_tz"]})
    if st.session_state["sb_hq_tz"] not in zones:
        zones.append(st.session_state["sb_hq_tz"])
    if showing:
        large_type()
    for notice in state.take_link_notices():
        st.warning(f"The link's {md_escape(notice)} was ignored; the rest of the link applies.")
    error = state.take_sidebar_error()
    about_weights = bool(error) and "weights:" in error
    with st.sidebar:
        st.toggle("Presentation mode", key="sb_present", on_change=_presenting_changed)
        if showing:
            saved_pills()
        st.header("Scenario")
        if error and not about_weights:  # at the top, where it is seen
            st.error(md_escape(error))
        st.selectbox(
            "HQ country",
            list(countries.index),
            key="sb_hq",
            format_func=lambda c: picker_label(c, names[c]),
            on_change=_hq_changed,
        )
        st.selectbox(
            "Workload",
            list(presets),
            key="sb_workload",
            format_func=lambda w: presets[w].name,
            on_change=_workload_changed,
        )
        if not showing:
            st.caption(presets[sc.workload].rationale)
        _languages()
        if not showing:  # early in the Tab order: HQ hours, data, dates and method
            _advanced(zones)
        st.radio(
            "Rank",
            list(LEVELS),
            key="sb_level",
            format_func=LEVELS.get,
            horizontal=True,
            on_change=_changed,
            args=("sb_level",),
            help="Countries, or the delivery cities of the hub table: each city with its own "
            "zone, and its own wage level and workforce where published (Data page, Cities)",
        )
        with st.expander("Weights", expanded=True):
            if about_weights:  # next to the sliders that caused it
                st.error(md_escape(error))
            for c in CRITERIA:
                st.slider(
                    c.capitalize(), 0, 100, key=f"sb_w_{c}", on_change=_changed, args=(f"sb_w_{c}",)
                )
            st.button("Reset to preset", key="sb_reset", on_click=_reset_weights)
        st.button(
            "Undo last change",
            key="sb_undo",
            on_click=_undo,
            disabled=not state.can_undo(),
        )
        st.checkbox(
            "CSV downloads for Excel",
            key=EXCEL_CSV,
            help="UTF-8 with a byte-order mark, so Excel opens accents (Côte d'Ivoire, Türkiye) "
            "as they are; plain UTF-8 otherwise (what the command line writes)",
        )
    sync_link(sc)
    return sc


def _languages() -> None:
    """The work's languages: required (screened on the pool) and preferred (scored only)."""
    codes = loaders.language_codes()
    for key in ("sb_lang", "sb_pref"):  # a stated language outside the table stays choosable
        codes += [c for c in st.session_state.get(key, []) if c not in codes]
    st.multiselect(
        "Languages the work is done in",
        codes,
        key="sb_lang",
        format_func=language_name,
        on_change=_changed,
        args=("sb_lang",),
        help="Required: a location whose speakers cannot staff the FTE is ruled out. "
        "Stating languages replaces the preset's (English stays only if you keep it).",
    )
    st.multiselect(
        "Preferred languages",
        codes,
        key="sb_pref",
        format_func=language_name,
        on_change=_changed,
        args=("sb_pref",),
        help="Count in the language score; rule no one out.",
    )


def _advanced(zones: list[str]) -> None:
    with st.popover("HQ hours, data, dates and method", width="stretch"):
        st.selectbox("HQ time zone", zones, key="sb_hq_tz", on_change=_changed, args=("sb_hq_tz",))
        st.slider(
            "HQ working hours",
            min_value=dt.time(0),
            max_value=dt.time(23, 30),
            step=dt.timedelta(minutes=30),
            key="sb_hq_hours",
            on_change=_changed,
            args=("sb_hq_hours",),
        )
        st.multiselect(
            "Data handled",
            list(DATA_CATEGORIES),
            key="sb_data",
            format_func=DATA_LABELS.get,
            on_change=_changed,
            args=("sb_data",),
        )
        st.checkbox(
            "Allow SCCs / IDTA for transfers",
            key="sb_allow_sccs",
            on_change=_changed,
            args=("sb_allow_sccs",),
        )
        st.date_input(
            "Date hours are evaluated on", key="sb_date", on_change=_changed, args=("sb_date",)
        )
        for col, (label, top, step, key) in zip(
            st.columns(2),
            (("FTE", 100_000, 5, "sb_fte"), ("Years", 30, 1, "sb_years")),
            strict=True,
        ):
            col.number_input(
                label, min_value=1, max_value=top, step=step, key=key,
                on_change=_changed, args=(key,),
            )  # fmt: skip
        if current().volumes is not None:
            st.caption(
                f"The work is sized from volumes on the Operating model page: "
                f"{human_fte(current()):,.1f} FTE; the FTE above is not used."
            )
        names = loaders.countries()["name"]
        st.caption(
            "Shore classes follow the industry's usage (Data page, “Nearshore by HQ region”); "
            "override any country for your firm:"
        )
        for key, label in (("sb_near", "Treat as nearshore"), ("sb_far", "Treat as offshore")):
            country_picker(label, list(names.index), names, key, on_change=_changed, args=(key,))
        st.radio(
            "Scoring method",
            list(METHODS),
            key="sb_method",
            format_func=METHODS.get,
            horizontal=True,
            on_change=_changed,
            args=("sb_method",),
        )


def _from_widgets(sc: Scenario, key: str) -> Scenario:
    """The scenario with widget ``key`` applied, and nothing else: every other field keeps the
    scenario's own value whatever its widget shows (a weight of 12.5 stays 12.5 when FTE
    changes, though its slider shows 12; a popover widget the browser mounted with its default
    writes nothing). Preset-driven fields stay compact."""
    shown = _widget_values(sc)
    s = {k: st.session_state.get(k, v) for k, v in shown.items()}
    moved = {key} if s.get(key, shown.get(key)) != shown.get(key) else set()
    preset = loaders.workloads()[sc.workload]
    weights = sc.merged_weights()
    for c in CRITERIA:
        if f"sb_w_{c}" in moved:
            weights[c] = float(s[f"sb_w_{c}"])
    candidate = {
        **sc.model_dump(),
        "weights": {c: w for c, w in weights.items() if w != preset.weights[c]},
    }
    for key, field, convert in (
        ("sb_hq_tz", "hq_tz", str), ("sb_hq_hours", "hq_hours", tuple), ("sb_date", "on", None),
        ("sb_fte", "fte", int), ("sb_years", "years", int), ("sb_method", "method", str),
        ("sb_level", "level", str),
    ):  # fmt: skip
        if key in moved:
            candidate[field] = s[key] if convert is None else convert(s[key])
    if "sb_lang" in moved:
        langs = tuple(s["sb_lang"])
        candidate["languages"] = None if langs == preset.languages else langs
        candidate["preferred_languages"] = (
            tuple(lang for lang in shown["sb_pref"] if lang not in langs)
            if sc.preferred_languages is not None
            else None
        )
    if "sb_pref" in moved:
        prefs = tuple(s["sb_pref"])
        candidate["preferred_languages"] = None if prefs == preset.preferred_languages else prefs
        if sc.languages is None and set(prefs) & set(preset.languages):
            candidate["languages"] = tuple(x for x in preset.languages if x not in prefs)
    if moved & {"sb_near", "sb_far"}:
        candidate["shore_overrides"] = {
            **dict.fromkeys(s["sb_near"], "nearshore"),
            **dict.fromkeys(s["sb_far"], "offshore"),
        }
    if moved & {"sb_data", "sb_allow_sccs"}:
        trial = Scenario.parse({**candidate, "data": None, "allow_sccs": None})
        defaults = resolve(trial, loaders.countries())
        data = frozenset(s["sb_data"])
        candidate["data"] = None if data == defaults.data else data
        allow = bool(s["sb_allow_sccs"])
        candidate["allow_sccs"] = None if allow == defaults.allow_sccs else allow
    if candidate["hq_tz"] == loaders.countries().at[sc.hq, "hub_tz"]:
        candidate["hq_tz"] = None
    return Scenario.parse(candidate)
