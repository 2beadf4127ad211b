"""Time zones: working days on HQ's clock, overlap through the year, follow-the-sun plans."""

import streamlit as st

from sourcing.analysis.follow_the_sun import LOCAL_DAY, follow_the_sun
from sourcing.analysis.working_days import location_windows, working_day_rows, year_overlap
from sourcing.engine.tables import key_column
from sourcing.facts.timezones import OVERLAP_LOCAL_DAY, overlap_name
from sourcing.report import charts
from ui import figures, loaders
from ui.columns import PLAN_LABELS
from ui.downloads import csv_button
from ui.pickers import country_picker
from ui.presentation import grid
from ui.sidebar import scenario_sidebar

scenario = scenario_sidebar()
table = loaders.ranked(scenario)
countries = loaders.session_countries()
places = loaders.places(scenario)  # countries, or the cities at city level
names = places["name"].to_dict()
key = key_column(table)

st.title("Time zones")
ranked = table[~table["excluded"]].sort_values("rank")
default = list(ranked[ranked["iso2"] != scenario.hq][key][:5])
chosen = country_picker(
    "Locations", list(places.index), names, "tz_chosen", default=default, max_selections=12
)

rows = working_day_rows(scenario, table, countries, chosen)
scenario_is_shifted = bool((rows["kind"] == "shifted").any())
figures.show(
    loaders.figure(charts.overlap_bars, rows), "working days on the HQ clock", key="tz_bars"
)
st.caption(
    "Bars in HQ time; hatched = a shifted team that staffs the service window; the thin pink "
    f"bar is the {overlap_name(scenario_is_shifted)}, the figure the Overview and Compare show."
)

st.subheader(f"{OVERLAP_LOCAL_DAY}, week by week")
st.caption(
    "Each location working its own office day through the year (daylight-saving weeks "
    "flagged) — for a shifted team the overlap is fixed by the service window instead."
)
if chosen:
    view = year_overlap(scenario, countries, chosen)
    figures.show(
        loaders.figure(charts.year_heatmap, view, {c: names[c] for c in chosen}),
        "HQ overlap through the year",
        key="tz_year",
    )
    csv_button(view, scenario, "overlap by week", key="tz_year")
else:
    st.info("Choose locations above to see their overlap week by week.")

st.subheader("Follow-the-sun planner")
st.caption(
    "2–4 locations whose local office days (08:00–17:00) together staff the service window, "
    "with the hand-over overlap you set; no member rides along without staffing hours nobody "
    "else does. A window one site can staff on shifts inside its own 06:00–22:00 needs no "
    "second site: such plans (up to three) come first, as fewer sites always do. Ranked by "
    "the workload's own score (the same criteria and weights as the "
    "ranking) or by cost per covered hour, and compared with staffing the window at HQ."
)
c1, c2, c3 = st.columns(3)
sizes = c1.multiselect(
    "Locations per plan",
    [1, 2, 3, 4],
    default=[1, 2, 3, 4],
    key="fts_sizes",
    help="1: one site on shifts, when the window fits inside its 06:00–22:00",
)
handoff = c2.number_input("Hand-over overlap (min)", 0, 240, 30, step=15, key="fts_handoff")
objective = c3.radio(
    "Best by",
    ["score", "cost"],
    horizontal=True,
    key="fts_objective",
    format_func={"score": "the workload's score", "cost": "cost per covered hour"}.get,
)
if not sizes:
    st.info("Choose at least one plan size.")
else:
    plans = loaders.guarded(
        "The follow-the-sun search failed.",
        follow_the_sun,
        scenario,
        table,
        countries,
        sizes=tuple(sizes),
        handoff_minutes=int(handoff),
        objective=objective,
    )
    if plans.empty:
        st.warning(
            "No combination of the locations that pass screening covers the clock with "
            "that hand-over overlap."
        )
    else:
        dearer = plans[plans["vs_onshore_pct"] > 0]
        if not dearer.empty:
            st.warning(
                "Dearer than staffing the window at HQ on shifts: plan "
                + ", ".join(str(p) for p in dearer["plan"])
                + f" (HQ: {plans['onshore_cost_per_hour_usd'].iloc[0]:.2f} USD per covered hour)."
            )
        grid(
            plans.drop(columns=["iso2", "k"]),
            hide_index=True,
            width="stretch",
            key="fts_table",
            column_config=PLAN_LABELS,
        )
        members = sorted({i for p in plans["iso2"] for i in p.split()})
        windows = location_windows(
            working_day_rows(
                scenario.replace(shift_alignment="local", location_hours=LOCAL_DAY),
                table,
                countries,
                members,
            )
        )
        shores = table.set_index(key)["shore"].to_dict()
        figures.show(
            loaders.figure(charts.plan_strip, plans, windows, shores, names),
            "follow-the-sun plans",
            key="fts_strip",
        )
        csv_button(plans, scenario, "follow-the-sun plans", key="fts_plans")
