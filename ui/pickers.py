"""The country picker every page shares: typing "India" finds India (substring match, not the
fuzzy subsequence that also matched Indonesia and Bosnia and Herzegovina), and Enter picks
that one country — never "Select N matches"."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st


def country_picker(label: str, codes: list[str], names: Mapping[str, str], key: str, **kw):
    return st.multiselect(
        label,
        codes,
        key=key,
        format_func=lambda c: f"{names[c]} ({c})",
        filter_mode="contains",
        select_all=False,
        **kw,
    )
