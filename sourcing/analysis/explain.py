"""Why not X? A contrastive explanation of one location against the ranking's #1.

Read straight from the ranking's decision matrix: criterion by criterion, X's sub-score, the
#1's, and the weighted gap wᶜ·(s₁ᶜ − sₓᶜ). Under the weighted sum the weighted gaps add up to the
score difference exactly; under TOPSIS the total is not additive, so the gaps show where the
difference comes from and the TOPSIS difference is given beside them.

The smallest flip is the smallest change of one weight (the others rescaled proportionally, as
in :mod:`sourcing.analysis.sensitivity`) that makes X the #1: found exactly for the weighted sum,
where every location's total is linear in the weight, and on a grid refined by bisection for TOPSIS.
An excluded location cannot be made #1 by any weight: it breaks a hard rule, which is named.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sourcing.analysis.sensitivity import GRID, _weights_with, candidates
from sourcing.engine.scoring import Exclusion, Ranking, total_score
from sourcing.model.criteria import BY_NAME, CRITERIA

DISPLAY_DIGITS = 2  # totals are shown (and the table sorted) to 2 decimals: a flip must lead there
STEPS = (1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1.0)  # inward from the range's edge
GAP_COLUMNS = ["criterion", "weight", "score", "leader_score", "weighted_gap"]


class ExplainError(ValueError):
    """The location asked about is not in the ranking."""


@dataclass(frozen=True)
class Flip:
    criterion: str
    weight: float  # the criterion's current share of the total weight (0–1)
    to: float  # the share that makes X the #1

    @property
    def change(self) -> float:
        return self.to - self.weight


@dataclass(frozen=True)
class WhyNot:
    iso2: str
    name: str
    leader: str | None  # the #1's iso2 (None when nothing is ranked)
    leader_name: str | None
    rank: int | None  # X's rank (None when excluded)
    excluded: tuple[Exclusion, ...]
    gaps: pd.DataFrame  # GAP_COLUMNS, one row per criterion, biggest gap first
    score: float
    leader_score: float | None
    flip: Flip | None  # None: no single weight change makes X the #1 (or it already is)
    method: str

    @property
    def is_leader(self) -> bool:
        return self.iso2 == self.leader

    @property
    def biggest(self) -> str | None:
        """The criterion that costs X most against the #1 (None when X loses on none)."""
        if self.gaps.empty or self.gaps["weighted_gap"].iloc[0] <= 0:
            return None
        return str(self.gaps["criterion"].iloc[0])

    def summary(self) -> str:
        """One paragraph a facilitator can read out."""
        if self.excluded:
            rules = "; ".join(e.reason for e in self.excluded)
            return f"{self.name} is ruled out ({rules}): no weight change can make it #1."
        if self.leader is None:
            return "Nothing is ranked in this scenario."
        if self.is_leader:
            return f"{self.name} is already #1 ({self.score:.1f})."
        gap = self.leader_score - self.score
        text = (
            f"{self.name} is #{self.rank} with {self.score:.1f}, {gap:.1f} points behind "
            f"{self.leader_name} ({self.leader_score:.1f})."
        )
        if self.biggest is not None:
            row = self.gaps.iloc[0]
            text += (
                f" The biggest reason is {BY_NAME[self.biggest].label.lower()} "
                f"({row['score']:.0f} against {row['leader_score']:.0f}, "
                f"{row['weighted_gap']:.1f} weighted points)."
            )
        ahead = self.gaps[self.gaps["weighted_gap"] < 0]
        if not ahead.empty:
            best = ahead.iloc[-1]
            text += (
                f" It is ahead on {BY_NAME[best['criterion']].label.lower()} "
                f"({best['score']:.0f} against {best['leader_score']:.0f})."
            )
        if self.flip is None:
            text += " No change of a single weight makes it #1."
        else:
            f = self.flip
            verb = "raising" if f.change > 0 else "lowering"
            text += (
                f" Smallest change that makes it #1: {verb} "
                f"{BY_NAME[f.criterion].label.lower()} from {100 * f.weight:.0f}% to "
                f"{100 * f.to:.1f}% of the total weight (the others scaled to fit)."
            )
        return text


