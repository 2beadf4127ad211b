"""Spot checks of the dataset against its sources (see data/README.md and data/sources/*)."""

import csv
import datetime as dt
import re
from pathlib import Path

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
        ("BR", "sectoral"),  # Ordinance 9/2018: federal public administration data in Brazil
        ("AR", "sectoral"),  # BCRA Communication "A" 6354 (13 Feb 2019): bank records
        ("RS", "sectoral"),  # Law on Electronic Government Art. 10: public-sector documents
        ("CL", "none"),  # CMF RAN 20-7 (Dec 2019) dropped the in-Chile processing site
        ("GE", "none"),
        ("AU", "sectoral"),  # My Health Records Act 2012 s.77
        ("AE", "sectoral"),  # Federal Law No. 2 of 2019 on ICT in health fields
        ("RW", "strict"),  # Law 058/2021 Art. 50: stored in Rwanda unless certified
        ("HK", "none"),  # PDPO s.33 never brought into force
        ("JP", "none"),
    ],
)
def test_localization(iso2, regime):
    assert C.at[iso2, "localization"] == regime
    assert C.at[iso2, "localization_law"]


def test_localisation_is_left_open_only_where_sources_could_not_settle_it():
    # UY: BCU rewrote its outsourcing rules (Dec 2022, Jan 2026); NP: 2025 directives only
    # encourage local storage; UA: a 2021 rule whose repeal was not found (regulation_notes.md)
    assert set(C.index[C["localization"].isna()]) == {"NP", "UA", "UY"}


def test_every_regulatory_source_id_is_defined_in_the_notes():
    sources = Path(sourcing.__file__).resolve().parent.parent / "data" / "sources"
    notes = (sources / "regulation_notes.md").read_text(encoding="utf-8")
    defined = set(re.findall(r"\*\*([A-Z0-9]+)\*\*", notes))
    defined |= set(re.findall(r"^\| ([A-Z0-9]+) \|", notes, re.MULTILINE))
    with open(sources / "regulation.csv", encoding="utf-8", newline="") as f:
        used = {(r["iso2"], i) for r in csv.DictReader(f) for i in r["source_ids"].split(";") if i}
    assert {(iso2, i) for iso2, i in used if i not in defined} == set()


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


# --- World Bank WDI, WGI, ITU GCI (data/sources/worldbank.csv, risk.csv) -------------------

SOURCES = sourcing.countries.DATA_DIR / "sources"


@pytest.mark.parametrize(
    ("iso2", "gdp_pc", "labour_m"),
    [
        ("US", 84534, 172.436),  # WDI Dec 2025: 84,534.04 (2024)
        ("IN", 2695, 607.691),
        ("PH", 3985, 50.979),
        ("DE", 56104, 43.483),
        ("NG", 1084, 113.350),  # halved from 2023 after the naira devaluation
    ],
)
def test_world_bank_values(iso2, gdp_pc, labour_m):
    assert C.at[iso2, "gdp_pc_usd"] == gdp_pc
    assert C.at[iso2, "labour_force_m"] == pytest.approx(labour_m, abs=0.0005)


def test_world_bank_years_and_gaps_are_the_documented_ones():
    assert C.at["LI", "gdp_pc_year"] == 2023 and pd.isna(C.at["LI", "labour_force_m"])
    assert C.at["UA", "labour_force_year"] == 2021
    others = C.drop(["LI", "UA"])
    assert (others["gdp_pc_year"] == 2024).all() and (others["labour_force_year"] == 2024).all()


def test_world_bank_values_are_the_raw_cells_rounded():
    import pycountry

    wb = pd.read_csv(SOURCES / "worldbank.csv", keep_default_na=False, na_values=[""])
    raw = pd.read_csv(SOURCES / "raw" / "gdp_raw.csv", keep_default_na=False, na_values=[""])
    raw["iso2"] = [pycountry.countries.get(alpha_3=c).alpha_2 for c in raw["iso3"]]
    merged = wb.merge(raw, on="iso2", validate="one_to_one")
    assert len(merged) == len(C)
    cell = merged["y2024"].where(merged["gdp_pc_year"] == 2024, merged["y2023"])
    assert (cell.round() == merged["gdp_pc_usd"]).all()


@pytest.mark.parametrize(
    ("iso2", "stability", "tier"),
    [
        ("CH", 1.07, 2),
        ("PK", -1.93, 1),
        ("IN", -0.64, 1),
        ("UA", -1.43, 3),  # 2023; 2022 was -1.95
        ("SG", 1.42, 1),
        ("US", 0.03, 1),
        ("AR", -0.13, 4),
        ("HK", 0.67, None),  # not assessed separately by GCI 2024
    ],
)
def test_wgi_and_gci(iso2, stability, tier):
    assert C.at[iso2, "political_stability"] == pytest.approx(stability)
    assert C.at[iso2, "ps_year"] == 2023
    if tier is None:
        assert pd.isna(C.at[iso2, "gci_tier"])
    else:
        assert C.at[iso2, "gci_tier"] == tier


def test_countries_itu_names_as_tier_one_are_tier_one():
    # ITU 2024 and press coverage name these as tier 1 (see risk_notes.md); guards a shifted column
    for iso2 in ["IN", "US", "GB", "SG", "EG", "GR", "RW", "MU", "GH", "KE"]:
        assert C.at[iso2, "gci_tier"] == 1, iso2


def test_cost_fit_matches_the_figures_in_the_data_readme():
    import importlib.util
    import re
    import tomllib

    spec = importlib.util.spec_from_file_location(
        "build_countries", SOURCES.parent / "build" / "build_countries.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = tomllib.loads((SOURCES / "cost_model.toml").read_text(encoding="utf-8"))
    a, b, anchors = module.fit_cost_model(model, C["gdp_pc_usd"].to_dict())
    readme = (SOURCES.parent / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"a = ([0-9.]+), b = ([0-9.]+)", readme)
    assert stated, "data/README.md states the fitted a and b"
    assert (round(a, 5), round(b, 4)) == (float(stated[1]), float(stated[2]))
    assert len(anchors) == 10
    # the hand check: the US loaded cost is 17 × 1.45 / 0.865 = 28.50 $/h
    us = next(r for r in anchors if r["iso2"] == "US")
    assert us["loaded"] == pytest.approx(17 * 1.45 / 0.865)
    assert C.at["US", "cost_contact_center_usd_hr"] == pytest.approx(a * 84534**b, abs=0.005)
    assert C.at["US", "cost_software_dev_usd_hr"] == pytest.approx(a * 84534**b * 3.94, abs=0.005)


def test_costs_rise_with_gdp_and_keep_role_order():
    costs = C.dropna(subset=["gdp_pc_usd"]).sort_values("gdp_pc_usd")
    assert costs["cost_contact_center_usd_hr"].is_monotonic_increasing
    roles = ["contact_center", "back_office", "it_support", "analyst", "software_dev"]
    frame = costs[[f"cost_{r}_usd_hr" for r in roles]]
    assert (frame.diff(axis=1).iloc[:, 1:] > 0).all().all()
