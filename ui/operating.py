"""The Operating model page's four sections, each a function of the scenario: the work (FTE or
volumes), AI automation, pricing models and the hybrid portfolio. Every form builds a record of
:mod:`sourcing.model.records` and puts it in the scenario; a bad value is named and changes
nothing."""

import streamlit as st

from sourcing.facts.text import md_escape
from sourcing.model.records import Automation, Volumes
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.operating.automation import (
    automation_cost,
    default_automation,
    describe_automation,
    human_fte,
    profiles,
    staffing,
)
from sourcing.operating.models import cost_by_share, crossover, ranking_shift
from sourcing.report import charts
from ui import figures, loaders, state
from ui.downloads import csv_button
from ui.state import current, set_scenario


def apply(**changes) -> None:
    try:
        set_scenario(current().replace(**changes))
    except ScenarioError as err:
        state.flash("error", f"Not applied — {md_escape(err)}")


def use(field: str, build) -> None:
    """A form was submitted: build the field's model from its values (``build`` reads the
    session state); a bad value is named and changes nothing, a good one goes in the
    scenario."""
    try:
        value = build(st.session_state)
    except ValueError as err:
        st.error(f"Not applied — {md_escape(err)}")
        return
    apply(**{field: value})
    st.rerun()


def set_shares(shares: dict) -> None:
    """Hand-set shares (the table's edits; rows at 0 leave the portfolio)."""
    kept = {k: float(v) for k, v in shares.items() if v and float(v) > 0}
    plan = current().portfolio
    if plan is not None:  # as a dict, so the shares are checked (they must add up to 100 %)
        apply(portfolio={**plan.model_dump(), "shares": kept})


def the_work(scenario: Scenario) -> None:
    """The work as FTE or volumes: the form, and the people the volumes need."""
    st.subheader("The work: FTE or volumes")
    contact = scenario.preset.role == "contact_center"
    example = Volumes(
        kind="contact" if contact else "items",
        per_month=20_000 if contact else 8_000,
        handle_seconds=360 if contact else 600,
    )
    shown = scenario.volumes or example
    state.seed_widgets(
        "volumes",
        {
            "op_kind": shown.kind,
            "op_per_month": float(shown.per_month),
            "op_handle": float(shown.handle_seconds),
            "op_sl": round(100 * shown.service_level),
            "op_answer": float(shown.answer_seconds),
            "op_turnaround": float(shown.turnaround_hours),
            "op_shrinkage": round(100 * shown.shrinkage),
            "op_occupancy": round(100 * shown.max_occupancy),
        },
    )
    with st.form("op_volumes_form", border=True):
        c1, c2, c3 = st.columns(3)
        c1.radio(
            "Kind of work",
            ["contact", "items"],
            key="op_kind",
            format_func={"contact": "contacts, answered live", "items": "items, queued"}.get,
            horizontal=True,
        )
        c2.number_input(
            "A month (contacts or items)", 1.0, 1e8, step=1000.0, key="op_per_month", format="%.0f"
        )
        c3.number_input(
            "Handle time (seconds each)", 1.0, 86_400.0, step=30.0, key="op_handle", format="%.0f"
        )
        c1, c2, c3, c4, c5 = st.columns(5)
        c1.number_input("Service level (%)", 1, 99, key="op_sl", help="contacts answered in time")
        c2.number_input("… answered within (s)", 1.0, 3600.0, key="op_answer", format="%.0f")
        c3.number_input(
            "Turnaround (service hours)",
            1.0,
            1000.0,
            key="op_turnaround",
            format="%.0f",
            help="items: each done within this many hours of service time",
        )
        c4.number_input(
            "Shrinkage (%)",
            0,
            90,
            key="op_shrinkage",
            help="paid time not on the work: leave, training, breaks. Assumption: "
            "half of planners use 26–35 % (SWPP survey, 2024)",
        )
        c5.number_input(
            "Occupancy cap (%)",
            10,
            100,
            key="op_occupancy",
            help="contacts: the share of agents' time spent handling; 85 % is the "
            "usual cap (Call Centre Helper)",
        )
        submitted = st.form_submit_button("Size the work from these volumes")
    if submitted:
        use(
            "volumes",
            lambda s: Volumes(
                kind=s["op_kind"],
                per_month=s["op_per_month"],
                handle_seconds=s["op_handle"],
                service_level=s["op_sl"] / 100,
                answer_seconds=s["op_answer"],
                turnaround_hours=s["op_turnaround"],
                shrinkage=s["op_shrinkage"] / 100,
                max_occupancy=s["op_occupancy"] / 100,
            ),
        )
    if scenario.volumes is None:
        st.info(
            f"The work is {scenario.fte:,} FTE as typed in the sidebar. The figures above are an "
            "example: type your volumes and press the button to size the work from them."
        )
    else:
        sized = staffing(scenario, automated=False)
        st.markdown(f"**{sized.fte:,.1f} FTE** — {sized.explain}.")
        if sized.peak_agents:
            figures.show(
                charts.agents_by_hour(sized.agents_by_hour),
                "agents by hour of the week",
                key="op_agents",
            )
        st.button(
            "Go back to the typed-in FTE",
            key="op_volumes_off",
            on_click=apply,
            kwargs={"volumes": None},
        )


