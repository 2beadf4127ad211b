"""Figure builders: the traces they draw, shore colours, excluded greyed, offline topojson."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import sourcing
from sourcing.analysis.pareto import pareto
from sourcing.analysis.sensitivity import weight_intervals
from sourcing.analysis.working_days import working_day_rows, year_overlap
from sourcing.operating.costs import Assumptions, tco
from sourcing.report import charts

ROOT = Path(__file__).resolve().parent.parent
WED = dt.date(2026, 3, 11)
SCENARIO = sourcing.Scenario(hq="US", workload="agile-dev", on=WED)


def _table():
    return sourcing.rank(SCENARIO).to_frame()


def test_map_greys_excluded_and_colours_included_by_score():
    table = _table()
    fig = charts.score_map(table, "score", "US", "Total score", hub=sourcing.load_countries())
    outside, excluded, included, hubs, hq = fig.data
    assert not set(outside.locations) & set(table["iso3"])
    assert "FRA" not in outside.locations and "MNG" in outside.locations  # Mongolia: not covered
    mongolia = outside.text[list(outside.locations).index("MNG")]
    assert mongolia == "Mongolia: not in the dataset"
    assert fig.layout.geo.projection.type == "natural earth"
    assert fig.layout.geo.projection.rotation.lon == 0  # Greenwich in the middle
    assert set(excluded.locations) == set(table.loc[table["excluded"], "iso3"])
    assert excluded.colorscale[0][1] == charts.EXCLUDED_COLOR
    assert "excluded:" in excluded.text[0]
    assert set(included.locations) == set(table.loc[~table["excluded"], "iso3"])
    assert included.locationmode == "ISO-3"
    colours = dict(zip(table["iso2"], hubs.marker.color, strict=True))
    assert colours["MX"] == charts.SHORE_COLORS["nearshore"]
    assert colours["US"] == charts.SHORE_COLORS["onshore"]
    assert hq.text == ("HQ",)


def test_map_hover_says_no_data_for_missing_values():
    table = _table()
    table.loc[table["iso2"] == "MX", "cost_usd_hr"] = float("nan")
    fig = charts.score_map(table, "cost_usd_hr")
    text = [t for t in fig.data[2].text if "Mexico" in t][0]
    assert "no data" in text


def test_shore_colours_are_distinct_okabe_ito():
    assert len(set(charts.SHORE_COLORS.values())) == 3
    assert charts.EXCLUDED_COLOR not in charts.SHORE_COLORS.values()


def test_every_chart_downloads_as_a_named_png_and_the_map_reads_the_local_topojson():
    from ui.figures import chart_config

    config = chart_config("HQ overlap through the year")
    assert config["toImageButtonOptions"] == {
        "format": "png", "filename": "shoreline-hq-overlap-through-the-year", "scale": 2
    }  # fmt: skip
    assert "topojsonURL" not in config
    assert chart_config("map Total score", geo=True)["topojsonURL"] == "app/static/"
    assert (ROOT / "static").is_dir()


def test_overlap_bars_wrap_around_midnight_and_mark_overlap():
    countries = sourcing.load_countries()
    office = sourcing.Scenario(hq="US", workload="back-office", on=WED)  # no overlap minimum
    rows = working_day_rows(office, sourcing.rank(office).to_frame(), countries, ["MX", "IN"])
    fig = charts.overlap_bars(rows)
    # IN's 09-17 local day (+5:30) is 23:30-07:30 in New York (EDT, -4): drawn as two bars
    india = [t for t in fig.data if t.y == ("India (IN)",)]
    assert len(india) == 2
    assert {tuple(t.base) for t in india} == {(23.5,), (0.0,)}
    # for agile work (3 h minimum) its day moves 4.5 h later, within local daytime: 04:00-12:00
    moved = working_day_rows(SCENARIO, _table(), countries, ["IN"]).set_index("iso2")
    assert moved.at["IN", "start_h"] == 4.0 and moved.at["IN", "overlap_h"] == 3.0
    mexico = [t for t in fig.data if t.y == ("Mexico (MX)",)]
    assert any(t.marker.color == charts.OVERLAP_COLOR for t in mexico)
    assert any(t.marker.color == charts.SHORE_COLORS["nearshore"] for t in mexico)


def test_year_heatmap_has_a_row_per_country_and_a_column_per_week():
    view = year_overlap(SCENARIO, sourcing.load_countries(), ["GB", "IN"])
    fig = charts.year_heatmap(view, {"GB": "United Kingdom", "IN": "India"})
    assert fig.data[0].z.shape == (2, 52)
    assert "clocks changed on different dates" in str(fig.data[0].text)


def test_pareto_scatter_fades_dominated_points():
    front = pareto(sourcing.rank(SCENARIO), "score")
    fig = charts.pareto_scatter(front, "score", "total score")
    opacities = [o for t in fig.data if t.mode == "markers+text" for o in t.marker.opacity]
    assert 0.3 in opacities and 1.0 in opacities
    assert fig.data[-1].name == "Pareto front"


def test_weight_ranges_and_radar_and_tco_lines():
    table = _table()
    fig = charts.weight_ranges(weight_intervals(sourcing.rank(SCENARIO)), "United States")
    assert len(fig.data[0].y) == len(sourcing.CRITERIA)
    radar = charts.radar(table.head(3))
    assert len(radar.data) == 3 and len(radar.data[0].r) == len(sourcing.CRITERIA) + 1
    fake = pd.DataFrame(
        {
            "iso2": ["US", "MX"],
            "name": ["US", "MX"],
            "shore": ["onshore", "nearshore"],
            "cost_usd_hr": [40.0, 10.0],
            "distance_km": [0, 3000],
        }
    )
    fake["cost_low_usd_hr"] = [40.0, 8.0]
    fake["cost_high_usd_hr"] = [40.0, 13.0]
    costs = tco(SCENARIO, fake, Assumptions())
    lines = charts.tco_lines(costs)
    assert lines.data[-1].name == "keep at HQ"
    by_name = {trace.name: trace for trace in lines.data}
    assert by_name["MX (nearshore)"].line.dash == "dash"  # shore class by dash …
    assert by_name["US (onshore)"].line.color != by_name["MX (nearshore)"].line.color  # … colour
    band = by_name["MX (nearshore): cost range"]  # high going out, low coming back
    mx = costs[costs["iso2"] == "MX"]
    assert list(band.y) == [*mx["cumulative_cost_high_usd"], *mx["cumulative_cost_low_usd"][::-1]]
    assert band.y[0] > mx["cumulative_cost_usd"].iloc[0] > band.y[-1]


def test_pareto_labels_only_the_front_and_the_best_three():
    front = pareto(sourcing.rank(SCENARIO), "score")
    fig = charts.pareto_scatter(front, "score", "total score")
    shown = {t for trace in fig.data if trace.mode == "markers+text" for t in trace.text if t}
    names = front.set_index("iso2")["name"]
    expected = set(names[front.loc[~front["dominated"], "iso2"]]) | set(
        names[front.nlargest(3, "score")["iso2"]]
    )
    assert shown == expected
    assert len(shown) < len(front)  # the rest only on hover


def test_map_hover_says_the_score_once():
    fig = charts.score_map(_table(), "score", "US", "Total score")
    text = fig.data[2].text[0]
    assert text.count("score") == 1 and "Total score:" not in text
    other = charts.score_map(_table(), "distance_km", "US", "Distance").data[2].text[0]
    assert "Distance:" in other


def test_shore_class_is_never_colour_alone_on_the_map_and_the_pareto_scatter():
    """WCAG 1.4.1: the hubs' dots and the Pareto points carry the shore class as a symbol."""
    import sourcing
    from sourcing.analysis.pareto import pareto_front
    from sourcing.report import charts

    scenario = sourcing.Scenario(hq="US", workload="back-office", on="2026-03-11")
    table = sourcing.rank(scenario).to_frame()
    countries = sourcing.load_countries()
    fig = charts.score_map(table, hq="US", hub=countries)
    dots = next(t for t in fig.data if t.name == "hubs")
    symbols = dict(zip(table["shore"], dots.marker.symbol, strict=False))
    assert len(set(dots.marker.symbol)) == 3 and symbols["nearshore"] == "diamond"
    front = pareto_front(table, versus="score")
    scatter = charts.pareto_scatter(front, "score", "total score")
    assert {t.name: t.marker.symbol for t in scatter.data if t.name in charts.SHORE_SYMBOL} == {
        s: charts.SHORE_SYMBOL[s] for s in set(front["shore"])
    }


