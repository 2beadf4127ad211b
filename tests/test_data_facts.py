"""Spot checks of the dataset against its sources (see data/README.md and data/sources/*)."""

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

import sourcing


@pytest.fixture(scope="module")
def C():
    """The dataset, loaded when the first test asks for it (not at import)."""
    return sourcing.load_countries()


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
def test_eu_adequacy(iso2, adequate, since, scope, C):
    row = C.loc[iso2]
    assert row["eu_adequacy"] == adequate
    if since:
        assert row["eu_adequacy_since"] == pd.Timestamp(dt.date.fromisoformat(since))
    if scope:
        assert scope in row["eu_adequacy_scope"]


def test_eea_members_are_not_listed_as_adequate(C):
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
def test_uk_adequacy(iso2, bridge, C):
    assert C.at[iso2, "uk_adequacy"] == bridge


def test_us_uk_bridge_is_for_dpf_organisations_only(C):
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
def test_privacy_laws(iso2, law, year, C):
    assert law in C.at[iso2, "privacy_law"]
    assert C.at[iso2, "privacy_law_year"] == year


def test_no_federal_us_law(C):
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
def test_localization(iso2, regime, C):
    assert C.at[iso2, "localization"] == regime
    assert C.at[iso2, "localization_law"]


def test_localisation_is_left_open_only_where_sources_could_not_settle_it(C):
    # UY: BCU rewrote its outsourcing rules (Dec 2022, Jan 2026); NP: 2025 directives only
    # encourage local storage; UA: a 2021 rule whose repeal was not found (regulation_notes.md);
    # BW: s.74 of the 2024 Act not read; MM: the 2025 Cybersecurity Law's storage duty not
    # confirmed (regulation_added_notes.md)
    assert set(C.index[C["localization"].isna()]) == {"BW", "MM", "NP", "UA", "UY"}


def test_every_regulatory_source_id_is_defined_in_the_notes():
    sources = Path(sourcing.__file__).resolve().parent.parent / "data" / "sources"
    notes = "\n".join(
        (sources / name).read_text(encoding="utf-8")
        for name in ("regulation_notes.md", "regulation_added_notes.md")
    )
    defined = set(re.findall(r"\*\*([A-Z0-9]+)\*\*", notes))
    defined |= set(re.findall(r"^\| ([A-Z0-9]+) \|", notes, re.MULTILINE))
    with open(sources / "regulation.csv", encoding="utf-8", newline="") as f:
        used = {(r["iso2"], i) for r in csv.DictReader(f) for i in r["source_ids"].split(";") if i}
    assert {(iso2, i) for iso2, i in used if i not in defined} == set()


def test_countries_of_concern_are_exactly_those_of_28_cfr_202_in_the_dataset(C):
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
def test_ef_epi_2025(iso2, score, C):
    assert C.at[iso2, "english_epi"] == score


def test_native_english_countries_are_not_ranked_by_ef(C):
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
def test_hub_zones(iso2, tz, C):
    assert C.at[iso2, "hub_tz"] == tz


# --- World Bank WDI, WGI, ITU GCI (data/sources/worldbank.csv, risk.csv) -------------------

SOURCES = sourcing.facts.countries.DATA_DIR / "sources"


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
def test_world_bank_values(iso2, gdp_pc, labour_m, C):
    assert C.at[iso2, "gdp_pc_usd"] == gdp_pc
    assert C.at[iso2, "labour_force_m"] == pytest.approx(labour_m, abs=0.0005)


def test_world_bank_years_and_gaps_are_the_documented_ones(C):
    assert C.at["LI", "gdp_pc_year"] == 2023 and pd.isna(C.at["LI", "labour_force_m"])
    assert C.at["UA", "labour_force_year"] == 2021
    # Kosovo: WDI's XKX row has GDP per capita 2024 but an empty labour force in every year
    assert C.at["XK", "gdp_pc_year"] == 2024 and pd.isna(C.at["XK", "labour_force_m"])
    # Lebanon: the file's 2024 cells are empty for both (added_countries_notes.md)
    assert C.at["LB", "gdp_pc_year"] == 2023 and C.at["LB", "labour_force_year"] == 2023
    others = C.drop(["LI", "UA", "XK", "LB"])
    assert (others["gdp_pc_year"] == 2024).all() and (others["labour_force_year"] == 2024).all()


