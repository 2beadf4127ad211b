"""The Operating model page under AppTest: volumes and automation reach the scenario, and the
figures shown are the engine's."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import sourcing
from sourcing.operating.automation import automation_cost, default_automation, human_fte, staffing

SCRIPT = Path(__file__).resolve().parent.parent / "pages" / "decide" / "operating.py"
SUBMIT_VOLUMES = "FormSubmitter:op_volumes_form-Size the work from these volumes"
SUBMIT_AI = "FormSubmitter:op_ai_form-Apply automation"


def page() -> AppTest:
    return AppTest.from_file(str(SCRIPT), default_timeout=60).run()


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_volumes_typed_in_size_the_work_and_reach_the_scenario():
    at = page()
    assert not at.exception
    assert at.session_state["scenario"].volumes is None
    at.number_input(key="op_per_month").set_value(12_000.0)
    at.number_input(key="op_handle").set_value(300.0)
    at.button(key=SUBMIT_VOLUMES).click().run()
    scenario = at.session_state["scenario"]
    assert scenario.volumes.per_month == 12_000 and scenario.volumes.handle_seconds == 300
    sized = staffing(scenario)
    assert _metric(at, "People the work needs") == f"{sized.fte:,.1f} FTE"
    assert any(sized.explain in m.value for m in at.markdown)
    at.button(key="op_volumes_off").click().run()
    assert at.session_state["scenario"].volumes is None


def test_extreme_but_valid_volumes_size_the_work_without_an_error():
    """The inputs' bounds keep invalid values out; at their extremes the page still sizes."""
    at = page()
    at.number_input(key="op_sl").set_value(99)
    at.number_input(key="op_answer").set_value(1.0)
    at.number_input(key="op_shrinkage").set_value(90)
    at.number_input(key="op_occupancy").set_value(10)
    at.button(key=SUBMIT_VOLUMES).click().run()
    assert not at.exception
    volumes = at.session_state["scenario"].volumes
    assert volumes.shrinkage == 0.9 and volumes.service_level == 0.99
    fte = staffing(at.session_state["scenario"]).fte
    assert _metric(at, "People the work needs") == f"{fte:,.1f} FTE"
    at.radio(key="op_kind").set_value("items")
    at.number_input(key="op_turnaround").set_value(1.0)
    at.button(key=SUBMIT_VOLUMES).click().run()
    assert not at.exception and at.session_state["scenario"].volumes.kind == "items"


def test_automation_starts_from_the_workload_default_and_moves_people_cost_and_weights():
    at = page()
    at.button(key="op_ai_on").click().run()
    scenario = at.session_state["scenario"]
    assert scenario.automation == default_automation(scenario.workload)
    at.slider(key="op_share").set_value(40)
    at.button(key=SUBMIT_AI).click().run()
    scenario = at.session_state["scenario"]
    assert scenario.automation.share_resolved == pytest.approx(0.4)
    assert _metric(at, "People the work needs") == f"{human_fte(scenario):,.1f} FTE"
    assert _metric(at, "AI cost a month") == f"{automation_cost(scenario).monthly_usd:,.0f} USD"
    shifted = next(d.value for d in at.dataframe if "this automation" in d.value.columns)
    expected = sourcing.rank(scenario).to_frame()
    expected = expected[~expected["excluded"]].head(10)
    assert list(shifted["this automation"]) == list(expected["name"])
    assert any("automation, the cheapest" in m.value or "never cheaper" in m.value
               for m in at.markdown)  # fmt: skip
    at.button(key="op_ai_off").click().run()
    assert at.session_state["scenario"].automation is None


def test_pricing_terms_reach_the_scenario_and_the_table_is_the_engines():
    from sourcing.operating.models import pricing_for

    at = page()
    at.button(key=SUBMIT_VOLUMES).click().run()  # the example volumes
    at.number_input(key="op_margin").set_value(35.0)
    at.number_input(key="op_tx_price").set_value(1.5)
    at.button(key="FormSubmitter:op_pricing_form-Apply pricing terms").click().run()
    assert not at.exception
    scenario = at.session_state["scenario"]
    assert (
        scenario.pricing.vendor_margin_pct == 35
        and scenario.pricing.price_per_transaction_usd == 1.5
    )
    where = at.selectbox(key="op_price_location").value
    expected = pricing_for(scenario, sourcing.rank(scenario).to_frame(), where)
    shown = next(d.value for d in at.dataframe if "unit_price_usd" in d.value.columns)
    assert list(shown["total_usd"]) == pytest.approx(list(expected.table["total_usd"]))
    assert any(expected.explain == m.value for m in at.markdown)


def test_a_proposed_portfolio_meets_its_constraints_and_hand_shares_replace_it():
    from sourcing.operating.optimise import plan_result

    at = page()
    at.number_input(key="pf_max").set_value(50)
    at.number_input(key="pf_onshore").set_value(10)
    at.button(key="FormSubmitter:pf_form-Propose a portfolio").click().run()
    assert not at.exception
    scenario = at.session_state["scenario"]
    assert scenario.portfolio.constraints.max_share == 0.5
    expected = plan_result(scenario, sourcing.rank(scenario).to_frame(), sourcing.load_countries())
    shown = at.data_editor(key="pf_sites_table").value
    assert list(shown["iso2"]) == list(expected.sites["iso2"])
    assert shown["share"].max() <= 0.5 + 1e-9 and "US" in set(shown["iso2"])
    hand = {iso2: 1 / len(shown) for iso2 in shown["iso2"]}
    at.session_state["scenario"] = scenario.replace(
        portfolio={**scenario.portfolio.model_dump(), "shares": hand}
    )
    at.run()
    assert any("Your shares" in m.value for m in at.markdown)
    at.button(key="pf_optimiser").click().run()
    assert at.session_state["scenario"].portfolio.shares == {}
    at.button(key="pf_off").click().run()
    assert at.session_state["scenario"].portfolio is None


def test_impossible_portfolio_limits_are_named_and_change_nothing():
    at = page()
    at.number_input(key="pf_sites").set_value(2)
    at.number_input(key="pf_max").set_value(40)
    at.button(key="FormSubmitter:pf_form-Propose a portfolio").click().run()
    assert not at.exception
    assert at.session_state["scenario"].portfolio is None
    assert any("cannot hold all the work" in e.value for e in at.error)


def test_pricing_at_city_level_picks_a_city_and_prices_it():
    from sourcing.operating.models import pricing_for

    at = AppTest.from_file(str(SCRIPT), default_timeout=60)
    at.query_params.update(
        {"hq": "US", "wl": "voice-support-en", "on": "2026-12-07", "lvl": "city"}
    )
    at.run()
    at.button(key=SUBMIT_VOLUMES).click().run()  # the example volumes
    assert not at.exception
    picker = at.selectbox(key="op_price_location")
    assert "-" in picker.value  # a city's id, not its country's code
    assert "Cebu City, Philippines" in picker.options  # each city by its own name, once
    assert len(picker.options) == len(set(picker.options)) > 50
    picker.set_value("PH-cebu-city").run()
    assert at.selectbox(key="op_price_location").value == "PH-cebu-city"
    scenario = at.session_state["scenario"]
    expected = pricing_for(scenario, sourcing.rank(scenario).to_frame(), "PH-cebu-city")
    shown = next(d.value for d in at.dataframe if "unit_price_usd" in d.value.columns)
    assert list(shown["total_usd"]) == pytest.approx(list(expected.table["total_usd"]))
