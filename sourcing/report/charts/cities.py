"""The map at city level: each city a point at its own place, coloured by the metric and sized
by its services workforce where a city figure is published; the countries behind them in grey
where their screen rules every city out, plain land elsewhere."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from sourcing.report.charts.base import (
    EXCLUDED_COLOR,
    HQ_COLOR,
    OUTSIDE_COLOR,
    SCORE_SCALE,
    breakdown,
    cost_text,
    fmt,
    hover_rows,
    layout,
)


def city_map(
    table: pd.DataFrame,
    places: pd.DataFrame,
    metric: str = "score",
    hq: str | None = None,
    label: str | None = None,
) -> go.Figure:
    """Cities as points (``table`` at city level; ``places`` the city frame with ``hub_lat``,
    ``hub_lon``, ``bpo_workforce`` and ``workforce_provenance`` by city id)."""
    label = label or metric
    located = table.join(places[["hub_lat", "hub_lon", "bpo_workforce"]], on="location")
    fig = go.Figure()
    ruled_out = located.groupby("iso3")["excluded"].all()
    # every other country is plain land (the base layer), not a shape of its own redrawn on
    # every move: the points say where the dataset's cities are (the Plotly.react of a weight
    # move in Chromium, 20 moves: median 80 → 53 ms, 678 → 428 paths; README, Performance)
    codes = list(ruled_out.index[ruled_out])
    fig.add_trace(go.Choropleth(
        locations=codes, z=[0] * len(codes), locationmode="ISO-3",
        colorscale=[[0, EXCLUDED_COLOR], [1, EXCLUDED_COLOR]], showscale=False,
        name="every city ruled out", hoverinfo="skip",
        marker={"line": {"color": "white", "width": 0.5}},
    ))  # fmt: skip
    out = located[located["excluded"]]
    fig.add_trace(go.Scattergeo(
        lat=out["hub_lat"], lon=out["hub_lon"], mode="markers", name="ruled out",
        marker={"size": 5, "color": EXCLUDED_COLOR, "line": {"color": "white", "width": 0.5}},
        text=out["name"] + "<br>excluded: " + out["reasons"].str.split("; ").str[0],
        hovertemplate="%{text}<extra></extra>", showlegend=False,
    ))  # fmt: skip
    kept = located[~located["excluded"]]
    fig.add_trace(go.Scattergeo(
        lat=kept["hub_lat"], lon=kept["hub_lon"], mode="markers", name=label,
        marker={
            "size": [_size(w, p) for w, p in zip(kept["bpo_workforce"],
                                                 kept["workforce_provenance"], strict=True)],
            "color": kept[metric], "colorscale": SCORE_SCALE, "showscale": True,
            "colorbar": {"title": {"text": label}},
            "line": {"color": "#1f2937", "width": 0.6},
        },
        text=[
            f"<b>{r['name']}</b> ({r['shore']})<br>"
            + ("" if metric == "score" else f"{label}: {fmt(r[metric])}<br>")
            + f"score {fmt(r['score'])}, rank {r['rank']}<br>"
            + f"cost {cost_text(r)} ({r['cost_provenance']})<br>"
            + breakdown(r)
            for r in hover_rows(kept, metric)
        ],
        hovertemplate="%{text}<extra></extra>", showlegend=False,
    ))  # fmt: skip
    home = located[(located["iso2"] == hq)] if hq else located.iloc[0:0]
    if not home.empty:
        first = home.iloc[0]
        fig.add_trace(go.Scattergeo(
            lat=[first["hub_lat"]], lon=[first["hub_lon"]], mode="markers+text",
            marker={"size": 14, "color": HQ_COLOR, "symbol": "star"}, text=["HQ"],
            textposition="top center", name="HQ", showlegend=False, hoverinfo="skip",
        ))  # fmt: skip
    fig.update_geos(
        showland=True, landcolor=OUTSIDE_COLOR, showcountries=True, showcoastlines=False,
        showframe=False, projection_type="natural earth",
        center={"lon": 0, "lat": 15}, lataxis_range=[-58, 85],
    )  # fmt: skip
    return layout(fig, f"{label} by city", height=640)


def _size(workforce, provenance) -> float:
    """A point's size: 7 for a city without its own workforce figure; with one, growing with
    the square root of its head count (10 k → 9, 100 k → 14, 400 k → 22)."""
    if provenance != "city figure" or workforce is None or pd.isna(workforce):
        return 7.0
    return round(min(26.0, 6.0 + math.sqrt(float(workforce)) / 40), 1)
