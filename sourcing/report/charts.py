"""Figure builders: pure functions from DataFrames to plotly Figures, shared by every page and
the exported brief. Shore classes keep one colour everywhere (Okabe–Ito, colour-blind safe);
excluded locations are grey."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pycountry

from sourcing.model.criteria import BY_NAME, CRITERIA

SHORE_COLORS = {"onshore": "#0072B2", "nearshore": "#E69F00", "offshore": "#009E73"}
EXCLUDED_COLOR = "#BBBBBB"
OUTSIDE_COLOR = "#EEEEEE"  # countries the dataset does not cover
HQ_COLOR = "#D55E00"
# one colour per country where a chart's lines are countries (Okabe–Ito, HQ's colour left out);
# the shore class is then shown by the line's dash
COUNTRY_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
SHORE_DASH = {"onshore": "dot", "nearshore": "dash", "offshore": "solid"}
# … and on markers by the symbol, so no chart says shore class by colour alone (WCAG 1.4.1)
SHORE_SYMBOL = {"onshore": "circle", "nearshore": "diamond", "offshore": "square"}
OVERLAP_COLOR = "#CC79A7"
SCORE_SCALE = "Viridis"
FONT = {"size": 15}


def _layout(fig: go.Figure, title: str, **kw) -> go.Figure:
    fig.update_layout(
        title={"text": title}, font=FONT, margin={"l": 10, "r": 10, "t": 50, "b": 10}, **kw
    )
    return fig


def _fmt(value, spec: str = ".1f") -> str:
    return "no data" if value is None or pd.isna(value) else format(value, spec)


def cost_text(row) -> str:
    """ "7.34 USD/h (5.20–9.81; measured (…))": the cost, its range when it has one, its source."""
    value = row.get("cost_usd_hr")
    if value is None or pd.isna(value):
        return "cost: no data"
    low, high = row.get("cost_low_usd_hr"), row.get("cost_high_usd_hr")
    span = "" if low is None or pd.isna(low) or low == high else f"{low:.2f}–{high:.2f}; "
    return f"{value:.2f} USD/h ({span}{row.get('cost_source', 'no source')})"


def _breakdown(row) -> str:
    parts = [f"{c}: {row[f'score_{c}']:.0f}" for c in CRITERIA]
    return "<br>".join(parts)


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
                + ("" if metric == "score" else f"{label}: {_fmt(r[metric])}<br>")
                + f"score {_fmt(r['score'])}, rank {r['rank']}<br>"
                + f"cost {cost_text(r)}<br>"
                + _breakdown(r)
                for _, r in included.iterrows()
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
    return _layout(fig, f"{label} by country", height=640)


def overlap_bars(rows: pd.DataFrame, title: str = "Working hours in HQ time") -> go.Figure:
    """24-hour bars in HQ time. ``rows``: label, start_h, end_h (HQ clock hours, end may be >
    24), kind ∈ {hq, day, shifted}, shore, overlap_start_h, overlap_end_h (optional)."""
    fig = go.Figure()
    for _, r in rows.iterrows():
        color = HQ_COLOR if r["kind"] == "hq" else SHORE_COLORS.get(r["shore"], EXCLUDED_COLOR)
        pattern = {"shape": "/" if r["kind"] == "shifted" else ""}
        _add_span(fig, r["label"], r["start_h"], r["end_h"], f"{r['label']}: ",
                  marker={"color": color, "pattern": pattern})  # fmt: skip
        if pd.notna(r.get("overlap_start_h")) and r.get("overlap_end_h", 0) > r["overlap_start_h"]:
            _add_span(fig, r["label"], r["overlap_start_h"], r["overlap_end_h"],
                      "overlap with HQ ", width=0.25, marker={"color": OVERLAP_COLOR})  # fmt: skip
    fig.update_xaxes(range=[0, 24], dtick=2, title="HQ time (h)")
    fig.update_layout(barmode="overlay")
    return _layout(fig, title, height=120 + 40 * len(rows))


def _add_span(
    fig: go.Figure, label: str, start: float, end: float, hover: str, suffix: str = "", **bar
) -> None:
    """A horizontal bar on row ``label`` from ``start`` to ``end`` (HQ clock hours), in two
    pieces where it runs past midnight; each piece's hover reads ``hover`` HH:MM–HH:MM
    ``suffix``. ``bar``: the rest of the :class:`go.Bar` (marker, width, text …)."""
    for a, b in _wrap(start, end):
        fig.add_trace(
            go.Bar(
                y=[label],
                x=[b - a],
                base=[a],
                orientation="h",
                showlegend=False,
                hovertemplate=f"{hover}{_hhmm(a)}–{_hhmm(b)}{suffix}<extra></extra>",
                **bar,
            )
        )


def _wrap(start: float, end: float) -> list[tuple[float, float]]:
    start, end = start % 24, start % 24 + (end - start)
    if end <= 24:
        return [(start, end)]
    return [(start, 24.0), (0.0, end - 24)]


def _hhmm(hours: float) -> str:
    minutes = round(hours * 60) % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def year_heatmap(view: pd.DataFrame, names: dict[str, str] | None = None) -> go.Figure:
    """Weeks × countries heatmap of overlap hours; DST-shift weeks are marked on hover."""
    names = names or {}
    grid = view.pivot(index="iso2", columns="week", values="overlap_local_day_hours")
    shifted = view.pivot(index="iso2", columns="week", values="dst_shift")
    dates = view.drop_duplicates("week").set_index("week")["date"]
    text = [
        [
            f"{names.get(i, i)}, week {w} ({dates[w]}): {grid.at[i, w]:.2f} h"
            + (" — clocks changed on different dates" if shifted.at[i, w] else "")
            for w in grid.columns
        ]
        for i in grid.index
    ]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=[names.get(i, i) for i in grid.index],
            colorscale=SCORE_SCALE,
            colorbar={"title": {"text": "h"}},
            text=text,
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title="week")
    return _layout(fig, "HQ overlap (local office day), week by week",
                   height=160 + 22 * len(grid))  # fmt: skip


def _hours(clock: str) -> float:
    hours, minutes = clock.split(":")
    return int(hours) + int(minutes) / 60


def plan_strip(
    plans: pd.DataFrame,
    windows: dict[str, tuple[float, float]],
    shores: dict[str, str],
    names: dict[str, str] | None = None,
) -> go.Figure:
    """Follow-the-sun plans as 24-hour strips in HQ time, one row per plan; each member's bar
    carries its country name in dark text, coloured by shore class."""
    names = names or {}
    fig = go.Figure()
    for _, p in plans.iterrows():
        label = f"plan {p['plan']}"
        for iso2 in p["iso2"].split():
            start, end = windows[iso2]
            if p["k"] == 1 and "hq_window" in p:  # one site on shifts: it staffs the window
                start, end = (_hours(t) for t in p["hq_window"].split("–"))
                end += 24 if end <= start else 0
            name = names.get(iso2, iso2)
            _add_span(fig, label, start, end, f"{name}: ", " HQ time", opacity=0.75,
                      marker={"color": SHORE_COLORS.get(shores.get(iso2), EXCLUDED_COLOR),
                              "line": {"color": "white", "width": 1}},
                      text=name, textposition="inside", insidetextanchor="middle",
                      textfont={"color": "#111"})  # fmt: skip
    fig.update_xaxes(range=[0, 24], dtick=2, title="HQ time (h)")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="overlay")
    return _layout(fig, "Follow-the-sun plans", height=140 + 45 * len(plans))


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
                customdata=[[cost_text(r)] for _, r in part.iterrows()],
                hovertemplate="%{x}: %{customdata[0]}<extra></extra>",
            )
        )
    fig.update_xaxes(categoryorder="array", categoryarray=shown["name"].tolist(), tickangle=-60,
                     tickfont={"size": 10})  # fmt: skip
    fig.update_yaxes(title="USD per hour (2024)", type="log")
    return _layout(fig, f"{role.capitalize()}: hourly cost and its range", height=520)


def pareto_scatter(front: pd.DataFrame, versus: str, label: str) -> go.Figure:
    """Cost vs. a second criterion; the Pareto front drawn as a line, dominated points faded;
    each cost's low–high range as a horizontal bar."""
    fig = go.Figure()
    best = front.nlargest(3, "score") if "score" in front else front.head(0)
    labelled = set(front.loc[~front["dominated"], "iso2"]) | set(best["iso2"])
    # neighbours along the cost axis take turns above and below their points
    in_order = front[front["iso2"].isin(labelled)].sort_values("cost_usd_hr")["iso2"]
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
                text=[r["name"] if r["iso2"] in labelled else "" for _, r in part.iterrows()],
                textposition=[position.get(i, "top center") for i in part["iso2"]],
                marker={
                    "color": color,
                    "symbol": SHORE_SYMBOL[shore],
                    "size": 11,
                    "opacity": [0.3 if d else 1.0 for d in part["dominated"]],
                },
                error_x=_cost_bars(part),
                customdata=[
                    [r["name"], r["dominated_by"] or "—", cost_text(r)] for _, r in part.iterrows()
                ],
                hovertemplate="%{customdata[0]}<br>%{customdata[2]}<br>"
                f"{label}: %{{y:.1f}}<br>dominated by: %{{customdata[1]}}<extra></extra>",
            )  # fmt: skip
        )
    line = front[~front["dominated"]].sort_values("cost_usd_hr")
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
    return _layout(fig, f"Cost vs. {label}", height=520)


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
    return _layout(fig, f"Why not {answer.name}? Against {answer.leader_name}", height=380)


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
    return _layout(fig, f"Weight ranges that keep {leader} at #1", height=380)


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
    fig = _layout(fig, "Sub-scores side by side", height=540)
    fig.update_layout(margin={"l": 60, "r": 60, "t": 60, "b": 50})  # room for every axis label
    return fig


