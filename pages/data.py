"""Data: the country dataset with every column's meaning, source and as-of date; download."""

import streamlit as st

import sourcing
from ui import loaders

countries = loaders.countries()
docs = loaders.column_docs()

st.title("Data")
st.caption(
    f"{len(countries)} countries. Every value has a source listed below; an empty cell means no "
    "source gave a value (shown as “no data”). Costs are labelled estimates — see the method."
)

query = st.text_input("Search countries", key="data_search", placeholder="name or ISO code")
regions = st.multiselect("Region", sorted(countries["region"].unique()), key="data_regions")
shown = sourcing.filter_countries(countries, query, regions)

st.dataframe(
    shown.reset_index(),
    hide_index=True,
    width="stretch",
    column_config={
        c: st.column_config.Column(help=docs.at[c, "meaning"] if c in docs.index else None)
        for c in ["iso2", *countries.columns]
    },
)
st.download_button(
    "Download dataset (CSV)",
    data=shown.reset_index().to_csv(index=False).encode("utf-8"),
    file_name="shoreline-countries.csv",
    mime="text/csv",
    key="data_download",
)

st.subheader("Columns and sources")
st.dataframe(docs.reset_index(), hide_index=True, width="stretch")
