"""How solid is the #1? Weight intervals, the smallest flip, Monte Carlo over weights, and the
agreement between the weighted sum and TOPSIS.

All functions take the :class:`~sourcing.scoring.Ranking` from :func:`sourcing.rank` and
re-aggregate its decision matrix with the shared kernel (:func:`~sourcing.scoring.total_score`)
rather than ranking again; only non-excluded locations take part. Changing one weight
rescales the others proportionally so the weights still sum to 1: with weight ``t`` on
criterion c, criterion j ≠ c weighs ``wⱼ (1 − t) / (1 − w_c)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sourcing.criteria import CRITERIA
from sourcing.scoring import Ranking, total_score

GRID = 401  # TOPSIS intervals are found on this grid of t, then refined by bisection
DIRICHLET_CONCENTRATION = 100.0
DIRICHLET_FLOOR = 1e-3


@dataclass(frozen=True)
class Candidates:
    iso2: np.ndarray
    names: np.ndarray
    matrix: np.ndarray  # locations × criteria sub-scores
    weights: np.ndarray


def candidates(ranking: Ranking) -> Candidates:
    """The ranking's non-excluded rows of the decision matrix, with its weights."""
    kept = ranking.kept()
    return Candidates(
        ranking.iso2[kept],
        ranking.facts["name"].to_numpy()[kept],
        ranking.matrix[kept],
        ranking.weights,
    )


def _weights_with(weights: np.ndarray, index: int, t: np.ndarray) -> np.ndarray:
    """Rows of weights with criterion ``index`` set to each t and the rest rescaled."""
    t = np.atleast_1d(t)
    rest = weights.copy()
    rest[index] = 0.0
    if rest.sum() > 0:
        rest = rest / rest.sum()
    out = np.outer(1 - t, rest)
    out[:, index] = t
    return out


def _leaders(c: Candidates, index: int, t: np.ndarray, method: str) -> np.ndarray:
    w = _weights_with(c.weights, index, t)
    if method == "wsm":
        scores = c.matrix @ w.T  # locations × len(t)
    else:
        scores = np.stack([total_score(c.matrix, row, "topsis") for row in w], axis=1)
    return scores.argmax(axis=0)


def weight_intervals(ranking: Ranking) -> pd.DataFrame:
    """Per criterion: the weight range over which the current #1 stays #1, and who takes over.

    Columns: criterion, weight, low, high, leader_below (new #1 just below ``low``),
    leader_above (new #1 just above ``high``), flip_change (smallest |Δweight| that flips #1,
    empty if none does), flips_to.
    """
    c = candidates(ranking)
    if len(c.iso2) < 2:
        return pd.DataFrame(columns=_INTERVAL_COLUMNS)
    leader = int(np.argmax(total_score(c.matrix, c.weights, ranking.method)))
    rows = []
    for i, criterion in enumerate(CRITERIA):
        low, high, below, above = _interval(c, i, leader, ranking.method)
        w = c.weights[i]
        options = []
        if below is not None:
            options.append((w - low, below))
        if above is not None:
            options.append((high - w, above))
        change, to = min(options) if options else (None, None)
        rows.append(
            {
                "criterion": criterion,
                "weight": w,
                "low": low,
                "high": high,
                "leader_below": None if below is None else c.iso2[below],
                "leader_above": None if above is None else c.iso2[above],
                "flip_change": change,
                "flips_to": None if to is None else c.iso2[to],
            }
        )
    return pd.DataFrame(rows, columns=_INTERVAL_COLUMNS)


_INTERVAL_COLUMNS = [
    "criterion", "weight", "low", "high", "leader_below", "leader_above", "flip_change",
    "flips_to",
]  # fmt: skip


def _interval(c: Candidates, index: int, leader: int, method: str):
    w = c.weights[index]
    if method == "wsm":
        return _interval_linear(c, index, leader, w)
    return _interval_search(c, index, leader, w)


def _interval_linear(c: Candidates, index: int, leader: int, w: float):
    """Exact for the weighted sum: each total is linear in t, so each rival crosses once."""
    base = _weights_with(c.weights, index, np.array([0.0]))[0]
    rest_scores = c.matrix @ base  # total at t = 0
    own = c.matrix[:, index]  # total at t = 1
    # total_k(t) = rest_k + t (own_k - rest_k);  margin_k(t) = a_k + t b_k  (leader minus k)
    a = rest_scores[leader] - rest_scores
    b = (own[leader] - rest_scores[leader]) - (own - rest_scores)
    low, high, below, above = 0.0, 1.0, None, None
    for k in range(len(a)):
        if k == leader or b[k] == 0:
            continue
        t = -a[k] / b[k]
        if b[k] > 0 and low < t <= w + 1e-12:  # rival leads below t
            low, below = t, k
        elif b[k] < 0 and w - 1e-12 <= t < high:  # rival leads above t
            high, above = t, k
    if below is not None:
        below = int(_leaders(c, index, np.array([max(low - 1e-9, 0.0)]), "wsm")[0])
    if above is not None:
        above = int(_leaders(c, index, np.array([min(high + 1e-9, 1.0)]), "wsm")[0])
    return low, high, below, above


