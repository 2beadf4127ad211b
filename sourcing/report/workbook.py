"""The analyst's workbook: one .xlsx with a sheet per table, written with XlsxWriter (a
maintained writer made for the job; openpyxl reads it back in the tests).

Sheets: Ranking (every location with its sub-scores, costs with ranges, reasons), Comparison
(the leaders side by side, measures in rows), TCO by year and Payback (the top 3 against HQ),
Sensitivity (weight ranges, in % of the total weight), Scenario (every input, every weight) and
Sources (each column's source and edition). Numbers are numbers with formats; header rows are
frozen and filtered; text is written as text (never as a formula) and neutralised as in the
CSVs.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from sourcing.analysis.sensitivity import intervals_for_people, weight_intervals
from sourcing.engine.scoring import Ranking
from sourcing.engine.tables import comparison, key_column
from sourcing.engine.tables import with_hq as with_hq_rows
from sourcing.facts.provenance import column_docs
from sourcing.facts.text import plain
from sourcing.model.scenario import weights_frame
from sourcing.operating.automation import describe, human_fte
from sourcing.operating.costs import payback, tco
from sourcing.operating.models import model_results
from sourcing.report.export import _neutralise

SHEETS = ("Ranking", "Comparison", "TCO by year", "Payback", "Sensitivity", "Scenario", "Sources")


def _scenario_rows(ranking: Ranking) -> pd.DataFrame:
    s, r = ranking.scenario, ranking.resolved
    rows = [
        ("HQ", s.hq), ("HQ time zone", r.hq_tz),
        ("HQ hours", "–".join(t.strftime("%H:%M") for t in s.hq_hours)),
        ("Workload", f"{s.workload} ({s.preset.name})"), ("Date", s.working_on.isoformat()),
        ("Service window", s.preset.window_text()),
        ("Method", s.method), ("Data handled", ", ".join(sorted(r.data))),
        ("SCCs / IDTA allowed", "yes" if r.allow_sccs else "no"),
        ("Minimum HQ overlap, h", r.min_hq_overlap_hours),
        ("Languages required", ", ".join(r.languages)),
        ("Languages preferred", ", ".join(r.preferred_languages)),
        ("FTE", s.fte), ("Years", s.years),
        ("Night premium, %", 100 * s.night_premium),
        ("Excluded", ", ".join(sorted(s.exclude))),
        ("Shore overrides", ", ".join(f"{k}: {v}" for k, v in s.shore_overrides.items())),
        ("People the work needs, FTE", human_fte(s)),
        ("Operating model", describe(s)),
        *model_results(s, ranking.to_frame()),
    ]  # fmt: skip
    for label, model in (("Volumes", s.volumes), ("AI automation", s.automation)):
        for field, value in (model.model_dump() if model is not None else {}).items():
            rows.append((f"{label}: {field.replace('_', ' ')}", value))
    for w in weights_frame(s).itertuples():
        rows.append((f"Weight: {w.criterion}, % (preset {w.preset_pct:g})", w.yours_pct))
    return pd.DataFrame(rows, columns=["input", "value"])


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _as_number(cell):
    """A comparison cell as a spreadsheet wants it: "3.90" → 3.9, "1" → 1; text (a range such
    as "2.93–4.88", a source, a yes/no) stays text."""
    if isinstance(cell, str) and _NUMBER.fullmatch(cell.strip()):
        number = float(cell)
        return int(number) if number.is_integer() and "." not in cell else number
    return cell


def sheets_for(ranking: Ranking) -> dict[str, pd.DataFrame]:
    """The tables of the workbook, by sheet name."""

    table = ranking.to_frame()
    kept = table[~table["excluded"]]
    key = key_column(table)  # a country's code, or a city's id at city level
    leaders = list(kept[key].head(3))
    names = dict(zip(table[key], table["name"], strict=True))
    out = {"Ranking": table}
    if leaders:
        side = comparison(table, leaders)[0]
        out["Comparison"] = side.assign(
            **{c: side[c].map(_as_number) for c in side.columns if c != "measure"}
        )
        with_hq = with_hq_rows(table, leaders, ranking.scenario.hq)
        try:
            out["TCO by year"] = tco(ranking.scenario, with_hq)
            out["Payback"] = payback(ranking.scenario, with_hq)
        except ValueError:
            pass
    if len(kept) > 1:
        out["Sensitivity"] = intervals_for_people(weight_intervals(ranking), names)
    out["Scenario"] = _scenario_rows(ranking)
    # as text a spreadsheet shows (no Markdown marks); the repository's file names stay, for
    # the analyst who wants the transcription
    out["Sources"] = column_docs().map(lambda v: plain(v, repository=True)).reset_index()
    return out


def workbook(ranking: Ranking) -> bytes:
    """The .xlsx file as bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                 "strings_to_numbers": False, "nan_inf_to_errors": True},
    )  # fmt: skip
    header = book.add_format({"bold": True, "bg_color": "#F4F4F4", "bottom": 1, "text_wrap": True})
    decimal = book.add_format({"num_format": "#,##0.00"})
    whole = book.add_format({"num_format": "#,##0"})
    for name, frame in sheets_for(ranking).items():
        sheet = book.add_worksheet(name)
        for j, column in enumerate(frame.columns):
            sheet.write_string(0, j, str(column), header)
            values = frame[column]
            numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(
                values
            )
            integer = pd.api.types.is_integer_dtype(values)
            width = max(10, min(60, len(str(column)) + 2))
            for i, value in enumerate(values, start=1):
                if (
                    value is None
                    or value is pd.NA
                    or (not isinstance(value, str) and pd.isna(value))
                ):
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(i, j, value)
                elif numeric or isinstance(value, int | float):  # numbers stay numbers
                    exact = integer or float(value).is_integer()
                    sheet.write_number(i, j, float(value), whole if exact else decimal)
                else:
                    text = str(_neutralise(str(value)))
                    sheet.write_string(i, j, text)
                    width = max(width, min(60, len(text) // 2))
            sheet.set_column(j, j, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
    book.close()
    return buffer.getvalue()
