"""Scenarios page flows, presentation mode, undo, shared links, rate cards, the brief."""

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import sourcing
from sourcing.analysis.workshop import compare_scenarios, group_weights
from sourcing.model.criteria import CRITERIA
from sourcing.report.brief import brief_for
from sourcing.store.library import Library

ROOT = Path(__file__).resolve().parent.parent


def script(name: str) -> Path:
    """A page script by file name, wherever its group folder is."""
    return next((ROOT / "pages").rglob(name))


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch):
    path = tmp_path / "scenarios.db"
    monkeypatch.setenv("SHORELINE_DB", str(path))
    return path


def page(name: str) -> AppTest:
    return AppTest.from_file(str(script(name)), default_timeout=60).run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def save(at: AppTest, name: str) -> AppTest:
    at.text_input(key="sc_name").input(name).run()
    return ok(at.button(key="sc_save").click().run())


def test_save_load_rename_duplicate_delete(db):
    at = page("scenarios.py")
    at.selectbox(key="sb_hq").set_value("GB").run()
    save(at, "UK desk")
    assert Library(db).load("UK desk").scenario.hq == "GB"
    at.selectbox(key="sb_hq").set_value("DE").run()
    at.selectbox(key="sc_chosen").set_value("UK desk").run()
    ok(at.button(key="sc_load").click().run())
    assert at.session_state["scenario"].hq == "GB"
    at.text_input(key="sc_new_name").input("UK desk v2").run()
    ok(at.button(key="sc_rename").click().run())
    assert Library(db).names() == ["UK desk v2"]
    at.selectbox(key="sc_chosen").set_value("UK desk v2").run()
    at.text_input(key="sc_new_name").input("copy").run()
    ok(at.button(key="sc_duplicate").click().run())
    assert Library(db).names() == ["copy", "UK desk v2"]
    at.selectbox(key="sc_chosen").set_value("copy").run()
    ok(at.button(key="sc_delete").click().run())
    assert Library(db).names() == ["copy", "UK desk v2"]  # not without "I am sure"
    at.checkbox(key="sc_sure").check().run()
    ok(at.button(key="sc_delete").click().run())
    assert Library(db).names() == ["UK desk v2"]


def test_saving_over_a_name_asks_first(db):
    at = page("scenarios.py")
    save(at, "A")
    at.selectbox(key="sb_hq").set_value("IN").run()
    save(at, "A")
    assert Library(db).load("A").scenario.hq == "US"
    assert any("save over it" in w.value for w in at.warning)
    ok(at.button(key="sc_overwrite").click().run())
    assert Library(db).load("A").scenario.hq == "IN"


def test_a_saved_scenario_survives_a_restart(db):
    save(page("scenarios.py"), "keep me")
    fresh = page("scenarios.py")  # a new session on the same library file
    assert "keep me" in fresh.dataframe[0].value["name"].tolist()


def test_html_in_names_and_notes_is_shown_as_text(db):
    at = page("scenarios.py")
    at.text_input(key="sc_note").input("<script>alert(1)</script>").run()
    save(at, "<b>bold</b>")
    listing = at.dataframe[0].value
    assert listing.iloc[0]["name"] == "<b>bold</b>"
    assert listing.iloc[0]["note"] == "<script>alert(1)</script>"


def test_compare_two_saved_scenarios(db):
    lib = Library(db)
    lib.save("agile", sourcing.Scenario(hq="US", workload="agile-dev", on="2026-03-11"))
    lib.save("near", sourcing.Scenario(hq="US", workload="agile-dev", on="2026-03-11",
                                       weights={"proximity": 60}))  # fmt: skip
    at = page("scenarios.py")
    ok(at.multiselect(key="sc_compare").set_value(["agile", "near"]).run())
    frames = [d.value for d in at.dataframe]  # library, tops, moves, inputs, group, spread
    assert "move near" in frames[2].columns
    assert list(frames[3]["field"]) == ["weights"]


