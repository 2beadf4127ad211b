"""The Operating model page's last two sections: pricing models at one location and the hybrid
portfolio (the first two, and the helpers that put a form's record in the scenario, are
:mod:`ui.operating`)."""

import streamlit as st

from sourcing.engine.tables import key_column
from sourcing.facts.text import md_escape
from sourcing.model.records import Constraints, PortfolioError, PricingInputs
from sourcing.model.scenario import PortfolioPlan, Scenario
from sourcing.operating.models import pricing_for
from sourcing.operating.optimise import frontier, plan_result
from sourcing.report import charts
from ui import figures, loaders, state
from ui.columns import PRICING_LABELS
from ui.downloads import csv_button
from ui.operating import apply, set_shares, use


def pricing(scenario: Scenario) -> None:
    """Pricing models at one location: per FTE, per transaction, on outcomes."""
    st.subheader("Pricing models: per FTE, per transaction, on outcomes")
    if scenario.volumes is None:
        st.info("Pricing per transaction needs volumes: size the work from volumes above.")
    else:
        table = loaders.ranked(scenario)
        ranked = table[~table["excluded"] & table["cost_usd_hr"].notna()]
        names = loaders.places(scenario)["name"].to_dict()  # countries, or cities by city id
        where = st.selectbox(
            "Location",
            list(ranked[key_column(table)]),
            format_func=names.get,
            key="op_price_location",
        )
        p = scenario.pricing
        state.seed_widgets(
            "pricing",
            {
                "op_margin": float(p.vendor_margin_pct),
                "op_fte_price": float(p.price_per_fte_month_usd or 0.0),
                "op_tx_price": float(p.price_per_transaction_usd or 0.0),
                "op_base": round(100 * p.outcome_base_share),
                "op_fee": round(100 * p.outcome_success_fee_share),
                "op_prob": round(100 * p.outcome_probability),
            },
        )
        with st.form("op_pricing_form"):
            c1, c2, c3 = st.columns(3)
            c1.number_input(
                "Vendor margin on loaded cost (%)",
                0.0,
                200.0,
                key="op_margin",
                help="an assumption: set your vendor's",
            )
            c2.number_input(
                "Price per FTE-month (USD; 0 = from cost + margin)", 0.0, 1e6, key="op_fte_price"
            )
            c3.number_input(
                "Price per transaction (USD; 0 = same margin at this volume)",
                0.0,
                1e4,
                key="op_tx_price",
            )
            c1, c2, c3 = st.columns(3)
            c1.number_input("Outcome: base fee (% of the FTE bill)", 0, 200, key="op_base")
            c2.number_input("Outcome: success fee (% of the FTE bill)", 0, 200, key="op_fee")
            c3.number_input(
                "Chance of meeting the target in a month (%)",
                0,
                100,
                key="op_prob",
                help="CSAT, NPS or SLA target the success fee is tied to",
            )
            priced = st.form_submit_button("Apply pricing terms")
        if priced:
            use(
                "pricing",
                lambda s: PricingInputs(
                    vendor_margin_pct=s["op_margin"],
                    price_per_fte_month_usd=s["op_fte_price"] or None,
                    price_per_transaction_usd=s["op_tx_price"] or None,
                    outcome_base_share=s["op_base"] / 100,
                    outcome_success_fee_share=s["op_fee"] / 100,
                    outcome_probability=s["op_prob"] / 100,
                ),
            )
        compared = loaders.guarded(
            "The pricing models could not be compared.", pricing_for, scenario, table, where
        )
        st.markdown(compared.explain)
        st.dataframe(
            compared.table,
            hide_index=True,
            width="stretch",
            key="op_pricing",
            column_config=PRICING_LABELS,
        )
        st.caption(compared.note)
        csv_button(compared.table, scenario, f"pricing models at {where}", key="op_pricing")
        figures.show(
            charts.pricing_bars(compared.table, scenario.years),
            "pricing models",
            key="op_pricing_chart",
        )


