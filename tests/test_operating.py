"""The operating model: volumes into people, AI automation into FTE, cost and weights."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sourcing
from sourcing.model.records import Automation, Volumes, shift_weights
from sourcing.model.share import from_params, to_params
from sourcing.operating.automation import (
    AUTOMATION_CSV,
    automation_cost,
    default_automation,
    human_fte,
    profiles,
)
from sourcing.operating.costs import payback, tco

ON = "2026-03-11"
VOICE = Volumes(kind="contact", per_month=12_000, handle_seconds=360)


def scenario(**kw) -> sourcing.Scenario:
    return sourcing.Scenario(hq="US", workload="voice-support-en", on=ON, **kw)


def test_every_workload_has_a_sourced_default_profile_inside_its_range():
    rows = profiles()
    assert set(rows) == set(sourcing.load_workloads())
    for p in rows.values():
        assert p.share_low <= p.share <= p.share_high < 1
        assert p.time_low <= p.time <= p.time_high
        assert p.basis.strip(), p.workload
    # conservative: no default near the "85 % by AI, −60 %" upper scenario
    assert max(p.share for p in rows.values()) <= 0.2
    assert min(p.time for p in rows.values()) >= -0.1
    assert "GARTNER" in rows["voice-support-en"].basis
    assert AUTOMATION_CSV.exists()


def test_fte_without_volumes_scales_with_the_human_remainder_hand_computed():
    sc = scenario(fte=100, automation=Automation(share_resolved=0.2, human_time_change=-0.1))
    assert human_fte(sc) == pytest.approx(100 * 0.8 * 0.9)
    assert human_fte(sc, automated=False) == 100


def test_automation_cost_hand_computed_with_volumes():
    a = Automation(share_resolved=0.25, human_time_change=0.0, price_per_resolution_usd=2.0,
                   licence_per_person_month_usd=50.0, setup_usd=10_000)  # fmt: skip
    sc = scenario(volumes=VOICE, automation=a)
    cost = automation_cost(sc)
    people = human_fte(sc)
    assert cost.resolved_per_month == 3_000
    assert cost.monthly_usd == pytest.approx(3_000 * 2.0 + people * 50.0, abs=0.01)
    assert cost.setup_usd == 10_000
    without = automation_cost(scenario(fte=10, automation=a))
    assert without.resolved_per_month is None and "not priced" in without.note


def test_at_zero_automation_the_tco_is_todays():
    table = sourcing.rank(scenario(fte=40)).to_frame()
    today = tco(scenario(fte=40), table)
    zero = tco(scenario(fte=40, automation=Automation(share_resolved=0.0)), table)
    pd.testing.assert_frame_equal(today, zero)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(0, 0.9), min_size=2, max_size=2, unique=True))
def test_fte_and_run_cost_fall_as_the_automation_share_rises(shares):
    low, high = sorted(shares)
    a_low = Automation(share_resolved=low, human_time_change=-0.05, shift_weights=False)
    a_high = a_low.model_copy(update={"share_resolved": high})
    for base in ({"volumes": VOICE}, {"fte": 60}):
        s_low, s_high = scenario(automation=a_low, **base), scenario(automation=a_high, **base)
        assert human_fte(s_high) <= human_fte(s_low)
        table = sourcing.rank(s_low).to_frame()
        run_low = payback(s_low, table).set_index("iso2")["total_cost_usd"]
        run_high = payback(s_high, table).set_index("iso2")["total_cost_usd"]
        people = run_high - run_low  # licences and resolutions are bought, people are saved
        assert (people <= 1e-6 + _machine(s_high) - _machine(s_low)).all()


def _machine(sc) -> float:
    c = automation_cost(sc)
    return c.monthly_usd * sc.years * 12 + c.setup_usd


def test_shifting_weights_keeps_the_total_and_moves_cost_onto_the_human_criteria():
    weights = sourcing.Scenario(hq="US", workload="voice-support-en").merged_weights()
    moved = shift_weights(weights, 0.5)
    assert sum(moved.values()) == pytest.approx(sum(weights.values()))
    assert moved["cost"] == pytest.approx(weights["cost"] / 2)
    for c in ("language", "capability", "collaboration"):
        assert moved[c] >= weights[c]
    for c in ("risk", "regulatory", "coverage", "talent", "proximity"):
        assert moved[c] == weights[c]
    sc = scenario(automation=Automation(share_resolved=0.5))
    assert sc.normalised_weights()["cost"] < scenario().normalised_weights()["cost"]
    off = scenario(automation=Automation(share_resolved=0.5, shift_weights=False))
    assert off.normalised_weights() == scenario().normalised_weights()


def test_volumes_and_automation_travel_in_links_and_json():
    sc = scenario(volumes=VOICE, automation=default_automation("voice-support-en"))
    params = to_params(sc)
    assert params["vol"] == "contact,12000,360,0.8,20,24,0.3,0.85"
    back, ignored = from_params(params, sourcing.Scenario(hq="GB", workload="agile-dev"))
    assert back == sc and ignored == []
    assert sourcing.Scenario.parse(sc.to_json()) == sc
    bad, ignored = from_params({**params, "ai": "2,0,0,0,0,1"}, sc)
    assert bad.automation is None and bad.volumes == VOICE  # the rest of the link applies
    assert "share_resolved" in ignored[0]


def test_crossover_reads_the_first_share_where_onshore_is_no_dearer_hand_made():
    from sourcing.operating.models import crossover

    rows = []
    for share, on, near, off in [(0.0, 10, 8, 5), (0.05, 9, 6, 5), (0.1, 5, 4, 5), (0.15, 4, 3, 5)]:
        rows += [[share, "onshore", "US", "x", on], [share, "nearshore", "MX", "x", near],
                 [share, "offshore", "IN", "x", off]]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["share", "shore", "iso2", "name", "total_cost_usd"])
    assert crossover(frame) == {"onshore": 0.1, "nearshore": 0.1}
    assert crossover(frame[frame["share"] < 0.1]) == {"onshore": None, "nearshore": None}


def test_cost_by_share_is_one_cheapest_location_per_shore_and_share():
    from sourcing.operating.models import cost_by_share, ranking_shift

    sc = scenario(volumes=VOICE, automation=Automation(share_resolved=0.5))
    table = sourcing.rank(sc).to_frame()
    frame = cost_by_share(sc, table, shares=(0.0, 0.5))
    assert len(frame) == 6 and set(frame["shore"]) == {"onshore", "nearshore", "offshore"}
    at_half = frame[frame["share"] == 0.5].set_index("shore")["total_cost_usd"]
    costs = payback(sc, table).groupby("shore")["total_cost_usd"].min()
    assert at_half.to_dict() == pytest.approx(costs.to_dict())
    top, mix = ranking_shift(sc)
    assert len(top) == 10 and mix[["no automation", "this automation"]].sum().tolist() == [10, 10]


def test_the_brief_and_the_workbook_carry_the_operating_model():
    import html

    from sourcing.operating.automation import describe
    from sourcing.report.brief import brief_for
    from sourcing.report.workbook import sheets_for

    sc = scenario(volumes=VOICE, automation=default_automation("voice-support-en"))
    ranking = sourcing.rank(sc)
    assert html.escape(describe(sc), quote=False)[:60] in brief_for(ranking, None).replace(
        "&#x27;", "'"
    )
    inputs = sheets_for(ranking)["Scenario"].set_index("input")["value"]
    assert inputs["Volumes: per month"] == 12_000
    assert inputs["AI automation: share resolved"] == pytest.approx(0.1)
    assert inputs["People the work needs, FTE"] == human_fte(sc)


def test_the_brief_and_the_workbook_carry_pricing_and_the_portfolio():
    from sourcing.operating.models import model_results
    from sourcing.report.brief import brief_for
    from sourcing.report.workbook import sheets_for

    sc = scenario(volumes=VOICE, portfolio={"constraints": {"sites": 3, "max_share": 0.5}})
    ranking = sourcing.rank(sc)
    results = dict(model_results(sc, ranking.to_frame()))
    first = ranking.to_frame().sort_values("rank").iloc[0]["name"]  # pricing is shown at the #1
    assert set(results) == {f"Pricing models at {first}", "Hybrid portfolio"}
    assert results["Hybrid portfolio"].startswith("The work splits across")
    text = brief_for(ranking, None)
    assert "Hybrid portfolio" in text and f"Pricing models at {first}" in text
    inputs = sheets_for(ranking)["Scenario"].set_index("input")["value"]
    assert inputs["Hybrid portfolio"] == results["Hybrid portfolio"]


def test_voice_automation_is_priced_at_the_voice_outcome_price():
    """Intercom Fin Voice: $1.99 per voice outcome; chat and email: $0.99 per resolution."""
    from sourcing.operating.automation import default_automation

    assert default_automation("voice-support-en").price_per_resolution_usd == 1.99
    assert default_automation("back-office").price_per_resolution_usd == 0.99
    assert default_automation("omnichannel-multilingual").price_per_resolution_usd == 0.99


def test_presets_state_their_service_days_and_consumer_voice_covers_the_week(tmp_path):
    from sourcing.model.workloads import WorkloadError, load_workloads
    from sourcing.operating.automation import service_pattern

    presets = load_workloads()
    assert presets["voice-support-en"].window_text() == "08:00–20:00, every day"
    assert presets["back-office"].window_text() == "09:00–17:00, Monday–Friday"
    assert presets["it-service-desk-247"].service_days == 7
    saturday_noon = 5 * 24 + 12  # the pattern's hour index, Monday 00:00 first
    voice = service_pattern(sourcing.Scenario(hq="US", workload="voice-support-en"))
    office = service_pattern(sourcing.Scenario(hq="US", workload="back-office"))
    assert voice[saturday_noon] == pytest.approx(1 / (7 * 12))  # 12 h a day, 7 days
    assert office[saturday_noon] == 0.0 and office[12] == pytest.approx(1 / (5 * 8))
    # a business-hours preset that does not say its days is refused, naming it
    text = (sourcing.facts.countries.DATA_DIR / "workloads.toml").read_text(encoding="utf-8")
    broken = tmp_path / "w.toml"
    broken.write_text(text.replace("service_days = 5\n", "", 1), encoding="utf-8")
    with pytest.raises(WorkloadError, match=r"(?s)\[back-office\]: .*state service_days"):
        load_workloads(broken)
