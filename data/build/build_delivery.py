"""Rebuild ``data/delivery.csv``, the delivery-evidence table, from ``sources/delivery_evidence/``.

Delivery evidence is what a practitioner asks first: who already serves a language market, from
where, and how many people do it. The research files (``block_*.csv``, one row per language
market × location × source, each with a verbatim quote; ``block_*_notes.md``, one section per
source with publisher, title, date, address and caveats) are merged into one checked table:

- ``language``: the market as a BCP 47 tag (``it``, ``fr-CA``, ``pt-BR``, ``es-419``, ``en-GB``…);
- ``iso2``, ``city``: the delivery location (rows for places outside the dataset are left out
  here and listed in the notes: they are candidates to add, not silently dropped);
- ``people``: people employed serving that market there, as the source counts them (empty when
  it only names the place); ``sites``: documented centres; ``scope``: ``contact_centre`` /
  ``back_office`` / ``bpo`` / ``it`` and ``export`` / ``domestic``; ``year`` the figure refers to;
- ``source_key``, ``publisher`` (as the notes name it, shortened), ``url``.

Rows listed in ``exclusions.csv`` (language, location, source and the reason) are left out: a
source that documents something other than a usable delivery location (call centres shut down
as unlawful, say). Corrections after the sample check are in ``verification.md``.

Usage: ``python data/build/build_delivery.py`` (write) or ``--check``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_countries import to_csv, write_or_check  # noqa: E402

DATA = Path(__file__).resolve().parent.parent
EVIDENCE = DATA / "sources" / "delivery_evidence"
OUT = DATA / "delivery.csv"
COLUMNS = ["language", "iso2", "city", "people", "sites", "scope", "year", "source_key",
           "publisher", "url"]  # fmt: skip
RAW = ["language", "iso2", "city", "people", "sites", "scope", "year", "source_key", "quote"]
TAG = re.compile(r"^[a-z]{2,3}(-([A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}))?$")
KINDS = {"contact_centre", "back_office", "bpo", "it"}
MARKETS = {"export", "domestic"}


def _sections(notes: Path) -> dict[str, dict[str, str]]:
    """``### KEY`` sections of a notes file, with their ``- Field: value`` lines."""
    out: dict[str, dict[str, str]] = {}
    key = None
    for line in notes.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            key = line[4:].strip().strip("`")
            out.setdefault(key, {})
        elif key and (m := re.match(r"^- \**([A-Za-z ]+?)\**:\**\s*(.*)$", line)):
            out[key].setdefault(m.group(1).strip().lower(), m.group(2).strip())
    return out


def _latin(text: str) -> bool:
    """Every letter of ``text`` is a Latin one (accented or not)."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def short_publisher(text: str) -> str:
    """ "Relation Client Magazine (relationclientmag.fr)" → "Relation Client Magazine"; a name in
    another script keeps its Latin gloss: "琉球新報 (Ryukyu Shimpo, Okinawa daily)" → "Ryukyu
    Shimpo"."""
    head, _, rest = text.partition(" (")
    head = head.strip().rstrip(",;")
    if not _latin(head) and rest:  # "La Vie Éco (Maroc)" stays "La Vie Éco"
        gloss = rest.split(",")[0].split(")")[0].strip()
        if gloss.isascii() and gloss:
            return gloss
    return head[:80]


def _number(value: str, what: str, where: str) -> int | None:
    value = value.strip().replace(",", "")
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(f"{where}: {what} {value!r} is not a whole number")
    return int(value)


def build() -> pd.DataFrame:
    countries = set(pd.read_csv(DATA / "countries.csv", dtype=str, keep_default_na=False)["iso2"])
    excluded = pd.read_csv(EVIDENCE / "exclusions.csv", dtype=str, keep_default_na=False)
    dropped = set(zip(excluded["language"], excluded["iso2"], excluded["source_key"], strict=True))
    rows, problems = [], []
    for path in sorted(EVIDENCE.glob("block_*.csv")):
        notes = _sections(path.with_name(path.stem + "_notes.md"))
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        if list(raw.columns) != RAW:
            problems.append(f"{path.name}: columns {list(raw.columns)} != {RAW}")
            continue
        for line, r in enumerate(raw.itertuples(index=False), start=2):
            where = f"{path.name} line {line}"
            try:
                kind, _, market = r.scope.partition(";")
                if not TAG.match(r.language):
                    raise ValueError(f"language {r.language!r} is not a BCP 47 tag")
                if kind not in KINDS or market not in MARKETS:
                    raise ValueError(f"scope {r.scope!r} is not kind;market")
                if not r.quote.strip():
                    raise ValueError("no quote")
                if r.source_key not in notes:
                    raise ValueError(f"source {r.source_key} has no notes section")
                people = _number(r.people, "people", where)
                sites = _number(r.sites, "sites", where)
                year = _number(r.year, "year", where)
            except ValueError as err:
                problems.append(f"{where}: {err}")
                continue
            if r.iso2 not in countries or (r.language, r.iso2, r.source_key) in dropped:
                continue
            note = notes[r.source_key]
            rows.append({
                "language": r.language, "iso2": r.iso2, "city": r.city.strip(),
                "people": people, "sites": sites, "scope": r.scope, "year": year,
                "source_key": r.source_key,
                "publisher": short_publisher(note.get("publisher", "")) or r.source_key,
                "url": note.get("url", "").strip("<>"),
            })  # fmt: skip
    if problems:
        raise SystemExit("delivery evidence: " + "; ".join(problems[:20]))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.drop_duplicates(subset=["language", "iso2", "city", "people", "source_key"])
    frame = frame.sort_values(["language", "iso2", "source_key", "city"], kind="stable")
    return frame.astype({"people": "Int64", "sites": "Int64", "year": "Int64"})


def main(argv: list[str] | None = None) -> int:
    text = to_csv(build())
    return write_or_check(argv, __doc__.splitlines()[0], text, OUT, "evidence rows")


if __name__ == "__main__":
    raise SystemExit(main())
