"""The dataset and the presets are read once per process and file version (issue 21).

Counted, not timed: ``FileCache.reads`` counts real parses.
"""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

import sourcing
from sourcing.facts import countries as countries_module
from sourcing.facts.countries import COUNTRIES_CSV, DatasetError, load_countries
from sourcing.model import workloads as workloads_module
from sourcing.model.scenario import Scenario
from sourcing.model.workloads import WORKLOADS_TOML, load_workloads


@pytest.fixture
def csv_copy(tmp_path):
    path = tmp_path / "countries.csv"
    shutil.copy(COUNTRIES_CSV, path)
    return path


def test_loading_twice_parses_once(csv_copy):
    before = countries_module._CACHE.reads
    first = load_countries(csv_copy)
    second = load_countries(csv_copy)
    assert countries_module._CACHE.reads == before + 1
    assert first.equals(second)


def test_the_default_dataset_is_parsed_once_across_many_rankings():
    scenario = Scenario(hq="US", workload="voice-support-en")
    sourcing.rank(scenario)
    before = countries_module._CACHE.reads
    for _ in range(5):
        sourcing.rank(scenario)
    assert countries_module._CACHE.reads == before


def test_touching_the_file_triggers_a_reload(csv_copy):
    load_countries(csv_copy)
    before = countries_module._CACHE.reads
    stat = csv_copy.stat()
    os.utime(csv_copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    load_countries(csv_copy)
    assert countries_module._CACHE.reads == before + 1


def test_a_rewritten_file_is_read_again_and_its_errors_reported(csv_copy):
    assert "US" in load_countries(csv_copy).index
    text = csv_copy.read_text(encoding="utf-8").replace("America/New_York", "Mars/Olympus", 1)
    csv_copy.write_text(text, encoding="utf-8")
    stat = csv_copy.stat()
    os.utime(csv_copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    with pytest.raises(DatasetError, match="hub_tz"):
        load_countries(csv_copy)


def test_a_callers_change_does_not_leak_into_the_next_call(csv_copy):
    mine = load_countries(csv_copy)
    mine.loc["US", "gdp_pc_usd"] = 1.0
    mine["name"] = "changed"
    again = load_countries(csv_copy)
    assert again.loc["US", "gdp_pc_usd"] > 1_000
    assert again.loc["IN", "name"] == "India"


def test_a_callers_change_to_the_default_does_not_reach_rank():
    scenario = Scenario(hq="US", workload="back-office")
    before = sourcing.rank(scenario).to_frame()
    mine = load_countries()
    mine.loc[:, "cost_back_office_usd_hr"] = 0.01
    after = sourcing.rank(scenario).to_frame()
    assert before.equals(after)


def test_presets_are_read_once_and_copies_are_the_callers_own():
    load_workloads()
    before = workloads_module._CACHE.reads
    mine = load_workloads()
    mine["back-office"].weights["cost"] = 0.0
    del mine["back-office"]
    again = load_workloads()
    assert workloads_module._CACHE.reads == before
    assert again["back-office"].weights["cost"] > 0
    assert Scenario(hq="US", workload="back-office").preset.weights["cost"] > 0


def test_a_touched_presets_file_is_read_again(tmp_path):
    path = tmp_path / "workloads.toml"
    shutil.copy(WORKLOADS_TOML, path)
    load_workloads(path)
    before = workloads_module._CACHE.reads
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    load_workloads(path)
    assert workloads_module._CACHE.reads == before + 1


@pytest.mark.parametrize("column", ["gdp_pc_year", "gdp_pc_usd"])
@pytest.mark.parametrize("value", ["inf", "-inf", "1e400"])
def test_an_infinite_number_is_named_not_a_crash(tmp_path, column, value):
    raw = pd.read_csv(COUNTRIES_CSV, dtype=str, keep_default_na=False)
    raw.loc[raw["iso2"] == "AR", column] = value
    path = tmp_path / "countries.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(DatasetError, match=f"row AR, column {column}: '{value}' is not a finite"):
        load_countries(path)
