"""Every page runs under AppTest, driven through the router and the shared sidebar."""

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import sourcing
from sourcing.facts.ratecard import parse_rate_card
from sourcing.model.criteria import CRITERIA

ROOT = Path(__file__).resolve().parent.parent


def script(name: str) -> Path:
    """A page script by file name, wherever its group folder is."""
    return next((ROOT / "pages").rglob(name))


PAGES = ["overview.py", "map.py", "timezones.py", "tradeoffs.py", "compare.py", "operating.py",
         "room.py", "data.py"]  # fmt: skip


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def page(name: str) -> AppTest:
    return AppTest.from_file(str(script(name)), default_timeout=60).run()


def _no_error(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_router_opens_on_overview():
    at = app()
    _no_error(at)
    assert at.title[0].value == "Overview"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_through_the_router(name):
    at = app()
    at.switch_page(str(script(name).relative_to(ROOT))).run()
    _no_error(at)
    assert at.title, f"{name} shows no title"


@pytest.mark.parametrize("name", PAGES[:-1])
def test_every_scenario_page_survives_every_workload(name):
    at = page(name)
    for workload in ["agile-dev", "it-service-desk-247", "kyc-aml-eu"]:
        at.selectbox(key="sb_workload").set_value(workload).run()
        _no_error(at)
        assert at.session_state["scenario"].workload == workload


def _top10(at: AppTest):
    return next(d.value for d in at.dataframe if "rank" in d.value.columns)


def _top_row(at: AppTest) -> str:
    return _top10(at).iloc[0]["iso2"]


def test_weights_change_the_ranking_shown():
    at = page("overview.py")
    for c in CRITERIA:
        at.slider(key=f"sb_w_{c}").set_value(0)
    at.slider(key="sb_w_proximity").set_value(100).run()
    _no_error(at)
    assert _top_row(at) == "US"  # HQ itself is nearest
    at.slider(key="sb_w_proximity").set_value(0)
    at.slider(key="sb_w_language").set_value(100).run()
    best = sourcing.load_countries().loc[_top_row(at)]
    assert best["english_native"] or best["english_official"]


def test_all_zero_weights_are_refused_and_change_nothing():
    """As in a browser, one slider at a time: the move that would leave every weight at zero
    is refused, by the sliders, and the scenario stays as it was before that move."""
    at = page("overview.py")
    preset = at.session_state["scenario"].merged_weights()
    *first, last = [c for c in CRITERIA if preset[c] > 0]
    for c in first:
        at.slider(key=f"sb_w_{c}").set_value(0).run()
    before = at.session_state["scenario"]
    assert sum(before.merged_weights().values()) == preset[last] > 0
    at.slider(key=f"sb_w_{last}").set_value(0).run()
    _no_error(at)
    assert any("all criteria weigh zero" in e.value for e in at.sidebar.error)
    weights = next(x for x in at.sidebar.expander if x.label == "Weights")
    assert any("all criteria weigh zero" in e.value for e in weights.error)  # by the sliders
    assert at.session_state["scenario"] == before


def test_changing_workload_resets_weights_to_the_preset():
    at = page("overview.py")
    at.slider(key="sb_w_cost").set_value(99).run()
    assert at.session_state["scenario"].weights == {"cost": 99.0}
    at.selectbox(key="sb_workload").set_value("agile-dev").run()
    assert at.session_state["scenario"].weights == {}
    preset = sourcing.load_workloads()["agile-dev"].weights
    assert at.slider(key="sb_w_cost").value == preset["cost"]


def test_reset_to_preset_button():
    at = page("overview.py")
    at.slider(key="sb_w_risk").set_value(77).run()
    at.button(key="sb_reset").click().run()
    assert at.session_state["scenario"].weights == {}


def test_overview_table_matches_the_engine():
    """The top 10 shown is the engine's for the sidebar's scenario. (That the page's CSV download
    is byte for byte what the CLI writes is checked in a real browser, which can click it:
    tests/browser, test_the_command_shown_reproduces_the_pages_csv_byte_for_byte.)"""
    at = page("overview.py")
    at.selectbox(key="sb_hq").set_value("GB").run()
    _no_error(at)
    scenario = at.session_state["scenario"]
    assert scenario.hq == "GB"
    expected = sourcing.rank(scenario).to_frame()
    shown = _top10(at)
    kept = expected[~expected["excluded"]].head(10)
    assert list(shown["iso2"]) == list(kept["iso2"])


def test_sidebar_scenario_survives_a_page_switch():
    at = app()
    at.switch_page(str(script("map.py").relative_to(ROOT))).run()
    at.selectbox(key="sb_hq").set_value("DE").run()
    at.switch_page(str(script("tradeoffs.py").relative_to(ROOT))).run()
    _no_error(at)
    assert at.session_state["scenario"].hq == "DE"
    assert at.selectbox(key="sb_hq").value == "DE"


def _values(array) -> list:
    """A plotly array as numbers: a list, or plotly's typed array ({dtype, bdata base64})."""
    import base64

    import numpy as np

    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def _map_figure(at: AppTest) -> dict:
    import json

    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_map_page_colours_each_country_by_the_metric_chosen():
    at = page("map.py")
    table = sourcing.rank(at.session_state["scenario"]).to_frame().set_index("iso3")
    for metric in ["score_cost", "overlap_local_day_hours", "distance_km"]:
        at.selectbox(key="map_metric").set_value(metric).run()
        _no_error(at)
        figure = _map_figure(at)
        coloured = next(
            t for t in figure["data"]
            if t["type"] == "choropleth" and t["name"] not in ("not in the dataset", "excluded")
        )  # fmt: skip
        shown = dict(zip(coloured["locations"], _values(coloured["z"]), strict=True))
        ranked = table[~table["excluded"]]
        assert set(shown) == set(ranked.index), metric  # every ranked country, nothing else
        for iso3 in ["IND", "POL", "PHL", "MEX"]:
            if iso3 in shown:
                assert shown[iso3] == pytest.approx(ranked.at[iso3, metric], abs=0.05), metric


def test_tradeoffs_filters_by_shore():
    at = page("tradeoffs.py")
    at.multiselect(key="to_shores").set_value(["nearshore"]).run()
    _no_error(at)
    assert set(at.dataframe[0].value["shore"]) == {"nearshore"}


def test_tradeoffs_says_how_often_the_leader_holds_over_cost_uncertainty():
    from sourcing.analysis.sensitivity import draw

    at = page("tradeoffs.py")
    _no_error(at)
    ranking = sourcing.rank(at.session_state["scenario"])
    draws = at.select_slider(key="to_draws").value
    costs = draw(ranking, draws, seed=0, vary=("costs",)).leader_kept
    weights = draw(ranking, draws, seed=0, vary=("weights",)).leader_kept
    said = [m.value for m in at.markdown if "over cost uncertainty alone" in m.value]
    assert said, "the cost-uncertainty sentence is missing"
    assert f"**{costs:.0%}** of {draws:,} draws over cost uncertainty alone" in said[0]
    assert f"**{weights:.0%}** over the weights alone" in said[0]


def test_compare_shows_payback_at_both_ends_of_the_cost_range():
    at = page("compare.py")
    _no_error(at)
    paid = next(d.value for d in at.dataframe if "payback_month_high" in d.value.columns)
    moved = paid[paid["iso2"] != at.session_state["scenario"].hq]
    assert not moved.empty
    assert (moved["saving_low_usd"] >= moved["saving_usd"]).all()
    assert (moved["saving_usd"] >= moved["saving_high_usd"]).all()


def test_the_follow_the_sun_planner_follows_its_controls():
    from sourcing.analysis.follow_the_sun import follow_the_sun

    at = page("timezones.py")
    at.selectbox(key="sb_workload").set_value("it-service-desk-247").run()
    scenario = at.session_state["scenario"]
    table = sourcing.rank(scenario).to_frame()
    countries = sourcing.load_countries()

    def shown() -> pd.DataFrame:
        return next(d.value for d in at.dataframe if "vs_onshore_pct" in d.value.columns)

    counts = {}
    for handoff, sizes in [(30, (2, 3, 4)), (30, (3,)), (60, (3,))]:
        at.number_input(key="fts_handoff").set_value(handoff).run()
        at.multiselect(key="fts_sizes").set_value(list(sizes)).run()
        _no_error(at)
        expected = follow_the_sun(scenario, table, countries, sizes=sizes,
                                  handoff_minutes=handoff)  # fmt: skip
        plans = shown()
        assert len(plans) == len(expected) > 0
        assert list(plans["vs_onshore_pct"]) == pytest.approx(list(expected["vs_onshore_pct"]))
        assert set(expected["k"]) <= set(sizes)
        counts[handoff, sizes] = len(plans)
    assert counts[60, (3,)] <= counts[30, (3,)]  # a longer hand-over never leaves more plans


def test_compare_needs_two_locations():
    at = page("compare.py")
    at.multiselect(key="cmp_chosen").set_value(["IN"]).run()
    _no_error(at)
    assert any("at least two" in i.value for i in at.info)


def test_data_page_shows_every_country_and_offers_a_download():
    at = page("data.py")
    _no_error(at)
    shown = at.dataframe[0].value
    assert len(shown) == len(sourcing.load_countries())
    assert "NA" in set(shown["iso2"])
    docs = at.dataframe[1].value
    assert {"gdp_pc_usd", "hub_tz", "eu_adequacy"} <= set(docs["column"])


def test_data_page_shows_each_cost_with_its_range_tier_and_source():
    at = page("data.py")
    _no_error(at)
    countries = sourcing.load_countries()
    costs = at.dataframe[2].value.set_index("iso2")
    assert len(costs) == len(countries)
    # Taiwan has no GDP per capita, so no modelled cost either: its cells are empty ("no data")
    assert costs.loc["TW", ["cost_low_usd_hr", "cost_usd_hr", "cost_high_usd_hr"]].isna().all()
    costs = costs.drop("TW")
    assert (costs["cost_low_usd_hr"] <= costs["cost_usd_hr"]).all()
    assert (costs["cost_usd_hr"] <= costs["cost_high_usd_hr"]).all()
    assert costs.at["PH", "cost_usd_hr"] == countries.at["PH", "cost_contact_center_usd_hr"]
    assert costs.at["DE", "cost_source"].startswith("measured (Eurostat")
    assert costs.at["PH", "cost_source"].startswith("measured (Site Selection Group")
    measured = int((costs["tier"] == "measured").sum())
    assert f"**{measured}** of {len(countries)} countries measured" in at.markdown[0].value
    at.selectbox(key="data_cost_role").set_value("software_dev").run()
    _no_error(at)
    dev = at.dataframe[2].value.set_index("iso2")
    assert dev.at["DE", "cost_usd_hr"] == countries.at["DE", "cost_software_dev_usd_hr"]
    tiers = at.dataframe[3].value.set_index("role")
    assert tiers.at["software_dev", "measured"] == int((dev["tier"] == "measured").sum())


def test_data_page_marks_your_rate_card_as_your_data():
    at = page("data.py")
    known = set(sourcing.load_countries().index)
    card = parse_rate_card("iso2,role,usd_hr\nPH,back_office,6.5\n", known)
    at.session_state["rate_card"] = card
    at.selectbox(key="data_cost_role").set_value("back_office").run()
    _no_error(at)
    costs = at.dataframe[2].value.set_index("iso2")
    assert costs.at["PH", "cost_usd_hr"] == 6.5
    assert costs.at["PH", "tier"] == "your data"
    assert costs.at["PH", "cost_low_usd_hr"] == costs.at["PH", "cost_high_usd_hr"] == 6.5
    assert ", **1** from your rate card" in at.markdown[0].value


def test_data_page_search_filters():
    at = page("data.py")
    at.text_input(key="data_search").input("namib").run()
    _no_error(at)
    assert list(at.dataframe[0].value["iso2"]) == ["NA"]


@pytest.mark.parametrize("query", ["'; DROP TABLE", "<script>alert(1)</script>", "%%%", "ß" * 300])
def test_data_page_survives_odd_search_text(query):
    at = page("data.py")
    at.text_input(key="data_search").input(query).run()
    _no_error(at)


def test_overview_answers_why_not_and_shows_the_weights_beside_the_rationale():
    from sourcing.analysis.explain import why_not

    at = page("overview.py")
    at.selectbox(key="overview_why_not").set_value("PH").run()
    _no_error(at)
    scenario = at.session_state["scenario"]
    expected = why_not(sourcing.rank(scenario), "PH").summary()
    assert any(m.value == expected for m in at.markdown)
    weights = next(d.value for d in at.dataframe if "preset_pct" in d.value.columns)
    preset = scenario.preset.weights
    assert weights["preset_pct"].sum() == pytest.approx(100, abs=0.5)
    assert list(weights["criterion"].str.lower()) == list(CRITERIA)
    assert weights.set_index("criterion").at["Capability", "preset_pct"] == pytest.approx(
        round(100 * preset["capability"] / sum(preset.values()), 1)
    )
    assert any(scenario.preset.rationale == m.value for m in at.markdown)


def test_compare_answers_why_not_for_a_chosen_location():
    at = page("compare.py")
    _no_error(at)
    chosen = at.multiselect(key="cmp_chosen").value
    assert at.selectbox(key="cmp_why_not").value == chosen[-1]
    assert any(m.value.startswith(sourcing.load_countries().at[chosen[-1], "name"])
               for m in at.markdown)  # fmt: skip


def test_a_shore_override_from_the_sidebar_reaches_the_table_and_the_link():
    at = page("tradeoffs.py")
    at.selectbox(key="sb_hq").set_value("DE").run()
    at.multiselect(key="sb_near").set_value(["ZA"]).run()
    _no_error(at)
    scenario = at.session_state["scenario"]
    assert scenario.shore_overrides == {"ZA": "nearshore"}
    table = at.dataframe[0].value.set_index("iso2")
    assert table.at["ZA", "shore"] == "nearshore"
    assert table.at["NG", "shore"] == "offshore"  # the sourced table, untouched
    link = at.query_params["sh"]
    assert (link[0] if isinstance(link, list) else link) == "ZA:nearshore"


def test_the_data_page_shows_the_nearshore_table_with_sources():
    at = page("data.py")
    _no_error(at)
    table = next(d.value for d in at.dataframe if "hq_region" in d.value.columns)
    assert table["source"].str.len().min() > 20
    assert table["hq_region"].str.contains("Northern America").any()


@pytest.mark.parametrize(("hq", "workload"), [("DE", "agile-dev"), ("US", "voice-support-en")])
def test_one_overlap_figure_per_notion_on_every_page_and_in_the_csv(hq, workload):
    """The local-office-day overlap of one country is the same in the ranked table (Overview,
    Compare), the ranking CSV and the Time zones year view (its CSV) for the scenario's date;
    the overlap 'as staffed' equals it for local work and is the shifted team's for shift work."""
    from sourcing.analysis.working_days import year_overlap

    at = page("overview.py")
    at.selectbox(key="sb_hq").set_value(hq).run()
    at.selectbox(key="sb_workload").set_value(workload).run()
    at.date_input(key="sb_date").set_value(dt.date(2026, 3, 11)).run()  # a Wednesday
    _no_error(at)
    scenario = at.session_state["scenario"]
    country = "PL" if hq == "DE" else "MX"
    ranking = sourcing.rank(scenario)
    text = sourcing.to_csv(ranking.to_frame())
    csv = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])
    csv = csv.set_index("iso2")
    week = year_overlap(scenario, sourcing.load_countries(), [country])
    on_date = week[week["date"] == scenario.working_on]["overlap_local_day_hours"].iloc[0]
    assert csv.at[country, "overlap_local_day_hours"] == pytest.approx(on_date, abs=0.01)

    cmp = AppTest.from_file(str(script("compare.py")), default_timeout=60)
    cmp.session_state["scenario"] = scenario
    cmp.run()
    cmp.multiselect(key="cmp_chosen").set_value([country, scenario.hq]).run()
    _no_error(cmp)
    side = next(d.value for d in cmp.dataframe if "measure" in d.value.columns)
    side = side.set_index("measure")
    column = next(c for c in side.columns if c.endswith(f"({country})"))
    local = side.at["HQ overlap (local office day), h", column].removeprefix("✓ ")
    staffed = side.at["HQ overlap (as staffed), h", column].removeprefix("✓ ")
    assert float(local) == pytest.approx(csv.at[country, "overlap_local_day_hours"])
    assert float(staffed) == pytest.approx(csv.at[country, "overlap_staffed_hours"])
    if workload == "agile-dev":
        top = _top10(at).set_index("iso2")
        if country in top.index:
            assert top.at[country, "overlap_staffed_hours"] == pytest.approx(on_date, abs=0.01)
        assert (
            csv.at[country, "overlap_staffed_hours"] == csv.at[country, "overlap_local_day_hours"]
        )
    else:  # the shifted team staffs the whole window, so it overlaps all of HQ's day
        assert csv.at[country, "overlap_staffed_hours"] == 8.0
        assert csv.at[country, "overlap_local_day_hours"] < 8.0


