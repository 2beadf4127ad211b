"""Cached wrappers around sourcing's pure loaders; a data error stops the page with a message."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sourcing


@st.cache_data(show_spinner=False)
def _countries() -> pd.DataFrame:
    return sourcing.load_countries()


@st.cache_data(show_spinner=False)
def _column_docs() -> pd.DataFrame:
    return sourcing.column_docs()


def countries() -> pd.DataFrame:
    """The validated dataset, or a clear on-screen error (and the page stops)."""
    try:
        return _countries()
    except sourcing.DatasetError as err:
        st.error(f"The country dataset could not be loaded.\n\n```\n{err}\n```")
        st.stop()


def column_docs() -> pd.DataFrame:
    try:
        return _column_docs()
    except OSError as err:
        st.error(f"The dataset documentation (data/README.md) could not be read: {err}")
        st.stop()
