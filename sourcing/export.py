"""CSV exports: ``#``-prefixed scenario records, then the table. One function for CLI and UI.

The header lines record the scenario as JSON (``# scenario: {...}``), the dataset and tool
versions, so a CSV says what produced it; ``pandas.read_csv(path, comment="#")`` skips them.
Cells that a spreadsheet would run as a formula (starting, after blanks, with ``=``, ``+``,
``-``, ``@`` or a tab) in text columns are prefixed with a single quote; line breaks inside
text become spaces.
"""

from __future__ import annotations

import io

import pandas as pd

from sourcing.scenario import Scenario

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMAT_VERSION = "1"


def _neutralise(value):
    """Line breaks become spaces; a cell a spreadsheet would run as a formula gets a ``'``."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if value.lstrip(" \t").startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(table: pd.DataFrame, scenario: Scenario | None = None, title: str = "") -> str:
    """The table as CSV text, led by ``#`` lines recording the scenario (when given)."""
    lines = [f"# shoreline export v{FORMAT_VERSION}" + (f": {title}" if title else "")]
    if scenario is not None:
        lines.append(f"# scenario: {scenario.to_json()}")
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralise)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return "\n".join(lines) + "\n" + buffer.getvalue()


def read_scenario(csv_text: str) -> Scenario | None:
    """The scenario recorded in an export's header, if any."""
    for line in csv_text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# scenario: "):
            return Scenario.parse(line.removeprefix("# scenario: "))
    return None
