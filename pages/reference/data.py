"""Data: the country dataset with every column's meaning, source and as-of date; download."""

import streamlit as st

import sourcing
from sourcing.facts.ratecard import parse_rate_card, template
from sourcing.facts.text import md_escape
from sourcing.report import charts
from ui import figures, loaders, state
from ui.cities_parts import cities_section
from ui.columns import COLUMNS
from ui.downloads import csv_button
from ui.rules_parts import rules_tables

countries = loaders.countries()
docs = loaders.column_docs()

st.title("Data")
st.caption(
    f"{len(countries)} countries. Every value has a source listed below; an empty cell means no "
    "source gave a value (shown as “no data”). Every cost says whether it is measured (which "
    "statistic, which year) or modelled, and carries a low–high range."
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
csv_button(shown.reset_index(), None, "dataset", key="countries", label="Download dataset (CSV)")

st.subheader("Columns and sources")
st.dataframe(docs.reset_index(), hide_index=True, width="stretch", key="data_docs")
csv_button(docs.reset_index(), None, "columns and sources", key="columns")

st.subheader("Labour cost by role")
session = loaders.session_countries()
role = st.selectbox(
    "Role", list(sourcing.ROLES), format_func=lambda r: r.replace("_", " "), key="data_cost_role"
)
tiers = sourcing.cost_tiers(session).set_index("role")
counts = tiers.loc[role]
yours = f", **{counts['your data']}** from your rate card" if counts["your data"] else ""
st.markdown(
    f"**{counts['measured']}** of {len(session)} countries measured, **{counts['modelled']}** "
    f"modelled{yours}. Hourly cost to the employer in 2024 US dollars; the range is narrow "
    "for an official statistic, wider for a sector or occupation-group proxy and widest for "
    "the model (from its residuals). How each tier is built: data/README.md, “Cost per role”."
)
costs = sourcing.cost_table(session, role)
figures.show(
    charts.cost_ranges(costs, role.replace("_", " ")), f"hourly cost {role}", key="data_cost_chart"
)
st.dataframe(
    costs,
    hide_index=True,
    width="stretch",
    key="data_costs",
    column_config={
        **COLUMNS,
        "range_pct": st.column_config.NumberColumn("± range", format="%.0f %%"),
        "tier": st.column_config.TextColumn("Tier"),
    },
)
csv_button(costs, None, "costs", key=f"costs_{role}", label="Download these costs (CSV)")
st.dataframe(tiers.reset_index(), hide_index=True, key="data_cost_tiers")
csv_button(tiers.reset_index(), None, "cost tiers", key="cost_tiers")

st.subheader("Delivery evidence by language market")
evidence = loaders.delivery()
st.caption(
    f"Where the industry already serves a language market: {len(evidence):,} rows from "
    f"{evidence['source_key'].nunique():,} sources for {evidence['language'].nunique()} markets "
    "(industry associations, investment agencies, statistics offices, trade press, providers). "
    "People employed serving the market where a source counts them, else the place as named; "
    "every row has a verbatim quote in the research notes (data/sources/delivery_evidence/). "
    "It lets a documented location through the language screen, deepens its pool and measures "
    "its capability; every reason that uses it names the source and year."
)
markets = sorted(evidence["language"].unique())
picked = st.multiselect("Language market", markets, key="data_delivery_markets",
                        placeholder="all markets")  # fmt: skip
rows = evidence[evidence["language"].isin(picked)] if picked else evidence
st.dataframe(
    rows,
    hide_index=True,
    width="stretch",
    key="data_delivery",
    column_config={"url": st.column_config.LinkColumn("Source address", display_text="open")},
)
csv_button(rows, None, "delivery evidence", key="delivery", label="Download this evidence (CSV)")

st.subheader("Nearshore by HQ region")
st.caption(
    "Shore classes as the industry uses them: for an HQ in a region listed here, nearshore is "
    "a location in the regions beside it (UN M49 sub-regions; EEA = any EEA member), each row "
    "with its source. An HQ elsewhere falls back to a stated rule: UTC offsets within 2 h on the "
    "scenario date and hubs within 4,000 km. Any country's class can be overridden in the "
    "sidebar (HQ hours, data, dates and method); the override travels in links, saved "
    "scenarios and exports."
)
st.dataframe(loaders.nearshore(), hide_index=True, width="stretch", key="data_nearshore")
csv_button(loaders.nearshore(), None, "nearshore by HQ region", key="nearshore")

rules_tables()
cities_section()

st.subheader("Your own rate card")
st.caption(
    "Upload a CSV of `iso2, role, usd_hr` to replace the estimated costs for this session "
    f"(roles: {', '.join(sourcing.ROLES)}). Rows with unknown countries or roles, non-numeric, "
    "negative or absurd rates (over 1,000 USD/h) are listed and left out; valid rows apply and "
    "are marked “your data” in every table, hover and export."
)
st.download_button(
    "Download a template (current estimates)",
    template(countries),
    file_name="shoreline-rate-card.csv",
    mime="text/csv",
    key="data_rate_template",
    on_click="ignore",  # no rerun: focus stays on the button
)
upload = st.file_uploader("Rate card (CSV)", type=["csv"], key="data_rate_upload")
if upload is not None and st.button("Apply rate card", key="data_rate_apply"):
    try:
        card = parse_rate_card(upload.getvalue(), set(countries.index))
    except ValueError as err:
        st.error(f"Rate card not applied — {md_escape(err)}")
    else:
        state.set_rate_card(card)
        st.success(f"Applied {len(card.rates)} rate(s).")
        for problem in card.problems[:50]:
            st.warning(f"Left out: {problem}")
card = loaders.rate_card()
if card is not None and not card.empty:
    st.dataframe(card.rates, hide_index=True, key="data_rates")
    csv_button(card.rates, None, "your rate card", key="rate_card")
    if st.button("Remove my rate card", key="data_rate_clear"):
        state.set_rate_card(None)
        st.rerun()