def test_presentation_mode_from_the_link_shows_a_static_top_10():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"hq": "US", "wl": "back-office", "present": "1"})
    at.run()
    _no_error(at)
    assert at.session_state["presenting"] is True
    top = at.table[0].value
    assert list(top.columns[:3]) == ["#", "Country", "Shore"] and len(top) == 10
    assert not any("present" in w.value for w in at.warning)  # not an "ignored" part


def test_overview_says_why_the_leader_leads_and_gives_every_reason_in_full():
    from sourcing.analysis.explain import strengths

    at = page("overview.py")
    _no_error(at)
    ranking = sourcing.rank(at.session_state["scenario"])
    leader = ranking.to_frame().iloc[0]
    best, worst = strengths(ranking, leader["iso2"])
    said = next(m.value for m in at.markdown if m.value.startswith(f"**{leader['name']}** leads"))
    assert ", ".join(best) in said and f"main weakness is {worst}" in said
    full = next(x for x in at.expander if x.label.startswith("Every reason"))
    assert any(leader["reasons"] in m.value for m in full.markdown)  # not cut off
    # the strongest reasons are the largest weighted contributions, in order
    w = ranking.weights / ranking.weights.sum()
    i = list(ranking.iso2).index(leader["iso2"])
    top = sorted(range(len(CRITERIA)), key=lambda j: -w[j] * ranking.matrix[i, j])[:3]
    assert [b.split(" (")[0] for b in best] == [CRITERIA[j] for j in top]


