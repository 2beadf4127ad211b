"""Cached wrappers around sourcing's pure functions. Data or scenario errors stop the page with
a message on screen, never a traceback."""

from __future__ import annotations

import hashlib
import io
from typing import NamedTuple

import pandas as pd
import streamlit as st

import sourcing
from sourcing.analysis.explain import headline_paragraph, why_not
from sourcing.analysis.pareto import pareto
from sourcing.analysis.sensitivity import draw, method_agreement, weight_intervals
from sourcing.engine.scoring import Ranking, read_only
from sourcing.engine.tables import Headline, exclusion_summary, headline, key_column, top
from sourcing.facts.cities import places_for
from sourcing.facts.languages import VARIETIES, language_name, languages_in_table
from sourcing.facts.ratecard import RateCard, apply_rate_card
from sourcing.facts.text import md_escape
from sourcing.model.scenario import Scenario
from sourcing.report import charts
from sourcing.report.workbook import workbook
from sourcing.store.db import StoreError
from ui import state


class Summary(NamedTuple):
    """What Overview leads with, computed once per scenario (read-only: shared by sessions)."""

    headline: Headline
    top10: pd.DataFrame
    exclusions: pd.DataFrame
    table: pd.DataFrame  # the whole ranked table, for the download; never mutated


# The dataset, presets and docs are read-only after loading: cache_resource hands back the same
# object each rerun (cache_data would unpickle a fresh copy every time, which costs more than
# the page itself). Nothing below mutates them; the rate card works on a copy.
@st.cache_resource(show_spinner=False)
def _countries() -> pd.DataFrame:
    return sourcing.load_countries()


@st.cache_resource(show_spinner=False)
def _column_docs() -> pd.DataFrame:
    return sourcing.column_docs()


@st.cache_resource(show_spinner=False)
def _language_codes() -> tuple[str, ...]:
    codes = set(languages_in_table()) | set(VARIETIES)  # a variety: fr-CA, pt-PT, es-419…
    for value in _countries()["languages"]:
        codes.update(value.split(";"))
    return tuple(sorted(codes, key=lambda c: language_name(c).lower()))


@st.cache_resource(show_spinner=False)
def _workloads() -> dict:
    return sourcing.load_workloads()


@st.cache_resource(show_spinner=False, max_entries=64)
def _with_rates(rates_csv: str) -> pd.DataFrame:
    """The dataset with a rate card applied: one frame per card, never changed after, so a
    ranking on it reuses the work of the last one with other weights (a slider move)."""
    card = (
        RateCard(pd.read_csv(io.StringIO(rates_csv), keep_default_na=False)) if rates_csv else None
    )
    return read_only(apply_rate_card(_countries(), card))


@st.cache_resource(show_spinner=False, max_entries=512)
def _ranking(scenario_json: str, rates_csv: str) -> Ranking:
    return sourcing.rank(Scenario.parse(scenario_json), _with_rates(rates_csv))


@st.cache_resource(show_spinner=False, max_entries=512)
def _ranked(scenario_json: str, rates_csv: str) -> pd.DataFrame:
    return _ranking(scenario_json, rates_csv).to_frame()


@st.cache_resource(show_spinner=False, max_entries=512)
def _summary(scenario_json: str, rates_csv: str) -> Summary:
    table = _ranked(scenario_json, rates_csv)
    ranking = _ranking(scenario_json, rates_csv)
    return Summary(headline(table), top(table, 10), exclusion_summary(ranking), table)


# The analyses a page shows, as pure functions of (ranking, *arguments).
ANALYSES = {
    "weight_intervals": weight_intervals,
    "monte_carlo": lambda ranking, draws, vary=("weights", "costs"): draw(
        ranking, draws, seed=0, vary=vary
    ),
    "method_agreement": method_agreement,
    "why_not": why_not,
    "headline": headline_paragraph,
    "workbook": workbook,
    "pareto": lambda ranking, shores, regions, versus: pareto(ranking, versus, shores, regions),
}


@st.cache_resource(show_spinner=False, max_entries=512)
def _analysis(name: str, scenario_json: str, rates_csv: str, args: tuple):
    return ANALYSES[name](_ranking(scenario_json, rates_csv), *args)


def nearshore() -> pd.DataFrame:
    """The sourced nearshore table (Data page)."""
    from sourcing.facts.shores import nearshore_table

    return nearshore_table()


def delivery() -> pd.DataFrame:
    """The delivery-evidence table (Data page), or a clear on-screen error."""
    from sourcing.facts.delivery import delivery_frame

    try:
        return delivery_frame()
    except sourcing.DatasetError as err:
        _stop("The delivery-evidence table could not be loaded.", err)


def rate_card() -> RateCard | None:
    """The rate card uploaded in this session, if any."""
    return state.rate_card()


def _rates_csv() -> str:
    card = rate_card()
    return "" if card is None or card.empty else card.rates.to_csv(index=False)


def session_countries() -> pd.DataFrame:
    """The dataset with this session's rate card applied ("your data" marked)."""
    countries()
    return _with_rates(_rates_csv())


def places(scenario: Scenario) -> pd.DataFrame:
    """The scenario's locations by key (countries, or at city level the hub table's cities),
    each with its name, zone and hub: what pickers and charts label."""
    try:
        return places_for(scenario.level, session_countries())
    except sourcing.DatasetError as err:
        _stop("The hub table could not be loaded.", err)


def _stop(what: str, err: Exception) -> None:
    shown = str(err).replace("`", "'")  # a backtick in the message cannot close the block
    st.error(f"{what}\n\n```\n{shown}\n```")
    st.stop()


