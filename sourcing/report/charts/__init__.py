"""Figure builders: pure functions from DataFrames to plotly Figures, shared by every page and
the exported brief. Shore classes keep one colour everywhere (Okabe–Ito, colour-blind safe) and a
symbol beside it; excluded locations are grey. ``base`` holds the palette, the layout and the
screen-reader summary; ``ranking``, ``clock`` and ``money`` the figures, by what they show."""

from sourcing.report.charts.base import (
    COUNTRY_COLORS,
    EXCLUDED_COLOR,
    FONT,
    HQ_COLOR,
    OUTSIDE_COLOR,
    OVERLAP_COLOR,
    SCORE_SCALE,
    SHORE_COLORS,
    SHORE_DASH,
    SHORE_SYMBOL,
    cost_text,
    summary,
)
from sourcing.report.charts.cities import city_map
from sourcing.report.charts.clock import overlap_bars, plan_strip, year_heatmap
from sourcing.report.charts.money import (
    DAYS,
    agents_by_hour,
    cost_by_share,
    portfolio_frontier,
    pricing_bars,
    tco_lines,
)
from sourcing.report.charts.ranking import (
    TIER_COLORS,
    cost_ranges,
    pareto_points,
    pareto_scatter,
    radar,
    score_map,
    weight_ranges,
    why_not_bars,
)

__all__ = [
    "COUNTRY_COLORS", "DAYS", "EXCLUDED_COLOR", "FONT", "HQ_COLOR", "OUTSIDE_COLOR",
    "OVERLAP_COLOR", "SCORE_SCALE", "SHORE_COLORS", "SHORE_DASH", "SHORE_SYMBOL", "TIER_COLORS",
    "agents_by_hour", "city_map", "cost_by_share", "cost_ranges", "cost_text", "overlap_bars",
    "pareto_points", "pareto_scatter", "plan_strip", "portfolio_frontier", "pricing_bars",
    "radar", "score_map",
    "summary", "tco_lines", "weight_ranges", "why_not_bars", "year_heatmap",
]  # fmt: skip