def test_compare_puts_measures_in_rows_and_marks_the_best():
    from sourcing.engine.tables import comparison

    at = page("compare.py")
    at.multiselect(key="cmp_chosen").set_value(["IN", "PL", "PH"]).run()
    _no_error(at)
    side = next(d.value for d in at.dataframe if "measure" in d.value.columns).set_index("measure")
    assert list(side.columns) == ["India (IN)", "Poland (PL)", "Philippines (PH)"]
    assert {"Cost, USD/h", "Cost score, 0–100", "Coverage of the window, %"} <= set(side.index)
    table = sourcing.rank(at.session_state["scenario"]).to_frame()
    _, best = comparison(table, ["IN", "PL", "PH"])
    best = best.set_index("measure")
    costs = table.set_index("iso2").loc[["IN", "PL", "PH"], "cost_usd_hr"]
    cheapest = f"{table.set_index('iso2').at[costs.idxmin(), 'name']} ({costs.idxmin()})"
    assert best.at["Cost, USD/h", cheapest] and best.loc["Cost, USD/h"].sum() == 1
    assert not best.loc["Shore class"].any()  # no better direction, nothing marked


def test_the_work_s_language_is_chosen_in_the_sidebar_and_reaches_table_and_link():
    """A German HQ asks for German voice support: the scenario, the ranked table's language
    column and the link all carry it; a workload change keeps it."""
    at = page("tradeoffs.py")
    at.selectbox(key="sb_hq").set_value("DE").run()
    at.selectbox(key="sb_workload").set_value("voice-support-en").run()
    assert at.multiselect(key="sb_lang").value == ["en"]  # the preset's
    at.multiselect(key="sb_lang").set_value(["de"]).run()
    _no_error(at)
    scenario = at.session_state["scenario"]
    assert scenario.languages == ("de",)
    link = at.query_params["lang"]
    assert (link[0] if isinstance(link, list) else link) == "de"
    table = at.dataframe[0].value.set_index("iso2")
    assert "Special Eurobarometer 540" in table.at["PL", "language_basis"]
    at.multiselect(key="sb_pref").set_value(["fr"]).run()
    assert at.session_state["scenario"].preferred_languages == ("fr",)
    at.selectbox(key="sb_workload").set_value("back-office").run()
    _no_error(at)
    assert at.session_state["scenario"].languages == ("de",)
    assert at.multiselect(key="sb_lang").value == ["de"]


