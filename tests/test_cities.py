"""Cities: the hub table, ranking at city level, its hours, its link and its command line."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import tzdata  # noqa: F401  (the pinned IANA data the engine reads)

import sourcing
from sourcing.facts.cities import city_locations, city_table, find_city, hub_id
from sourcing.facts.countries import DATA_DIR
from sourcing.facts.timezones import zone
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.model.share import from_params, to_params

MONDAY = dt.date(2026, 12, 7)


def _cities_at(**kw) -> pd.DataFrame:
    scenario = Scenario(on=MONDAY, level="city", **kw)
    return sourcing.rank(scenario).to_frame().set_index("location")


@pytest.fixture(scope="module")
def us_back_office() -> pd.DataFrame:
    return _cities_at(hq="US", workload="back-office")


def test_the_committed_hub_table_is_a_fresh_build():
    spec = importlib.util.spec_from_file_location(
        "build_cities", DATA_DIR / "build" / "build_cities.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    frame = module.build()
    assert module.to_csv(frame) == (DATA_DIR / "cities.csv").read_text(encoding="utf-8"), (
        "data/cities.csv is stale: run `make data`"
    )
    sources = (DATA_DIR / "city_sources.csv").read_text(encoding="utf-8")
    assert module.to_csv(module.sources()) == sources, "data/city_sources.csv is stale"
    named = pd.read_csv(DATA_DIR / "city_sources.csv", keep_default_na=False)
    assert named["url"].str.startswith("http").all() and len(named) >= 300
    assert set(named["city_id"]) <= set(frame["city_id"])


def test_the_hub_table_covers_the_dataset_with_a_zone_and_a_place_per_city():
    cities = city_table()
    countries = sourcing.load_countries()
    assert len(cities) >= 250 and cities["iso2"].nunique() >= 90
    assert set(cities["iso2"]) == set(countries.index)  # every country has its cities
    assert cities["tz"].notna().all() and cities["lat"].between(-90, 90).all()
    assert cities["roles"].str.len().gt(0).all()  # each city says why it is there
    for iso2 in countries.index:  # exactly one hub per country, the country table's
        hub = hub_id(iso2)
        assert hub is not None and cities.at[hub, "city"] == countries.at[iso2, "hub_city"]
        assert cities.at[hub, "tz"] == countries.at[iso2, "hub_tz"]


def test_the_hub_city_scores_as_its_country(us_back_office):
    """The hub's figures are the country's: same cost, hours and sub-scores at both levels."""
    countries = sourcing.rank(Scenario(hq="US", workload="back-office", on=MONDAY)).to_frame()
    countries = countries.set_index("iso2")
    for iso2 in ("PH", "IN", "PL", "MX", "ZA"):
        city = us_back_office.loc[hub_id(iso2)]
        country = countries.loc[iso2]
        assert city["iso2"] == iso2
        for column in ("cost_usd_hr", "overlap_local_day_hours", "utc_offset_gap_hours",
                       "score_language", "score_regulatory", "score_talent"):  # fmt: skip
            assert city[column] == country[column], (iso2, column)


def test_a_country_rule_applies_to_every_city_of_the_country():
    excluded = _cities_at(hq="US", workload="back-office", exclude=frozenset({"PH"}))
    ph = excluded[excluded["iso2"] == "PH"]
    assert len(ph) >= 2 and ph["excluded"].all()
    assert ph["exclusions"].str.contains("excluded by you").all()
    one = _cities_at(hq="US", workload="back-office", exclude=frozenset({"PH-cebu-city"}))
    assert one.at["PH-cebu-city", "excluded"] and not one.at["PH-manila", "excluded"]
    # a country screen (the language) rules out the country's cities alike
    german = _cities_at(hq="DE", workload="voice-support-en", languages=("de",))
    assert german[german["iso2"] == "PH"]["excluded"].all()


def _local_day_overlap(hq_tz: str, tz: str, on: dt.date) -> float:
    """HQ's 09:00–17:00 against the city's own 09:00–17:00 on its weekdays, in hours,
    computed here with zoneinfo alone (the engine's code is not used)."""
    hq = ZoneInfo.no_cache(hq_tz)  # read afresh from the tzdata package (TZPATH is empty)
    start, end = (dt.datetime.combine(on, dt.time(h), hq) for h in (9, 17))
    total = 0.0
    for shift in (-1, 0, 1):
        day = on + dt.timedelta(days=shift)
        if day.weekday() >= 5:
            continue
        local = ZoneInfo.no_cache(tz)
        a, b = (dt.datetime.combine(day, dt.time(h), local) for h in (9, 17))
        total += max(0.0, (min(end, b) - max(start, a)).total_seconds() / 3600)
    return total


def test_each_city_keeps_its_own_hours_in_a_country_that_spans_zones():
    """For every country whose cities sit in zones with different offsets on the date, each
    city's overlap with HQ equals an independent zoneinfo computation."""
    import zoneinfo

    zoneinfo.reset_tzpath(to=())  # the pinned tzdata package, as the engine reads it
    checked: dict[str, int] = {}
    try:
        for on in (MONDAY, dt.date(2027, 7, 14)):  # Australia's zones differ in December only
            scenario = Scenario(hq="US", workload="back-office", on=on, level="city")
            table = sourcing.rank(scenario).to_frame().set_index("location")
            cities = city_table()
            for iso2, group in cities.groupby("iso2"):
                noon = dt.datetime.combine(on, dt.time(12))
                offsets = {zone(z).utcoffset(noon) for z in group["tz"]}
                if len(offsets) < 2:
                    continue
                for city_id, tz in group["tz"].items():
                    expected = _local_day_overlap("America/New_York", tz, on)
                    got = table.at[city_id, "overlap_local_day_hours"]
                    assert got == pytest.approx(expected, abs=0.01), (city_id, on)
                    checked[iso2] = checked.get(iso2, 0) + 1
    finally:
        zoneinfo.reset_tzpath()
    assert len(checked) >= 5 and sum(checked.values()) >= 10, checked


def test_a_city_link_round_trips_byte_for_byte():
    scenario = Scenario(hq="GB", workload="voice-support-en", on=MONDAY, level="city",
                        exclude=frozenset({"IN-mumbai", "EG"}),
                        shortlist=("ZA-cape-town", "PH-cebu-city"))  # fmt: skip
    query = urlencode(to_params(scenario))
    assert "lvl=city" in query and "PH-cebu-city" in query
    back, ignored = from_params(dict(parse_qsl(query)), Scenario(hq="US", on=MONDAY))
    assert ignored == [] and back == scenario
    assert urlencode(to_params(back)) == query
    assert Scenario.parse(scenario.to_json()) == scenario


def test_an_unknown_city_is_refused_with_suggestions():
    with pytest.raises(ScenarioError, match=r"unknown city 'PH-cebu-ctiy'.*PH-cebu-city"):
        Scenario.parse({"hq": "US", "shortlist": ["PH-cebu-ctiy"]})
    assert find_city("Cebu") == "PH-cebu-city" and find_city("cebu city, philippines")
    assert find_city("Springfield") is None


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sourcing", *args], capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_the_command_line_works_at_city_level():
    common = ["--hq", "US", "--workload", "voice-support-en", "--date", "2026-12-07",
              "--level", "city"]  # fmt: skip
    ranked = _cli("rank", *common)
    assert ranked.returncode == 0, ranked.stderr
    header = ranked.stdout.splitlines()[0].split(",")
    assert header[:4] == ["rank", "location", "city", "iso2"]
    assert "cost_provenance" in header
    explained = _cli("explain", *common, "--country", "Cebu")
    assert explained.returncode == 0 and explained.stdout.startswith("Cebu City, Philippines")
    compared = _cli("compare", *common, "--country", "Cebu", "--country", "Bengaluru")
    assert compared.returncode == 0, compared.stderr
    assert {"PH-cebu-city", "IN-bengaluru", "US-new-york-city"} <= set(
        pd.read_csv(__import__("io").StringIO(compared.stdout))["location"]
    )
    tco = _cli("tco", *common, "--location", "Cebu City")
    assert tco.returncode == 0 and "PH-cebu-city" in tco.stdout, tco.stderr
    for wrong, said in (("Cebbu City", "did you mean PH-cebu-city"),
                        ("PH", "is a country; at city level name a city")):  # fmt: skip
        bad = _cli("explain", *common, "--country", wrong)
        assert bad.returncode == 2 and said in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    split = _cli("portfolio", *common, "--shares", "PH-cebu-city:0.5,IN-bengaluru:0.5")
    sites = pd.read_csv(__import__("io").StringIO(split.stdout))
    assert split.returncode == 0, split.stderr
    assert list(sites["location"]) == ["IN-bengaluru", "PH-cebu-city", "TOTAL"]  # no "iso2"
    assert "iso2" not in sites.columns and sites["share"].iloc[-1] == 1.0
    listed = _cli("cities", "--in", "Philippines")
    assert listed.returncode == 0 and "PH-cebu-city" in listed.stdout
    assert listed.stdout.splitlines()[0].endswith(
        "workforce_provenance,rent_usd_sqm_month,rent_basis,rent_period"
    )
    nowhere = _cli("cities", "--in", "Atlantis")
    assert nowhere.returncode == 2 and "not a country of the dataset" in nowhere.stderr


def test_the_city_frame_is_built_once_per_dataset():
    countries = sourcing.rank.__globals__["shared_countries"]()
    assert city_locations(countries) is city_locations(countries)


def test_office_rents_are_the_published_figure_in_usd_per_square_metre_a_month(us_back_office):
    """Hand-computed from the sourced rows and the World Bank's 2024 rates (fx_raw.csv):
    Bengaluru INR 93 per sq ft a month × 10.7639 ft² per m² ÷ 83.6693 INR per US$ = 11.96;
    London GBP 102.50 per sq ft a year ÷ 12 × 10.7639 ÷ 0.782415 = 117.51; Tokyo JPY 35,520 per
    tsubo a month ÷ 3.305785 m² ÷ 151.3663 = 70.99. A city without a published rent has none
    (a country has no rent to inherit), and the rent is shown, not scored."""
    cities = city_table()
    assert cities.at["IN-bengaluru", "rent_usd_sqm_month"] == 11.96
    assert cities.at["GB-london", "rent_usd_sqm_month"] == 117.51
    assert cities.at["JP-tokyo", "rent_usd_sqm_month"] == 70.99
    assert "INR 93 per sqft per month" in cities.at["IN-bengaluru", "rent_basis"]
    assert pd.isna(cities.at["PH-davao", "rent_usd_sqm_month"])
    rents = cities["rent_usd_sqm_month"].dropna()
    assert len(rents) >= 40 and rents.between(3, 200).all()
    assert cities.loc[rents.index, "rent_source"].notna().all()
    table = us_back_office
    assert table.at["PH-cebu-city", "office_rent_usd_sqm_month"] == 10.91
    assert "(Sep 2025)" in table.at["PH-cebu-city", "rent_basis"]
    assert pd.isna(table.at["PH-davao", "office_rent_usd_sqm_month"])
    dearer = Scenario(on=MONDAY, level="city", hq="US", workload="back-office")
    from sourcing.engine.tables import comparison

    side, best = comparison(table.reset_index(), ["PH-manila", "PH-cebu-city"])
    rent = side.set_index("measure").loc["Office rent, USD/m² a month (city figure)"]
    assert list(rent) == ["14.95", "10.91"]
    assert best.set_index("measure").loc["Office rent, USD/m² a month (city figure)"].tolist() == [
        False, True]  # fmt: skip
    countries = sourcing.rank(dearer.replace(level="country")).to_frame()
    assert "Office rent" not in " ".join(comparison(countries, ["PH", "IN"])[0]["measure"])


def test_the_city_pareto_chart_is_the_same_after_a_cost_move_and_labels_each_point_once():
    """At city level a point is a city: its dominator is named by city id, the points go in city
    order (not rank order, which a weight moves), so a cost move leaves the figure byte for byte
    the same and the browser keeps it; cities on one point (their country's figures) share one
    label ("… (+8 at the same point)"), not one label each."""
    from sourcing.analysis.pareto import NON_COST, pareto
    from sourcing.report import charts

    def drawn(cost: int):
        scenario = Scenario(on=MONDAY, level="city", hq="US", workload="voice-support-en",
                            weights={"cost": cost})  # fmt: skip
        front = pareto(sourcing.rank(scenario), NON_COST)
        return front, charts.pareto_scatter(front, NON_COST, "non-cost score")

    front, figure = drawn(30)
    assert drawn(34)[1].to_json() == figure.to_json()
    ids = set(front["location"])
    assert set(front["dominated_by"].dropna()) <= ids
    labels = [t for trace in figure.data if trace.mode == "markers+text" for t in trace.text if t]
    on_front = front[~front["dominated"]]
    points = set(zip(on_front["cost_usd_hr"].round(6), on_front[NON_COST].round(6), strict=True))
    assert len(points) <= len(labels) <= len(points) + 3  # + the best three by score
    assert any("at the same point)" in label for label in labels)


def test_the_top_ten_names_cities_that_tie_on_their_country_figures_once():
    """India's 20 cities have no figure of their own: they tie, and a top ten of ten Indian
    cities at rank 1 would hide the rest. The summary names the largest and how many more share
    its figures; the ranked table itself keeps every city."""
    from sourcing.engine.tables import top

    table = sourcing.rank(Scenario(on=MONDAY, level="city", hq="US",
                                   workload="voice-support-en")).to_frame()  # fmt: skip
    tied = table[(table["iso2"] == "IN") & ~table["excluded"]]
    assert tied["score"].nunique() == 1 and len(tied) == 20
    ten = top(table, 10)
    india = ten[ten["iso2"] == "IN"]
    assert len(india) == 1
    assert (
        india["name"].iloc[0] == "Mumbai, India (and 19 more cities of India on the same figures)"
    )
    assert ten["iso2"].nunique() >= 3 and len(ten) == 10
    assert (ten["rank"].diff().dropna() >= 0).all()
    assert "Manila, Philippines" in set(ten["name"])  # no tie: its own figures, its own row
    one = ten[ten["name"].str.contains(r"and 1 more city ")]
    assert one.empty or one["name"].str.endswith("on the same figures)").all()


# --- the pages at city level (AppTest) ---------------------------------------------------

PAGES = ["overview.py", "map.py", "timezones.py", "tradeoffs.py", "compare.py", "operating.py",
         "room.py", "scenarios.py"]  # fmt: skip


def _page(name: str, **params):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parent.parent
    at = AppTest.from_file(str(next((root / "pages").rglob(name))), default_timeout=120)
    at.query_params.update({"hq": "US", "wl": "voice-support-en", "on": "2026-12-07",
                            "lvl": "city", **params})  # fmt: skip
    return at.run()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_works_at_city_level(name):
    at = _page(name)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["scenario"].level == "city"


def test_the_overview_names_cities_and_the_link_keeps_the_level():
    at = _page("overview.py")
    best = next(m for m in at.metric if m.label == "Best location")
    assert ", " in best.value  # "Mumbai, India": a city and its country
    top = next(d.value for d in at.dataframe if "rank" in d.value.columns)
    assert "location" in top.columns and top["location"].str.contains("-").all()
    labels = __import__("json").loads(
        next(d for d in at.dataframe if "rank" in d.value.columns).proto.columns
    )
    assert labels["name"]["label"] == "City" and labels["iso2"]["label"] == "Country"
    link = at.query_params["lvl"]
    assert (link[0] if isinstance(link, list) else link) == "city"
    at.radio(key="sb_level").set_value("country").run()  # back to countries from the sidebar
    assert at.session_state["scenario"].level == "country"
    assert "lvl" not in at.query_params


def test_the_map_draws_every_kept_city_as_a_point_at_its_own_place():
    import json

    at = _page("map.py")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    points = [
        t for t in figure["data"] if t["type"] == "scattergeo" and t.get("name") == "Total score"
    ]
    assert len(points) == 1
    table = sourcing.rank(Scenario(hq="US", workload="voice-support-en", on=MONDAY,
                                   level="city")).to_frame()  # fmt: skip
    kept = table[~table["excluded"]]
    lats = points[0]["lat"]
    lats = (
        lats
        if isinstance(lats, list)
        else __import__("numpy")
        .frombuffer(__import__("base64").b64decode(lats["bdata"]), dtype=lats["dtype"])
        .tolist()
    )
    assert len(lats) == len(kept)
    cebu = city_table().at["PH-cebu-city", "lat"]
    assert any(abs(lat - cebu) < 1e-6 for lat in lats)
    # countries are plain land, except those whose every city is ruled out (grey shapes)
    shapes = [t for t in figure["data"] if t["type"] == "choropleth"]
    assert [t["name"] for t in shapes] == ["every city ruled out"]
    all_out = table.groupby("iso3")["excluded"].all()
    assert set(shapes[0]["locations"]) == set(all_out.index[all_out])
    assert figure["layout"]["geo"]["showland"] is True


def test_compare_takes_cities_from_the_link_and_costs_them_against_hq():
    at = _page("compare.py", cmp="PH-cebu-city,PH-manila")
    assert not at.exception
    side = next(d.value for d in at.dataframe if "measure" in d.value.columns)
    assert {"Cebu City, Philippines (PH-cebu-city)", "Manila, Philippines (PH-manila)"} <= set(
        side.columns
    )
    paid = next(d.value for d in at.dataframe if "payback_month" in d.value.columns)
    assert {"PH-cebu-city", "PH-manila", "US-new-york-city"} <= set(paid["location"])


def test_the_optimiser_puts_work_in_the_first_of_cities_that_tie_as_the_table_orders_them():
    """Indian cities carry India's figures (no city figure is published), so they tie; the
    solver's pick among them is arbitrary, the portfolio's is the table's (larger first)."""
    from sourcing.operating.optimise import optimise

    scenario = Scenario(hq="US", workload="voice-support-en", on=MONDAY, level="city")
    countries = sourcing.load_countries()
    table = sourcing.rank(scenario, countries).to_frame()
    result = optimise(scenario, table, countries)
    tied = table[(table["iso2"] == "IN") & (table["rank"] == 1)]
    assert len(tied) > 5  # the tie this test is about
    sites = list(result.sites["location"])
    assert sites == list(tied["location"].head(len(sites)))


def test_trade_offs_names_cities_in_the_weight_ranges_at_city_level():
    at = _page("tradeoffs.py")
    ranges = next(d.value for d in at.dataframe if "Flips to" in d.value.columns)
    named = [v for v in ranges["Flips to"] if isinstance(v, str) and v]
    assert named and all(", " in v for v in named)  # "Atlanta, United States", not US-atlanta
