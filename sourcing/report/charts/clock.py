"""Figures on HQ's clock: working hours side by side, overlap week by week through the year,
follow-the-sun plan strips."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sourcing.report.charts.base import (
    EXCLUDED_COLOR,
    HQ_COLOR,
    OVERLAP_COLOR,
    SCORE_SCALE,
    SHORE_COLORS,
    layout,
)


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
    return layout(fig, title, height=120 + 40 * len(rows))


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
    return layout(fig, "HQ overlap (local office day), week by week",
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
    return layout(fig, "Follow-the-sun plans", height=140 + 45 * len(plans))
