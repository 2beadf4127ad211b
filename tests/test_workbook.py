"""The analyst's workbook: a sheet per table, numbers as numbers, frozen and filtered headers,
text never run as a formula; from the CLI by the .xlsx extension."""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

import sourcing
from sourcing.report import workbook as wb

SCENARIO = sourcing.Scenario(hq="US", workload="back-office", on="2026-03-11",
                             weights={"cost": 40})  # fmt: skip


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(io.BytesIO(wb.workbook(sourcing.rank(SCENARIO))))


def test_a_sheet_per_table(book):
    assert book.sheetnames == list(wb.SHEETS)
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name  # the header row stays in view
        assert sheet.auto_filter.ref, name  # filters on


def test_the_ranking_sheet_holds_the_ranked_table_as_numbers(book):
    table = sourcing.rank(SCENARIO).to_frame()
    sheet = book["Ranking"]
    header = [c.value for c in sheet[1]]
    assert header == list(table.columns)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(table)
    first = dict(zip(header, rows[0], strict=True))
    assert first["iso2"] == table.iloc[0]["iso2"] and first["rank"] == 1
    assert isinstance(first["score"], float) and first["score"] == table.iloc[0]["score"]
    namibia = next(dict(zip(header, r, strict=True)) for r in rows if r[1] == "NA")
    assert namibia["name"] == "Namibia"  # "NA" stays a country code


def test_the_scenario_and_sources_sheets(book):
    inputs = {r[0]: r[1] for r in book["Scenario"].iter_rows(min_row=2, values_only=True)}
    assert inputs["HQ"] == "US" and inputs["FTE"] == 50
    weights = {k: v for k, v in inputs.items() if k.startswith("Weight: ")}
    assert len(weights) == len(sourcing.CRITERIA)
    assert inputs[next(k for k in weights if k.startswith("Weight: Cost"))] == pytest.approx(
        100 * 40 / (40 + sum(v for c, v in SCENARIO.preset.weights.items() if c != "cost")), 0.1
    )
    sources = [r[0] for r in book["Sources"].iter_rows(min_row=2, values_only=True)]
    assert "ict_exports_usd_m" in sources and "english_epi" in sources


def test_text_is_never_a_formula(monkeypatch):
    frame = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "+SUM(A1)"], "value": [1.5, 2.0]})
    monkeypatch.setattr(wb, "sheets_for", lambda ranking: {"Ranking": frame})
    sheet = openpyxl.load_workbook(io.BytesIO(wb.workbook(None)))["Ranking"]
    cells = [sheet.cell(row=i, column=1) for i in (2, 3)]
    assert [c.value for c in cells] == ["'=cmd|' /C calc'!A0", "'+SUM(A1)"]
    assert all(c.data_type == "s" for c in cells)
    assert sheet.cell(row=2, column=2).value == 1.5


def test_the_cli_writes_a_workbook_by_extension(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "sourcing", "rank", "--hq", "US", "--workload", "back-office",
         "--out", str(tmp_path / "ranked.xlsx")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    book = openpyxl.load_workbook(tmp_path / "ranked.xlsx")
    rows = len(sourcing.load_countries()) + 1  # a header and one row per country
    assert book.sheetnames[0] == "Ranking" and book["Ranking"].max_row == rows


def test_the_comparison_sheet_stores_numbers_as_numbers(book):
    sheet = book["Comparison"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert all(isinstance(v, int) for v in rows["Rank"]), rows["Rank"]
    assert all(isinstance(v, float) for v in rows["Cost, USD/h"]), rows["Cost, USD/h"]
    assert all(isinstance(v, float) for v in rows["Score, 0–100"])
    assert all(isinstance(v, str) and "–" in v for v in rows["Cost range, USD/h"])  # a range


def test_the_sources_sheet_is_plain_text_not_markdown():
    import sourcing
    from sourcing.report.workbook import sheets_for

    sources = sheets_for(sourcing.rank(sourcing.Scenario(hq="US")))["Sources"]
    text = " ".join(sources.astype(str).to_numpy().ravel())
    assert "**" not in text and "`" not in text and "](" not in text
    assert "sources/" in text  # the transcription files stay named, for the analyst
