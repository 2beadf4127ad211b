"""Presentation mode: type for the back of a room, and saved scenarios as one-click pills."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from sourcing.facts.text import md_escape
from sourcing.model.scenario import ScenarioError
from sourcing.store.db import StoreError
from sourcing.store.library import Library
from ui import state

# At least 1.5x the normal size (measured in tests/browser: the title, the headline values and
# the top-10 table).
LARGE_TYPE = """<style>
[data-testid="stMain"] h1 {font-size: 4.4rem !important; line-height: 1.15 !important;}
[data-testid="stMain"] h2, [data-testid="stMain"] h3 {font-size: 2.6rem !important;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 3.4rem !important;
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid="stMetricLabel"] p {font-size: 1.5rem !important;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p {font-size: 1.5rem;}
[data-testid="stMain"] [data-testid="stTable"] td,
[data-testid="stMain"] [data-testid="stTable"] th {font-size: 1.6rem !important;
  padding: 0.35rem 0.6rem !important;}
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] * {font-size: 1.35rem !important;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] [data-testid="stAlertContentInfo"] p,
[data-testid="stMain"] [data-testid="stAlertContentWarning"] p,
[data-testid="stMain"] [data-testid="stAlertContentSuccess"] p,
[data-testid="stMain"] [data-testid="stAlertContentError"] p,
[data-testid="stMain"] [data-testid="stExpander"] summary p,
[data-testid="stMain"] button p {font-size: 1.5rem !important;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {word-break: normal !important;
  overflow-wrap: normal !important; hyphens: none !important;}
[data-testid="stSidebar"] [data-testid="stButtonGroup"] button,
[data-testid="stSidebar"] [data-testid="stButtonGroup"] button * {max-width: none !important;
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
</style>"""


# a static table wider than the screen scrolls sideways: its scrolling box must be reachable by
# keyboard (WCAG 2.1.1; axe "scrollable-region-focusable"), which Streamlit's markup does not
# give it — so each one gets tabindex=0 and a name, as tables appear
FOCUSABLE_TABLES = """<script>
(() => {
  const mark = () => document.querySelectorAll('[data-testid="stTable"] > div').forEach(box => {
    if (!box.hasAttribute('tabindex')) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', 'table (scrolls sideways)');
    }
  });
  mark();
  if (!window.__shorelineTables) {
    window.__shorelineTables = new MutationObserver(mark);
    window.__shorelineTables.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>"""


def large_type() -> None:
    st.markdown(LARGE_TYPE, unsafe_allow_html=True)
    st.html(FOCUSABLE_TABLES, unsafe_allow_javascript=True)


def _label(config, column: str) -> str:
    if isinstance(config, str):
        return config
    if isinstance(config, dict) and config.get("label"):
        return str(config["label"])
    return column


def _readable(value) -> str:
    if pd.isna(value):
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.1f}"


def grid(data, *, column_config=None, column_order=None, hide_index=True, **kw) -> None:
    """A table: Streamlit's data grid normally, a static table in presentation mode (a grid
    draws on a canvas at a fixed 14 px that no style can enlarge; a table's cells take the
    presentation type). Labels from ``column_config`` and ``column_order`` carry over."""
    if not state.presenting():
        st.dataframe(data, column_config=column_config, column_order=column_order,
                     hide_index=hide_index, **kw)  # fmt: skip
        return
    if isinstance(data, Styler):  # st.table renders text cells as Markdown: names stay text
        text = [c for c in data.data.columns if data.data[c].dtype == object]
        data = data.format(md_escape, subset=text) if text else data
        st.table(data.hide(axis="index") if hide_index else data)
        return
    frame = pd.DataFrame(data)
    for c in frame.columns:
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c]):
            frame[c] = frame[c].map(lambda v: md_escape(v) if isinstance(v, str) else v)
        elif pd.api.types.is_float_dtype(frame[c]):  # numbers as a room reads them: 41, 7.5
            frame[c] = frame[c].map(_readable)
    columns = [c for c in (column_order or frame.columns) if c in frame.columns]
    labels: dict[str, str] = {}
    for c in columns:  # a label twice (the cost and its sub-score): the second says which
        label = _label((column_config or {}).get(c), c)
        labels[c] = label if label not in labels.values() else f"{label} ({c})"
    st.table(frame[columns].rename(columns=labels), hide_index=hide_index)


def _load_pill() -> None:
    name = st.session_state.get("sb_pills")
    if not name:
        return
    try:
        state.set_scenario(Library().load(name).scenario)
    except (StoreError, ScenarioError) as err:
        state.sidebar_error(f"Could not load {name!r}: {err}")


def saved_pills() -> None:
    """The library's scenarios as pills; a click loads one (undo brings the old back)."""
    try:
        saved = Library().names()
    except (StoreError, OSError) as err:
        st.warning(f"The scenario library is not available: {md_escape(err)}")
        return
    if saved:
        st.pills(
            "Saved scenarios", saved, key="sb_pills", on_change=_load_pill, format_func=md_escape
        )
    else:
        st.caption("Save scenarios on the Scenarios page to switch between them here.")
