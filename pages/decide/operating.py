"""Operating model: the work as volumes (people from Erlang C or throughput), AI automation and
what it does to people, cost and the ranking."""

import streamlit as st

from sourcing.model.records import Automation, Constraints, PortfolioError, PricingInputs, Volumes
from sourcing.model.scenario import PortfolioPlan, ScenarioError
from sourcing.operating.automation import (
    automation_cost,
    default_automation,
    describe_automation,
    human_fte,
    profiles,
    staffing,
)
from sourcing.operating.models import cost_by_share, crossover, pricing_for, ranking_shift
from sourcing.operating.optimise import frontier, plan_result
from sourcing.report import charts
from ui import figures, loaders, state
from ui.columns import PRICING_LABELS
from ui.downloads import csv_button
from ui.sidebar import scenario_sidebar
from ui.state import current, set_scenario

scenario = scenario_sidebar()
st.title("Operating model")
st.caption(
    "How the work will run: sized from volumes, with a share handled by AI agents. "
    "Everything here is part of the scenario: it travels in the link, saved scenarios, "
    "exports and the brief, and the TCO on Compare & cost uses the people it leaves."
)
state.show_flash()


def _apply(**changes) -> None:
    try:
        set_scenario(current().replace(**changes))
    except ScenarioError as err:
        state.flash("error", f"Not applied — {err}")


def _use(field: str, build) -> None:
    """A form was submitted: build the field's model from its values (``build`` reads the
    session state); a bad value is named and changes nothing, a good one goes in the
    scenario."""
    try:
        value = build(st.session_state)
    except ValueError as err:
        st.error(f"Not applied — {err}")
        return
    _apply(**{field: value})
    st.rerun()


def _set_shares(shares: dict) -> None:
    """Hand-set shares (the table's edits; rows at 0 leave the portfolio)."""
    kept = {k: float(v) for k, v in shares.items() if v and float(v) > 0}
    plan = current().portfolio
    if plan is not None:  # as a dict, so the shares are checked (they must add up to 100 %)
        _apply(portfolio={**plan.model_dump(), "shares": kept})


# --- the work -----------------------------------------------------------------------------------
st.subheader("The work: FTE or volumes")
contact = scenario.preset.role == "contact_center"
example = Volumes(kind="contact" if contact else "items",
                  per_month=20_000 if contact else 8_000,
                  handle_seconds=360 if contact else 600)  # fmt: skip