def countries() -> pd.DataFrame:
    """The validated dataset, or a clear on-screen error (and the page stops)."""
    try:
        return _countries()
    except sourcing.DatasetError as err:
        _stop("The country dataset could not be loaded.", err)


def column_docs() -> pd.DataFrame:
    try:
        return _column_docs()
    except OSError as err:
        _stop("The dataset documentation (data/README.md) could not be read.", err)


def language_codes() -> list[str]:
    """Every language the dataset or the language table has, by name (a fresh list)."""
    try:
        return list(_language_codes())
    except sourcing.DatasetError as err:
        _stop("The language workforce table could not be loaded.", err)


def workloads() -> dict:
    try:
        return _workloads()
    except sourcing.WorkloadError as err:
        _stop("The workload presets could not be loaded.", err)


def ranked(scenario: Scenario) -> pd.DataFrame:
    """``sourcing.rank`` for the scenario, cached by the scenario's JSON."""
    countries()
    try:
        return _ranked(scenario.to_json(), _rates_csv()).copy()
    except (sourcing.ScenarioError, ValueError) as err:
        _stop("This scenario cannot be ranked.", err)


def ranking(scenario: Scenario) -> Ranking:
    """The :class:`~sourcing.engine.scoring.Ranking` for the scenario, cached (shared: read
    only)."""
    countries()
    try:
        return _ranking(scenario.to_json(), _rates_csv())
    except (sourcing.ScenarioError, ValueError) as err:
        _stop("This scenario cannot be ranked.", err)


def summary(scenario: Scenario) -> Summary:
    """Overview's headline, top ten and exclusion reasons for the scenario, cached."""
    countries()
    try:
        return _summary(scenario.to_json(), _rates_csv())
    except (sourcing.ScenarioError, ValueError) as err:
        _stop("This scenario cannot be ranked.", err)


@st.cache_resource(show_spinner=False, max_entries=256)
def _why_not_figure(scenario_json: str, rates_csv: str, chosen: str):
    return charts.why_not_bars(_analysis("why_not", scenario_json, rates_csv, (chosen,)))


def why_not_figure(scenario: Scenario, chosen: str):
    """The why-not chart for ``chosen``, built once per scenario and country (building a plotly
    figure was ~12% of the server's time per rerun under load, py-spy on bench/load.py). Shared
    between sessions: draw it, never change it."""
    countries()
    return _why_not_figure(scenario.to_json(), _rates_csv(), chosen)


@st.cache_resource(show_spinner=False, max_entries=64)
def _pareto_figure(digest: str, best: tuple[str, ...], versus: str, label: str, _front):
    return charts.pareto_scatter(_front, versus, label)


def store(factory):
    """The library or the rooms (``factory``: Library, Rooms); when $SHORELINE_DB cannot be
    used (a malformed URL, say), a message in words — never its password — and the page
    stops, instead of a crash box."""
    try:
        return factory()
    except StoreError as err:
        st.error(f"Saved scenarios and live rooms are unavailable: {md_escape(err)}")
        st.stop()


def digest(*parts) -> str:
    """A key for what a picture draws: each frame by its values, index and columns; anything
    else by its repr (strings, numbers, tuples, dicts of them)."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, pd.DataFrame | pd.Series):
            h.update(pd.util.hash_pandas_object(part, index=True).to_numpy().tobytes())
            h.update(repr(list(part.columns) if isinstance(part, pd.DataFrame) else part.name)
                     .encode())  # fmt: skip
        else:
            h.update(repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(name: str, key: str, _builder, _args, _kwargs):
    return _builder(*_args, **_kwargs)


def figure(builder, *args, **kwargs):
    """``builder(*args, **kwargs)`` (a chart of ``sourcing.report.charts``), built once per
    picture: keyed by the values it is given, so a move that leaves them alone (a weight, for
    the hours, the costs or the sub-scores) reuses the figure instead of building it again.
    Give it only what it draws (a frame cut to the columns it reads). Shared between sessions:
    draw it, never change it."""
    key = digest(*args, *sorted(kwargs.items()))
    return _figure(f"{builder.__module__}.{builder.__qualname__}", key, builder, args, kwargs)


def pareto_figure(front: pd.DataFrame, versus: str, label: str):
    """The Pareto scatter, built once per picture: keyed by what it draws (the front's costs,
    second criterion rounded as the chart rounds it, dominance and the three labelled best), not
    by the scenario, so a move that changes neither axis (the cost weight) reuses the figure
    (building it was ~15% of Trade-offs' rerun on the server, py-spy). Shared between sessions:
    draw it, never change it."""
    key = key_column(front)
    ordered = front.sort_values(key, kind="stable")  # ties for the best three: the same each time
    best = tuple(sorted(ordered.nlargest(3, "score")[key])) if "score" in front else ()
    drawn = front if versus == "score" else front.drop(columns=["score"], errors="ignore")
    drawn = charts.pareto_points(drawn, versus)
    return _pareto_figure(digest(drawn.reset_index(drop=True)), best, versus, label, front)


def analysis(what: str, name: str, scenario: Scenario, *args):
    """``ANALYSES[name]`` for the scenario's ranking, cached by scenario and arguments (lists
    become tuples). The result is shared between sessions: read it, never change it. A
    ValueError becomes an on-screen message ``what`` and stops the page."""
    countries()
    key = tuple(tuple(a) if isinstance(a, list) else a for a in args)
    try:
        return _analysis(name, scenario.to_json(), _rates_csv(), key)
    except (sourcing.ScenarioError, ValueError) as err:
        _stop(what, err)


def guarded(what: str, fn, *args, **kwargs):
    """Run an analysis; a ValueError becomes an on-screen message and stops the page."""
    try:
        return fn(*args, **kwargs)
    except ValueError as err:
        _stop(what, err)
