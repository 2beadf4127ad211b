"""Frames as the engine reads them: rows as plain dicts (read once per read-only frame), numbers
from cells that may be missing, correctly rounded columns and arrays nobody may change."""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

_RECORDS: dict[int, tuple[weakref.ref, list[dict]]] = {}  # rows of read-only frames, by frame


def records(countries: pd.DataFrame, reuse: bool = False) -> list[dict]:
    """Rows as plain dicts (column lists zipped: far faster than ``to_dict`` on arrow strings),
    each the caller's own; a read-only frame's (``reuse``) are read once."""
    hit = _RECORDS.get(id(countries)) if reuse else None
    if hit is not None and hit[0]() is countries:
        return [dict(row) for row in hit[1]]
    columns = {"iso2": countries.index.tolist()}
    for name in countries.columns:
        values = countries[name].tolist()
        columns[name] = [None if v is pd.NA else v for v in values]
    names = list(columns)
    rows = [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    if reuse:
        key = id(countries)
        _RECORDS[key] = (weakref.ref(countries, lambda _, key=key: _RECORDS.pop(key, None)), rows)
        return [dict(row) for row in rows]
    return rows


def num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def rounded(column: pd.Series, digits: int) -> pd.Series:
    """Python's correctly rounded ``round`` per value (NaN for missing), as a float column."""
    return pd.Series(
        [np.nan if v is None or pd.isna(v) else round(float(v), digits) for v in column],
        index=column.index,
        dtype=float,
    )


def read_only_array(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