shown = scenario.volumes or example
state.seed_widgets("volumes", {
    "op_kind": shown.kind, "op_per_month": float(shown.per_month),
    "op_handle": float(shown.handle_seconds), "op_sl": round(100 * shown.service_level),
    "op_answer": float(shown.answer_seconds), "op_turnaround": float(shown.turnaround_hours),
    "op_shrinkage": round(100 * shown.shrinkage), "op_occupancy": round(100 * shown.max_occupancy),
})  # fmt: skip
with st.form("op_volumes_form", border=True):
    c1, c2, c3 = st.columns(3)
    kind = c1.radio(
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
    c3.number_input("Turnaround (service hours)", 1.0, 1000.0, key="op_turnaround", format="%.0f",
                    help="items: each done within this many hours of service time")  # fmt: skip
    c4.number_input("Shrinkage (%)", 0, 90, key="op_shrinkage",
                    help="paid time not on the work: leave, training, breaks. Assumption: "
                    "half of planners use 26–35 % (SWPP survey, 2024)")  # fmt: skip
    c5.number_input("Occupancy cap (%)", 10, 100, key="op_occupancy",
                    help="contacts: the share of agents' time spent handling; 85 % is the "
                    "usual cap (Call Centre Helper)")  # fmt: skip
    use = st.form_submit_button("Size the work from these volumes")
if use:
    _use("volumes", lambda s: Volumes(
        kind=s["op_kind"], per_month=s["op_per_month"], handle_seconds=s["op_handle"],
        service_level=s["op_sl"] / 100, answer_seconds=s["op_answer"],
        turnaround_hours=s["op_turnaround"], shrinkage=s["op_shrinkage"] / 100,
        max_occupancy=s["op_occupancy"] / 100,
    ))  # fmt: skip
if scenario.volumes is None:
    st.info(
        f"The work is {scenario.fte:,} FTE as typed in the sidebar. The figures above are an "
        "example: type your volumes and press the button to size the work from them."
    )
else:
    sized = staffing(scenario, automated=False)
    st.markdown(f"**{sized.fte:,.1f} FTE** — {sized.explain}.")
    if sized.peak_agents:
        figures.show(charts.agents_by_hour(sized.agents_by_hour), "agents by hour of the week",
                      key="op_agents")  # fmt: skip
    st.button("Go back to the typed-in FTE", key="op_volumes_off", on_click=_apply,
              kwargs={"volumes": None})  # fmt: skip

# --- AI automation ------------------------------------------------------------------------------
st.subheader("AI automation")
profile = profiles().get(scenario.workload)
if profile is not None:
    st.caption(
        f"Default for {scenario.preset.name}: AI agents resolve **{profile.share:.0%}** of the "
        f"volume (range {profile.share_low:.0%}–{profile.share_high:.0%}), people's handle time "
        f"changes by **{profile.time:+.0%}** (range {profile.time_low:+.0%} to "
        f"{profile.time_high:+.0%}). A labelled assumption — basis: {profile.basis}. Sources: "
        "data/sources/automation_notes.md. “85 % by AI, handle time −60 %” is an upper "
        "scenario, not a default."
    )
if scenario.automation is None:
    st.button(
        "Add AI automation (start from the workload's default)",
        key="op_ai_on",
        on_click=_apply,
        kwargs={"automation": default_automation(scenario.workload)},
    )
else:
    a = scenario.automation
    state.seed_widgets("automation", {
        "op_share": round(100 * a.share_resolved), "op_time": round(100 * a.human_time_change),
        "op_price": float(a.price_per_resolution_usd),
        "op_licence": float(a.licence_per_person_month_usd), "op_setup": float(a.setup_usd),
        "op_shift": a.shift_weights,
    })  # fmt: skip
    with st.form("op_ai_form"):
        c1, c2 = st.columns(2)
        c1.slider("Share of the volume AI agents resolve (%)", 0, 95, key="op_share")
        c2.slider("Change in people's handle time (%)", -90, 100, key="op_time")
        c1, c2, c3 = st.columns(3)
        c1.number_input("Price per AI resolution (USD)", 0.0, 1000.0, step=0.1, key="op_price",
                        help="list price: Intercom Fin 0.99 USD (2026)")  # fmt: skip
        c2.number_input("AI licence per person a month (USD)", 0.0, 100_000.0, key="op_licence",
                        help="list price: Microsoft 365 Copilot 30 USD (annual)")  # fmt: skip
        c3.number_input("One-time set-up (USD)", 0.0, 1e9, step=10_000.0, key="op_setup",
                        help="no source: enter your integration and training cost")  # fmt: skip
        st.checkbox("As automation rises, weigh language, capability and collaboration more "
                    "(the human remainder is harder work)", key="op_shift")  # fmt: skip
        go = st.form_submit_button("Apply automation")
    if go:
        _use("automation", lambda s: Automation(
            share_resolved=s["op_share"] / 100, human_time_change=s["op_time"] / 100,
            price_per_resolution_usd=s["op_price"], licence_per_person_month_usd=s["op_licence"],
            setup_usd=s["op_setup"], shift_weights=s["op_shift"],
        ))  # fmt: skip
    st.button("Remove AI automation", key="op_ai_off", on_click=_apply,
              kwargs={"automation": None})  # fmt: skip

st.markdown(describe_automation(scenario))
c1, c2, c3 = st.columns(3)
c1.metric("People the work needs", f"{human_fte(scenario):,.1f} FTE",
          delta=f"{human_fte(scenario) - human_fte(scenario, automated=False):+,.1f} by AI"
          if scenario.automation else None, delta_color="off")  # fmt: skip
ai = automation_cost(scenario)
c2.metric("AI cost a month", f"{ai.monthly_usd:,.0f} USD")
c3.metric("AI set-up", f"{ai.setup_usd:,.0f} USD")

if scenario.automation is not None:
    st.markdown("**The ranking without and with this automation**")
    top, mix = loaders.guarded("The rankings could not be compared.", ranking_shift, scenario,
                               loaders.session_countries())  # fmt: skip
    left, right = st.columns([3, 1])
    left.dataframe(top, hide_index=True, width="stretch", key="op_shift_table")
    right.dataframe(mix, hide_index=True, key="op_mix")
    csv_button(top, scenario, "ranking with and without automation", key="op_shift_table")

    st.markdown("**Where onshore catches up**")
    table = loaders.ranked(scenario)
    by_share = loaders.guarded("The cost by automation share could not be computed.",
                               cost_by_share, scenario, table)  # fmt: skip
    figures.show(charts.cost_by_share(by_share, scenario.years), "cost by automation share",
                 key="op_by_share")  # fmt: skip
    when = crossover(by_share)
    for shore in ("onshore", "nearshore"):
        share = when[shore]
        st.markdown(
            f"- The cheapest **{shore}** location is never cheaper than the cheapest offshore "
            f"one over {scenario.years} years, up to 95 % automation."
            if share is None
            else f"- From **{share:.0%}** automation, the cheapest **{shore}** location costs no "
            f"more than the cheapest offshore one over {scenario.years} years."
        )
    csv_button(by_share, scenario, "cost by automation share", key="op_by_share")

# --- pricing models -----------------------------------------------------------------------------
st.subheader("Pricing models: per FTE, per transaction, on outcomes")
if scenario.volumes is None:
    st.info("Pricing per transaction needs volumes: size the work from volumes above.")
else:
    table = loaders.ranked(scenario)
    ranked = table[~table["excluded"] & table["cost_usd_hr"].notna()]
    names = dict(zip(table["iso2"], table["name"], strict=True))
    where = st.selectbox("Location", list(ranked["iso2"]), format_func=names.get,
                         key="op_price_location")  # fmt: skip
    p = scenario.pricing
    state.seed_widgets("pricing", {
        "op_margin": float(p.vendor_margin_pct),
        "op_fte_price": float(p.price_per_fte_month_usd or 0.0),
        "op_tx_price": float(p.price_per_transaction_usd or 0.0),
        "op_base": round(100 * p.outcome_base_share),
        "op_fee": round(100 * p.outcome_success_fee_share),
        "op_prob": round(100 * p.outcome_probability),
    })  # fmt: skip
    with st.form("op_pricing_form"):
        c1, c2, c3 = st.columns(3)
        c1.number_input("Vendor margin on loaded cost (%)", 0.0, 200.0, key="op_margin",
                        help="an assumption: set your vendor's")  # fmt: skip
        c2.number_input("Price per FTE-month (USD; 0 = from cost + margin)", 0.0, 1e6,
                        key="op_fte_price")  # fmt: skip
        c3.number_input("Price per transaction (USD; 0 = same margin at this volume)", 0.0, 1e4,
                        key="op_tx_price")  # fmt: skip
        c1, c2, c3 = st.columns(3)
        c1.number_input("Outcome: base fee (% of the FTE bill)", 0, 200, key="op_base")
        c2.number_input("Outcome: success fee (% of the FTE bill)", 0, 200, key="op_fee")
        c3.number_input("Chance of meeting the target in a month (%)", 0, 100, key="op_prob",
                        help="CSAT, NPS or SLA target the success fee is tied to")  # fmt: skip
        priced = st.form_submit_button("Apply pricing terms")
    if priced:
        _use("pricing", lambda s: PricingInputs(
            vendor_margin_pct=s["op_margin"], price_per_fte_month_usd=s["op_fte_price"] or None,
            price_per_transaction_usd=s["op_tx_price"] or None,
            outcome_base_share=s["op_base"] / 100, outcome_success_fee_share=s["op_fee"] / 100,
            outcome_probability=s["op_prob"] / 100,
        ))  # fmt: skip
    compared = loaders.guarded("The pricing models could not be compared.", pricing_for,
                               scenario, table, where)  # fmt: skip
    st.markdown(compared.explain)
    st.dataframe(compared.table, hide_index=True, width="stretch", key="op_pricing",
                 column_config=PRICING_LABELS)  # fmt: skip
    st.caption(compared.note)
    csv_button(compared.table, scenario, f"pricing models at {where}", key="op_pricing")
    figures.show(charts.pricing_bars(compared.table, scenario.years), "pricing models",
                 key="op_pricing_chart")  # fmt: skip

# --- hybrid portfolio ---------------------------------------------------------------------------
st.subheader("Hybrid portfolio: the work across 2–4 sites")
st.caption(
    "An onshore core, a nearshore hub, an offshore centre: the optimiser (a mixed-integer "
    "programme solved with HiGHS) proposes the split with the best blended score (or the "
    "lowest blended cost) that meets your constraints; then set the shares by hand if you like."
)
plan = scenario.portfolio or PortfolioPlan()
c = plan.constraints
state.seed_widgets("portfolio", {
    "pf_sites": c.sites, "pf_max": round(100 * c.max_share), "pf_min": round(100 * c.min_share),
    "pf_onshore": round(100 * c.min_onshore_share), "pf_languages": list(c.languages),
    "pf_cover": c.cover_window, "pf_continuity": c.continuity, "pf_objective": plan.objective,
})  # fmt: skip
languages = sorted({code for codes in loaders.countries()["languages"]
                    for code in codes.split(";")})  # fmt: skip
with st.form("pf_form"):
    c1, c2, c3, c4 = st.columns(4)
    c1.number_input("Sites, at most", 1, 4, key="pf_sites")
    c2.number_input("Largest share of one site (%)", 1, 100, key="pf_max")
    c3.number_input("Smallest share of a site used (%)", 1, 100, key="pf_min")
    c4.number_input("Share that stays at HQ (%)", 0, 100, key="pf_onshore",
                    help="e.g. data or roles that must stay onshore")  # fmt: skip
    c1, c2, c3, c4 = st.columns(4)
    c1.multiselect("Languages some site must speak", languages, key="pf_languages")
    c2.checkbox("Working days cover the service window", key="pf_cover")
    c3.checkbox("A second site for continuity", key="pf_continuity")
    c4.radio("Best by", ["score", "cost"], key="pf_objective", horizontal=True,
             format_func={"score": "blended score", "cost": "blended cost"}.get)  # fmt: skip
    propose = st.form_submit_button("Propose a portfolio")
if propose:
    _use("portfolio", lambda s: PortfolioPlan(
        constraints=Constraints(
            sites=s["pf_sites"], max_share=s["pf_max"] / 100, min_share=s["pf_min"] / 100,
            min_onshore_share=s["pf_onshore"] / 100, languages=tuple(s["pf_languages"]),
            cover_window=s["pf_cover"], continuity=s["pf_continuity"],
        ),
        objective=s["pf_objective"],
    ))  # fmt: skip

if scenario.portfolio is not None:
    table = loaders.ranked(scenario)
    countries = loaders.session_countries()
    try:
        result = plan_result(scenario, table, countries)
    except PortfolioError as err:
        st.warning(f"No portfolio — {err}")
    else:
        hand = bool(scenario.portfolio.shares)
        st.markdown(("**Your shares.** " if hand else "**The optimiser's proposal.** ")
                    + result.explain)  # fmt: skip
        m1, m2, m3, m4, m5 = st.columns(5)
        band = f"range {result.cost_low_usd_hr:.2f}–{result.cost_high_usd_hr:.2f}"
        m1.metric("Blended cost", f"{result.cost_usd_hr:.2f} USD/h", help=band)
        m2.metric("Blended score", f"{result.score:.1f}")
        m3.metric("Window covered", f"{result.coverage_pct:.0f} %")
        m4.metric("Largest share", f"{result.max_share:.0%}", help=f"HHI {result.hhi:.2f}")
        m5.metric("Regulatory exposure", f"{result.regulatory_exposure:.0%}",
                  help="share of the work at sites whose regulatory score is below 50")  # fmt: skip
        edited = st.data_editor(
            result.sites,
            hide_index=True,
            width="stretch",
            key="pf_sites_table",
            disabled=[col for col in result.sites.columns if col != "share"],
            column_config={"share": st.column_config.NumberColumn("Share", min_value=0.0,
                                                                  max_value=1.0, step=0.05),
                           "reasons": st.column_config.TextColumn("Why", width="large")},
        )  # fmt: skip
        b1, b2 = st.columns(2)
        b1.button("Use these shares", key="pf_use_shares", on_click=_set_shares,
                  args=(dict(zip(edited["iso2"], edited["share"], strict=True)),))  # fmt: skip
        if hand:
            back = {**scenario.portfolio.model_dump(), "shares": {}}
            b2.button("Back to the optimiser's proposal", key="pf_optimiser", on_click=_apply,
                      kwargs={"portfolio": back})  # fmt: skip
        csv_button(result.sites, scenario, "portfolio sites", key="pf_sites")
        curve = loaders.guarded("The trade-off curve could not be drawn.", frontier, scenario,
                                table, countries, scenario.portfolio.constraints,
                                objective=scenario.portfolio.objective)  # fmt: skip
        if not curve.empty:
            figures.show(charts.portfolio_frontier(curve), "cost against concentration",
                         key="pf_frontier")  # fmt: skip
            csv_button(curve, scenario, "portfolio trade-off curve", key="pf_frontier")
    st.button("Remove the portfolio", key="pf_off", on_click=_apply, kwargs={"portfolio": None})