def tco_lines(tco: pd.DataFrame, baseline_label: str = "keep at HQ") -> go.Figure:
    """Cumulative cost per year per location, with the HQ baseline in HQ's colour; each
    location its own colour, its shore class as the dash (solid offshore, dashed nearshore);
    a shaded band per location spans its cost at the low and the high end of its rate's range."""
    fig = go.Figure()
    for n, (iso2, part) in enumerate(tco.groupby("iso2", sort=False)):
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
    return _layout(fig, "Total cost of ownership", height=460)


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
    return _layout(fig, "Agents needed, hour by hour of the service week", height=320,
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
    return _layout(fig, "Cheapest location per shore class, by automation share", height=380)


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
    return _layout(fig, "The same work, three ways to pay for it", height=340)


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
    return _layout(fig, "What spreading the work costs", height=380, showlegend=False)


def _clean(label) -> str:
    return str(label).split("<br>")[0].replace("<b>", "").replace("</b>", "").strip()


def summary(figure: go.Figure, title: str) -> str:
    """One sentence a screen reader can read for a chart: its title, its series, how many
    points, and — for a map or a single series of labelled values — the highest and the
    lowest: "Chart: map score — 3 series …; 89 values, highest Philippines (85.7), lowest …"."""
    named = [str(t.name) for t in figure.data if getattr(t, "name", None)]
    text = f"Chart: {title}"
    if named:
        text += f" — {len(named)} series: {', '.join(named[:6])}" + ("…" if len(named) > 6 else "")
    coloured = [t for t in figure.data
                if t.type == "choropleth" and t.z is not None and t.text is not None]  # fmt: skip
    single = [t for t in figure.data if getattr(t, "y", None) is not None] if not coloured else []
    source = max(coloured, key=lambda t: len(set(t.z))) if coloured else None  # the measure
    if source is None and len(single) == 1 and single[0].text is not None:
        source = single[0]
    if source is not None:
        values = source.z if coloured else source.y
        pairs = [
            (float(v), _clean(label))
            for v, label in zip(values, source.text, strict=False)
            if isinstance(v, int | float) and v == v
        ]  # fmt: skip (numbers only)
        if pairs:
            (hv, hn), (lv, ln) = max(pairs), min(pairs)
            text += f"; {len(pairs)} values, highest {hn} ({hv:g}), lowest {ln} ({lv:g})"
    else:
        points = sum(len(t.x) for t in figure.data if getattr(t, "x", None) is not None)
        if points:
            text += f"; {points} points"
    return text + "."
