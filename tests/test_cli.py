"""The command line: presets listed, a ranked CSV with the scenario in its header, clean errors."""

import subprocess
import sys

import pandas as pd
import pytest

from sourcing import Scenario, read_scenario


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "sourcing", *args], capture_output=True, text=True, cwd=cwd
    )


def test_workloads_lists_every_preset():
    out = run("workloads")
    assert out.returncode == 0
    for preset in ("voice-support-en", "agile-dev", "it-service-desk-247", "kyc-aml-eu"):
        assert preset in out.stdout


def test_rank_writes_csv_with_scenario_header(tmp_path):
    path = tmp_path / "r.csv"
    out = run("rank", "--hq", "US", "--workload", "agile-dev", "--date", "2026-03-11", "--out",
              str(path))  # fmt: skip
    assert out.returncode == 0, out.stderr
    text = path.read_text()
    assert text.startswith("rank,iso2,iso3,name,")  # the header is the first line
    scenario = read_scenario((tmp_path / "r.scenario.json").read_text())
    assert scenario == Scenario(hq="US", workload="agile-dev", on="2026-03-11")
    assert len(pd.read_csv(path)) == 95  # a plain read_csv gets one row per country
    table = pd.read_csv(path, keep_default_na=False, na_values=[""])  # the README's recipe
    ranked = table[~table["excluded"]].sort_values("rank")
    assert (ranked.head(5)["overlap_staffed_hours"] >= 3).all()  # the preset's overlap minimum
    assert "CA" in set(ranked.head(3)["iso2"])
    assert (table.loc[table["excluded"], "reasons"].str.len() > 0).all()
    assert "NA" in set(table["iso2"])  # Namibia survives the round trip


def test_scenario_file_and_flags_combine(tmp_path):
    file = tmp_path / "s.json"
    file.write_text(Scenario(hq="GB", workload="back-office", on="2026-01-14").to_json())
    out = run("rank", "--scenario", str(file), "--method", "topsis", "--record",
              str(tmp_path / "rec.json"))  # fmt: skip
    assert out.returncode == 0, out.stderr
    recorded = read_scenario((tmp_path / "rec.json").read_text())
    assert recorded.hq == "GB" and recorded.method == "topsis"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("rank", "--hq", "XX"), "hq: unknown country code 'XX'"),
        (("rank", "--hq", "US", "--workload", "nope"), "workload: unknown workload 'nope'"),
        (("rank", "--hq", "US", "--date", "yesterday"), "--date"),
        (("rank", "--hq", "US", "--scenario", "/nonexistent.json"), "--scenario"),
        (("rank",), "--hq is required"),
        (("frobnicate",), "invalid choice"),
        (("rank", "--hq", "US", "--method", "vibes"), "--method"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args, needle):
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_malformed_scenario_file_is_named(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hq": "US", "weights": {"cost": "lots"}}')
    out = run("rank", "--scenario", str(bad))
    assert out.returncode == 2 and "weights.cost" in out.stderr and "Traceback" not in out.stderr
