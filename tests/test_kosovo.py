"""Kosovo (XK): the one user-assigned code the dataset accepts, end to end — loader, Scenario,
ranking, build and map — while any other code outside ISO 3166-1 is still refused."""

import json
from pathlib import Path

import pandas as pd
import pycountry
import pytest
from streamlit.testing.v1 import AppTest

import sourcing
from sourcing.facts.countries import COUNTRIES_CSV, USER_ASSIGNED, iso3_for, known_country

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def countries():
    return sourcing.load_countries()


def test_xk_is_user_assigned_not_iso():
    assert pycountry.countries.get(alpha_2="XK") is None  # why the special case exists
    assert USER_ASSIGNED == {
        "XK": {"iso3": "XKX", "name": "Kosovo", "region": "Europe", "subregion": "Southern Europe"}
    }
    assert known_country("XK") and iso3_for("XK") == "XKX"
    assert not known_country("XZ") and iso3_for("XZ") is None
    assert iso3_for("RS") == "SRB"


def test_kosovo_loads_with_its_codes_name_region_and_sourced_values(countries):
    xk = countries.loc["XK"]
    assert (xk["iso3"], xk["name"], xk["region"], xk["subregion"]) == (
        "XKX", "Kosovo", "Europe", "Southern Europe",
    )  # fmt: skip
    assert (xk["hub_city"], xk["hub_tz"]) == ("Pristina", "Europe/Belgrade")
    assert xk["languages"] == "sq;sr"  # CLDR: Albanian 92% and Serbian 5%, both official
    # World Bank WDI, the files' XKX rows (worldbank_notes.md, wdi_services_notes.md, risk_notes.md)
    assert (xk["gdp_pc_usd"], xk["gdp_pc_year"]) == (7023, 2024)
    assert (xk["ict_exports_usd_m"], xk["ict_exports_year"]) == (377.0, 2024)
    assert (xk["political_stability"], xk["ps_year"]) == (pytest.approx(-0.32), 2023)
    # no source gives these: empty, scored neutral and said
    for column in ["labour_force_m", "gci_tier", "english_epi", "iso27001_certificates"]:
        assert pd.isna(xk[column]), column
    assert xk["privacy_law"] == "Law No. 06/L-082 on Protection of Personal Data"
    assert xk["privacy_law_year"] == 2019
    assert not xk["eu_member"] and not xk["eea_member"]
    assert not xk["eu_adequacy"] and not xk["uk_adequacy"] and not xk["us_country_of_concern"]
    assert xk["cost_contact_center_source"].startswith("modelled")


def test_kosovo_can_be_hq_and_is_ranked():
    scenario = sourcing.Scenario(hq="xk", workload="voice-support-en")
    assert scenario.hq == "XK"
    table = sourcing.rank(scenario).to_frame().set_index("iso2")
    assert table.at["XK", "shore"] == "onshore" and table.at["XK", "iso3"] == "XKX"
    assert not table.at["XK", "excluded"] and table.at["XK", "rank"] >= 1
    from_germany = sourcing.rank(sourcing.Scenario(hq="DE", workload="voice-support-en"))
    ranked = from_germany.to_frame().set_index("iso2")
    assert ranked.at["XK", "shore"] == "nearshore" and not ranked.at["XK", "excluded"]


@pytest.mark.parametrize("code", ["XZ", "XX", "KOS"])  # user-assigned like XK, or alpha-3
def test_other_codes_outside_iso_are_still_refused(code):
    with pytest.raises(ValueError, match=f"unknown country code '{code}'"):
        sourcing.Scenario(hq=code, workload="voice-support-en")
    with pytest.raises(sourcing.ScenarioError, match=f"hq: unknown country code '{code}'"):
        sourcing.Scenario.parse({"hq": code, "workload": "voice-support-en"})


def test_the_loader_still_refuses_other_user_assigned_codes_and_a_wrong_iso3(tmp_path):
    frame = pd.read_csv(COUNTRIES_CSV, dtype=str, keep_default_na=False)
    bad = frame.copy()
    bad.loc[bad["iso2"] == "XK", "iso2"] = "XZ"
    bad.to_csv(tmp_path / "xz.csv", index=False)
    with pytest.raises(sourcing.DatasetError, match="XZ"):
        sourcing.load_countries(tmp_path / "xz.csv")
    bad = frame.copy()
    bad.loc[bad["iso2"] == "XK", "iso3"] = "KOS"
    bad.to_csv(tmp_path / "kos.csv", index=False)
    with pytest.raises(sourcing.DatasetError, match="iso3"):
        sourcing.load_countries(tmp_path / "kos.csv")


def test_the_local_map_has_no_kosovo_shape_and_the_map_page_says_so():
    from ui.figures import TOPOJSON, map_shapes

    assert "XKX" not in map_shapes() and "SRB" in map_shapes()
    ids = [
        g.get("id") for g in json.loads(TOPOJSON.read_text())["objects"]["countries"]["geometries"]
    ]
    assert "XKX" not in ids
    at = AppTest.from_file(str(ROOT / "pages" / "explore" / "map.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    said = [c.value for c in at.caption if c.value.startswith("No shape on this map for")]
    assert said and "Kosovo" in said[0]
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    hubs = next(t for t in figure["data"] if t.get("name") == "hubs")
    assert "Kosovo" in hubs["text"]  # still drawn, as its hub's dot
