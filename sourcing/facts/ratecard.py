"""Your own rate card: a CSV of ``iso2, role, usd_hr`` that overrides the dataset's
costs for a session. Rows are checked one by one: unknown countries or roles, non-numeric,
negative, zero or absurd rates (over 1,000 USD/h) are listed and left out; the valid rows
apply. Overridden values are marked "your data" wherever costs appear."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

import pandas as pd

from sourcing.facts.countries import ROLES

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
MAX_RATE = 1_000.0
MARK = "your_data_roles"
MIN_RATE = 0.01  # USD/h: a cent an hour; anything smaller is a typo or a unit slip
COLUMNS = ("iso2", "role", "usd_hr")


@dataclass(frozen=True)
class RateCard:
    rates: pd.DataFrame  # iso2, role, usd_hr — the valid rows
    problems: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return self.rates.empty


def parse_rate_card(data: str | bytes, known: set[str] | list[str]) -> RateCard:
    """Validate a rate-card CSV. Raises ValueError only when the file as a whole is unusable."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise ValueError(f"file too large ({len(data):,} bytes; at most {MAX_BYTES:,})")
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and b"\x00" in data[:4]):
            raise ValueError(
                "file looks like UTF-16 text; save it as UTF-8 (CSV UTF-8 in Excel) and upload "
                "it again"
            )
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(
                "file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel) and upload it again"
            ) from None
    first = data.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # what spreadsheets write: comma, semicolon, tab
    reader = csv.reader(io.StringIO(data), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ValueError("file is empty") from None
    except csv.Error as err:
        raise ValueError(f"not a CSV file ({err})") from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        hint = ""
        if len(header) == 1 and "|" in header[0]:
            hint = "; the file seems to use another delimiter — separate columns with commas"
        raise ValueError(
            f"missing column(s): {', '.join(missing)} (expected iso2, role, usd_hr){hint}"
        )
    at = {c: header.index(c) for c in COLUMNS}
    known = set(known)
    rows, problems, seen = [], [], {}
    try:
        for line, record in enumerate(reader, start=2):
            if line - 1 > MAX_ROWS:
                raise ValueError(f"too many rows (at most {MAX_ROWS:,})")
            if not any(cell.strip() for cell in record):
                continue
            if len(record) < len(header):
                problems.append(f"line {line}: {len(record)} cells, expected {len(header)}")
                continue
            iso2 = record[at["iso2"]].strip().upper()
            role = record[at["role"]].strip().lower()
            text = record[at["usd_hr"]].strip()
            if delimiter != "," and text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")  # a decimal comma, as such spreadsheets write
            if iso2 not in known:
                problems.append(f"line {line}: unknown country {_show(iso2)}")
                continue
            if role not in ROLES:
                problems.append(f"line {line}: unknown role {_show(role)} ({', '.join(ROLES)})")
                continue
            try:
                rate = float(text)
            except ValueError:
                problems.append(f"line {line}: rate {_show(text)} is not a number")
                continue
            if not math.isfinite(rate) or rate < MIN_RATE:
                problems.append(f"line {line}: rate {_show(text)} must be at least {MIN_RATE:g}")
                continue
            if rate > MAX_RATE:
                problems.append(f"line {line}: rate {rate:g} USD/h is over {MAX_RATE:g}")
                continue
            if (iso2, role) in seen:
                problems.append(f"line {line}: {iso2} {role} repeats line {seen[(iso2, role)]}")
                continue
            seen[(iso2, role)] = line
            rows.append((iso2, role, rate))
    except csv.Error as err:
        raise ValueError(f"not a CSV file ({err})") from None
    return RateCard(pd.DataFrame(rows, columns=list(COLUMNS)), tuple(problems))


def _show(text: str) -> str:
    return repr(text if len(text) <= 30 else text[:30] + "…")


def apply_rate_card(countries: pd.DataFrame, card: RateCard | None) -> pd.DataFrame:
    """The dataset with the card's rates in place and ``your_data_roles`` naming them."""
    out = countries.copy()
    out[MARK] = ""
    if card is None or card.empty:
        return out
    for row in card.rates.itertuples(index=False):
        for end in ("", "_low", "_high"):  # your figure is exact: no range around it
            out.at[row.iso2, f"cost_{row.role}{end}_usd_hr"] = row.usd_hr
        out.at[row.iso2, f"cost_{row.role}_source"] = "your data"
        marks = [m for m in out.at[row.iso2, MARK].split(";") if m]
        out.at[row.iso2, MARK] = ";".join(sorted({*marks, row.role}))
    return out


def template(countries: pd.DataFrame) -> str:
    """A rate card holding the dataset's current costs, to edit and upload back."""
    rows = [
        (iso2, role, countries.at[iso2, f"cost_{role}_usd_hr"])
        for iso2 in countries.index
        for role in ROLES
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.to_csv(index=False, lineterminator="\n")
