"""Shores, scenarios, screening and scoring: hand-computed cases and invariants."""

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sourcing
from sourcing import CRITERIA, Scenario, ScenarioError, classify_shore, total_score
from sourcing.engine.resolve import resolve


def rank(scenario, countries=None):
    """The ranked table (what pages and CSVs show) of :func:`sourcing.rank`."""
    return sourcing.rank(scenario, countries).to_frame()


WED = dt.date(2026, 3, 11)


@pytest.fixture(scope="module")
def countries():
    return sourcing.load_countries()


# --- shore classes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hq", "candidate", "shore"),
    [
        ("GB", "GB", "onshore"),
        ("DE", "PL", "nearshore"),
        ("DE", "RO", "nearshore"),
        ("DE", "CZ", "nearshore"),
        ("DE", "MA", "nearshore"),
        ("DE", "TR", "nearshore"),
        ("DE", "NG", "offshore"),  # a bare distance rule called Lagos nearshore to Berlin
        ("DE", "KE", "offshore"),
        ("DE", "ZA", "offshore"),
        ("DE", "IN", "offshore"),
        ("GB", "PL", "nearshore"),
        ("GB", "NG", "offshore"),
        ("GB", "IN", "offshore"),
        ("GB", "JM", "offshore"),
        ("US", "MX", "nearshore"),
        ("US", "CO", "nearshore"),
        ("US", "CR", "nearshore"),
        ("US", "JM", "nearshore"),
        ("US", "CA", "nearshore"),
        ("US", "PH", "offshore"),
        ("US", "IN", "offshore"),
        ("AU", "NZ", "nearshore"),
        ("AU", "PH", "offshore"),
    ],
)
def test_shore_classes_follow_the_sourced_table(countries, hq, candidate, shore):
    assert classify_shore(hq, candidate, WED, countries=countries) == shore


def test_every_nearshore_row_cites_a_source():
    from sourcing.facts.shores import nearshore_table

    table = nearshore_table()
    assert len(table) >= 5
    assert table["source"].str.contains("http").all()


def test_uncovered_hqs_fall_back_to_the_stated_rule(countries):
    # Japan has no row: Seoul (~1,150 km, same offset) nearshore, Manila (~3,000 km, 1 h) too,
    # Hanoi (~3,700 km, 2 h) too; Bangalore (~6,700 km) offshore
    assert classify_shore("JP", "KR", WED, countries=countries) == "nearshore"
    assert classify_shore("JP", "IN", WED, countries=countries) == "offshore"
    assert classify_shore("JP", "KR", WED, max_km=1_000, countries=countries) == "offshore"
    assert classify_shore("JP", "IN", WED, max_km=10_000, max_offset_hours=4,
                          countries=countries) == "nearshore"  # fmt: skip


def test_a_scenario_overrides_a_shore_class_and_the_override_travels(countries):
    from sourcing.model.share import from_params, to_params

    s = Scenario(hq="DE", workload="agile-dev", on=WED, shore_overrides={"za": "nearshore"})
    assert s.shore_overrides == {"ZA": "nearshore"}
    table = rank(s, countries).set_index("iso2")
    assert table.at["ZA", "shore"] == "nearshore" and table.at["NG", "shore"] == "offshore"
    params = to_params(s)
    assert params["sh"] == "ZA:nearshore"
    back, ignored = from_params(params, Scenario(hq="US"))
    assert back == s and ignored == []
    assert Scenario.parse(s.to_json()) == s
    with pytest.raises(ValueError):
        Scenario(hq="DE", shore_overrides={"ZA": "onshore"})
    _, ignored = from_params({**params, "sh": "ZZ:nearshore"}, Scenario(hq="US"))
    assert ignored and ignored[0].startswith("sh=")


def test_unknown_country_in_shore_is_named(countries):
    with pytest.raises(ValueError, match="'ZZ'"):
        classify_shore("GB", "ZZ", WED, countries=countries)


# --- scenario -------------------------------------------------------------------------------