def test_group_weights_become_the_scenario(db):
    at = page("scenarios.py")
    rows = pd.DataFrame([{"participant": "ann", **dict.fromkeys(CRITERIA, 0), "cost": 10},
                         {"participant": "bob", **dict.fromkeys(CRITERIA, 0), "cost": 5,
                          "risk": 5}])  # fmt: skip
    at.session_state["sc_group_rows"] = rows
    at.run()
    ok(at.button(key="sc_use_group").click().run())
    w = at.session_state["scenario"].normalised_weights()
    assert w["cost"] == pytest.approx(0.75) and w["risk"] == pytest.approx(0.25)


def test_import_errors_import_nothing(db):
    Library(db).save("existing", sourcing.Scenario(hq="US"))
    bad = json.dumps({"scenarios": [{"name": "x", "scenario": {"hq": "ZZ"}}]})
    with pytest.raises(sourcing.store.library.LibraryError):
        Library(db).import_(bad)
    assert Library(db).names() == ["existing"]


def test_group_weights_skip_bad_rows():
    frame = pd.DataFrame([
        {"participant": "ok", **dict.fromkeys(CRITERIA, 1)},
        {"participant": "neg", **dict.fromkeys(CRITERIA, 1), "cost": -1},
        {"participant": "zero", **dict.fromkeys(CRITERIA, 0)},
        {"participant": "text", **dict.fromkeys(CRITERIA, 1), "risk": "lots"},
    ])  # fmt: skip
    weights, spread, skipped = group_weights(frame, "median")
    assert [s.split(":")[0] for s in skipped] == ["neg", "zero", "text"]
    assert weights["cost"] == pytest.approx(100 / len(CRITERIA))  # all equal
    assert list(spread.columns) == ["criterion", "median", "min", "max", "std"]


def test_compare_scenarios_csv_has_one_block_per_scenario():
    countries = sourcing.load_countries()
    a = sourcing.Scenario(hq="GB", workload="back-office", on="2026-03-11")
    result = compare_scenarios({"a": a, "b": a.replace(method="topsis")}, countries)
    text = sourcing.to_csv(result["all"])
    parsed = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert parsed["scenario"].value_counts().to_dict() == {"a": len(countries),
                                                           "b": len(countries)}  # fmt: skip


def test_ranks_stay_whole_numbers_in_every_export_when_rows_are_excluded():
    # a ruled-out row has no rank; the others must not turn into 1.0, 2.0 …
    countries = sourcing.load_countries()
    a = sourcing.Scenario(hq="US", workload="voice-support-en", on="2026-03-11")
    b = a.replace(exclude=frozenset({"PH", "IN"}))
    result = compare_scenarios({"a": a, "b": b}, countries)
    moves = pd.read_csv(io.StringIO(sourcing.to_csv(result["moves"])), keep_default_na=False,
                        na_values=[""], dtype=str)  # fmt: skip
    india = moves.set_index("iso2").loc["IN"]  # a's #1, ruled out in b
    assert (india["a"], india["move b"]) == ("1", "in/out") and pd.isna(india["b"])
    assert moves["b"].dropna().str.fullmatch(r"\d+").all()
    tops = sourcing.to_csv(result["tops"]).splitlines()
    assert tops[0].startswith("a: rank,a: name,a: score,b: rank")  # not "('a', 'rank')"
    assert tops[1].startswith("1,India,") and ",1,Colombia," in tops[1]
    ranked = pd.read_csv(io.StringIO(sourcing.to_csv(sourcing.rank(b).to_frame())),
                         keep_default_na=False, na_values=[""], dtype=str)  # fmt: skip
    assert ranked["rank"].dropna().str.fullmatch(r"\d+").all()
    assert ranked.set_index("iso2").loc[["PH", "IN"], "rank"].isna().all()


# --- links, presentation, undo -----------------------------------------------------------------


