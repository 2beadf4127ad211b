"""Overview: the best locations for the scenario, why, and what was ruled out."""

import streamlit as st

from sourcing.cli import command_for
from sourcing.engine.tables import readable_top
from sourcing.model.scenario import weights_frame
from ui import loaders
from ui.columns import columns_for
from ui.downloads import csv_button
from ui.sidebar import scenario_sidebar
from ui.state import presenting
from ui.whynot import why_not_panel

scenario = scenario_sidebar()
summary = loaders.summary(scenario)
head = summary.headline
names = loaders.countries()["name"]

st.title("Overview")
st.caption(
    f"HQ {names[scenario.hq]} · {scenario.preset.name} · "
    f"hours on {scenario.working_on:%a %d %b %Y}"
    f" · {'TOPSIS' if scenario.method == 'topsis' else 'weighted sum'}"
)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Best location", head.best_name or "none fits")
c2.metric("Its shore class", head.best_shore or "—")
c3.metric(
    "Saving per hour vs HQ",
    "no data" if head.best_saving_pct is None else f"{head.best_saving_pct:.0f} %",
)
c4.metric("Ruled out", f"{head.excluded} of {len(summary.table)}")

st.markdown(loaders.analysis("The #1 could not be described.", "headline", scenario))
with st.expander(f"Why these weights: {scenario.preset.name}"):
    left, right = st.columns([3, 2])
    left.markdown(scenario.preset.rationale)
    weights = weights_frame(scenario)
    right.dataframe(
        weights,
        hide_index=True,
        key="overview_weights",
        column_config={
            "preset_pct": st.column_config.NumberColumn("Preset", format="%.0f %%"),
            "yours_pct": st.column_config.NumberColumn("Yours", format="%.0f %%"),
        },
    )
    with right:
        csv_button(weights, scenario, "weights", key="overview_weights")

st.subheader("Top 10")
if presenting():  # static type the room can read (a grid draws on a canvas at a fixed size)
    st.table(readable_top(summary.top10), hide_index=True)
else:
    st.dataframe(
        summary.top10,
        hide_index=True,
        width="stretch",
        key="top10",
        column_config=columns_for(scenario.level),
    )
st.download_button(
    "Download the workbook (Excel: ranking, comparison, TCO, sensitivity, scenario, sources)",
    data=lambda: loaders.analysis("The workbook could not be made.", "workbook", scenario),
    file_name="shoreline-workbook.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="overview_workbook",
    on_click="ignore",  # no rerun: focus stays on the button
)
with st.expander("Every reason for the top 10, in full"):  # one block: one element to redraw
    st.markdown(
        "\n\n".join(f"**{r.rank}. {r.name}** — {r.reasons}" for r in summary.top10.itertuples())
    )
csv_button(summary.table, scenario, "ranked locations", key="overview_ranked")
command = command_for(scenario, "rank", record_file="shoreline-overview-ranked.scenario.json")
if loaders.rate_card() is not None:
    command += " --rate-card your-rate-card.csv"
st.caption(
    "The same CSV from a terminal, with the `shoreline` command that comes with Shoreline "
    "(`pip install .`; in a checkout, `make` puts it in .venv/bin). `--scenario` takes the "
    "record downloaded beside the CSV:"
)
st.code(command + " --out ranked.csv", language="bash")

st.subheader("Why not another city?" if scenario.level == "city" else "Why not another country?")
why_not_panel(scenario, summary.table, key="overview")

st.subheader("Ruled out, and why")
reasons = summary.exclusions
if reasons.empty:
    st.info("No location is ruled out in this scenario.")
else:
    st.dataframe(reasons, hide_index=True, width="stretch")
    csv_button(reasons, scenario, "exclusion reasons", key="overview_exclusions")