def test_a_language_variety_is_chosen_in_the_sidebar_and_reaches_the_link():
    """European Portuguese voice support from a Portuguese HQ: the sidebar offers the
    variety by name, the scenario and the link carry its tag, Brazil's reason says why it
    counts at half."""
    at = page("tradeoffs.py")
    at.selectbox(key="sb_hq").set_value("PT").run()
    assert "pt-PT" in at.multiselect(key="sb_lang").options or "Portuguese (Portugal)" in (
        at.multiselect(key="sb_lang").options
    )
    at.multiselect(key="sb_lang").set_value(["pt-PT"]).run()
    _no_error(at)
    assert at.session_state["scenario"].languages == ("pt-PT",)
    link = at.query_params["lang"]
    assert (link[0] if isinstance(link, list) else link) == "pt-PT"
    table = at.dataframe[0].value.set_index("iso2")
    assert "Portuguese (Portugal) voice work" in table.at["BR", "reasons"]


@pytest.mark.parametrize("name", [*PAGES, "scenarios.py"])
def test_every_page_renders_in_presentation_mode_with_static_tables(name):
    """Presentation mode swaps the canvas grids for static tables (which take the large
    type): every page still renders, and no grid is left on the analysis pages."""
    at = AppTest.from_file(str(script(name)), default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["hq"] = "US"
    at.query_params["wl"] = "voice-support-en"
    at.run()
    _no_error(at)
    if name in ("tradeoffs.py", "compare.py", "timezones.py"):
        assert len(at.dataframe) == 0 and len(at.table) > 0, name


def test_the_weight_intervals_show_blank_not_none_where_no_flip_exists():
    at = page("tradeoffs.py")
    for c in sourcing.CRITERIA:  # proximity alone: HQ leads, and most weights flip nothing
        at.slider(key=f"sb_w_{c}").set_value(100 if c == "proximity" else 0).run()
    _no_error(at)
    table = next(d.value for d in at.dataframe if "Smallest flip (points)" in d.value.columns)
    flips = list(table["Smallest flip (points)"])
    assert "" in flips  # blank where no single weight flips it …
    assert not any(str(f) in ("None", "nan", "<NA>") for f in flips), flips  # … never "None"


@pytest.mark.parametrize("script", ["map.py", "tradeoffs.py", "timezones.py"])
def test_charts_carry_their_own_look_and_not_streamlits_theme(script):
    """Charts are sent with theme None and carry the small Shoreline template instead: without it,
    Streamlit's default template would draw axes and text in its placeholder colours
    (#000001…#000040, near-black) that only its theme replaces."""
    import json
    import re

    at = page(script)
    _no_error(at)
    charts_sent = at.get("plotly_chart")
    assert charts_sent
    for chart in charts_sent:
        assert chart.proto.theme == ""
        spec = json.loads(chart.proto.spec)
        template = spec["layout"]["template"]["layout"]
        assert template["paper_bgcolor"] == "white" and template["font"]["color"] == "#111111"
        assert template["xaxis"]["gridcolor"] == "#E6E6E6"
        assert len(json.dumps(spec["layout"]["template"])) < 1500  # plotly's own: ~6.5 KB
        placeholders = re.findall(r"#0000(?:0[1-9]|[1-3]\d|40)\b", json.dumps(spec), re.I)
        assert not placeholders  # none of Streamlit's stand-in colours is left


def test_the_pareto_figure_is_reused_when_neither_axis_moved_and_redrawn_when_one_did():
    """Trade-offs builds the Pareto scatter once per picture: a cost-weight move hands back the
    same figure object; a move of a non-cost weight, or another second criterion, a new one
    that matches the front it is drawn from."""
    import json

    from sourcing.analysis.pareto import NON_COST, pareto
    from ui import loaders

    def shown(at: AppTest) -> dict:
        return json.loads(next(c for c in at.get("plotly_chart") if "Cost vs." in c.proto.spec)
                          .proto.spec)  # fmt: skip

    def built(**weights):
        scenario = sourcing.Scenario(hq="US", workload="voice-support-en", weights=weights)
        front = pareto(sourcing.rank(scenario), NON_COST)
        return loaders.pareto_figure(front, NON_COST, "non-cost score (weighted)"), front

    first, _ = built()
    again, _ = built(cost=28)  # the same three best (labelled): nothing drawn changes
    assert again is first
    moved, front = built(language=35)
    assert moved is not first
    ys = sorted(y for t in moved.data if t.mode == "markers+text" for y in t.y)
    assert ys == sorted(front["non_cost_score"].round(6))
    total = loaders.pareto_figure(front, "score", "total score")
    assert sorted(y for t in total.data if t.mode == "markers+text" for y in t.y) == sorted(
        front["score"].round(6)
    )
    at = page("tradeoffs.py")
    _no_error(at)
    assert shown(at)["layout"]["title"]["text"].startswith("Cost vs.")


@pytest.mark.parametrize("name", ["timezones.py", "compare.py"])
def test_a_cost_weight_move_rebuilds_no_chart_whose_picture_it_leaves_alone(name, monkeypatch):
    """Hours, sub-scores and costs do not move with a weight: Time zones' bars and year and
    Compare's radar and TCO lines are built once per picture (loaders.figure) and come back as
    the same figure objects, the same bytes to the browser; a change of what they draw (one location
    fewer) builds new ones."""
    from sourcing.report import charts

    builds = []
    for chart in ("overlap_bars", "year_heatmap", "radar", "tco_lines"):
        real = getattr(charts, chart)
        monkeypatch.setattr(charts, chart, lambda *a, _real=real, **k: builds.append(1) or
                            _real(*a, **k))  # fmt: skip
    at = page(name)
    _no_error(at)
    built = len(builds)

    def specs() -> list[str]:
        return [c.proto.spec for c in at.get("plotly_chart")]

    before = specs()
    assert len(before) >= 2
    at.slider(key="sb_w_cost").set_value(at.session_state["sb_w_cost"] + 7).run()
    _no_error(at)
    assert at.session_state["scenario"].weights["cost"] != 0
    after = specs()
    assert len(builds) == built  # nothing rebuilt
    kept = [b == a for b, a in zip(before, after, strict=True)]
    if name == "compare.py":  # the why-not bars rank against the #1: they move with weights
        radar, tco = (next(i for i, s in enumerate(after) if k in s)
                      for k in ("Sub-scores side by side", "Total cost of ownership"))  # fmt: skip
        assert kept[radar] and kept[tco]
    else:  # the bars and the year; the plans are ranked by score, so they may move
        assert kept[0] and kept[1]
    if name == "timezones.py":  # one location fewer: new bars and a new year
        at.multiselect(key="tz_chosen").set_value(at.session_state["tz_chosen"][:-1]).run()
        _no_error(at)
        assert specs()[0] != after[0] and specs()[1] != after[1]


def test_the_figure_cache_keys_on_values_not_on_identity():
    from sourcing.report import charts
    from ui import loaders

    rows = pd.DataFrame({"name": ["A", "B"], **{f"score_{c}": [50.0, 60.0] for c in CRITERIA}})
    first = loaders.figure(charts.radar, rows)
    assert loaders.figure(charts.radar, rows.copy()) is first  # equal values: the same figure
    moved = rows.assign(score_cost=[50.0, 61.0])
    assert loaders.figure(charts.radar, moved) is not first
    assert loaders.digest(rows) != loaders.digest(rows.rename(columns={"name": "label"}))


def test_the_sidebar_offers_excel_csv_downloads():
    """The sidebar's "CSV downloads for Excel" (a UTF-8 byte-order mark on every CSV download;
    the bytes are tested on the command line's --excel, the same to_csv)."""
    at = page("overview.py")
    at.run()
    assert not at.exception
    box = at.checkbox(key="sb_excel_csv")
    assert box.label == "CSV downloads for Excel" and box.value is False
    box.check().run()
    assert not at.exception and at.session_state["sb_excel_csv"] is True


def test_the_data_page_shows_the_hq_voice_and_night_rules_with_their_sources():
    at = page("data.py")
    at.run()
    assert not at.exception
    heads = [h.value for h in at.subheader]
    for title in ("Customers' personal data, seen from each HQ", "Where voice work may sit",
                  "Night work by country"):  # fmt: skip
        assert title in heads
    shown = [d.value for d in at.dataframe if "source_ids" in d.value.columns]
    assert len(shown) == 3 and all((f["source_ids"] != "").all() for f in shown)
    assert any("JP" in set(f.iloc[:, 0]) for f in shown)  # Japan's APPI rule is there