def why_not(ranking: Ranking, iso2: str) -> WhyNot:
    """Explain ``iso2`` against the ranking's #1 (see the module docstring)."""
    codes = list(ranking.iso2)
    iso2 = str(iso2).strip()
    iso2 = iso2 if iso2 in codes else iso2.upper()  # a city id keeps its case (PH-cebu-city)
    if iso2 not in codes:
        raise ExplainError(f"{iso2!r} is not a country in this ranking")
    i = codes.index(iso2)
    name = str(ranking.facts["name"].iloc[i])
    c = candidates(ranking)
    kept = ranking.kept()
    weights = ranking.weights / ranking.weights.sum()
    totals = ranking.scores
    leader = int(kept[np.argmax(totals[kept])]) if len(kept) else None
    row = ranking.matrix[i]
    if leader is None:
        gaps = pd.DataFrame(columns=GAP_COLUMNS)
    else:
        top = ranking.matrix[leader]
        gaps = pd.DataFrame({
            "criterion": CRITERIA, "weight": weights, "score": row, "leader_score": top,
            "weighted_gap": weights * (top - row),
        })  # fmt: skip
        gaps = gaps.sort_values("weighted_gap", ascending=False, kind="stable")
        gaps = gaps.reset_index(drop=True)
    excluded = ranking.exclusions[i]
    rank = None
    if not excluded:
        rank = 1 + int((totals[kept] > totals[i] + 1e-12).sum())
    flip = None
    if not excluded and leader is not None and leader != i:
        position = int(np.nonzero(kept == i)[0][0])
        flip = smallest_flip(c.matrix, c.weights, position, ranking.method)
    return WhyNot(
        iso2=iso2,
        name=name,
        leader=None if leader is None else str(codes[leader]),
        leader_name=None if leader is None else str(ranking.facts["name"].iloc[leader]),
        rank=rank,
        excluded=tuple(excluded),
        gaps=gaps,
        score=float(totals[i]),
        leader_score=None if leader is None else float(totals[leader]),
        flip=flip,
        method=ranking.method,
    )


def smallest_flip(
    matrix: np.ndarray, weights: np.ndarray, x: int, method: str = "wsm"
) -> Flip | None:
    """The smallest change of one criterion's weight share that makes row ``x`` the strict #1
    of ``matrix`` (others rescaled proportionally); None when no single weight can."""
    weights = np.asarray(weights, float) / np.sum(weights)
    best: Flip | None = None
    for index, criterion in enumerate(CRITERIA):
        edge = (_wsm_range if method == "wsm" else _grid_range)(matrix, weights, x, index)
        t = None if edge is None else _settle(matrix, weights, x, index, method, *edge)
        if t is not None and (best is None or abs(t - weights[index]) < abs(best.change)):
            best = Flip(criterion, float(weights[index]), float(t))
    return best


def _leads(matrix, weights, x: int, index: int, method: str, t: float) -> bool:
    """X is the strict #1 at weight t, at the precision totals are shown and sorted with."""
    w = _weights_with(weights, index, np.array([t]))[0]
    if w.sum() <= 0:
        return False
    totals = np.round(total_score(matrix, w, method), DISPLAY_DIGITS)
    return bool(totals[x] > np.delete(totals, x).max(initial=-np.inf))


def _settle(matrix, weights, x, index, method, edge: float, inner: float) -> float | None:
    """From the edge of X's winning range nearest the current weight, the first of a few steps
    inwards (towards ``inner``, a point well inside) at which X leads as shown."""
    span = inner - edge
    for step in STEPS:
        t = edge + np.sign(span) * min(step, abs(span))
        if _leads(matrix, weights, x, index, method, t):
            return float(t)
        if step >= abs(span):
            break
    return None


def _wsm_range(matrix: np.ndarray, weights: np.ndarray, x: int, index: int):
    """Exact: with weight t on the criterion, total_i(t) = (1 − t)·R_i + t·m_ic, so X beats
    rival k where (R_x − R_k) + t·((m_xc − m_kc) − (R_x − R_k)) > 0 — a half-line each; X is #1
    on their intersection with [0, 1]. Returns (the point of it nearest the current weight, its
    middle), or None when it is empty."""
    rest = weights.copy()
    rest[index] = 0.0
    rest = rest / rest.sum() if rest.sum() > 0 else rest
    r = matrix @ rest
    a = r[x] - np.delete(r, x)
    b = matrix[x, index] - np.delete(matrix[:, index], x)
    low, high = 0.0, 1.0
    slope = b - a
    for ak, sk in zip(a, slope, strict=True):
        if abs(sk) < 1e-12:
            if ak <= 0:
                return None  # X never beats this rival on this criterion
            continue
        root = -ak / sk
        if sk > 0:
            low = max(low, root)
        else:
            high = min(high, root)
    if low >= high:
        return None
    return float(np.clip(weights[index], low, high)), (low + high) / 2


