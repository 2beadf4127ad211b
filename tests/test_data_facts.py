"""Spot checks of the dataset against its sources (see data/README.md and data/sources/*)."""

import datetime as dt

import pandas as pd
import pytest

import sourcing

C = sourcing.load_countries()


@pytest.mark.parametrize(
    ("iso2", "adequate", "since", "scope"),
    [
        ("BR", True, "2026-01-26", None),  # (EU) 2026/179
        ("US", True, "2023-07-10", "Data Privacy Framework"),  # (EU) 2023/1795
        ("GB", True, "2021-06-28", None),  # renewed Dec 2025
        ("KR", True, "2021-12-17", None),
        ("CH", True, "2000-07-26", None),
        ("JP", True, "2019-01-23", "APPI"),
        ("CA", True, "2001-12-20", "PIPEDA"),
        ("IN", False, None, None),
        ("PH", False, None, None),
        ("AU", False, None, None),
    ],
)
def test_eu_adequacy(iso2, adequate, since, scope):
    row = C.loc[iso2]
    assert row["eu_adequacy"] == adequate
    if since:
        assert row["eu_adequacy_since"] == pd.Timestamp(dt.date.fromisoformat(since))
    if scope:
        assert scope in row["eu_adequacy_scope"]


def test_eea_members_are_not_listed_as_adequate():
    assert not (C["eea_member"] & C["eu_adequacy"]).any()


@pytest.mark.parametrize(
    ("iso2", "bridge"),
    [
        ("US", True),
        ("KR", True),
        ("FR", True),
        ("JP", True),
        ("IN", False),
        ("AU", False),
        ("BR", False),
        ("SG", False),
    ],
)
def test_uk_adequacy(iso2, bridge):
    assert C.at[iso2, "uk_adequacy"] == bridge


def test_us_uk_bridge_is_for_dpf_organisations_only():
    assert (
        "DPF" in C.at["US", "uk_adequacy_scope"]
        or "Data Privacy" in C.at["US", "uk_adequacy_scope"]
    )


@pytest.mark.parametrize(
    ("iso2", "law", "year"),
    [
        ("BR", "LGPD", 2018),
        ("ZA", "POPIA", 2013),
        ("IN", "DPDP", 2023),
        ("CN", "PIPL", 2021),
        ("VN", "91/2025", 2025),
        ("TR", "6698", 2016),
        ("KE", "2019", 2019),
        ("DE", "GDPR", 2016),
    ],
)
def test_privacy_laws(iso2, law, year):
    assert law in C.at[iso2, "privacy_law"]
    assert C.at[iso2, "privacy_law_year"] == year


def test_no_federal_us_law():
    assert pd.isna(C.at["US", "privacy_law"])


@pytest.mark.parametrize(
    ("iso2", "regime"),
    [
        ("RU", "strict"),
        ("CN", "strict"),
        ("VN", "strict"),
        ("IN", "sectoral"),
        ("ID", "sectoral"),
        ("TH", "none"),
        ("DE", "none"),
    ],
)
def test_localization(iso2, regime):
    assert C.at[iso2, "localization"] == regime
    assert C.at[iso2, "localization_law"]


def test_countries_of_concern_are_exactly_those_of_28_cfr_202_in_the_dataset():
    # 28 CFR 202.601: China (incl. Hong Kong and Macau), Cuba, Iran, North Korea, Russia,
    # Venezuela — of which the dataset holds China, Hong Kong and Russia
    assert set(C.index[C["us_country_of_concern"]]) == {"CN", "HK", "RU"}


@pytest.mark.parametrize(
    ("iso2", "score"),
    [
        ("NL", 624),
        ("HR", 617),
        ("PH", 569),
        ("IN", 484),
        ("MX", 440),
        ("JP", 446),
        ("ZA", 602),
        ("MY", 581),
    ],
)
def test_ef_epi_2025(iso2, score):
    assert C.at[iso2, "english_epi"] == score


def test_native_english_countries_are_not_ranked_by_ef():
    native = set(C.index[C["english_native"]])
    assert {"US", "GB", "IE", "CA", "AU", "NZ", "SG"} <= native
    assert C.loc[list(native), "english_epi"].isna().all()


@pytest.mark.parametrize(
    ("iso2", "tz"),
    [
        ("IN", "Asia/Kolkata"),
        ("NP", "Asia/Kathmandu"),
        ("US", "America/New_York"),
        ("PH", "Asia/Manila"),
    ],
)
def test_hub_zones(iso2, tz):
    assert C.at[iso2, "hub_tz"] == tz