def test_scenario_round_trips_through_json():
    s = Scenario(
        hq="gb",
        workload="kyc-aml-eu",
        on=WED,
        weights={"cost": 3, "risk": 1.5},
        data={"eu_personal", "health"},
        exclude={"IN", "cn"},
        languages=["en", "DE"],
        method="topsis",
        hq_hours=(dt.time(8, 30), dt.time(17, 30)),
    )
    again = Scenario.parse(s.to_json())
    assert again == s
    assert again.hq == "GB" and again.exclude == {"IN", "CN"} and again.languages == ("en", "de")
    assert json.loads(s.to_json())["exclude"] == ["CN", "IN"]  # stable order for CSV headers


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hq": "XX"}, "hq"),
        ({"hq_tz": "Europe/Londn"}, "hq_tz"),
        ({"workload": "astrology"}, "workload"),
        ({"weights": {"cost": -1}}, "weights"),
        ({"weights": {"charm": 1}}, "weights"),
        ({"weights": dict.fromkeys(CRITERIA, 0)}, "weights"),
        ({"exclude": ["IN", "QQ"]}, "exclude"),
        ({"data": ["secrets"]}, "data"),
        ({"languages": ["xx"]}, "languages"),
        ({"method": "vibes"}, "method"),
        ({"fte": 0}, "fte"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_scenario_is_rejected_naming_the_field(changes, field):
    with pytest.raises(ScenarioError) as err:
        Scenario.parse({"hq": "US", **changes})
    assert str(err.value).startswith(field)


def test_weights_normalise_and_presets_fill_the_gaps():
    eff = resolve(Scenario(hq="US", workload="agile-dev", weights={"cost": 50}), _countries())
    assert sum(eff.weights.values()) == pytest.approx(1.0)
    preset = sourcing.load_workloads()["agile-dev"].weights
    total = sum({**preset, "cost": 50}.values())
    assert eff.weights["cost"] == pytest.approx(50 / total)
    assert eff.min_hq_overlap_hours == 3 and eff.role == "software_dev"


def test_hq_personal_resolves_by_hq():
    for hq, category in (("DE", "eu_personal"), ("GB", "uk_personal"), ("US", "ca_personal")):
        assert category in resolve(Scenario(hq=hq, workload="back-office"), _countries()).data
    # HQs outside the EEA, UK and US: HQ's own law where data/hq_rules.csv has it (issue 38)
    india = resolve(Scenario(hq="IN", workload="back-office"), _countries()).data
    assert india == frozenset({"home_personal"})
    assert resolve(Scenario(hq="MX", workload="back-office"), _countries()).data == frozenset()


def test_hq_personal_follows_the_datasets_eea_flag():
    frame = _countries().copy()
    frame.loc["NO", "eea_member"] = False
    assert "eu_personal" not in resolve(Scenario(hq="NO", workload="back-office"), frame).data
    assert "eu_personal" in resolve(Scenario(hq="NO", workload="back-office"), _countries()).data


def test_hq_zone_defaults_to_the_hub_never_utc():
    assert resolve(Scenario(hq="IN"), _countries()).hq_tz == "Asia/Kolkata"
    assert resolve(Scenario(hq="US", hq_tz="America/Chicago"), _countries()).hq_tz == (
        "America/Chicago"
    )


def _countries():
    return sourcing.load_countries()


def test_a_weekend_date_is_evaluated_on_the_next_monday():
    assert Scenario(hq="US", on=dt.date(2026, 3, 14)).working_on == dt.date(2026, 3, 16)


# --- scoring: hand-computed ------------------------------------------------------------------


def _only(criterion: str, hq: str = "US", **kw) -> Scenario:
    weights = dict.fromkeys(CRITERIA, 0.0) | {criterion: 1.0}
    return Scenario(
        hq=hq, workload="back-office", on=WED, weights=weights, min_hq_overlap_hours=0, **kw
    )


@pytest.fixture
def tiny(countries):
    frame = countries.loc[["US", "MX", "PH", "IN", "GB", "PL", "CN"]].copy()
    frame["cost_back_office_usd_hr"] = [40.0, 10.0, 6.0, 4.0, 36.0, 16.0, 8.0]
    frame["labour_force_m"] = [500.0, 10.0, 0.2, 2000.0, 30.0, 18.0, 700.0]
    frame["political_stability"] = [0.0, -0.5, -0.5, -0.5, 2.5, 0.5, -0.3]
    frame["gci_tier"] = pd.array([3, 2, 2, 1, 1, 1, 3], dtype="Int64")
    return frame


def _scores(table):
    return table.set_index("iso2")["score"]


def test_cost_score_is_the_saving_against_hq(tiny):
    scores = _scores(rank(_only("cost"), tiny))
    assert scores["US"] == 0  # HQ saves nothing
    assert scores["MX"] == pytest.approx(75.0)  # 1 - 10/40
    assert scores["PH"] == pytest.approx(85.0)
    assert scores["GB"] == pytest.approx(10.0)


def test_a_low_cost_hq_scores_cost_against_the_datasets_upper_quartile(tiny):
    """India at $4 is cheaper than three quarters of the seven costs (4, 6, 8, 10, 16, 36, 40),
    so cost is scored against their upper quartile, 16 + 0.5 × (36 − 16) = 26: HQ itself earns
    something on that scale, and the UK at nine times HQ's cost no longer ties with HQ."""
    table = rank(_only("cost", hq="IN"), tiny).set_index("iso2")
    scores = table["score"]
    assert scores["IN"] == pytest.approx(100 * (1 - 4 / 26), abs=0.005)
    assert scores["PH"] == pytest.approx(100 * (1 - 6 / 26), abs=0.005)
    assert scores["PL"] == pytest.approx(100 * (1 - 16 / 26), abs=0.005)
    assert scores["GB"] == scores["US"] == 0  # dearer than the quartile
    assert scores["IN"] > scores["PH"] > scores["PL"] > scores["GB"]
    # the reasons and the saving stay against HQ's own cost
    assert "costs 50% more than HQ" in table.at["PH", "reasons"]
    assert table.at["PH", "saving_pct"] == pytest.approx(-50.0)
    said = "HQ's $4.00/h is below the upper quartile of every location's cost ($26.00/h)"
    assert said in table.at["IN", "reasons"]
    # Poland ($16) is below the quartile too: the same scale; the UK ($36) is above it: its own
    assert _scores(rank(_only("cost", hq="PL"), tiny))["PL"] == pytest.approx(
        100 * (1 - 16 / 26), abs=0.005
    )
    from_gb = _scores(rank(_only("cost", hq="GB"), tiny))
    assert (
        "upper quartile"
        not in rank(_only("cost", hq="GB"), tiny).set_index("iso2").at["GB", "reasons"]
    )
    assert from_gb["GB"] == 0 and from_gb["MX"] == pytest.approx(100 * (1 - 10 / 36), abs=0.005)


def test_the_cost_scale_does_not_depend_on_which_candidates_are_kept(tiny):
    """The quartile is the dataset's, not the kept candidates': ruling out the three dearest
    locations leaves every other cost score as it was."""
    every = _scores(rank(_only("cost", hq="IN"), tiny))
    fewer = rank(_only("cost", hq="IN", exclude=("US", "GB", "PL")), tiny)
    kept = _scores(fewer[~fewer["excluded"]])
    assert set(kept.index) == {"IN", "MX", "PH", "CN"}
    for iso2, score in kept.items():
        assert score == pytest.approx(every[iso2])


def test_talent_is_log_scaled_between_fixed_ends(tiny):
    scores = _scores(rank(_only("talent"), tiny))
    assert scores["US"] == pytest.approx(100.0)  # 500 m: top of the scale
    assert scores["IN"] == pytest.approx(100.0)  # clipped above
    assert scores["PH"] == pytest.approx(0.0)  # 0.2 m: bottom
    assert scores["MX"] == pytest.approx(50.0)  # 10 m = geometric mean of 0.2 and 500


def test_risk_blends_stability_and_cyber_tier(tiny):
    scores = _scores(rank(_only("risk"), tiny))
    assert scores["US"] == pytest.approx(50.0)  # 0.6*50 + 0.4*50
    assert scores["GB"] == pytest.approx(100.0)  # 0.6*100 + 0.4*100
    assert scores["MX"] == pytest.approx(0.6 * 40 + 0.4 * 75)


def test_collaboration_is_overlap_share_of_hq_day(tiny):
    table = rank(_only("collaboration"), tiny).set_index("iso2")
    # 11 Mar 2026: NY on DST (-4), London not yet (0): 4 of HQ's 8 hours overlap
    assert table.at["GB", "overlap_staffed_hours"] == pytest.approx(4.0)
    assert table.at["GB", "score"] == pytest.approx(50.0)
    assert table.at["US", "score"] == pytest.approx(100.0)


def test_topsis_uses_fixed_ideal_and_anti_ideal():
    matrix = np.array([[100.0, 0.0], [100.0, 100.0], [50.0, 50.0], [0.0, 0.0]])
    out = total_score(matrix, np.array([1.0, 1.0]), "topsis")
    assert out == pytest.approx([50.0, 100.0, 50.0, 0.0])
    assert total_score(matrix, np.array([1.0, 3.0]), "wsm") == pytest.approx([25, 100, 50, 0])


# --- screening --------------------------------------------------------------------------------


def test_eu_data_without_adequacy_and_without_sccs_is_excluded(tiny):
    s = Scenario(hq="PL", workload="kyc-aml-eu", on=WED, min_hq_overlap_hours=0)
    table = rank(s, tiny.assign(eu_adequacy=[True, False, False, False, True, False, False]))
    row = table.set_index("iso2").loc["PH"]
    assert row["excluded"] and pd.isna(row["rank"])
    assert "EU personal data: no adequacy decision, SCCs not allowed" in row["reasons"]
    assert not table.set_index("iso2").at["PL", "excluded"]  # in the EEA


def test_sccs_allowed_lets_it_through_with_a_lower_score(tiny):
    frame = tiny.assign(eu_adequacy=[True, False, False, False, True, False, False])
    s = Scenario(hq="PL", workload="kyc-aml-eu", on=WED, min_hq_overlap_hours=0, allow_sccs=True)
    row = rank(s, frame).set_index("iso2").loc["PH"]
    assert not row["excluded"] and "SCCs" in row["reasons"]


def test_us_bulk_sensitive_data_excludes_countries_of_concern(tiny):
    frame = tiny.assign(us_country_of_concern=[False] * 6 + [True])
    row = rank(Scenario(hq="US", workload="medical-coding-us", on=WED), frame)
    reasons = row.set_index("iso2").at["CN", "reasons"]
    assert reasons.startswith("US bulk sensitive data: country of concern (28 CFR 202)")


def test_overlap_minimum_and_user_exclusion_are_stated(tiny):
    s = Scenario(hq="US", workload="agile-dev", on=WED, exclude={"MX"})
    table = rank(s, tiny).set_index("iso2")
    assert table.at["MX", "reasons"].startswith("excluded by you")
    # Manila's day would have to run past 22:00 to overlap New York by 3 h
    assert table.at["PH", "reasons"].startswith(
        "HQ overlap (local office day) 0.0 h < 3 h minimum, even with the office day moved"
    )
    assert not table.at["IN", "excluded"]  # Bengaluru can: 13:30-21:30 local
    assert table.loc[table["excluded"], "reasons"].str.len().gt(0).all()


def test_missing_required_language_is_stated(tiny):
    s = Scenario(hq="US", workload="back-office", on=WED, languages=["en", "pt"])
    table = rank(s, tiny).set_index("iso2")
    assert table.at["PL", "excluded"]
    assert "required language Portuguese:" in table.at["PL", "reasons"]


def test_excluded_rows_stay_in_the_table(countries):
    table = rank(Scenario(hq="US", workload="agile-dev", on=WED), countries)
    assert len(table) == len(countries)
    assert table["rank"].isna().sum() == table["excluded"].sum() > 0
    ranked = table[~table["excluded"]]
    assert list(ranked["rank"]) == sorted(ranked["rank"])


# --- invariants ---------------------------------------------------------------------------------

weights = st.fixed_dictionaries({c: st.floats(0, 10, allow_nan=False) for c in CRITERIA}).filter(
    lambda w: sum(w.values()) > 0.01
)


@settings(max_examples=25, deadline=None)
@given(weights, st.floats(0.01, 10), st.sampled_from(["wsm", "topsis"]))  # within the 0-100 range
def test_scaling_all_weights_changes_nothing(countries, w, k, method):
    a = rank(Scenario(hq="GB", workload="back-office", on=WED, weights=w, method=method), countries)
    scaled = {c: v * k for c, v in w.items()}
    b = rank(
        Scenario(hq="GB", workload="back-office", on=WED, weights=scaled, method=method),
        countries,
    )
    assert np.allclose(a["score"], b["score"], atol=0.011)


@settings(max_examples=25, deadline=None)
@given(weights, st.integers(0, 94), st.sampled_from(["wsm", "topsis"]))
def test_dropping_a_candidate_never_reorders_the_rest(countries, w, drop, method):
    s = Scenario(hq="US", workload="voice-support-en", on=WED, weights=w, method=method)
    full = rank(s, countries)
    gone = countries.index[drop]
    if gone == "US":
        return
    fewer = rank(s, countries.drop(index=gone))
    assert list(full[full["iso2"] != gone]["iso2"]) == list(fewer["iso2"])


# --- the engine's shape: registry, typed result, structured exclusions ----------------------


def test_every_registered_criterion_scores_every_location(countries):
    from sourcing.engine.scorers import SCORERS
    from sourcing.model.criteria import REGISTRY

    ranking = sourcing.rank(Scenario(hq="GB", workload="agile-dev", on=WED), countries)
    assert [c.name for c in REGISTRY] == list(CRITERIA) == list(ranking.criteria)
    assert list(SCORERS) == list(CRITERIA)  # one scorer per criterion, in the registry's order
    assert ranking.matrix.shape == (len(countries), len(REGISTRY))
    assert ((ranking.matrix >= 0) & (ranking.matrix <= 100)).all()
    with pytest.raises(ValueError):
        ranking.matrix[0, 0] = 1.0  # read-only: analyses cannot change a shared ranking


def test_the_table_is_the_matrix_and_the_kernel(countries):
    ranking = sourcing.rank(Scenario(hq="US", workload="voice-support-en", on=WED), countries)
    table = ranking.to_frame().set_index("iso2")
    again = total_score(ranking.matrix, ranking.weights, "wsm")
    by_iso = dict(zip(ranking.iso2, again, strict=True))
    for iso2 in ("PH", "IN", "MX"):
        assert table.at[iso2, "score"] == pytest.approx(by_iso[iso2], abs=0.005)
        for j, c in enumerate(CRITERIA):
            row = list(ranking.iso2).index(iso2)
            assert table.at[iso2, f"score_{c}"] == pytest.approx(ranking.matrix[row, j], abs=0.05)


def test_exclusions_are_structured_and_summarised_without_parsing(countries):
    from sourcing.engine.tables import exclusion_summary

    s = Scenario(
        hq="DE", workload="back-office", on=WED, exclude=frozenset({"PL"}), allow_sccs=False
    )
    ranking = sourcing.rank(s, countries)
    codes = {e.code for e in ranking.all_exclusions()}
    assert {"by_user", "data_transfer"} <= codes
    (pl,) = [e for e in ranking.all_exclusions() if e.iso2 == "PL"]
    assert (pl.code, pl.reason) == ("by_user", "excluded by you")
    summary = exclusion_summary(ranking).set_index("reason")
    assert summary.at["excluded by you", "locations"] == "Poland"
    overlap = [e for e in ranking.all_exclusions() if e.code == "hq_overlap"]
    assert all(e.group.startswith("HQ overlap below") for e in overlap)


@settings(max_examples=25, deadline=None)
@given(w=st.dictionaries(st.sampled_from(list(CRITERIA)), st.integers(0, 100), min_size=1),
       method=st.sampled_from(["wsm", "topsis"]))  # fmt: skip
def test_a_weight_move_reuses_the_matrix_and_ranks_exactly_as_from_scratch(w, method):
    """rank() on the shared (read-only) dataset reuses the facts and decision matrix of the
    same scenario under other weights; the table equals a ranking computed from nothing on a
    private copy (which is never reused)."""
    base = Scenario(hq="DE", workload="back-office", on=WED)
    sourcing.rank(base)  # the matrix this scenario's weight moves reuse
    moved = base.replace(weights=w, method=method)
    reused = sourcing.rank(moved)
    fresh = sourcing.rank(moved, sourcing.load_countries())
    assert reused.matrix is sourcing.rank(base).matrix  # the same arrays: nothing recomputed
    pd.testing.assert_frame_equal(reused.to_frame(), fresh.to_frame())


def test_a_frame_changed_in_place_is_never_served_from_the_reuse():
    from sourcing.engine.scoring import read_only

    countries = sourcing.load_countries()
    s = Scenario(hq="US", workload="back-office", on=WED)
    before = sourcing.rank(s, countries).to_frame().set_index("iso2").at["PH", "cost_usd_hr"]
    countries.loc["PH", "cost_back_office_usd_hr"] *= 2  # the caller's own copy: allowed
    after = sourcing.rank(s, countries).to_frame().set_index("iso2").at["PH", "cost_usd_hr"]
    assert after > before
    marked = read_only(sourcing.load_countries())
    first = sourcing.rank(s, marked)
    assert sourcing.rank(s.replace(weights={"cost": 90}), marked).matrix is first.matrix
