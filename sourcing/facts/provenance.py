"""Column documentation, read from ``data/README.md`` so that the README is the one place it lives.

The README's "Columns" section holds a Markdown table whose rows start with a back-quoted column
name: ``| `gdp_pc_usd` | meaning | unit | source | edition / as of | licence |``. The data page
shows this table next to the data, and a test fails when a column of countries.csv has no row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sourcing.facts.countries import DATA_DIR

README = DATA_DIR / "README.md"
DOC_FIELDS = ("column", "meaning", "unit", "source", "as_of", "licence")


def column_docs(path: str | Path | None = None) -> pd.DataFrame:
    """One row per documented column: meaning, unit, source, edition/as-of date, licence."""
    text = Path(path or README).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= len(DOC_FIELDS):
            for name in cells[0].replace("`", "").split(","):
                rows.append([name.strip(), *cells[1 : len(DOC_FIELDS)]])
    return (
        pd.DataFrame(rows, columns=list(DOC_FIELDS)).drop_duplicates("column").set_index("column")
    )
