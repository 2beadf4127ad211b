"""Tables read from a ranking for people: the exclusion summary, the headline, the top n, the
side-by-side comparison of chosen locations, the room's readable top 10 and the rows of chosen
shore classes and regions. Pure reads of :meth:`Ranking.to_frame`; no scoring here."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sourcing.engine.scoring import Ranking
from sourcing.facts.cities import hub_id
from sourcing.model.criteria import CRITERIA


def key_column(table: pd.DataFrame) -> str:
    """The column that names a row's location: ``iso2`` for countries, ``location`` (the city
    id) at city level, where ``iso2`` is the city's country."""
    return "location" if "location" in table.columns else "iso2"


def with_hq(table: pd.DataFrame, keys: list[str], hq: str) -> pd.DataFrame:
    """The rows of ``keys`` and HQ's row (at city level, HQ's hub city), for a TCO."""
    key = key_column(table)
    if key == "iso2":
        return table[table["iso2"].isin([*keys, hq])]
    return table[table[key].isin([*keys, hub_id(hq)])]


def exclusion_summary(ranking: Ranking) -> pd.DataFrame:
    """Exclusion reasons grouped: reason, how many locations, which ones."""
    names = dict(zip(ranking.facts["iso2"], ranking.facts["name"], strict=True))
    frame = pd.DataFrame(
        [(e.group, names[e.iso2]) for e in ranking.all_exclusions()], columns=["reason", "name"]
    )
    if frame.empty:
        return pd.DataFrame(columns=["reason", "count", "locations"])
    grouped = frame.groupby("reason")["name"].agg(["count", lambda s: ", ".join(sorted(s))])
    grouped.columns = ["count", "locations"]
    return grouped.sort_values("count", ascending=False).reset_index()


@dataclass(frozen=True)
class Headline:
    best_iso2: str | None
    best_name: str | None
    best_shore: str | None
    best_score: float | None
    best_saving_pct: float | None
    ranked: int
    excluded: int


def headline(table: pd.DataFrame) -> Headline:
    """The numbers a page leads with: the #1, its shore and saving, how many were ruled out."""
    kept = table[~table["excluded"]].sort_values("rank")
    excluded = int(table["excluded"].sum())
    if kept.empty:
        return Headline(None, None, None, None, None, 0, excluded)
    best = kept.iloc[0]
    saving = None if pd.isna(best["saving_pct"]) else float(best["saving_pct"])
    return Headline(best[key_column(table)], best["name"], best["shore"], float(best["score"]),
                    saving, len(kept), excluded)  # fmt: skip


