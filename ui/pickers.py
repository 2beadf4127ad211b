"""The country picker every page shares: typing "India" finds India (substring match, not the
fuzzy subsequence that also matched Indonesia and Bosnia and Herzegovina), and Enter picks
that one country — never "Select N matches". Names a country is also typed as ("Turkey",
"Czech Republic") are in its label, so they find it too."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from sourcing.facts.countries import picker_label


def country_picker(label: str, codes: list[str], names: Mapping[str, str], key: str, **kw):
    return st.multiselect(
        label,
        codes,
        key=key,
        format_func=lambda c: picker_label(c, names[c]),
        filter_mode="contains",
        select_all=False,
        **kw,
    )
