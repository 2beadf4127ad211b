"""How solid is the #1? Weight intervals, the smallest flip, a Monte Carlo over the weights and
the costs' ranges, and the agreement between the weighted sum and TOPSIS.

All functions take the :class:`~sourcing.engine.scoring.Ranking` from :func:`sourcing.rank` and
re-aggregate its decision matrix with the shared kernel
(:func:`~sourcing.engine.scoring.total_score`) rather than ranking again; only non-excluded
locations take part. Changing one weight
rescales the others proportionally so the weights still sum to 1: with weight ``t`` on
criterion c, criterion j ≠ c weighs ``wⱼ (1 − t) / (1 − w_c)``.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sourcing.engine.scorers import (
    UNKNOWN_HIGH,
    UNKNOWN_SCORE,
    cost_anchor,
    cost_reference,
    cost_subscore,
)
from sourcing.engine.scoring import Ranking, total_score
from sourcing.model.criteria import BY_NAME, CRITERIA

GRID = 401  # TOPSIS intervals are found on this grid of t, then refined by bisection
DIRICHLET_CONCENTRATION = 100.0
DIRICHLET_FLOOR = 1e-3
# the robustness figure the brief states and Trade-offs opens with: one Monte Carlo (these
# draws, seed 0), so both say the same number for the same scenario
ROBUSTNESS_DRAWS = 5_000


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
    # the weighted sum directly: at t = 0 a lone criterion leaves an all-zero row of weights
    scores = c.matrix @ w.T if method == "wsm" else total_score(c.matrix, w, "topsis")
    return scores.argmax(axis=0)  # locations × len(t) → the leader per t


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


def intervals_for_people(intervals: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """:func:`weight_intervals` as a person reads it: criterion labels, weights in % of the
    total weight (the sliders' units when they sum to 100), country names, blanks for none."""

    def name(code) -> str:
        return "" if code is None or pd.isna(code) else names.get(code, code)

    def pct(value) -> float:
        return float("nan") if value is None or pd.isna(value) else round(100 * value, 1)

    return pd.DataFrame({
        "Criterion": [BY_NAME[c].label for c in intervals["criterion"]],
        "Weight (%)": [pct(v) for v in intervals["weight"]],
        "#1 holds from (%)": [pct(v) for v in intervals["low"]],
        "to (%)": [pct(v) for v in intervals["high"]],
        "New #1 below": [name(v) for v in intervals["leader_below"]],
        "New #1 above": [name(v) for v in intervals["leader_above"]],
        "Smallest flip (points)": [pct(v) for v in intervals["flip_change"]],
        "Flips to": [name(v) for v in intervals["flips_to"]],
    })  # fmt: skip


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
        low, below = _edge(c, index, leader, w, grid[left[-1]])
    right = np.nonzero((grid > w) & (leaders != leader))[0]
    if right.size:
        high, above = _edge(c, index, leader, w, grid[right[0]])
    return low, high, below, above


def _edge(c: Candidates, index: int, leader: int, holds: float, lost: float):
    """Bisect between a weight where ``leader`` is #1 (``holds``) and one where it is not
    (``lost``, either side): the last weight found that keeps it #1, and who leads past it."""
    for _ in range(30):
        mid = (holds + lost) / 2
        if _leaders(c, index, np.array([mid]), "topsis")[0] != leader:
            lost = mid
        else:
            holds = mid
    return holds, int(_leaders(c, index, np.array([lost]), "topsis")[0])


def _cost_draws(ranking: Ranking, rng: np.random.Generator, draws: int) -> np.ndarray | None:
    """Cost sub-scores (kept locations × draws) with every cost drawn within its range, HQ's
    too; ``None`` when HQ has no cost (the cost criterion is then neutral everywhere).

    Each cost is drawn from a triangular distribution on [low, high] with its mode at the
    dataset's value — the usual three-point estimate — independently per location. A cost with
    no range (your rate card: exact) stays fixed; a location with no cost stays neutral.
    """
    f = ranking.facts
    if not {"onshore", "cost_usd_hr"} <= set(f.columns):
        return None  # a ranking over a given matrix: no costs behind the cost column
    hq_rows = np.nonzero(f["onshore"].to_numpy(bool))[0]
    if len(hq_rows) == 0:
        return None

    def spread(rows: np.ndarray) -> np.ndarray:
        value = f["cost_usd_hr"].to_numpy(float)[rows]
        low = f["cost_low_usd_hr"].to_numpy(float)[rows]
        high = f["cost_high_usd_hr"].to_numpy(float)[rows]
        low = np.where(np.isnan(low), value, low)
        high = np.where(np.isnan(high), value, high)
        u = rng.random((len(rows), draws))
        return _triangular(low[:, None], value[:, None], high[:, None], u)

    hq = spread(hq_rows[:1])[0]  # draws
    if np.isnan(hq).all():
        return None
    kept = ranking.kept()
    cost = spread(kept)
    cost[kept == hq_rows[0]] = hq
    anchor = cost_anchor(f["cost_usd_hr"].to_numpy(float))
    scores = cost_subscore(cost, cost_reference(hq, anchor)[None, :])
    j = CRITERIA.index("cost")
    no_data = ranking.missing[kept, j]
    scores[no_data] = rng.uniform(0.0, UNKNOWN_HIGH, (int(no_data.sum()), draws))  # unknown cost
    return scores


# cost draws by decision matrix (by its id, dropped when the matrix is collected) and then by
# (draws, seed). A weight move reuses the matrix (engine.scoring.rank), and the cost draws
# depend on the costs, their ranges and the exclusions only, never on the weights: the same
# draws serve every weight setting, so a move re-aggregates them instead of drawing 5,000 costs
# per location again
_COST_DRAWS: dict[int, dict[tuple[int, int], np.ndarray | None]] = {}
_COST_DRAWS_LOCK = threading.Lock()


def _per_matrix(matrix: np.ndarray) -> dict:
    """The cost draws kept for ``matrix`` (call under the lock)."""
    found = _COST_DRAWS.get(id(matrix))
    if found is None:
        found = _COST_DRAWS[id(matrix)] = {}
        weakref.finalize(matrix, _COST_DRAWS.pop, id(matrix), None)
    return found


def _streams(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for the weights and for the costs, both from ``seed``: the cost
    draws do not depend on how many numbers the weights' Dirichlet took."""
    weights, costs = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(weights), np.random.default_rng(costs)


def _shared_cost_draws(ranking: Ranking, draws: int, seed: int) -> np.ndarray | None:
    """:func:`_cost_draws` from the cost stream of ``seed``, computed once per decision matrix
    and read-only (shared between calls and sessions)."""
    key = (draws, seed)
    with _COST_DRAWS_LOCK:
        found = _per_matrix(ranking.matrix)
        if key in found:
            return found[key]
    scores = _cost_draws(ranking, _streams(seed)[1], draws)
    if scores is not None:
        scores.flags.writeable = False
    with _COST_DRAWS_LOCK:
        per_matrix = _per_matrix(ranking.matrix)
        if len(per_matrix) >= 8:
            per_matrix.pop(next(iter(per_matrix)))
        per_matrix[key] = scores
    return scores


def _triangular(low, mode, high, u):
    """Inverse CDF of the triangular distribution (element-wise; a zero-width range returns
    its value)."""
    width = high - low
    with np.errstate(invalid="ignore", divide="ignore"):
        split = np.where(width > 0, (mode - low) / width, 0.5)
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(width > 0, np.where(u < split, left, right), mode)


@dataclass(frozen=True)
class Draws:
    """What one Monte Carlo varied and what it found."""

    shares: pd.DataFrame  # iso2, name, top1_share, top3_share (kept locations, best first)
    leader: str | None  # the ranking's #1 (iso2)
    leader_kept: float  # share of draws in which it stays #1


MC_COLUMNS = ["iso2", "name", "top1_share", "top3_share"]


def monte_carlo(
    ranking: Ranking,
    draws: int = 5_000,
    seed: int = 0,
    concentration: float = DIRICHLET_CONCENTRATION,
    vary: tuple[str, ...] = ("weights", "costs"),
) -> pd.DataFrame:
    """Share of draws in which each location is #1 and in the top 3 (see :func:`draw`)."""
    return draw(ranking, draws, seed, concentration, vary).shares


@dataclass(frozen=True)
class _Unknowns:
    """The unknown sub-scores of the kept locations (other than cost, drawn with the costs):
    their cells and a draw of each between 0 and UNKNOWN_HIGH (cells × draws)."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray


def _unknown_draws(ranking: Ranking, draws: int, seed: int) -> _Unknowns | None:
    """Every unknown sub-score drawn uniformly between 0 and UNKNOWN_HIGH (it is scored
    UNKNOWN_SCORE: the data uncertainty of a missing figure is wide), from a third stream of the
    seed, so the weights' and the costs' draws are the ones they always were."""
    missing = ranking.missing[ranking.kept()].copy()
    missing[:, CRITERIA.index("cost")] = False
    rows, cols = np.nonzero(missing)
    if len(rows) == 0:
        return None
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[2])
    return _Unknowns(rows, cols, rng.uniform(0.0, UNKNOWN_HIGH, (len(rows), draws)))


def _draw_scores(
    matrix: np.ndarray,
    weights: np.ndarray,
    method: str,
    cost: np.ndarray | None,
    unknowns: _Unknowns | None = None,
) -> np.ndarray:
    """:func:`total_score` for one weight row per draw (draws × criteria), with the cost
    column drawn too (locations × draws) or fixed (``None``): locations × draws.

    The same sums as the kernel, taken criterion-separably — the fixed columns by one matrix
    product, the drawn cost column on its own — so no locations × criteria × draws array is
    built (5,000 draws over 100 locations: 36 MB each time). ``unknowns`` replace their cells'
    UNKNOWN_SCORE by a draw each: a correction per cell, as the sums are separable."""
    weights = np.asarray(weights, dtype=float)
    total = weights.sum(axis=1, keepdims=True)
    if (weights < 0).any() or not np.isfinite(weights).all() or (total <= 0).any():
        raise ValueError("weights must be finite, non-negative and not all zero")
    w = weights / total  # draws × criteria
    if cost is None:
        fixed, wf = matrix, w
    else:
        j = CRITERIA.index("cost")
        keep = [i for i in range(matrix.shape[1]) if i != j]
        fixed, wf, wc = matrix[:, keep], w[:, keep], w[:, j][None, :]
    if unknowns is not None:
        wu = w[:, unknowns.cols].T  # cells × draws: each unknown cell's weight in each draw
        u, base = unknowns.values, UNKNOWN_SCORE
    if method == "wsm":
        scores = fixed @ wf.T
        scores = scores if cost is None else scores + cost * wc
        if unknowns is not None:
            np.add.at(scores, unknowns.rows, (u - base) * wu)
        return scores
    if method == "topsis":
        square = wf.T**2
        best = (100.0 - fixed) ** 2 @ square
        worst = fixed**2 @ square
        if cost is not None:
            best = best + ((100.0 - cost) * wc) ** 2
            worst = worst + (cost * wc) ** 2
        if unknowns is not None:
            np.add.at(best, unknowns.rows, ((100.0 - u) ** 2 - (100.0 - base) ** 2) * wu**2)
            np.add.at(worst, unknowns.rows, (u**2 - base**2) * wu**2)
        best, worst = np.sqrt(np.maximum(best, 0.0)), np.sqrt(np.maximum(worst, 0.0))
        return 100.0 * worst / (best + worst)
    raise ValueError(f"unknown method {method!r}; use 'wsm' or 'topsis'")


def draw(
    ranking: Ranking,
    draws: int = 5_000,
    seed: int = 0,
    concentration: float = DIRICHLET_CONCENTRATION,
    vary: tuple[str, ...] = ("weights", "costs"),
) -> Draws:
    """Re-rank ``draws`` times, varying the weights, the costs or both.

    Weights are drawn from a Dirichlet distribution with α = concentration × w (floored at
    0.001 so zero weights stay near zero): centred on the chosen weights; the larger the
    concentration, the tighter. Costs are drawn within their low–high ranges
    (:func:`_cost_draws`), and with them every unknown sub-score, uniformly between 0 and
    UNKNOWN_HIGH (:func:`_unknown_draws`): the data's uncertainty, a missing figure's widest.
    Seeded, so the same call gives the same shares; the weights and the costs come from two
    independent streams of the seed (the unknowns from a third), and the cost draws are kept
    with the decision matrix, so a weight move reuses them.
    """
    unknown = set(vary) - {"weights", "costs"}
    if unknown or not vary:
        raise ValueError(f"vary must name 'weights' and/or 'costs', not {sorted(unknown)}")
    c = candidates(ranking)
    n = len(c.iso2)
    if n == 0:
        return Draws(pd.DataFrame(columns=MC_COLUMNS), None, float("nan"))
    if "weights" in vary:
        alpha = np.maximum(c.weights * concentration, DIRICHLET_FLOOR)
        w = _streams(seed)[0].dirichlet(alpha, size=draws)  # draws × criteria
    else:
        w = np.tile(c.weights, (draws, 1))
    cost = _shared_cost_draws(ranking, draws, seed) if "costs" in vary else None
    unknowns = _unknown_draws(ranking, draws, seed) if "costs" in vary else None
    scores = _draw_scores(c.matrix, w, ranking.method, cost, unknowns).T  # draws × locations
    top1 = np.bincount(scores.argmax(axis=1), minlength=n) / draws
    k = min(3, n)
    top3_idx = np.argpartition(-np.ascontiguousarray(scores), k - 1, axis=1)[:, :k]
    top3 = np.bincount(top3_idx.ravel(), minlength=n) / draws
    out = pd.DataFrame({"iso2": c.iso2, "name": c.names, "top1_share": top1, "top3_share": top3})
    out = out.sort_values(["top3_share", "top1_share"], ascending=False).reset_index(drop=True)
    leader = int(np.argmax(total_score(c.matrix, c.weights, ranking.method)))
    return Draws(out, str(c.iso2[leader]), float(top1[leader]))


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