def _interval_search(c: Candidates, index: int, leader: int, w: float):
    grid = np.linspace(0.0, 1.0, GRID)
    leaders = _leaders(c, index, grid, "topsis")
    low, high, below, above = 0.0, 1.0, None, None
    left = np.nonzero((grid < w) & (leaders != leader))[0]
    if left.size:
        lo, hi = grid[left[-1]], w
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (
                (mid, hi)
                if _leaders(c, index, np.array([mid]), "topsis")[0] != leader
                else (lo, mid)
            )
        low, below = hi, int(_leaders(c, index, np.array([lo]), "topsis")[0])
    right = np.nonzero((grid > w) & (leaders != leader))[0]
    if right.size:
        lo, hi = w, grid[right[0]]
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (
                (lo, mid)
                if _leaders(c, index, np.array([mid]), "topsis")[0] != leader
                else (mid, hi)
            )
        high, above = lo, int(_leaders(c, index, np.array([hi]), "topsis")[0])
    return low, high, below, above


def monte_carlo(
    ranking: Ranking,
    draws: int = 5_000,
    seed: int = 0,
    concentration: float = DIRICHLET_CONCENTRATION,
) -> pd.DataFrame:
    """Share of weight draws in which each location is #1 and in the top 3.

    Weights are drawn from a Dirichlet distribution with α = concentration × w (floored at
    0.001 so zero weights stay near zero): centred on the chosen weights; the larger the
    concentration, the tighter. Seeded, so the same call gives the same shares.
    """
    c = candidates(ranking)
    if len(c.iso2) == 0:
        return pd.DataFrame(columns=["iso2", "name", "top1_share", "top3_share"])
    rng = np.random.default_rng(seed)
    alpha = np.maximum(c.weights * concentration, DIRICHLET_FLOOR)
    w = rng.dirichlet(alpha, size=draws)  # draws × criteria
    if ranking.method == "wsm":
        scores = c.matrix @ w.T  # locations × draws
    else:
        m = c.matrix[:, :, None]
        wt = w.T[None, :, :]
        best = np.sqrt((((100.0 - m) * wt) ** 2).sum(axis=1))
        worst = np.sqrt(((m * wt) ** 2).sum(axis=1))
        scores = worst / (best + worst)
    n = len(c.iso2)
    top1 = np.bincount(scores.argmax(axis=0), minlength=n) / draws
    k = min(3, n)
    top3_idx = np.argpartition(-scores, k - 1, axis=0)[:k]
    top3 = np.bincount(top3_idx.ravel(), minlength=n) / draws
    out = pd.DataFrame({"iso2": c.iso2, "name": c.names, "top1_share": top1, "top3_share": top3})
    return out.sort_values(["top3_share", "top1_share"], ascending=False).reset_index(drop=True)


def kendall_tau(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's τ-b between two score vectors (ties handled), O(n²) — n is under 300 here."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    dx = np.sign(x[:, None] - x[None, :])
    dy = np.sign(y[:, None] - y[None, :])
    upper = np.triu_indices(len(x), 1)
    dx, dy = dx[upper], dy[upper]
    concordant = (dx * dy).sum()
    denominator = np.sqrt((dx != 0).sum() * (dy != 0).sum())
    return float(concordant / denominator) if denominator else 1.0


def method_agreement(ranking: Ranking, top: int = 5):
    """Kendall τ between weighted-sum and TOPSIS ranks, and the locations whose rank moves most.

    Returns (tau, DataFrame[iso2, name, rank_wsm, rank_topsis, moved]).
    """
    c = candidates(ranking)
    wsm = total_score(c.matrix, c.weights, "wsm")
    topsis = total_score(c.matrix, c.weights, "topsis")
    frame = pd.DataFrame(
        {
            "iso2": c.iso2,
            "name": c.names,
            "rank_wsm": pd.Series(wsm).rank(ascending=False, method="min").astype(int),
            "rank_topsis": pd.Series(topsis).rank(ascending=False, method="min").astype(int),
        }
    )
    frame["moved"] = frame["rank_topsis"] - frame["rank_wsm"]
    tau = kendall_tau(wsm, topsis) if len(c.iso2) > 1 else 1.0
    movers = frame.reindex(frame["moved"].abs().sort_values(ascending=False).index).head(top)
    return tau, movers.reset_index(drop=True)
