"""Figures of money and people: TCO lines, agents by hour of the week, cost by automated share,
pricing models, the portfolio frontier."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sourcing.engine.tables import key_column
from sourcing.report.charts.base import (
    COUNTRY_COLORS,
    HQ_COLOR,
    SHORE_COLORS,
    SHORE_DASH,
    layout,
)


def tco_lines(tco: pd.DataFrame, baseline_label: str = "keep at HQ") -> go.Figure:
    """Cumulative cost per year per location, with the HQ baseline in HQ's colour; each
    location its own colour, its shore class as the dash (solid offshore, dashed nearshore);
    a shaded band per location spans its cost at the low and the high end of its rate's range."""
    fig = go.Figure()
    key = key_column(tco)  # a city is its own line
    for n, (iso2, part) in enumerate(tco.groupby(key, sort=False)):
        color = COUNTRY_COLORS[n % len(COUNTRY_COLORS)]
        shore = part["shore"].iloc[0]
        if "cumulative_cost_low_usd" in part:
            fig.add_trace(
                go.Scatter(
                    x=[*part["year"], *part["year"][::-1]],
                    y=[*part["cumulative_cost_high_usd"], *part["cumulative_cost_low_usd"][::-1]],
                    fill="toself",
                    fillcolor=color,
                    opacity=0.15,
                    line={"width": 0},
                    name=f"{part['name'].iloc[0]} ({shore}): cost range",
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["cumulative_cost_usd"],
                mode="lines+markers",
                name=f"{part['name'].iloc[0]} ({shore})",
                line={"color": color, "dash": SHORE_DASH.get(shore, "solid")},
                customdata=part[["cumulative_cost_low_usd", "cumulative_cost_high_usd"]]
                if "cumulative_cost_low_usd" in part
                else None,
                hovertemplate="year %{x}: $%{y:,.0f}"
                + (
                    " (range $%{customdata[0]:,.0f}–$%{customdata[1]:,.0f})"
                    if "cumulative_cost_low_usd" in part
                    else ""
                )
                + "<extra>"
                + iso2
                + "</extra>",
            )
        )
    base = tco.drop_duplicates("year")
    fig.add_trace(
        go.Scatter(
            x=base["year"],
            y=base["cumulative_baseline_usd"],
            mode="lines",
            name=baseline_label,
            line={"color": HQ_COLOR, "dash": "dash"},
        )
    )
    fig.update_xaxes(title="year", dtick=1)
    fig.update_yaxes(title="cumulative cost (USD)", tickformat="$,.0f")
    return layout(fig, "Total cost of ownership", height=460)


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def agents_by_hour(agents: tuple[int, ...] | list[int]) -> go.Figure:
    """Agents needed in each hour of the service week (168 bars, Monday 00:00 first)."""
    labels = [f"{DAYS[h // 24]} {h % 24:02d}:00" for h in range(len(agents))]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=list(agents),
            marker_color=SHORE_COLORS["onshore"],
            hovertemplate="%{x}: %{y} agents<extra></extra>",
        )
    )
    fig.update_xaxes(tickvals=labels[::24], ticktext=list(DAYS), title=None)
    fig.update_yaxes(title="agents (before shrinkage)", rangemode="tozero")
    return layout(fig, "Agents needed, hour by hour of the service week", height=320,
                   bargap=0.05)  # fmt: skip


def cost_by_share(frame: pd.DataFrame, years: int) -> go.Figure:
    """The cheapest location's total cost per shore class against the automation share."""
    fig = go.Figure()
    for shore, color in SHORE_COLORS.items():
        rows = frame[frame["shore"] == shore]
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=100 * rows["share"],
                y=rows["total_cost_usd"],
                name=shore,
                mode="lines+markers",
                line={"color": color, "dash": SHORE_DASH[shore]},
                customdata=rows["name"],
                hovertemplate="%{x:.0f} % by AI: %{customdata}, %{y:,.0f} USD<extra>"
                + shore
                + "</extra>",
            )
        )
    fig.update_xaxes(title="share of the volume AI agents resolve (%)", ticksuffix=" %")
    fig.update_yaxes(title=f"total cost over {years} years (USD)", rangemode="tozero")
    return layout(fig, "Cheapest location per shore class, by automation share", height=380)


def pricing_bars(table: pd.DataFrame, years: int) -> go.Figure:
    """Each pricing model's cost over the horizon, with its low–high range as a whisker."""
    fig = go.Figure(
        go.Bar(
            x=table["model"],
            y=table["total_usd"],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": table["high_usd"] - table["total_usd"],
                "arrayminus": table["total_usd"] - table["low_usd"],
            },
            marker_color=SHORE_COLORS["offshore"],
            hovertemplate="%{x}: %{y:,.0f} USD<extra></extra>",
        )
    )
    fig.update_yaxes(title=f"cost over {years} years (USD)", rangemode="tozero")
    return layout(fig, "The same work, three ways to pay for it", height=340)


def portfolio_frontier(curve: pd.DataFrame) -> go.Figure:
    """The optimiser's trade-off: blended cost (and score) as the cap on one site's share
    tightens — what spreading the work costs."""
    fig = go.Figure(
        go.Scatter(
            x=100 * curve["max_share"],
            y=curve["cost_usd_hr"],
            mode="lines+markers+text",
            text=curve["mix"],
            textposition="top center",
            line={"color": SHORE_COLORS["onshore"]},
            customdata=curve[["score", "hhi"]].to_numpy(),
            hovertemplate="largest share %{x:.0f} %: %{y:.2f} USD/h, score %{customdata[0]:.1f},"
            " HHI %{customdata[1]:.2f}<br>%{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title="largest share of one site (%) — concentration risk", ticksuffix=" %",
                     autorange="reversed")  # fmt: skip
    fig.update_yaxes(title="blended cost (USD/h)", rangemode="tozero")
    return layout(fig, "What spreading the work costs", height=380, showlegend=False)