def test_a_link_reproduces_the_scenario():
    at = AppTest.from_file(str(script("overview.py")), default_timeout=60)
    at.query_params.update({"hq": "GB", "wl": "agile-dev", "on": "2026-03-11", "m": "topsis"})
    ok(at.run())
    s = at.session_state["scenario"]
    assert (s.hq, s.workload, s.method) == ("GB", "agile-dev", "topsis")
    expected = sourcing.rank(s).to_frame()
    top10 = next(d.value for d in at.dataframe if "rank" in d.value.columns)
    assert list(top10["iso2"]) == list(expected[~expected["excluded"]].head(10)["iso2"])


def test_a_tampered_link_opens_with_a_notice():
    at = AppTest.from_file(str(script("overview.py")), default_timeout=60)
    at.query_params.update({"hq": "GB", "w": "cost:-9", "evil": "<img src=x>"})
    ok(at.run())
    assert at.session_state["scenario"].hq == "GB"
    notices = " ".join(w.value for w in at.warning)
    assert "\\<img" in notices  # shown as typed: Markdown-escaped, never an element
    shown = notices.replace("\\", "").replace("\u2060", "")  # what the reader sees
    assert "w=" in shown and "evil='<img src=x>'" in shown


def test_the_url_follows_the_scenario():
    at = page("overview.py")
    at.selectbox(key="sb_hq").set_value("PL").run()
    assert at.query_params["hq"] == ["PL"] or at.query_params["hq"] == "PL"


def test_presentation_mode_hides_advanced_controls_and_offers_saved_scenarios(db):
    Library(db).save("Case A", sourcing.Scenario(hq="IN", workload="back-office"))
    at = page("overview.py")
    assert at.selectbox(key="sb_hq_tz") is not None
    ok(at.toggle(key="sb_present").set_value(True).run())
    assert not [s for s in at.selectbox if s.key == "sb_hq_tz"]
    assert at.session_state["presenting"] is True


def test_undo_restores_the_previous_scenario():
    at = page("overview.py")
    at.selectbox(key="sb_hq").set_value("PL").run()
    at.slider(key="sb_w_cost").set_value(90).run()
    ok(at.button(key="sb_undo").click().run())
    assert at.session_state["scenario"].weights == {}
    assert at.session_state["scenario"].hq == "PL"


# --- rate card on the Data page, and the brief ---------------------------------------------------