def test_world_bank_values_are_the_raw_cells_rounded(C):
    import pycountry

    wb = pd.read_csv(SOURCES / "worldbank.csv", keep_default_na=False, na_values=[""])
    raw = pd.read_csv(SOURCES / "raw" / "gdp_raw.csv", keep_default_na=False, na_values=[""])
    from sourcing.facts.countries import USER_ASSIGNED

    user_assigned = {v["iso3"]: k for k, v in USER_ASSIGNED.items()}  # the files' XKX is Kosovo
    raw["iso2"] = [
        user_assigned.get(c) or pycountry.countries.get(alpha_3=c).alpha_2 for c in raw["iso3"]
    ]
    merged = wb.merge(raw, on="iso2", validate="one_to_one")
    # every country but Taiwan, which the World Bank does not publish (its cells stay empty)
    assert set(C.index) - set(merged["iso2"]) == {"TW"}
    assert C.loc["TW", ["gdp_pc_usd", "labour_force_m", "ict_exports_usd_m"]].isna().all()
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
def test_wgi_and_gci(iso2, stability, tier, C):
    assert C.at[iso2, "political_stability"] == pytest.approx(stability)
    assert C.at[iso2, "ps_year"] == 2023
    if tier is None:
        assert pd.isna(C.at[iso2, "gci_tier"])
    else:
        assert C.at[iso2, "gci_tier"] == tier


def test_countries_itu_names_as_tier_one_are_tier_one(C):
    # ITU 2024 and press coverage name these as tier 1 (see risk_notes.md); guards a shifted column
    for iso2 in ["IN", "US", "GB", "SG", "EG", "GR", "RW", "MU", "GH", "KE"]:
        assert C.at[iso2, "gci_tier"] == 1, iso2