def test_every_chart_has_a_one_sentence_text_alternative():
    """The map's sentence names its measure's highest and lowest (hand-checked against the
    ranked table); a multi-series chart names its series and counts its points."""
    import sourcing
    from sourcing.analysis.pareto import pareto_front
    from sourcing.report import charts

    scenario = sourcing.Scenario(hq="US", workload="voice-support-en", on="2026-03-11")
    table = sourcing.rank(scenario).to_frame()
    kept = table[~table["excluded"]].sort_values("score")
    text = charts.summary(charts.score_map(table, "score", "US", "score"), "map score")
    assert text.startswith("Chart: map score")
    assert f"highest {kept.iloc[-1]['name']} ({kept.iloc[-1]['shore']})" in text
    assert f"lowest {kept.iloc[0]['name']} ({kept.iloc[0]['shore']})" in text
    assert f"{len(kept)} values" in text
    front = pareto_front(table, versus="score")
    scatter = charts.summary(charts.pareto_scatter(front, "score", "total score"), "pareto")
    points = len(front) + int((~front["dominated"]).sum())  # every location, and the front's line
    assert "series: onshore, nearshore, offshore" in scatter and f"{points} points" in scatter


@pytest.mark.parametrize("kind", ["deuteranomaly", "protanomaly", "tritanomaly"])
def test_shore_and_cost_tier_colours_stay_apart_for_colour_blind_eyes(kind):
    """Each pair of shore-class colours and of cost-tier colours stays distinct under full
    deuteranopia, protanopia and tritanopia (Machado et al. 2009 via colorspacious; ΔE in
    CAM02-UCS). The symbols (● ◆ ■) carry the same meaning; this keeps the colours useful too."""
    import itertools

    import colorspacious as cs

    from sourcing.report.charts import SHORE_COLORS, TIER_COLORS

    space = {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
    for palette in (SHORE_COLORS, TIER_COLORS):
        seen = {
            k: cs.cspace_convert([int(v[i : i + 2], 16) / 255 for i in (1, 3, 5)], space, "sRGB1")
            for k, v in palette.items()
        }
        for a, b in itertools.combinations(seen, 2):
            gap = cs.deltaE(seen[a], seen[b], input_space="sRGB1")
            assert gap >= (20 if kind != "tritanomaly" else 10), (kind, a, b, gap)


def test_pareto_figure_is_the_same_bytes_when_neither_axis_moved():
    """Moving the cost weight changes the ranking but neither the costs nor the (normalised)
    non-cost score: the figure must come out byte for byte the same, or Streamlit remounts the
    chart on every move (its element id hashes the figure). Moving a non-cost weight must
    still redraw it."""
    from sourcing.analysis.pareto import NON_COST

    def figure(**weights) -> str:
        ranking = sourcing.rank(sourcing.Scenario(hq="US", workload="voice-support-en",
                                                  on=WED, weights=weights))  # fmt: skip
        front = pareto(ranking, NON_COST)
        return charts.pareto_scatter(front, NON_COST, "non-cost score").to_json()

    base = figure()
    assert figure(cost=26) == base
    assert figure(language=30) != base
