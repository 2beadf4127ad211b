"""Hostile input at every entry point: a clear message, and nothing else changes."""

import csv
import io
import json

import pandas as pd
import pytest

import sourcing
from sourcing.facts.ratecard import parse_rate_card
from sourcing.model.share import from_params
from sourcing.report.export import to_csv
from sourcing.store.library import Library, LibraryError

INJECTIONS = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", '@HYPERLINK("x")', "\t=1", "\r=1"]


@pytest.mark.parametrize("evil", INJECTIONS)
def test_csv_injection_is_neutralised_in_exports(evil):
    table = pd.DataFrame({"name": [evil], "score": [1.0], "iso2": ["XX"]})
    text = to_csv(table)
    parsed = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert parsed.at[0, "name"].startswith("'")
    assert not parsed.at[0, "name"].startswith(("=", "+", "-", "@"))
    assert parsed.at[0, "score"] == 1.0  # numbers stay numbers


def test_negative_numbers_are_not_mangled():
    text = to_csv(pd.DataFrame({"utc_offset_gap_hours": [-5.0], "iso2": ["US"]}))
    assert "-5.0" in text and "'-5" not in text


def test_injection_in_a_scenario_comparison_name_is_neutralised():
    table = pd.DataFrame({"scenario": ["=1+1"], "iso2": ["GB"]})
    assert "'=1+1" in to_csv(table)


@pytest.mark.parametrize(
    "payload",
    [b"\x00" * 10, b"{" * 5000, json.dumps({"scenarios": [None] * 10}).encode(),
     json.dumps({"scenarios": [{"name": "x" * 10_000, "scenario": {"hq": "US"}}]}).encode(),
     json.dumps({"format": 1, "scenarios": "all of them"}).encode(), b"\xef\xbb\xbf[]"],
)  # fmt: skip
def test_hostile_library_imports_change_nothing(tmp_path, payload):
    lib = Library(tmp_path / "l.db")
    lib.save("keep", sourcing.Scenario(hq="US"))
    with pytest.raises(LibraryError):
        lib.import_(payload)
    assert lib.names() == ["keep"]


@pytest.mark.parametrize(
    "text",
    ['{"hq": "US", "weights": {"cost": 1e999}}', '{"hq": "US", "fte": "NaN"}', "null", "[]",
     '{"hq": "US", "on": "not a date"}', '{"hq": "<script>"}', '{"hq": "US", "__class__": 1}'],
)  # fmt: skip
def test_hostile_scenario_json_is_refused_with_a_message(text):
    with pytest.raises(sourcing.ScenarioError) as err:
        sourcing.Scenario.parse(text)
    assert str(err.value)


@pytest.mark.parametrize(
    "csv_text",
    ["iso2,role,usd_hr\nUS,back_office,1e400\n", "iso2,role,usd_hr\nUS,back_office,-inf\n",
     'iso2,role,usd_hr\n"=cmd|x",back_office,5\n', "iso2,role,usd_hr\nUS,back_office,\n"],
)  # fmt: skip
def test_hostile_rate_cards_apply_nothing_bad(csv_text):
    card = parse_rate_card(csv_text, set(sourcing.load_countries().index))
    assert card.empty and len(card.problems) == 1


@pytest.mark.parametrize(
    "params",
    [{"hq": "US", "m": "topsis" * 200}, {"hq": "US", "fte": "1e9"}, {"hq": "\x00"},
     {"hq": "US", "data": "eu_personal,../../etc/passwd"}, {"hq": "US", "ovl": "nan"}],
)  # fmt: skip
def test_tampered_query_strings_never_fail(params):
    fallback = sourcing.Scenario(hq="GB")
    scenario, ignored = from_params(params, fallback)
    assert ignored and isinstance(scenario, sourcing.Scenario)


def test_nan_weights_are_refused():
    with pytest.raises(sourcing.ScenarioError, match="weights"):
        sourcing.Scenario.parse({"hq": "US", "weights": {"cost": float("nan")}})


def test_upload_size_limit_is_configured():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit/config.toml").read_text())
    assert 0 < config["server"]["maxUploadSize"] <= 10


@pytest.mark.parametrize("evil", INJECTIONS)
def test_a_formula_in_a_header_is_neutralised_too(evil):
    """The rank-moves CSV names its columns after the scenarios compared: a scenario named
    "=cmd|…" must not be a live formula in the header row."""
    from sourcing.analysis.workshop import compare_scenarios

    base = sourcing.Scenario(hq="US", workload="back-office", on="2026-03-11")
    other = base.model_copy(update={"weights": {"cost": 80}})
    result = compare_scenarios({"plain": base, evil: other}, sourcing.load_countries())
    header = to_csv(result["moves"]).splitlines()[0]
    cells = next(csv.reader([header]))
    assert all(not c.lstrip(" \t").startswith(("=", "+", "-", "@")) for c in cells), cells
    assert any(c.startswith("'") for c in cells), cells


# --- sizing inputs past any real operation: refused at once, in one line -----------------------


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"per_month": 1e15, "handle_seconds": 300}, "per_month must be at most 1,000,000,000"),
        ({"per_month": 1e4, "handle_seconds": 1e20}, "handle_seconds must be at most 28,800"),
        ({"per_month": 5e8, "handle_seconds": 600}, "114,155 people busy around the clock"),
    ],
)
def test_a_sizing_input_past_its_ceiling_is_refused_with_its_limit(fields, said):
    with pytest.raises(ValueError, match=said):
        sourcing.model.records.Volumes(kind="contact", **fields)


def test_the_largest_allowed_load_is_accepted():
    """1,000,000 contacts a month of 600 s are 228 people busy around the clock: a real large
    operation, far under the ceiling."""
    ok = sourcing.model.records.Volumes(kind="contact", per_month=1e6, handle_seconds=600)
    assert ok.per_month == 1e6


def test_a_link_with_a_huge_volume_is_ignored_with_the_reason():
    base = sourcing.Scenario(hq="US", workload="voice-support-en")
    scenario, ignored = from_params({"vol": "contact,1e15,300,0.8,20,24,0.3,0.85"}, base)
    assert scenario.volumes is None
    assert "per_month must be at most 1,000,000,000" in ignored[0]


@pytest.mark.parametrize(
    "flags", [["compare", "--country", "PH", "--volume", "1e20", "--handle-seconds", "300"],
              ["tco", "--location", "PH", "--volume", "1e4", "--handle-seconds", "1e20"]],
)  # fmt: skip
def test_the_cli_refuses_a_huge_volume_in_one_line(flags):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "sourcing", *flags, "--hq", "US", "--workload",
         "voice-support-en"], capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 2
    assert "must be at most" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
