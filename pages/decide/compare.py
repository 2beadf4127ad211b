"""Compare & cost: 2–5 locations side by side, their sub-scores, and TCO against HQ."""

import streamlit as st

from sourcing.engine.tables import comparison, key_column
from sourcing.engine.tables import with_hq as with_hq_rows
from sourcing.model.criteria import CRITERIA
from sourcing.operating.automation import describe, human_fte
from sourcing.operating.costs import payback, tco
from sourcing.report import charts
from ui import figures, loaders, state
from ui.assumptions import assumptions_editor
from ui.columns import PAYBACK_LABELS, columns_for
from ui.downloads import csv_button
from ui.pickers import country_picker
from ui.presentation import grid
from ui.sidebar import scenario_sidebar
from ui.whynot import why_not_panel

SHOWN = "cmp_shown_shortlist"  # the shortlist the picker last showed


def _keep_shortlist() -> None:
    shortlist = tuple(st.session_state["cmp_chosen"])
    state.remember(SHOWN, shortlist)
    state.set_scenario(state.current().replace(shortlist=shortlist))


scenario = scenario_sidebar()
table = loaders.ranked(scenario)
names = loaders.places(scenario)["name"].to_dict()  # countries, or cities at city level
key = key_column(table)

st.title("Compare & cost")
ranked = table[~table["excluded"]].sort_values("rank")
# the scenario's shortlist (a link, a saved scenario) or the top 3; a change is the scenario's
if state.remembered(SHOWN) != scenario.shortlist:  # the scenario changed it: the widget follows
    st.session_state["cmp_chosen"] = list(scenario.shortlist) or list(
        ranked[ranked["iso2"] != scenario.hq][key][:3]
    )
    state.remember(SHOWN, scenario.shortlist)
chosen = country_picker("Locations (2–5)", list(table[key]), names, "cmp_chosen",
                        max_selections=5, on_change=_keep_shortlist)  # fmt: skip
if len(chosen) < 2:
    st.info("Pick at least two locations to compare.")
    st.stop()

picked = table.set_index(key).loc[chosen].reset_index()
side, best = comparison(table, chosen)
# the best value is marked in words as well as by colour (WCAG 1.4.1): "✓ 3.90"
marked = side.where(best.ne(True), "✓ " + side.astype(str))
grid(
    marked.style.apply(
        lambda _: best.map(lambda b: "background-color: #d9f2e6" if b is True else ""), axis=None
    ),
    hide_index=True,
    width="stretch",
    key="cmp_table",
    column_config={"measure": st.column_config.TextColumn("Measure", pinned=True)},
)  # fmt: skip
st.caption("✓ and green: the best value in each row.")
csv_button(side, scenario, "side by side", key="cmp_side")
drawn = picked[["name", *(f"score_{c}" for c in CRITERIA)]]  # what the radar draws
figures.show(loaders.figure(charts.radar, drawn), "locations compared", key="cmp_radar")

st.subheader("Why not one of these?")
why_not_panel(scenario, table, key="cmp", default=chosen[-1])

st.subheader(f"Total cost of ownership over {scenario.years} years, {human_fte(scenario):,.1f} FTE")
if scenario.volumes is not None or scenario.automation is not None:
    st.caption(f"{describe(scenario)} (Operating model page.)")
assumptions = assumptions_editor()
with_hq = with_hq_rows(table, chosen, scenario.hq)
lines = loaders.guarded("The TCO could not be computed.", tco, scenario, with_hq, assumptions)
paid = loaders.guarded("The TCO could not be computed.", payback, scenario, with_hq, assumptions)
missing = [names[i] for i in chosen if i not in set(paid[key])]
if missing:
    st.warning(f"No cost data for {', '.join(missing)}: left out of the TCO.")
figures.show(
    loaders.figure(charts.tco_lines, lines[lines["iso2"] != scenario.hq]),
    "cumulative cost against HQ",
    key="cmp_tco",
)
st.caption(
    "Shaded: the cost with each location's rate at the low and the high end of its range "
    "(HQ's rate fixed). The table gives the saving and the payback month at both ends."
)
grid(
    paid,
    hide_index=True,
    width="stretch",
    key="cmp_payback",
    column_config={**columns_for(scenario.level), **PAYBACK_LABELS},
)
csv_button(lines, scenario, "tco by year", key="cmp_tco")
csv_button(paid, scenario, "payback", key="cmp_payback")
