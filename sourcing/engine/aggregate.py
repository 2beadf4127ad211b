"""The one aggregation kernel: sub-scores and weights → a total 0–100 per location.

The ranking, the sensitivity analysis, the Monte Carlo and the Pareto front all call
:func:`total_score`, so a method change cannot make them disagree.
"""

from __future__ import annotations

import numpy as np


def total_score(matrix: np.ndarray, weights: np.ndarray, method: str = "wsm") -> np.ndarray:
    """Total 0–100 from sub-scores (rows = locations) and weights (normalised here).

    wsm:    Σ wᵢ sᵢ
    topsis: 100 · d⁻ / (d⁺ + d⁻), with d⁺ = ‖w ∘ (100 − s)‖ and d⁻ = ‖w ∘ s‖ — distances to the
            fixed ideal (all 100) and anti-ideal (all 0), so no candidate moves another.

    Batched for the Monte Carlo: with weights of shape draws × criteria, the result is
    locations × draws, and the matrix may carry the draws too (locations × criteria × draws).
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim not in (1, 2) or weights.shape[-1] != matrix.shape[1]:
        raise ValueError("one weight per criterion is needed")
    total = weights.sum(axis=-1, keepdims=True)
    if (weights < 0).any() or not np.isfinite(weights).all() or (total <= 0).any():
        raise ValueError("weights must be finite, non-negative and not all zero")
    weights = weights / total
    if weights.ndim == 2:
        weights = weights.T  # criteria × draws
        if matrix.ndim == 2:
            matrix = matrix[:, :, None]
    elif matrix.ndim != 2:
        raise ValueError("a matrix with draws needs one row of weights per draw")
    if method == "wsm":
        return (matrix * weights).sum(axis=1) if matrix.ndim == 3 else matrix @ weights
    if method == "topsis":
        best = np.sqrt((((100.0 - matrix) * weights) ** 2).sum(axis=1))
        worst = np.sqrt(((matrix * weights) ** 2).sum(axis=1))
        return 100.0 * worst / (best + worst)
    raise ValueError(f"unknown method {method!r}; use 'wsm' or 'topsis'")