def portfolio(scenario: Scenario) -> None:
    """The hybrid portfolio: the constraints, the optimiser's proposal or the user's shares,
    the frontier."""
    st.subheader("Hybrid portfolio: the work across 2–4 sites")
    st.caption(
        "An onshore core, a nearshore hub, an offshore centre: the optimiser (a mixed-integer "
        "programme solved with HiGHS) proposes the split with the best blended score (or the "
        "lowest blended cost) that meets your constraints; then set the shares by hand if you like."
    )
    plan = scenario.portfolio or PortfolioPlan()
    c = plan.constraints
    state.seed_widgets(
        "portfolio",
        {
            "pf_sites": c.sites,
            "pf_max": round(100 * c.max_share),
            "pf_min": round(100 * c.min_share),
            "pf_onshore": round(100 * c.min_onshore_share),
            "pf_languages": list(c.languages),
            "pf_cover": c.cover_window,
            "pf_continuity": c.continuity,
            "pf_objective": plan.objective,
        },
    )
    languages = sorted(
        {code for codes in loaders.countries()["languages"] for code in codes.split(";")}
    )
    with st.form("pf_form"):
        c1, c2, c3, c4 = st.columns(4)
        c1.number_input("Sites, at most", 1, 4, key="pf_sites")
        c2.number_input("Largest share of one site (%)", 1, 100, key="pf_max")
        c3.number_input("Smallest share of a site used (%)", 1, 100, key="pf_min")
        c4.number_input(
            "Share that stays at HQ (%)",
            0,
            100,
            key="pf_onshore",
            help="e.g. data or roles that must stay onshore",
        )
        c1, c2, c3, c4 = st.columns(4)
        c1.multiselect("Languages some site must speak", languages, key="pf_languages")
        c2.checkbox("Working days cover the service window", key="pf_cover")
        c3.checkbox("A second site for continuity", key="pf_continuity")
        c4.radio(
            "Best by",
            ["score", "cost"],
            key="pf_objective",
            horizontal=True,
            format_func={"score": "blended score", "cost": "blended cost"}.get,
        )
        propose = st.form_submit_button("Propose a portfolio")
    if propose:
        use(
            "portfolio",
            lambda s: PortfolioPlan(
                constraints=Constraints(
                    sites=s["pf_sites"],
                    max_share=s["pf_max"] / 100,
                    min_share=s["pf_min"] / 100,
                    min_onshore_share=s["pf_onshore"] / 100,
                    languages=tuple(s["pf_languages"]),
                    cover_window=s["pf_cover"],
                    continuity=s["pf_continuity"],
                ),
                objective=s["pf_objective"],
            ),
        )

    if scenario.portfolio is not None:
        table = loaders.ranked(scenario)
        countries = loaders.session_countries()
        try:
            result = plan_result(scenario, table, countries)
        except PortfolioError as err:
            st.warning(f"No portfolio — {md_escape(err)}")
        else:
            hand = bool(scenario.portfolio.shares)
            st.markdown(
                ("**Your shares.** " if hand else "**The optimiser's proposal.** ") + result.explain
            )
            m1, m2, m3, m4, m5 = st.columns(5)
            band = f"range {result.cost_low_usd_hr:.2f}–{result.cost_high_usd_hr:.2f}"
            m1.metric("Blended cost", f"{result.cost_usd_hr:.2f} USD/h", help=band)
            m2.metric("Blended score", f"{result.score:.1f}")
            m3.metric("Window covered", f"{result.coverage_pct:.0f} %")
            m4.metric("Largest share", f"{result.max_share:.0%}", help=f"HHI {result.hhi:.2f}")
            m5.metric(
                "Regulatory exposure",
                f"{result.regulatory_exposure:.0%}",
                help="share of the work at sites whose regulatory score is below 50",
            )
            edited = st.data_editor(
                result.sites,
                hide_index=True,
                width="stretch",
                key="pf_sites_table",
                disabled=[col for col in result.sites.columns if col != "share"],
                column_config={
                    "share": st.column_config.NumberColumn(
                        "Share", min_value=0.0, max_value=1.0, step=0.05
                    ),
                    "reasons": st.column_config.TextColumn("Why", width="large"),
                },
            )
            b1, b2 = st.columns(2)
            b1.button(
                "Use these shares",
                key="pf_use_shares",
                on_click=set_shares,
                args=(dict(zip(edited[key_column(edited)], edited["share"], strict=True)),),
            )
            if hand:
                back = {**scenario.portfolio.model_dump(), "shares": {}}
                b2.button(
                    "Back to the optimiser's proposal",
                    key="pf_optimiser",
                    on_click=apply,
                    kwargs={"portfolio": back},
                )
            csv_button(result.sites, scenario, "portfolio sites", key="pf_sites")
            curve = loaders.guarded(
                "The trade-off curve could not be drawn.",
                frontier,
                scenario,
                table,
                countries,
                scenario.portfolio.constraints,
                objective=scenario.portfolio.objective,
            )
            if not curve.empty:
                figures.show(
                    charts.portfolio_frontier(curve),
                    "cost against concentration",
                    key="pf_frontier",
                )
                csv_button(curve, scenario, "portfolio trade-off curve", key="pf_frontier")
        st.button("Remove the portfolio", key="pf_off", on_click=apply, kwargs={"portfolio": None})
