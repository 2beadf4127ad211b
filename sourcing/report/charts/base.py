"""Figure builders: pure functions from DataFrames to plotly Figures, shared by every page and
the exported brief. Shore classes keep one colour everywhere (Okabe–Ito, colour-blind safe);
excluded locations are grey."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sourcing.model.criteria import CRITERIA

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


GRID_COLOR = "#E6E6E6"
_AXIS = {"gridcolor": GRID_COLOR, "linecolor": GRID_COLOR, "zerolinecolor": GRID_COLOR,
         "ticks": "", "automargin": True}  # fmt: skip
# Every chart's look, carried by the figure itself: white ground, light grid, near-black text
# (the app's body colour and font) and the Okabe–Ito colours. Small on purpose: a figure sends its
# template with it, and plotly's own are ~6.5 KB of JSON a chart; the dashboard draws charts
# with this and not Streamlit's theme (whose recolouring in the browser cost ~30 ms a page in
# one A/B and nothing measurable in two more: bench/ab.py).
TEMPLATE = go.layout.Template(
    layout={
        "font": {"color": "#111111", "family": '"Source Sans", sans-serif'},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": list(COUNTRY_COLORS),
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "polar": {
            "bgcolor": "white",
            "angularaxis": {"gridcolor": GRID_COLOR},
            "radialaxis": {"gridcolor": GRID_COLOR},
        },
        "geo": {
            "bgcolor": "white",
            "landcolor": "white",
            "showland": True,
            "subunitcolor": "#C8D4E3",
        },
        "legend": {"bgcolor": "rgba(255,255,255,0)"},
    }
)


def layout(fig: go.Figure, title: str, **kw) -> go.Figure:
    fig.update_layout(
        title={"text": title},
        font=FONT,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        template=TEMPLATE,
        **kw,
    )
    return fig


def fmt(value, spec: str = ".1f") -> str:
    return "no data" if value is None or pd.isna(value) else format(value, spec)


def cost_text(row) -> str:
    """ "7.34 USD/h (5.20–9.81; measured (…))": the cost, its range when it has one, its source."""
    value = row.get("cost_usd_hr")
    if value is None or pd.isna(value):
        return "cost: no data"
    low, high = row.get("cost_low_usd_hr"), row.get("cost_high_usd_hr")
    span = "" if low is None or pd.isna(low) or low == high else f"{low:.2f}–{high:.2f}; "
    return f"{value:.2f} USD/h ({span}{row.get('cost_source', 'no source')})"


def hover_rows(frame: pd.DataFrame, *extra: str) -> list[dict]:
    """The rows a hover text reads (name, shore, score, rank, cost and its range and source,
    the sub-scores, and ``extra``) as plain dicts: ``iterrows`` over the ranked table's ~100
    columns cost the city map ~30 ms a rerun for its 400 points."""
    wanted = ("name", "shore", "score", "rank", "cost_usd_hr", "cost_low_usd_hr",
              "cost_high_usd_hr", "cost_source", "cost_provenance",
              *(f"score_{c}" for c in CRITERIA), *extra)  # fmt: skip
    return frame[[c for c in dict.fromkeys(wanted) if c in frame.columns]].to_dict("records")


def breakdown(row) -> str:
    parts = [f"{c}: {row[f'score_{c}']:.0f}" for c in CRITERIA]
    return "<br>".join(parts)


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
