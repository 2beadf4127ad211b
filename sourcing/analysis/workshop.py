"""Workshop tools: group weighting and scenario-versus-scenario comparison."""

from __future__ import annotations

import io
import math

import pandas as pd

from sourcing.engine.scoring import rank
from sourcing.model.criteria import CRITERIA
from sourcing.model.scenario import MAX_WEIGHT, Scenario


def _number(value) -> float:
    """A cell as a float; NaN for text, blanks and numbers too long to be weights."""
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 30:
            return math.nan
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return math.nan
    return number


def clean_participants(frame: pd.DataFrame) -> pd.DataFrame:
    """An uploaded participants' table as the grid can show it: the participant column as text,
    each criterion as a float (blank for text, blanks and numbers too long to be weights)."""
    out = pd.DataFrame({"participant": frame["participant"].astype(str).str.slice(0, 80)})
    for c in CRITERIA:
        out[c] = [_number(v) for v in frame[c]]
    return out


MAX_PARTICIPANT_ROWS = 500


def read_participants(data: bytes | str) -> pd.DataFrame:
    """An uploaded participants' CSV (``participant`` and one column per criterion, at most
    500 rows) as :func:`clean_participants` returns it. Raises ValueError naming what is wrong:
    an unreadable file, or the columns it lacks."""

    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    try:
        frame = pd.read_csv(io.StringIO(text), nrows=MAX_PARTICIPANT_ROWS)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ValueError(f"not a readable CSV ({err})") from None
    missing = [c for c in ["participant", *CRITERIA] if c not in frame.columns]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    return clean_participants(frame)


def starting_grid(scenario: Scenario, people: int = 3) -> pd.DataFrame:
    """The participants' grid a workshop starts from: the scenario's weights on every row."""
    weights = scenario.merged_weights()
    return pd.DataFrame(
        [{"participant": f"participant {i}", **weights} for i in range(1, people + 1)]
    )


def whole_points(weights: dict[str, float]) -> dict[str, float]:
    """Weights as whole points that sum to exactly 100 (largest remainder: each gets its
    floor, the largest fractions one point more), so sliders that show whole points show what
    the room chose and add up to 100 — 33⅓ three times is 34, 33, 33, never 33 × 3 = 99 or
    a rounded 101. All zero stays all zero."""
    total = sum(weights.values())
    if total <= 0:
        return {k: 0.0 for k in weights}
    scaled = {k: 100 * v / total for k, v in weights.items()}
    floors = {k: int(v) for k, v in scaled.items()}
    left = 100 - sum(floors.values())
    order = sorted(scaled, key=lambda k: (-(scaled[k] - floors[k]), k))
    for k in order[:left]:
        floors[k] += 1
    return {k: float(v) for k, v in floors.items()}


def group_weights(
    participants: pd.DataFrame, how: str = "mean"
) -> tuple[dict[str, float], pd.DataFrame, list[str]]:
    """The group's weights from one row of weights per participant.

    Each participant's row is first scaled to sum to 100 (so someone who scores 1–5 and
    someone who scores 0–100 count the same), then combined per criterion by ``mean`` or
    ``median``. Returns (weights, spread per criterion: min, max, standard deviation, and the
    participants' values, skipped rows with the reason). Rows with a missing, non-numeric,
    negative or out-of-range value (above the sliders' 100, or too long to be a number), or all
    zeros, are skipped — validated like a scenario's weights.
    """
    if how not in ("mean", "median"):
        raise ValueError("how must be 'mean' or 'median'")
    missing = [c for c in CRITERIA if c not in participants.columns]
    if missing:
        raise ValueError(f"missing criteria columns: {', '.join(missing)}")
    label = participants.get("participant", participants.index)
    rows, skipped = [], []
    for who, (_, row) in zip(label, participants.iterrows(), strict=True):
        values = pd.Series([_number(row[c]) for c in CRITERIA], index=list(CRITERIA))
        if values.isna().any() or not all(math.isfinite(v) for v in values):
            skipped.append(f"{who}: a weight is missing or not a number")
        elif (values < 0).any():
            skipped.append(f"{who}: negative weight")
        elif (values > MAX_WEIGHT).any():
            skipped.append(f"{who}: a weight above {MAX_WEIGHT:g} (the sliders' range)")
        elif values.sum() <= 0:
            skipped.append(f"{who}: all weights are zero")
        else:
            rows.append(100 * values / values.sum())
    if not rows:
        raise ValueError("no participant has usable weights")
    table = pd.DataFrame(rows).reset_index(drop=True)
    combined = table.mean() if how == "mean" else table.median()
    spread = pd.DataFrame(
        {
            "criterion": list(CRITERIA),
            how: combined.round(1).to_numpy(),
            "min": table.min().round(1).to_numpy(),
            "max": table.max().round(1).to_numpy(),
            "std": table.std(ddof=0).round(1).to_numpy(),
        }
    )
    return {c: float(combined[c]) for c in CRITERIA}, spread, skipped


def compare_scenarios(
    scenarios: dict[str, Scenario], countries: pd.DataFrame, top: int = 10
) -> dict[str, pd.DataFrame]:
    """Side-by-side top lists, rank moves against the first scenario, and input differences.

    Keys: ``tops`` (one column block per scenario), ``moves`` (rank in each scenario and the
    move from the first; ↑ better, ↓ worse), ``inputs`` (fields that differ), ``all`` (every
    ranked table stacked with a ``scenario`` column — the CSV export).
    """
    if len(scenarios) < 2:
        raise ValueError("pick at least two scenarios to compare")
    tables = {name: rank(s, countries).to_frame() for name, s in scenarios.items()}
    names = list(tables)
    tops = pd.concat(
        {
            name: t[~t["excluded"]]
            .sort_values("rank")
            .head(top)[["rank", "name", "score"]]
            .reset_index(drop=True)
            for name, t in tables.items()
        },
        axis=1,
    )
    key = "location" if "location" in tables[names[0]].columns else "iso2"
    ranks = pd.DataFrame({name: t.set_index(key)["rank"] for name, t in tables.items()})
    ranks.insert(0, "name", tables[names[0]].set_index(key)["name"])
    base = names[0]
    for name in names[1:]:
        move = ranks[base] - ranks[name]  # positive: moved up
        ranks[f"move {name}"] = [_arrow(m) for m in move]
    ranks = ranks.sort_values(names[0], na_position="last")
    dumps = {name: s.model_dump(mode="json") for name, s in scenarios.items()}
    fields = [f for f in dumps[base] if any(d[f] != dumps[base][f] for d in dumps.values())]
    inputs = pd.DataFrame(
        [{"field": f, **{name: _plain(d[f]) for name, d in dumps.items()}} for f in fields]
    )
    stacked = pd.concat([t.assign(scenario=name) for name, t in tables.items()], ignore_index=True)
    stacked = stacked[["scenario", *[c for c in stacked.columns if c != "scenario"]]]
    return {"tops": tops, "moves": ranks.reset_index(), "inputs": inputs, "all": stacked}


def _arrow(move) -> str:
    if pd.isna(move):
        return "in/out"
    move = int(move)
    return f"↑{move}" if move > 0 else f"↓{-move}" if move < 0 else "="


def _plain(value) -> str:
    if isinstance(value, dict):
        return (
            ", ".join(
                f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in value.items()
            )
            or "—"
        )
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return "—" if value is None else str(value)
