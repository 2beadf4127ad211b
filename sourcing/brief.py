"""The scenario brief: one self-contained HTML file a facilitator can email after a session.

plotly.js and the world topojson are embedded (``window.PlotlyGeoAssets`` is filled before
plotly.js loads, so the map never fetches anything), so the file opens offline. User text
(country names, reasons, notes) is HTML-escaped.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from sourcing.scenario import Scenario
from sourcing.scoring import Ranking, top

STATIC = Path(__file__).resolve().parent.parent / "static"
TOPOJSON = "world_110m"

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
h1{margin-bottom:.2rem} .meta{color:#555} table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4} .figure{margin:1.5rem 0} code{background:#f4f4f4;padding:0 .2rem}
"""


def _rows(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "no data"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def build_brief(
    scenario: Scenario,
    table: pd.DataFrame,
    figures: list[tuple[str, go.Figure]],
    title: str = "Shoreline scenario brief",
    note: str = "",
) -> str:
    """The brief as HTML text: scenario, top 10 with reasons, then each figure."""
    topojson = (STATIC / f"{TOPOJSON}.json").read_text(encoding="utf-8")
    settings = pd.DataFrame(
        [(k, _cell(v)) for k, v in json.loads(scenario.to_json()).items()],
        columns=["setting", "value"],
    )
    best = top(table, 10)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{STYLE}</style>",
        f"<script>window.PlotlyGeoAssets={{topojson:{{{json.dumps(TOPOJSON)}:{topojson}}}}};"
        "</script>",
        f"<script>{get_plotlyjs()}</script></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='meta'>{html.escape(scenario.preset.name)} · HQ {html.escape(scenario.hq)}"
        f" · hours on {scenario.working_on.isoformat()}</p>",
    ]
    if note:
        parts.append(f"<p>{html.escape(note)}</p>")
    parts += ["<h2>Top 10</h2>", _rows(best), "<h2>Scenario</h2>", _rows(settings)]
    for heading, fig in figures:
        parts.append(f"<div class='figure'><h2>{html.escape(heading)}</h2>")
        parts.append(
            pio.to_html(fig, include_plotlyjs=False, full_html=False, config={"displaylogo": False})
        )
        parts.append("</div>")
    parts.append(
        "<p class='meta'>Made with Shoreline. Costs are estimates unless marked "
        "“your data”.</p></body></html>"
    )
    return "".join(parts)


def brief_for(ranking: Ranking, countries: pd.DataFrame, note: str = "") -> str:
    """The standard brief: map, overlap chart, trade-off scatter and TCO for the top 3."""
    from sourcing import charts
    from sourcing.costs import tco
    from sourcing.pareto import NON_COST, pareto
    from sourcing.schedule import working_day_rows

    scenario, table = ranking.scenario, ranking.to_frame()
    ranked = table[~table["excluded"]].sort_values("rank")
    leaders = [i for i in ranked["iso2"] if i != scenario.hq]
    figures = [("Map", charts.score_map(table, "score", scenario.hq, "Total score", countries))]
    rows = working_day_rows(scenario, table, countries, leaders[:5])
    figures.append(("Working hours", charts.overlap_bars(rows)))
    front = pareto(ranking)
    if not front.empty:
        figures.append(("Trade-offs", charts.pareto_scatter(front, NON_COST, "non-cost score")))
    try:
        lines = tco(scenario, table[table["iso2"].isin(leaders[:3] + [scenario.hq])])
        figures.append(
            ("Total cost of ownership", charts.tco_lines(lines[lines["iso2"] != scenario.hq]))
        )
    except ValueError as err:
        note = f"{note} (TCO not shown: {err})".strip()
    return build_brief(scenario, table, figures, note=note)
