"""Map: the total score or any sub-score / raw metric by country; excluded greyed; HQ marked."""

import streamlit as st

from sourcing.model.criteria import CRITERIA
from sourcing.report import charts
from ui import figures, loaders
from ui.columns import columns_for
from ui.downloads import csv_button
from ui.sidebar import scenario_sidebar

METRICS = {
    "score": "Total score",
    **{f"score_{c}": f"{c.capitalize()} sub-score" for c in CRITERIA},
    "cost_usd_hr": "Cost (USD/h)",
    "saving_pct": "Saving per hour vs HQ (%)",
    "overlap_local_day_hours": "HQ overlap (local office day), h",
    "overlap_staffed_hours": "HQ overlap (as staffed), h",
    "coverage_pct": "Coverage of the service window (%)",
    "distance_km": "Distance from HQ (km)",
}

scenario = scenario_sidebar()
table = loaders.ranked(scenario)
countries = loaders.countries()

st.title("Map")
metric = st.selectbox("Colour by", list(METRICS), format_func=METRICS.get, key="map_metric")
if scenario.level == "city":
    figure = charts.city_map(table, loaders.places(scenario), metric, scenario.hq, METRICS[metric])
    note = (
        "Each point a city, coloured by the measure and larger where a published head count "
        "gives its services workforce; grey points and countries: ruled out (hover for why). ★ = "
        "HQ's hub."
    )
else:
    figure = charts.score_map(table, metric, scenario.hq, METRICS[metric], hub=countries)
    note = (
        "Grey: ruled out in this scenario (hover for the reason); light grey: not in the dataset. "
        "Dots mark each country's delivery hub, marked by shore class: ● blue onshore, "
        "◆ orange nearshore, ■ green offshore. ★ = HQ."
    )
figures.show(figure, f"map {METRICS[metric]}", key="map_chart", geo=True)
st.caption(note)
unshaped = table[~table["iso3"].isin(figures.map_shapes())]
if len(unshaped):
    st.caption(
        "No shape on this map for "
        + ", ".join(sorted(unshaped["name"]))
        + ": each is shown by its hub's dot only (its scores are in the table and the CSV)."
    )
with st.expander("The map's values as a table (sortable: click a column)"):
    # the same values as the colours, for a keyboard and a screen reader
    columns = list(dict.fromkeys(["name", "shore", metric, "rank", "excluded"]))
    config = columns_for(scenario.level)
    st.dataframe(table[columns], hide_index=True, width="stretch", key="map_values",
                 column_config={c: config[c] for c in columns if c in config})  # fmt: skip
csv_button(table, scenario, "ranked locations", key="map_ranked")