def _labour_costs():
    import importlib.util
    import sys

    if "labour_costs" in sys.modules:
        return sys.modules["labour_costs"]
    spec = importlib.util.spec_from_file_location(
        "labour_costs", SOURCES.parent / "build" / "labour_costs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["labour_costs"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


# Hand-transcribed from each source (the row named in its notes) and converted by hand with
# the documented formula; the dataset must hold the same value (to the cent).
SPOT_CHECKS = [
    # Eurostat lc_lci_lev: section 2022 × B-S_X_O 2024 / 2022 × 1.0824 USD/EUR
    ("BG", "back_office", 6.2 * 10.6 / 8.2 * 1.0824),
    ("RO", "contact_center", 7.0 * 12.4 / 9.5 * 1.0824),
    ("DK", "back_office", 39.7 * 50.2 / 46.8 * 1.0824),
    ("DE", "back_office", 28.0 * 43.5 / 39.5 * 1.0824),
    ("PL", "software_dev", 20.2 * 17.3 / 12.5 * 1.0824),
    ("BG", "software_dev", 17.6 * 10.6 / 8.2 * 1.0824),
    # BLS OEWS May 2024 mean hourly ÷ ECEC wage share
    ("US", "contact_center", 21.82 / 0.687),
    ("US", "software_dev", 69.50 / 0.692),
    ("US", "it_support", 31.25 / 0.692),
    ("US", "back_office", 21.86 / 0.687),
    ("US", "analyst", 55.15 / 0.673),
    # Site Selection Group 2024: wage midpoint × (1 + benefits midpoint + 10%) ÷ 0.865
    ("MX", "contact_center", 5.5 * 1.55 / 0.865),
    ("IN", "contact_center", 2.5 * 1.35 / 0.865),
    ("PH", "contact_center", 2.5 * 1.55 / 0.865),
    ("CO", "contact_center", 4.5 * 1.55 / 0.865),
]


@pytest.mark.parametrize(("iso2", "role", "expected"), SPOT_CHECKS)
def test_measured_costs_match_the_hand_transcribed_source(iso2, role, expected, C):
    assert C.at[iso2, f"cost_{role}_usd_hr"] == pytest.approx(expected, abs=0.006)
    assert C.at[iso2, f"cost_{role}_source"].startswith("measured (")


def test_an_ilostat_value_is_clerical_earnings_loaded_carried_and_premium_applied(C):
    lc = _labour_costs()
    inp = lc.Inputs(SOURCES)
    on_cost, _, _ = inp.eu_on_cost()
    premium, low, high, ratios = lc.delivery_premium(inp)
    assert set(ratios) == {"CR", "DO", "SV", "MX", "IN", "PH"}
    assert 1.2 < low < premium < high < 2.5
    # Kenya: ILOSTAT 2019 ISCO-08 group 4, 2.65 USD/h; CPI-U 2024 / 2019
    cpi = inp.cpi_factor(2019)
    expected = 2.65 * on_cost / 0.865 * cpi * premium
    assert C.at["KE", "cost_back_office_usd_hr"] == pytest.approx(expected, abs=0.006)
    assert C.at["KE", "cost_back_office_low_usd_hr"] == pytest.approx(expected / premium * low,
                                                                      abs=0.006)  # fmt: skip
    assert "ILOSTAT 2019" in C.at["KE", "cost_back_office_source"]


def test_a_country_s_back_office_never_costs_more_than_its_contact_centre_beyond_the_spread(C):
    """Where a country's own delivery-centre premium is measured (survey agent cost ÷ its
    clerical average), its back office is priced with it — the Philippines at 1.22, not the
    median 2.0 that made its back office 1.6 × its contact centre. Elsewhere the two roles may
    differ by no more than a measured tier's band (+25%)."""
    lc = _labour_costs()
    _, _, _, ratios = lc.delivery_premium(lc.Inputs(SOURCES))
    for iso2 in ratios:
        assert C.at[iso2, "cost_back_office_usd_hr"] == pytest.approx(
            C.at[iso2, "cost_contact_center_usd_hr"], abs=0.006
        ), iso2
        assert (
            f"its own delivery-centre premium {ratios[iso2]:.2f}"
            in C.at[iso2, "cost_back_office_source"]
        )
    assert ratios["PH"] == pytest.approx(1.22, abs=0.005)
    spread = C["cost_back_office_usd_hr"] / C["cost_contact_center_usd_hr"]
    assert (spread.dropna() <= 1.25).all(), spread.sort_values().tail(3)


def test_eu_cost_spread_follows_eurostat(C):
    """The dearest and cheapest EU member differ as Eurostat's 2024 hourly labour costs do
    (within 15%) — the issue's check; the model said 2.2 × where Eurostat says 4.7 ×."""
    eurostat = pd.read_csv(SOURCES / "eurostat_labour_cost.csv")
    n = eurostat[(eurostat.nace_r2 == "B-S_X_O") & (eurostat.lcstruct == "D1_D4_MD5")
                 & (eurostat.year == 2024)].set_index("iso2")["value_eur_hr"]  # fmt: skip
    eu = C[C["eu_member"] & C["cost_back_office_source"].str.contains("Eurostat")]
    ours = eu["cost_back_office_usd_hr"]
    theirs = n.loc[eu.index]
    assert ours.max() / ours.min() == pytest.approx(theirs.max() / theirs.min(), rel=0.15)
    dk_bg = C.at["DK", "cost_back_office_usd_hr"] / C.at["BG", "cost_back_office_usd_hr"]
    assert dk_bg == pytest.approx(n["DK"] / n["BG"], rel=0.15)


def test_a_measured_value_is_never_replaced_by_a_modelled_one(C):
    lc = _labour_costs()
    inp = lc.Inputs(SOURCES)
    gdp = C["gdp_pc_usd"].to_dict()
    costs, _ = lc.costs(inp, gdp)
    for (iso2, role), cost in costs.items():
        measured = lc.measured(inp, iso2, role)
        if measured is not None:
            assert cost == measured, (iso2, role)
            assert C.at[iso2, f"cost_{role}_source"] == measured.source


def test_every_cost_has_a_range_around_it_and_a_source(C):
    for role in sourcing.ROLES:
        value = C[f"cost_{role}_usd_hr"].dropna()
        assert (C.loc[value.index, f"cost_{role}_low_usd_hr"] <= value).all()
        assert (C.loc[value.index, f"cost_{role}_high_usd_hr"] >= value).all()
        assert C.loc[value.index, f"cost_{role}_source"].str.match(r"(measured|modelled) \(").all()


def test_at_least_forty_countries_are_measured_for_contact_and_back_office(C):
    for role in ("contact_center", "back_office"):
        assert C[f"cost_{role}_source"].str.startswith("measured").sum() >= 40, role


def test_korea_contact_centre_cost_is_its_own_agent_pay_not_the_premium(C):
    """Issue 38: the premium (× 2.00, calibrated on developing countries) priced a Korean
    contact centre at $68.37 an hour, twice the US. Statistics Korea's 2020 agent pay (2,660,000
    KRW a month over 209 paid hours) is 0.54 of ILOSTAT's 2020 clerical hour (23,759 KRW):
    that ratio replaces the premium, for its back office too (as a measured own premium does).
    Panama, above the anchors' GDP per capita, takes no premium: the clerical average."""
    ratio = 2_660_000 / 209 / 23_759
    lc = _labour_costs()
    inputs = lc.Inputs(SOURCES)
    inputs.gdp = {i: C.at[i, "gdp_pc_usd"] for i in C.index}
    clerical = lc._clerical(inputs, "KR")[0]  # the loaded clerical average, 2024 dollars
    assert C.at["KR", "cost_contact_center_usd_hr"] == pytest.approx(clerical * ratio, abs=0.01)
    assert C.at["KR", "cost_back_office_usd_hr"] == C.at["KR", "cost_contact_center_usd_hr"]
    assert "agent-to-clerk pay ratio 0.54" in C.at["KR", "cost_contact_center_source"]
    assert C.at["KR", "cost_contact_center_usd_hr"] < C.at["US", "cost_contact_center_usd_hr"]
    assert C.at["PA", "cost_contact_center_usd_hr"] == pytest.approx(
        lc._clerical(inputs, "PA")[0], abs=0.01
    )
    assert (
        "no delivery-centre premium above the anchors' GDP per capita"
        in (C.at["PA", "cost_contact_center_source"])
    )
