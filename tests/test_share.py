"""Share by link: query parameters round-trip every preset; tampered links apply what is valid."""

import datetime as dt

import pytest

import sourcing
from sourcing.model.share import from_params, to_params

FALLBACK = sourcing.Scenario(hq="US", workload="voice-support-en", on=dt.date(2026, 3, 11))


@pytest.mark.parametrize("workload", list(sourcing.load_workloads()))
def test_every_preset_round_trips_through_a_link(workload):
    s = sourcing.Scenario(hq="GB", workload=workload, on=dt.date(2026, 3, 11))
    params = to_params(s)
    assert set(params) == {"hq", "wl", "on"}  # nothing differs from the preset
    again, ignored = from_params(params, FALLBACK)
    assert again == s and ignored == []


def test_changed_fields_round_trip_and_stay_compact():
    s = sourcing.Scenario(
        hq="DE",
        workload="kyc-aml-eu",
        on=dt.date(2026, 7, 1),
        weights={"cost": 40, "risk": 5.5},
        exclude={"IN", "CN"},
        method="topsis",
        allow_sccs=True,
        data=set(),
        fte=120,
        years=7,
        hq_tz="Europe/Berlin",
        hq_hours=("08:30", "17:00"),
        languages=["en", "de"],
        min_hq_overlap_hours=2.5,
        shift_alignment="shift",
    )
    params = to_params(s)
    assert params["w"] == "cost:40,risk:5.5" and params["ex"] == "CN,IN"
    assert params["data"] == "-" and params["hrs"] == "0830-1700"
    again, ignored = from_params(params, FALLBACK)
    assert ignored == [] and again == s
    assert sourcing.rank(again).to_frame().equals(sourcing.rank(s).to_frame())


@pytest.mark.parametrize(
    ("params", "applied", "ignored_key"),
    [
        ({"hq": "ZZ", "wl": "agile-dev"}, {"hq": "US", "workload": "agile-dev"}, "hq="),
        ({"hq": "GB", "wl": "nope"}, {"hq": "GB", "workload": "voice-support-en"}, "wl="),
        ({"hq": "GB", "w": "cost:-5"}, {"hq": "GB", "weights": {}}, "w="),
        ({"hq": "GB", "w": "charm:5"}, {"hq": "GB"}, "w="),
        ({"hq": "GB", "w": "cost:lots"}, {"hq": "GB"}, "w="),
        ({"hq": "GB", "fte": "-3", "m": "topsis"}, {"hq": "GB", "method": "topsis"}, "fte="),
        ({"hq": "GB", "ex": "IN,QQ", "yrs": "3"}, {"hq": "GB", "years": 3}, "ex="),
        ({"hq": "GB", "tz": "Mars/Base"}, {"hq": "GB", "hq_tz": None}, "tz="),
        ({"hq": "GB", "hrs": "9-5"}, {"hq": "GB"}, "hrs="),
        ({"hq": "GB", "sccs": "maybe"}, {"hq": "GB"}, "sccs="),
        ({"hq": "GB", "on": "2026-02-30"}, {"hq": "GB", "on": FALLBACK.on}, "on="),
        ({"hq": "GB", "evil": "<script>"}, {"hq": "GB"}, "evil="),
        ({"hq": "GB", "w": "cost:1," * 400}, {"hq": "GB"}, "w="),
    ],
)
def test_tampered_links_apply_the_valid_parts_and_name_the_rest(params, applied, ignored_key):
    scenario, ignored = from_params(params, FALLBACK)
    for field, value in applied.items():
        assert getattr(scenario, field) == value
    assert len(ignored) == 1 and ignored[0].startswith(ignored_key)


def test_all_zero_weights_in_a_link_are_ignored():
    zero = ",".join(f"{c}:0" for c in sourcing.CRITERIA)
    scenario, ignored = from_params({"hq": "GB", "w": zero}, FALLBACK)
    assert scenario.weights == {} and ignored[0].startswith("w=")


def test_the_compared_shortlist_travels_in_the_link_in_its_order():
    from sourcing import Scenario
    from sourcing.model.share import from_params, to_params

    s = Scenario(hq="FR", workload="voice-support-en", shortlist=("MA", "tn", "MA", "PT"))
    assert s.shortlist == ("MA", "TN", "PT")  # codes, once each, in the order picked
    params = to_params(s)
    assert params["cmp"] == "MA,TN,PT"
    back, ignored = from_params(params, Scenario(hq="US"))
    assert back == s and not ignored
    _, bad = from_params({"hq": "FR", "cmp": "MA,XX"}, Scenario(hq="US"))
    assert "shortlist: unknown country code 'XX'" in bad[0]
    with pytest.raises(ValueError, match="at most 5"):
        Scenario(hq="FR", shortlist=("MA", "TN", "PT", "SN", "CI", "MG"))
