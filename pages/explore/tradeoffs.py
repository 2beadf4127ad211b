"""Trade-offs: the ranked table with sub-scores and flags, cost against the rest with the
Pareto front, and how solid the #1 is (weight ranges, Monte Carlo, TOPSIS agreement)."""

import streamlit as st

from sourcing.analysis.explain import leader_flip
from sourcing.analysis.pareto import NON_COST
from sourcing.analysis.sensitivity import ROBUSTNESS_DRAWS, intervals_for_people
from sourcing.engine.tables import select
from sourcing.facts.shores import SHORES
from sourcing.model.criteria import CRITERIA
from sourcing.report import charts
from ui import figures, loaders
from ui.columns import blank_nones, columns_for, name_column
from ui.downloads import csv_button
from ui.presentation import grid
from ui.sidebar import scenario_sidebar

scenario = scenario_sidebar()
table = loaders.ranked(scenario)
names = loaders.places(scenario)["name"].to_dict()  # countries, or cities at city level

st.title("Trade-offs")


@st.fragment
def table_and_front() -> None:
    """The filters, the table and the Pareto front: a filter or the second criterion reruns
    only this part of the page."""
    c1, c2, c3 = st.columns([2, 2, 1])
    shores = c1.multiselect("Shore class", list(SHORES), key="to_shores")
    regions = c2.multiselect("Region", sorted(table["region"].unique()), key="to_regions")
    show_excluded = c3.checkbox("Show ruled out", value=True, key="to_excluded")
    shown = select(table, shores, regions, show_excluded)
    grid(  # the columns it hides are not sent at all (the CSV below keeps them)
        blank_nones(shown.drop(columns=["iso3", "exclusions"], errors="ignore")),
        hide_index=True,
        width="stretch",
        column_config=columns_for(scenario.level),
        key="to_table",
    )
    csv_button(shown, scenario, "trade-off table", key="to_table")

    st.subheader("Cost against everything else")
    versus_options = {
        NON_COST: "non-cost score (weighted)",
        "score": "total score",
        **{f"score_{c}": c for c in CRITERIA if c != "cost"},
    }
    versus = st.selectbox(
        "Second criterion", list(versus_options), format_func=versus_options.get, key="to_versus"
    )
    front = loaders.analysis(
        "The Pareto front could not be drawn.", "pareto", scenario, shores, regions, versus
    )
    if front.empty:
        st.info("No ranked location has cost data in this selection.")
    else:
        figures.show(
            loaders.pareto_figure(front, versus, versus_options[versus]),
            f"cost against {versus_options[versus]}",
            key="to_pareto",
        )
        st.caption("Faded points are dominated: another location is both cheaper and better.")
        csv_button(front, scenario, "pareto front", key="to_pareto")


table_and_front()

st.subheader("How solid is the #1?")
with st.spinner("Still computing how solid the #1 is: weight ranges…"):
    intervals = loaders.analysis("Sensitivity could not be computed.", "weight_intervals", scenario)
ranked = table[~table["excluded"]].sort_values("rank")
if intervals.empty or ranked.empty:
    st.info("Sensitivity needs at least two ranked locations.")
else:
    leader = ranked.iloc[0]["name"]
    figures.show(charts.weight_ranges(intervals, leader), "weight ranges", key="to_ranges")
    readable = intervals_for_people(intervals, names)
    flip = leader_flip(intervals, names)
    if flip is None:
        st.success(f"No single weight change makes anyone else #1: {leader} leads throughout.")
    else:
        st.markdown(flip)
    shown = blank_nones(readable, numbers=("Smallest flip (points)",))
    grid(shown, hide_index=True, width="stretch", key="to_intervals")
    csv_button(intervals, scenario, "weight intervals", key="to_intervals")

    @st.fragment
    def monte_carlo() -> None:
        """The draws slider reruns only the Monte Carlo."""
        draws = st.select_slider(
            "Monte Carlo draws",
            [1_000, 2_000, 5_000, 10_000],
            value=ROBUSTNESS_DRAWS,
            key="to_draws",
        )
        failed = "The Monte Carlo could not be run."
        with st.spinner(f"Still computing: {draws:,} draws of the weights and costs…"):
            both = loaders.analysis(failed, "monte_carlo", scenario, draws)
            costs = loaders.analysis(failed, "monte_carlo", scenario, draws, ("costs",))
            weights = loaders.analysis(failed, "monte_carlo", scenario, draws, ("weights",))
        st.markdown(
            f"**{leader}** is #1 in **{costs.leader_kept:.0%}** of {draws:,} draws over cost "
            f"uncertainty alone (every cost drawn within its low–high range, weights fixed), in "
            f"**{weights.leader_kept:.0%}** over the weights alone, and in "
            f"**{both.leader_kept:.0%}** when both vary. The table shares the draws of both."
        )
        shares = both.shares
        grid(
            shares.head(10),
            hide_index=True,
            width="stretch",
            key="to_mc",
            column_order=["name", "top1_share", "top3_share"],
            column_config={
                "name": name_column(scenario.level),
                "top1_share": st.column_config.ProgressColumn("#1 share", format="percent"),
                "top3_share": st.column_config.ProgressColumn("top-3 share", format="percent"),
            },
        )
        csv_button(shares, scenario, "monte carlo shares", key="to_mc")

    monte_carlo()

    with st.spinner("Still computing: weighted sum against TOPSIS…"):
        tau, movers = loaders.analysis(
            "The methods could not be compared.", "method_agreement", scenario
        )
    st.metric("Agreement of weighted sum and TOPSIS (Kendall τ)", f"{tau:.2f}")
    grid(
        movers,
        hide_index=True,
        width="stretch",
        key="to_movers",
        column_order=["name", "rank_wsm", "rank_topsis", "moved"],
        column_config={
            "name": name_column(scenario.level),
            "rank_wsm": st.column_config.NumberColumn("Rank, weighted sum", format="%d"),
            "rank_topsis": st.column_config.NumberColumn("Rank, TOPSIS", format="%d"),
            "moved": st.column_config.NumberColumn("Places moved", format="%+d"),
        },
    )
    csv_button(movers, scenario, "method agreement", key="to_movers")