def top(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The first ``n`` ranked locations with the columns a summary needs."""
    columns = ["rank", "iso2", "name", "shore", "score", "cost_usd_hr", "saving_pct",
               "overlap_staffed_hours", "reasons"]  # fmt: skip
    kept = table[~table["excluded"]].sort_values("rank", kind="stable")
    if "location" in table.columns:
        columns = ["rank", "location", *columns[1:3], "cost_provenance", *columns[3:]]
        kept = _one_row_per_tie(kept)
    return kept.head(n)[columns].reset_index(drop=True)


def _one_row_per_tie(kept: pd.DataFrame) -> pd.DataFrame:
    """At city level, the cities of one country on the very same score (no figure of their own
    tells them apart: India's) as one row, the largest named, with how many more share it — so
    a top ten is not ten cities of one country at rank 1."""
    tie = kept["iso2"] + "|" + kept["score"].round(6).astype(str)
    count = tie.map(tie.value_counts())
    first = ~tie.duplicated()
    out = kept[first].copy()
    more = count[first] - 1
    country = out["name"].str.rsplit(", ", n=1).str[-1]
    out["name"] = [
        name
        if k == 0
        else f"{name} (and {k} more {'city' if k == 1 else 'cities'} of {c} on the same figures)"
        for name, k, c in zip(out["name"], more, country, strict=True)
    ]
    return out


# (row label, column, better: "max" / "min" / None) for the side-by-side comparison
COMPARISON_ROWS = (
    ("Rank", "rank", "min"), ("Score, 0–100", "score", "max"), ("Shore class", "shore", None),
    ("Cost, USD/h", "cost_usd_hr", "min"), ("Cost range, USD/h", "_cost_range", None),
    ("Cost source", "cost_source", None), ("Saving per hour vs HQ, %", "saving_pct", "max"),
    ("Office rent, USD/m² a month (city figure)", "office_rent_usd_sqm_month", "min"),
    ("Office rent: what the figure is", "rent_basis", None),
    ("HQ overlap (as staffed), h", "overlap_staffed_hours", "max"),
    ("HQ overlap (local office day), h", "overlap_local_day_hours", "max"),
    ("Coverage of the window, %", "coverage_pct", "max"),
    *((f"{c.capitalize()} score, 0–100", f"score_{c}", "max") for c in CRITERIA),
    ("EU personal data path", "gdpr_path", None), ("Data localisation", "localization", None),
)  # fmt: skip


def comparison(table: pd.DataFrame, iso2s: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Locations side by side as a person reads a comparison: one row per measure (with its
    unit), one column per location; and a same-shaped frame marking with True the best value
    in each row that has a better direction (ties all marked; its first column repeats the
    measure)."""
    picked = table.set_index(key_column(table)).loc[iso2s]
    columns = [f"{picked.at[c, 'name']} ({c})" for c in iso2s]
    rows, best = [], []
    for label, column, better in COMPARISON_ROWS:
        if column not in picked.columns and not column.startswith("_"):
            continue  # a city-level measure (the office rent) in a comparison of countries
        if column == "_cost_range":
            values = [
                "" if pd.isna(picked.at[c, "cost_low_usd_hr"])
                else f"{picked.at[c, 'cost_low_usd_hr']:.2f}–{picked.at[c, 'cost_high_usd_hr']:.2f}"
                for c in iso2s
            ]  # fmt: skip
        else:
            values = [picked.at[c, column] for c in iso2s]
        values = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else v
                  for v in values]  # fmt: skip
        numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
        mark = [False] * len(values)
        if better and numbers.notna().any():
            target = numbers.max() if better == "max" else numbers.min()
            mark = list((numbers == target).fillna(False))
        rows.append([label, *[str(v) if isinstance(v, str) else _fmt(v) for v in values]])
        best.append([label, *mark])
    frame = pd.DataFrame(rows, columns=["measure", *columns])
    return frame, pd.DataFrame(best, columns=frame.columns)


def _fmt(value) -> str:
    if isinstance(value, bool) or value is pd.NA:
        return str(value)
    number = float(value)
    return f"{int(number)}" if number.is_integer() else f"{number:.2f}"


def readable_top(top10: pd.DataFrame) -> pd.DataFrame:
    """The top 10 for a room: rank, country, shore, score, cost, saving and the first reasons,
    with labels a person reads (presentation mode draws it as static type)."""
    out = pd.DataFrame({
        "#": top10["rank"].astype(int),
        ("City" if "location" in top10.columns else "Country"): top10["name"],
        "Shore": top10["shore"],
        "Score": top10["score"].map(lambda v: f"{v:.1f}"),
        "Cost / h": top10["cost_usd_hr"].map(lambda v: "no data" if pd.isna(v) else f"${v:.2f}"),
        "Saving": top10["saving_pct"].map(lambda v: "" if pd.isna(v) else f"{v:.0f}%"),
        "Why": top10["reasons"].map(lambda r: "; ".join(str(r).split("; ")[:2])),
    })  # fmt: skip
    return out


def select(
    table: pd.DataFrame,
    shores: list[str] | tuple[str, ...] = (),
    regions: list[str] | tuple[str, ...] = (),
    include_excluded: bool = True,
) -> pd.DataFrame:
    """Rows of a ranked table in the given shore classes and regions (all when empty)."""
    mask = pd.Series(True, index=table.index)
    if shores:
        mask &= table["shore"].isin(list(shores))
    if regions:
        mask &= table["region"].isin(list(regions))
    if not include_excluded:
        mask &= ~table["excluded"]
    return table[mask]
