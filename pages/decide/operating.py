"""Operating model: the work as volumes (people from Erlang C or throughput), AI automation and
what it does to people, cost and the ranking."""

import streamlit as st

from ui import operating, operating_plans, state
from ui.sidebar import scenario_sidebar

scenario = scenario_sidebar()
st.title("Operating model")
st.caption(
    "How the work will run: sized from volumes, with a share handled by AI agents. "
    "Everything here is part of the scenario: it travels in the link, saved scenarios, "
    "exports and the brief, and the TCO on Compare & cost uses the people it leaves."
)
state.show_flash()

operating.the_work(scenario)
operating.automation(scenario)
operating_plans.pricing(scenario)
operating_plans.portfolio(scenario)