def automation(scenario: Scenario) -> None:
    """AI automation: the workload's default, the form, its cost, and what it does to the
    ranking and to cost by share."""
    st.subheader("AI automation")
    profile = profiles().get(scenario.workload)
    if profile is not None:
        st.caption(
            f"Default for {scenario.preset.name}: AI agents resolve **{profile.share:.0%}** of the "
            f"volume (range {profile.share_low:.0%}–{profile.share_high:.0%}), people's handle "
            "time "
            f"changes by **{profile.time:+.0%}** (range {profile.time_low:+.0%} to "
            f"{profile.time_high:+.0%}). A labelled assumption — basis: {profile.basis}. Sources: "
            "data/sources/automation_notes.md. “85 % by AI, handle time −60 %” is an upper "
            "scenario, not a default."
        )
    if scenario.automation is None:
        st.button(
            "Add AI automation (start from the workload's default)",
            key="op_ai_on",
            on_click=apply,
            kwargs={"automation": default_automation(scenario.workload)},
        )
    else:
        a = scenario.automation
        state.seed_widgets(
            "automation",
            {
                "op_share": round(100 * a.share_resolved),
                "op_time": round(100 * a.human_time_change),
                "op_price": float(a.price_per_resolution_usd),
                "op_licence": float(a.licence_per_person_month_usd),
                "op_setup": float(a.setup_usd),
                "op_shift": a.shift_weights,
            },
        )
        with st.form("op_ai_form"):
            c1, c2 = st.columns(2)
            c1.slider("Share of the volume AI agents resolve (%)", 0, 95, key="op_share")
            c2.slider("Change in people's handle time (%)", -90, 100, key="op_time")
            c1, c2, c3 = st.columns(3)
            c1.number_input(
                "Price per AI resolution (USD)",
                0.0,
                1000.0,
                step=0.1,
                key="op_price",
                help="list price: Intercom Fin 0.99 USD (2026)",
            )
            c2.number_input(
                "AI licence per person a month (USD)",
                0.0,
                100_000.0,
                key="op_licence",
                help="list price: Microsoft 365 Copilot 30 USD (annual)",
            )
            c3.number_input(
                "One-time set-up (USD)",
                0.0,
                1e9,
                step=10_000.0,
                key="op_setup",
                help="no source: enter your integration and training cost",
            )
            st.checkbox(
                "As automation rises, weigh language, capability and collaboration more "
                "(the human remainder is harder work)",
                key="op_shift",
            )
            go = st.form_submit_button("Apply automation")
        if go:
            use(
                "automation",
                lambda s: Automation(
                    share_resolved=s["op_share"] / 100,
                    human_time_change=s["op_time"] / 100,
                    price_per_resolution_usd=s["op_price"],
                    licence_per_person_month_usd=s["op_licence"],
                    setup_usd=s["op_setup"],
                    shift_weights=s["op_shift"],
                ),
            )
        st.button(
            "Remove AI automation", key="op_ai_off", on_click=apply, kwargs={"automation": None}
        )

    st.markdown(describe_automation(scenario))
    c1, c2, c3 = st.columns(3)
    c1.metric(
        "People the work needs",
        f"{human_fte(scenario):,.1f} FTE",
        delta=f"{human_fte(scenario) - human_fte(scenario, automated=False):+,.1f} by AI"
        if scenario.automation
        else None,
        delta_color="off",
    )
    ai = automation_cost(scenario)
    c2.metric("AI cost a month", f"{ai.monthly_usd:,.0f} USD")
    c3.metric("AI set-up", f"{ai.setup_usd:,.0f} USD")

    if scenario.automation is not None:
        st.markdown("**The ranking without and with this automation**")
        top, mix = loaders.guarded(
            "The rankings could not be compared.",
            ranking_shift,
            scenario,
            loaders.session_countries(),
        )
        left, right = st.columns([3, 1])
        left.dataframe(top, hide_index=True, width="stretch", key="op_shift_table")
        right.dataframe(mix, hide_index=True, key="op_mix")
        csv_button(top, scenario, "ranking with and without automation", key="op_shift_table")

        st.markdown("**Where onshore catches up**")
        table = loaders.ranked(scenario)
        by_share = loaders.guarded(
            "The cost by automation share could not be computed.", cost_by_share, scenario, table
        )
        figures.show(
            charts.cost_by_share(by_share, scenario.years),
            "cost by automation share",
            key="op_by_share",
        )
        when = crossover(by_share)
        for shore in ("onshore", "nearshore"):
            share = when[shore]
            st.markdown(
                f"- The cheapest **{shore}** location is never cheaper than the cheapest offshore "
                f"one over {scenario.years} years, up to 95 % automation."
                if share is None
                else f"- From **{share:.0%}** automation, the cheapest **{shore}** location "
                "costs no "
                f"more than the cheapest offshore one over {scenario.years} years."
            )
        csv_button(by_share, scenario, "cost by automation share", key="op_by_share")
