"""Pareto front of cost against a second criterion.

A location is dominated when another is at least as cheap *and* at least as good on the second
criterion, and strictly better on one of them. The default second criterion is the weighted mean
of the non-cost sub-scores (the scenario's weights without cost, renormalised).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sourcing.engine.scoring import Ranking
from sourcing.engine.tables import key_column, select
from sourcing.model.criteria import CRITERIA

NON_COST = "non_cost_score"
RANGE = ("cost_low_usd_hr", "cost_high_usd_hr", "cost_source")  # carried along when present


def non_cost_score(weights: dict[str, float], table: pd.DataFrame) -> pd.Series:
    """The weighted mean of the non-cost sub-scores of ``table``'s rows."""
    rest = {c: w for c, w in weights.items() if c != "cost"}
    total = sum(rest.values())
    if total <= 0:  # only cost weighs: fall back to an unweighted mean of the rest
        rest, total = dict.fromkeys([c for c in CRITERIA if c != "cost"], 1.0), len(CRITERIA) - 1
    return sum(table[f"score_{c}"] * w for c, w in rest.items()) / total


def pareto(
    ranking: Ranking,
    versus: str = NON_COST,
    shores: list[str] | tuple[str, ...] = (),
    regions: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """Non-excluded locations (in ``shores`` and ``regions``, all when empty) with cost, the
    second criterion, ``dominated`` and ``dominated_by``.

    ``versus`` is ``non_cost_score`` or any ``score_<criterion>`` / numeric column of the table
    (higher is better). Locations without a cost are left out (no data to place them).
    """
    table = select(ranking.to_frame(), shores, regions, include_excluded=False)
    return pareto_front(table, versus, dict(zip(CRITERIA, ranking.weights, strict=True)))


def pareto_front(
    table: pd.DataFrame, versus: str = NON_COST, weights: dict[str, float] | None = None
) -> pd.DataFrame:
    """The front over the rows of a ranked table (excluded rows and rows without cost are left
    out); ``weights`` are needed for ``versus="non_cost_score"``."""
    kept = table[~table["excluded"] & table["cost_usd_hr"].notna()].copy()
    if versus == NON_COST:
        if weights is None:
            raise ValueError("the non-cost score needs the ranking's weights")
        kept[NON_COST] = non_cost_score(weights, kept)
    elif versus not in kept.columns:
        raise ValueError(f"unknown criterion {versus!r}")
    key = key_column(kept)  # a city is its own point
    cost = kept["cost_usd_hr"].to_numpy(float)
    value = kept[versus].to_numpy(float)
    # dominates[i, j]: i dominates j
    no_worse = (cost[:, None] <= cost[None, :]) & (value[:, None] >= value[None, :])
    better = (cost[:, None] < cost[None, :]) | (value[:, None] > value[None, :])
    dominates = no_worse & better
    dominated = dominates.any(axis=0)
    # name the dominator with the best second criterion among those that dominate
    by = []
    for j in range(len(kept)):
        rivals = np.nonzero(dominates[:, j])[0]
        by.append(kept[key].iloc[rivals[np.argmax(value[rivals])]] if rivals.size else None)
    shown = [key, "iso2", "name", "shore", "cost_usd_hr", *RANGE, versus, "score"]
    out = kept[[c for c in dict.fromkeys(shown) if c in kept]].copy()
    out["dominated"] = dominated
    out["dominated_by"] = by
    return out.sort_values(["cost_usd_hr", key], kind="stable").reset_index(drop=True)
