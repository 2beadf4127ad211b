"""Exports that load as they are: a plain CSV (header on the first line, so ``pd.read_csv`` and
Excel get the right table) and, beside it, a small JSON *record* of what produced it — the
scenario, the table's title, the dataset file's fingerprint, the tool's version and the time.
One module for the command line and the UI.

Cells that a spreadsheet would run as a formula (starting, after blanks, with ``=``, ``+``,
``-``, ``@`` or a tab) in text columns — and column headers, which can be user-named (the
scenario names of a comparison) — are prefixed with a single quote; line breaks inside text
become spaces. Integer columns with gaps (the rank of ruled-out rows) stay integers.

Reading back with pandas, keep Namibia's ISO code "NA" a string::

    pd.read_csv(path, keep_default_na=False, na_values=[""])
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from importlib import metadata
from pathlib import Path

import pandas as pd

from sourcing.facts.countries import COUNTRIES_CSV
from sourcing.model.scenario import Scenario

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RECORD_FORMAT = "shoreline-export/2"


def _neutralise(value):
    """Line breaks become spaces; a cell a spreadsheet would run as a formula gets a ``'``."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if value.lstrip(" \t").startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(table: pd.DataFrame, excel: bool = False) -> str:
    """The table as plain CSV text: the header is the first line (what produced it goes in
    the :func:`record` beside it). ``excel``: begin with a UTF-8 byte-order mark, which Excel
    needs to read accents as they are (pandas and Python's csv read it with
    ``encoding="utf-8-sig"``)."""
    safe = table.copy()
    # a two-level header (the side-by-side tops of a comparison) becomes "scenario: column"
    safe.columns = [
        _neutralise(": ".join(map(str, c)) if isinstance(c, tuple) else c) for c in safe.columns
    ]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralise)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" if excel else "") + buffer.getvalue()


def _version() -> str:
    try:
        return metadata.version("shoreline")
    except metadata.PackageNotFoundError:
        return "source tree"


def _dataset() -> dict:
    data = Path(COUNTRIES_CSV).read_bytes()
    return {"file": "data/countries.csv", "sha256": hashlib.sha256(data).hexdigest()[:16]}


def record(
    scenario: Scenario | None,
    title: str,
    scenarios: dict[str, Scenario] | None = None,
) -> str:
    """The JSON record that goes beside an export: what the table is, the scenario (or the
    named scenarios of a comparison) that produced it, the dataset and tool versions."""
    doc = {
        "format": RECORD_FORMAT,
        "title": title,
        "exported": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "tool": {"name": "shoreline", "version": _version()},
        "dataset": _dataset(),
        "scenario": None if scenario is None else json.loads(scenario.to_json()),
    }
    if scenarios:
        doc["scenarios"] = {name: json.loads(s.to_json()) for name, s in scenarios.items()}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def record_path(csv_path: str | Path) -> Path:
    """Where the record of ``x.csv`` goes: ``x.scenario.json`` beside it."""
    path = Path(csv_path)
    return path.with_name(path.stem + ".scenario.json")


def read_scenario(text: str) -> Scenario | None:
    """The scenario in an export record (the JSON beside a CSV), if any."""
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("scenario") is None:
        return None
    return Scenario.parse(doc["scenario"])
