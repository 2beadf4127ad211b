"""Figures of a ranking: the score map, cost ranges by tier, the Pareto scatter, why-not bars,
weight ranges and the radar."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pycountry

from sourcing.engine.tables import key_column
from sourcing.model.criteria import BY_NAME, CRITERIA
from sourcing.report.charts.base import (
    COUNTRY_COLORS,
    EXCLUDED_COLOR,
    HQ_COLOR,
    OUTSIDE_COLOR,
    SCORE_SCALE,
    SHORE_COLORS,
    SHORE_SYMBOL,
    breakdown,
    cost_text,
    fmt,
    hover_rows,
    layout,
)


def score_map(
    table: pd.DataFrame,
    metric: str = "score",
    hq: str | None = None,
    label: str | None = None,
    hub: pd.DataFrame | None = None,
) -> go.Figure:
    """Choropleth of ``metric`` over included locations; excluded in grey with their reason on
    hover; HQ marked; every location also drawn as a marker at its hub (small countries)."""
    label = label or metric
    included = table[~table["excluded"]]
    excluded = table[table["excluded"]]
    fig = go.Figure()
    covered = set(table["iso3"])
    outside = [(c.alpha_3, getattr(c, "common_name", None) or c.name)
               for c in pycountry.countries if c.alpha_3 not in covered]  # fmt: skip
    fig.add_trace(
        go.Choropleth(
            locations=[code for code, _ in outside],
            z=[0] * len(outside),
            locationmode="ISO-3",
            colorscale=[[0, OUTSIDE_COLOR], [1, OUTSIDE_COLOR]],
            showscale=False,
            name="not in the dataset",
            text=[f"{name}: not in the dataset" for _, name in outside],
            hovertemplate="%{text}<extra></extra>",
            marker={"line": {"color": "white", "width": 0.5}},
        )
    )
    fig.add_trace(
        go.Choropleth(
            locations=excluded["iso3"],
            z=[0] * len(excluded),
            locationmode="ISO-3",
            colorscale=[[0, EXCLUDED_COLOR], [1, EXCLUDED_COLOR]],
            showscale=False,
            name="excluded",
            text=excluded["name"] + "<br>excluded: " + excluded["reasons"].str.split("; ").str[0],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Choropleth(
            locations=included["iso3"],
            z=included[metric],
            locationmode="ISO-3",
            colorscale=SCORE_SCALE,
            colorbar={"title": {"text": label}},
            name=label,
            text=[
                f"<b>{r['name']}</b> ({r['shore']})<br>"
                + ("" if metric == "score" else f"{label}: {fmt(r[metric])}<br>")
                + f"score {fmt(r['score'])}, rank {r['rank']}<br>"
                + f"cost {cost_text(r)}<br>"
                + breakdown(r)
                for r in hover_rows(included, metric)
            ],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    if hub is not None:
        located = table.join(hub[["hub_lat", "hub_lon"]], on="iso2")
        fig.add_trace(
            go.Scattergeo(
                lat=located["hub_lat"],
                lon=located["hub_lon"],
                mode="markers",
                marker={
                    "size": 6,
                    "color": [
                        EXCLUDED_COLOR if e else SHORE_COLORS[s]
                        for e, s in zip(located["excluded"], located["shore"], strict=True)
                    ],
                    "symbol": [SHORE_SYMBOL.get(s, "circle") for s in located["shore"]],
                },
                text=located["name"],
                hovertemplate="%{text}<extra></extra>",
                name="hubs",
                showlegend=False,
            )
        )
        if hq is not None and hq in hub.index:
            fig.add_trace(
                go.Scattergeo(
                    lat=[hub.at[hq, "hub_lat"]],
                    lon=[hub.at[hq, "hub_lon"]],
                    mode="markers+text",
                    marker={"size": 14, "color": HQ_COLOR, "symbol": "star"},
                    text=["HQ"],
                    textposition="top center",
                    name="HQ",
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    fig.update_geos(
        showcountries=True, showcoastlines=False, showframe=False, projection_type="natural earth",
        projection_rotation={"lon": 0}, center={"lon": 0, "lat": 15}, lataxis_range=[-58, 85],
    )  # fmt: skip
    return layout(fig, f"{label} by country", height=640)


def _cost_bars(part: pd.DataFrame) -> dict | None:
    """Horizontal error bars from each cost to the ends of its range (none without ranges)."""
    if "cost_low_usd_hr" not in part:
        return None
    cost = part["cost_usd_hr"]
    return {
        "type": "data", "symmetric": False, "color": "#999", "thickness": 1,
        "array": (part["cost_high_usd_hr"].fillna(cost) - cost).tolist(),
        "arrayminus": (cost - part["cost_low_usd_hr"].fillna(cost)).tolist(),
    }  # fmt: skip


TIER_COLORS = {"measured": "#0072B2", "modelled": "#E69F00", "your data": "#009E73"}


def cost_ranges(costs: pd.DataFrame, role: str) -> go.Figure:
    """Every country's cost for one role, cheapest first, with its low–high range as a bar and
    its tier (measured / modelled / your data) as the colour."""
    fig = go.Figure()
    shown = costs[costs["cost_usd_hr"].notna()]
    for tier, color in TIER_COLORS.items():
        part = shown[shown["tier"] == tier]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["name"],
                y=part["cost_usd_hr"],
                mode="markers",
                name=f"{tier} ({len(part)})",
                marker={"color": color, "size": 7},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "color": color,
                    "thickness": 1,
                    "array": (part["cost_high_usd_hr"] - part["cost_usd_hr"]).fillna(0).tolist(),
                    "arrayminus": (part["cost_usd_hr"] - part["cost_low_usd_hr"])
                    .fillna(0)
                    .tolist(),
                },  # fmt: skip
                customdata=[[cost_text(r)] for r in hover_rows(part)],
                hovertemplate="%{x}: %{customdata[0]}<extra></extra>",
            )
        )
    fig.update_xaxes(categoryorder="array", categoryarray=shown["name"].tolist(), tickangle=-60,
                     tickfont={"size": 10})  # fmt: skip
    fig.update_yaxes(title="USD per hour (2024)", type="log")
    return layout(fig, f"{role.capitalize()}: hourly cost and its range", height=520)


def pareto_points(front: pd.DataFrame, versus: str) -> pd.DataFrame:
    """The front as :func:`pareto_scatter` draws it: in location order (country, or city at city
    level), the second criterion rounded to 1e-6, so a move that changes neither axis gives the
    same points."""
    key = key_column(front)
    return front.sort_values(key, kind="stable").assign(**{versus: front[versus].round(6)})


def pareto_scatter(front: pd.DataFrame, versus: str, label: str) -> go.Figure:
    """Cost vs. a second criterion; the Pareto front drawn as a line, dominated points faded;
    each cost's low–high range as a horizontal bar.

    The points go in country order, not rank order, and the second criterion is rounded to
    1e-6: a move that changes neither axis (the cost weight, against the non-cost score) then
    gives the same figure, byte for byte, and the browser keeps the chart it has instead of
    drawing it anew (a chart whose figure changed costs ~50 ms a move to redraw; one that did
    not, nothing measurable: bench/ab.py)."""
    fig = go.Figure()
    front = pareto_points(front, versus)
    key = key_column(front)  # a label per city, not country
    best = front.nlargest(3, "score") if "score" in front else front.head(0)
    wanted = front[~front["dominated"] | front[key].isin(best[key])]
    # locations on the very same point (cities with their country's figures) share one label
    point = wanted[["cost_usd_hr", versus]].round(6).apply(tuple, axis=1)
    sharing = point.map(point.value_counts())
    first = ~point.duplicated()
    names = {k: n if s == 1 else f"{n} (+{s - 1} at the same point)"
             for k, n, s in zip(wanted[key], wanted["name"], sharing, strict=True)}  # fmt: skip
    labelled = set(wanted.loc[first, key])
    # neighbours along the cost axis take turns above and below their points
    on_show = front[front[key].isin(labelled)]
    in_order = on_show.sort_values("cost_usd_hr", kind="stable")[key]
    position = {i: ("top center", "bottom center")[n % 2] for n, i in enumerate(in_order)}
    for shore, color in SHORE_COLORS.items():
        part = front[front["shore"] == shore]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["cost_usd_hr"],
                y=part[versus],
                mode="markers+text",
                name=shore,
                # labels only on the front and the best three by score (the rest on hover),
                # so neighbouring points do not print over each other
                text=[names[k] if k in labelled else "" for k in part[key]],
                textposition=[position.get(i, "top center") for i in part[key]],
                marker={
                    "color": color,
                    "symbol": SHORE_SYMBOL[shore],
                    "size": 11,
                    "opacity": [0.3 if d else 1.0 for d in part["dominated"]],
                },
                error_x=_cost_bars(part),
                customdata=[
                    [r["name"], r["dominated_by"] or "—", cost_text(r)]
                    for r in hover_rows(part, "dominated_by")
                ],
                hovertemplate="%{customdata[0]}<br>%{customdata[2]}<br>"
                f"{label}: %{{y:.1f}}<br>dominated by: %{{customdata[1]}}<extra></extra>",
            )  # fmt: skip
        )
    line = front[~front["dominated"]].sort_values("cost_usd_hr", kind="stable")
    fig.add_trace(
        go.Scatter(
            x=line["cost_usd_hr"],
            y=line[versus],
            mode="lines",
            line={"color": "#444", "dash": "dot"},
            name="Pareto front",
        )
    )
    fig.update_xaxes(title="cost (USD/h)")
    fig.update_yaxes(title=label)
    return layout(fig, f"Cost vs. {label}", height=520)


def why_not_bars(answer) -> go.Figure:
    """Weighted gap per criterion between a country and the #1 (an
    :class:`~sourcing.analysis.explain.WhyNot`): bars right of zero are points the #1 gains, left
    of zero points the country gains; the hover has both sub-scores and the weight."""
    gaps = answer.gaps.iloc[::-1]  # biggest at the top
    colors = [HQ_COLOR if g > 0 else SHORE_COLORS["onshore"] for g in gaps["weighted_gap"]]
    fig = go.Figure(
        go.Bar(
            x=gaps["weighted_gap"],
            y=gaps["criterion"],
            orientation="h",
            marker={"color": colors},
            customdata=gaps[["score", "leader_score", "weight"]].to_numpy(),
            hovertemplate=f"%{{y}}: {answer.iso2} %{{customdata[0]:.0f}}, "
            f"{answer.leader} %{{customdata[1]:.0f}}, weight %{{customdata[2]:.0%}}"
            "<br>weighted gap %{x:+.2f} points<extra></extra>",
        )
    )
    fig.add_vline(x=0, line={"color": "#444", "width": 1})
    fig.update_xaxes(title=f"points in favour of {answer.leader_name} (right) or "
                     f"{answer.name} (left)")  # fmt: skip
    return layout(fig, f"Why not {answer.name}? Against {answer.leader_name}", height=380)


def weight_ranges(intervals: pd.DataFrame, leader: str) -> go.Figure:
    """Per criterion, the weight range over which ``leader`` stays #1, and the current weight."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=intervals["criterion"],
            x=100 * (intervals["high"] - intervals["low"]),
            base=100 * intervals["low"],
            orientation="h",
            marker={"color": "#56B4E9"},
            name=f"{leader} stays #1",
            hovertemplate="%{y}: %{base:.0f}%–%{x:.0f} pts wide<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=intervals["criterion"],
            x=100 * intervals["weight"],
            mode="markers",
            marker={"color": HQ_COLOR, "size": 12, "symbol": "line-ns-open"},
            name="your weight",
        )
    )
    fig.update_xaxes(range=[0, 100], title="weight (%)")
    return layout(fig, f"Weight ranges that keep {leader} at #1", height=380)


def radar(table: pd.DataFrame) -> go.Figure:
    """Sub-scores of a few locations on one radar, one colour per location."""
    fig = go.Figure()
    labels = [BY_NAME[c].label for c in CRITERIA]
    for n, (_, r) in enumerate(table.iterrows()):
        values = [r[f"score_{c}"] for c in CRITERIA]
        fig.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=[*labels, labels[0]],
                name=r["name"],
                line={"color": COUNTRY_COLORS[n % len(COUNTRY_COLORS)]},
            )
        )
    fig.update_polars(radialaxis={"range": [0, 100]})
    fig = layout(fig, "Sub-scores side by side", height=540)
    fig.update_layout(margin={"l": 60, "r": 60, "t": 60, "b": 50})  # room for every axis label
    return fig