def _grid_range(matrix: np.ndarray, weights: np.ndarray, x: int, index: int):
    """TOPSIS: the grid point nearest the current weight at which X leads, then bisection
    towards the current weight for the edge of X's range. Returns (edge, that grid point)."""
    t = np.linspace(0.0, 1.0, GRID)
    leads = _leader(matrix, weights, index, t) == x
    if not leads.any():
        return None
    w = weights[index]
    nearest = t[leads][np.argmin(np.abs(t[leads] - w))]
    inside, outside = nearest, w
    for _ in range(50):
        mid = (inside + outside) / 2
        if _leader(matrix, weights, index, np.array([mid]))[0] == x:
            inside = mid
        else:
            outside = mid
    return float(inside), float(nearest)


def _leader(matrix: np.ndarray, weights: np.ndarray, index: int, t: np.ndarray) -> np.ndarray:
    w = _weights_with(weights, index, t)
    usable = w.sum(axis=1) > 0
    out = np.full(len(t), -1)
    if usable.any():
        out[usable] = total_score(matrix, w[usable], "topsis").argmax(axis=0)
    return out


def with_flip(weights: dict[str, float], flip: Flip) -> dict[str, float]:
    """Normalised weights with the flip applied (the others rescaled proportionally) — what to
    set the sliders to."""
    current = np.array([weights[c] for c in CRITERIA], float)
    current = current / current.sum()
    row = _weights_with(current, CRITERIA.index(flip.criterion), np.array([flip.to]))[0]
    return dict(zip(CRITERIA, row.tolist(), strict=True))


def strengths(ranking: Ranking, iso2: str, n: int = 3) -> tuple[list[str], str | None]:
    """A location's ``n`` strongest reasons (its largest weighted contributions, as
    "capability 100/100") and its main weakness: the weighted criterion where it scores lowest
    among the others — never one it is said to lead on (a heavily weighted criterion can be
    both its largest contribution and its lowest score: "leads on cost (56/100) … its main
    weakness is cost (56/100)" said nothing) — and only when it scores below every strength
    named (else None: no weakness worth the name). Read from the decision matrix."""
    i = list(ranking.iso2).index(iso2)
    weights = ranking.weights / ranking.weights.sum()
    row = ranking.matrix[i]
    order = [j for j in np.argsort(-(weights * row), kind="stable") if weights[j] > 0][:n]
    rest = [j for j in range(len(CRITERIA)) if weights[j] > 0 and j not in order]
    worst = min(rest, key=lambda j: row[j]) if rest else None
    if worst is not None and order and row[worst] >= min(row[j] for j in order):
        worst = None

    def said(j: int) -> str:
        return f"{BY_NAME[CRITERIA[j]].label.lower()} ({row[j]:.0f}/100)"

    return [said(j) for j in order], None if worst is None else said(worst)


def headline_paragraph(ranking: Ranking) -> str:
    """Two sentences on the #1 for the Overview: its three strongest reasons, its main
    weakness, and its reasons in full."""
    kept = ranking.kept()
    if len(kept) == 0:
        return "No location passes this scenario's hard rules."
    lead = int(kept[np.argmax(ranking.scores[kept])])
    iso2 = str(ranking.iso2[lead])
    name = str(ranking.facts["name"].iloc[lead])
    best, worst = strengths(ranking, iso2)
    text = f"**{name}** leads on {', '.join(best)}"
    if worst is not None:
        text += f"; its main weakness is {worst}"
    return text + f". In full: {ranking.reasons[lead]}."


def leader_flip(intervals: pd.DataFrame, names: dict[str, str]) -> str | None:
    """The smallest single-weight change that makes someone else #1, as one sentence
    (markdown), from :func:`sourcing.analysis.sensitivity.weight_intervals`; None when no single
    weight flips the leader. Points are out of 100 (the weight's share of the total)."""
    flips = intervals.dropna(subset=["flip_change"])
    if flips.empty:
        return None
    first = flips.loc[flips["flip_change"].abs().idxmin()]
    to = names.get(first["flips_to"], first["flips_to"])
    return (
        f"Smallest change that flips #1: the **{BY_NAME[first['criterion']].label.lower()}** "
        f"weight by **{100 * abs(first['flip_change']):.1f} points** of 100 → **{to}** takes over."
    )