def test_the_brief_is_a_decision_paper_that_opens_offline():
    from sourcing.operating.costs import payback

    s = sourcing.Scenario(hq="US", workload="back-office", on="2026-11-29")  # a Sunday
    ranking = sourcing.rank(s)
    html = brief_for(ranking, sourcing.load_countries(), note="<script>x</script>")
    assert html.startswith("<!doctype html>")
    assert "<script" not in html.replace("&lt;script&gt;x&lt;/script&gt;", "")  # no code at all
    assert "src=" not in html and 'href="http' not in html and "url(http" not in html
    assert len(html.encode("utf-8")) < 1_500_000
    for heading in ("Recommendation", "The top 3", "Cost over the horizon", "The scenario",
                    "Sources"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in html
    assert html.count("<svg") == 2  # the score bars and the TCO, drawn once each
    # one date everywhere: the working day, and why it moved
    assert "Monday 30 November 2026 (the scenario&#x27;s Sunday 29 November moved" in html
    assert "2026-11-29" not in html
    # the money in words matches the Compare page's payback for the #1
    leader = ranking.to_frame().iloc[0]
    table = ranking.to_frame()
    money = payback(s, table[table["iso2"].isin([leader["iso2"], "US"])]).set_index("iso2")
    months = int(money.at[leader["iso2"], "payback_month"])
    assert f"Put the work in <b>{leader['name']}</b>" in html
    assert f"paying back in month {months}" in html
    # every weight, not only overrides
    for criterion in sourcing.CRITERIA:
        assert f"<td>{criterion.capitalize()}</td>" in html


def test_the_brief_prints_to_pdf_with_chromium(tmp_path):
    from pathlib import Path

    from sourcing.report.brief import CHROMIUM, to_pdf

    if not Path(CHROMIUM).exists():
        pytest.skip("PDF TEST SKIPPED: no Chromium at /usr/bin/chromium (apt-get install chromium)")
    s = sourcing.Scenario(hq="GB", workload="agile-dev", on="2026-03-11")
    out = tmp_path / "brief.pdf"
    to_pdf(brief_for(sourcing.rank(s), sourcing.load_countries()), out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and 10_000 < len(data) < 3_000_000
    assert b"/MediaBox [0 0 594.95996 841.91998]" in data  # A4 for a UK HQ (Letter: 612 792)


def test_save_clears_the_fields_and_the_list_shows_every_weight(db):
    at = page("scenarios.py")
    at.text_input(key="sc_note").input("first try").run()
    at.slider(key="sb_w_cost").set_value(40).run()
    save(at, "cost heavy")
    assert at.text_input(key="sc_name").value == ""
    assert at.text_input(key="sc_note").value == ""  # the next scenario inherits no note
    save(at, "second")  # saved with an empty note
    assert Library(db).load("second").note == ""
    listing = at.dataframe[0].value.set_index("name")
    assert "cost 40" in listing.at["cost heavy", "weights"]
    assert listing.at["cost heavy", "differs from preset"].startswith("cost 40 (preset ")


def test_a_single_scenario_file_is_refused_by_its_bad_field():
    from sourcing.store.library import looks_like_scenario

    bad = b'{"hq": "ZZ", "workload": "back-office"}'
    assert looks_like_scenario(bad)
    assert not looks_like_scenario(b'{"format": "shoreline-library/1", "scenarios": []}')
    with pytest.raises(sourcing.ScenarioError, match="hq: unknown country code 'ZZ'"):
        sourcing.Scenario.parse(bad)


def test_the_brief_a_board_can_send():
    """Honest money when the #1 costs more than HQ; sources in plain text; data categories by
    name; A4 for a European HQ and Letter for a US one (or as chosen); the same robustness
    figure as Trade-offs."""
    from sourcing.analysis.sensitivity import ROBUSTNESS_DRAWS, draw
    from sourcing.report.brief import paper_for

    countries = sourcing.load_countries()
    only_language = {**dict.fromkeys(sourcing.CRITERIA, 0), "language": 100}
    dear = sourcing.Scenario(hq="IN", workload="back-office", on="2026-03-11",
                             weights=only_language)  # fmt: skip
    ranking = sourcing.rank(dear, countries)
    leader = ranking.to_frame().iloc[0]
    assert leader["cost_usd_hr"] > countries.at["IN", "cost_back_office_usd_hr"]
    html = brief_for(ranking, countries)
    assert "more than keeping the work at HQ" in html and "saves −" not in html
    de = sourcing.Scenario(hq="DE", workload="back-office", on="2026-03-11")
    html = brief_for(sourcing.rank(de, countries), countries)
    sources = html[html.index("<h2>Sources</h2>") :]
    for raw in ("`", "**", "sources/", "build/", "](", "data/README"):
        assert raw not in sources, raw
    assert "Hourly cost by role" in sources and "Eurostat labour cost levels" in sources
    assert "EU/EEA personal data" in html and "eu_personal" not in html
    assert "@page{size:A4;" in html and paper_for("DE") == "A4" and paper_for("US") == "Letter"
    us = sourcing.rank(sourcing.Scenario(hq="US", workload="back-office", on="2026-03-11"))
    assert "@page{size:Letter;" in brief_for(us, countries)
    assert "@page{size:A4;" in brief_for(us, countries, paper="A4")
    kept = draw(sourcing.rank(de, countries), draws=ROBUSTNESS_DRAWS, seed=0).leader_kept
    assert f"in {kept:.0%} of {ROBUSTNESS_DRAWS:,} re-rankings" in html
    at = page("tradeoffs.py")
    at.selectbox(key="sb_hq").set_value("DE").run()
    at.selectbox(key="sb_workload").set_value("back-office").run()
    at.date_input(key="sb_date").set_value(dt.date(2026, 3, 11)).run()
    assert at.select_slider(key="to_draws").value == ROBUSTNESS_DRAWS
    assert any(f"**{kept:.0%}** when both vary" in m.value for m in at.markdown)


def test_the_brief_tco_chart_counts_whole_years_and_draws_hq_in_grey():
    import re

    s = sourcing.Scenario(hq="GB", workload="agile-dev", on="2026-03-11")
    html = brief_for(sourcing.rank(s), sourcing.load_countries())
    tco = re.findall(r"<svg.*?</svg>", html, re.S)[-1]  # matplotlib names each text
    labels = set(re.findall(r"<!-- (.*?) -->", tco))
    assert "year" in labels and {"1", "2", "3", "4", "5"} <= labels
    assert not any(re.fullmatch(r"\d+\.\d+", t) for t in labels), labels  # no 1.25, 1.50 …
    assert "#555555" in tco  # the HQ line: neutral grey, not a country's colour


def test_the_brief_is_prepared_in_the_hq_s_currency_with_a_pdf_beside_it():
    """A Paris HQ: "Amounts in" starts at EUR; the brief says EUR; where Chromium is installed a
    PDF downloads beside the HTML, else the page says how to get one."""
    from pathlib import Path

    from sourcing.report.brief import CHROMIUM

    at = page("scenarios.py")
    ok(at.selectbox(key="sb_hq").set_value("FR").run())
    assert at.selectbox(key="sc_brief_currency_FR").value == "EUR"
    ok(at.button(key="sc_brief_make").click().run())
    html = at.session_state["sc_brief_html"]
    assert "EUR per US$" in html
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download brief (HTML)" in labels
    if Path(CHROMIUM).exists():
        assert "Download brief (PDF)" in labels
        assert at.session_state["sc_brief_pdf_bytes"].startswith(b"%PDF")
    else:
        assert any("needs Chromium" in c.value for c in at.caption)
    ok(at.selectbox(key="sc_brief_currency_FR").set_value("USD").run())
    ok(at.button(key="sc_brief_make").click().run())
    assert "EUR per US$" not in at.session_state["sc_brief_html"]


def test_compare_s_shortlist_is_the_scenario_s_and_goes_into_the_link_and_the_brief():
    from sourcing.report.brief import brief_for

    at = page("compare.py")
    ok(at.multiselect(key="cmp_chosen").set_value(["MA", "TN"]).run())
    assert at.session_state["scenario"].shortlist == ("MA", "TN")
    assert at.query_params.get("cmp") in ("MA,TN", ["MA,TN"])
    linked = AppTest.from_file(str(script("compare.py")), default_timeout=60)
    linked.query_params.update({"hq": "FR", "wl": "voice-support-en", "cmp": "PT,SN"})
    ok(linked.run())
    assert linked.multiselect(key="cmp_chosen").value == ["PT", "SN"]
    scenario = linked.session_state["scenario"]
    html = brief_for(sourcing.rank(scenario), sourcing.load_countries())
    assert "<h2>The shortlist compared</h2>" in html
    assert html.index("Portugal (") < html.index("Senegal (", html.index("shortlist compared"))


def test_whole_points_sum_to_exactly_100_and_stay_within_a_point():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sourcing.analysis.workshop import whole_points

    assert whole_points({"a": 1, "b": 1, "c": 1}) == {"a": 34.0, "b": 33.0, "c": 33.0}
    assert whole_points({"a": 0, "b": 0}) == {"a": 0.0, "b": 0.0}

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.floats(0, 100), min_size=1, max_size=9).filter(lambda w: sum(w) > 0))
    def check(values):
        weights = {f"c{i}": v for i, v in enumerate(values)}
        points = whole_points(weights)
        assert sum(points.values()) == 100
        total = sum(values)
        for k, v in weights.items():
            assert points[k].is_integer() and abs(points[k] - 100 * v / total) < 1

    check()
