"""Rebuild ``data/languages.csv``, the language workforce table, from ``data/sources/``.

One row per country × language, from the best source that covers the pair, in this order:

1. ``sources/language_eurobarometer.csv`` — Special Eurobarometer (EU-27): mother tongue plus
   "well enough to have a conversation", % of residents aged 15+;
2. ``sources/language_oif.csv`` — OIF, "La langue française dans le monde": francophones, %
   of the population, or their head count where no % is printed (French only);
3. ``sources/language_cervantes.csv`` — Instituto Cervantes, "El español: una lengua viva":
   native plus limited-competence speakers over the population (Spanish only);
4. ``sources/language_surveys.csv`` — national polls of who speaks English conversationally
   where neither Eurobarometer nor CLDR has a figure (Levada, KIIS, UNIMER, Kodansha,
   Realmeter; candidates and rejects in ``language_surveys_research.csv`` and its notes);
5. Unicode CLDR's territory-language estimates (via babel) — share of the population;
6. ``sources/language_learners.csv`` — learners of German (Auswärtiges Amt) or Japanese (Japan
   Foundation), a head count and a *proxy*: only where no source above counts speakers.

Sourced corrections (``sources/language_corrections.csv``, action ``remove``) drop a pair.
Usage: ``python data/build/build_languages.py`` (write) or ``--check``.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pandas as pd
from babel.languages import get_territory_language_info

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_countries import _code, to_csv, write_or_check  # noqa: E402  the same ISO 639-1 / 639-3 rule as countries.csv

DATA = Path(__file__).resolve().parent.parent
SOURCES = DATA / "sources"
OUT = DATA / "languages.csv"
COLUMNS = ["iso2", "language", "share_pct", "people", "basis", "source", "year", "proxy"]
CLDR = "Unicode CLDR 47 territory estimate"


def _sources(name: str) -> pd.DataFrame:
    path = SOURCES / name
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def _num(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return float(str(value).replace(",", ""))


def _cited(edition: str) -> str:
    """The source as a citation names it: its primary publisher and edition. Where a figure
    was read in a relay ("… (relayed by TV5Monde Info)"), the relay is in the source's notes,
    not in the citation a brief prints."""
    return re.sub(r"\s*\(relayed by [^)]*\)", "", str(edition)).strip()


def _year(value) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


def _countries() -> list[str]:
    hubs = pd.read_csv(SOURCES / "hubs.csv", dtype=str, keep_default_na=False)
    return sorted(hubs["iso2"])


def _eurobarometer(rows: dict, countries: set[str]) -> None:
    for r in _sources("language_eurobarometer.csv").itertuples(index=False):
        native, foreign = _num(r.native_pct), _num(r.foreign_pct)
        if r.iso2 not in countries or (native is None and foreign is None):
            continue
        basis = (
            "speakers: mother tongue + conversational"
            if native is not None
            else ("speakers: conversational (mother tongue not given)")
        )
        rows.setdefault((r.iso2, r.language), {
            "share_pct": round((native or 0) + (foreign or 0), 1), "people": None,
            "basis": basis, "source": _cited(r.edition), "year": _year(r.year), "proxy": False,
        })  # fmt: skip


def _oif(rows: dict, countries: set[str]) -> None:
    for r in _sources("language_oif.csv").itertuples(index=False):
        share = _num(r.share_pct)
        speakers, population = _num(r.speakers), _num(r.population)
        if share is None and speakers is not None and population:
            share = 100 * speakers / population
        if r.iso2 not in countries or (share is None and speakers is None):
            continue
        if share is None:  # a head count over the whole population, none printed beside it
            cell = {"share_pct": None, "people": int(speakers),
                    "basis": "francophones (head count, whole population)"}  # fmt: skip
        else:
            cell = {"share_pct": round(share, 1), "people": None, "basis": "francophones"}
        rows.setdefault(
            (r.iso2, "fr"),
            {**cell, "source": _cited(r.edition), "year": _year(r.year), "proxy": False},
        )


def _cervantes(rows: dict, countries: set[str]) -> None:
    for r in _sources("language_cervantes.csv").itertuples(index=False):
        total = _num(r.total)
        if total is None and _num(r.native) is not None:
            total = _num(r.native) + (_num(r.limited) or 0)
        population = _num(r.population)
        if r.iso2 not in countries or total is None or not population:
            continue
        rows.setdefault((r.iso2, "es"), {
            "share_pct": round(min(100.0, 100 * total / population), 1), "people": None,
            "basis": "speakers: native + limited competence", "source": _cited(r.edition),
            "year": _year(r.year), "proxy": False,
        })  # fmt: skip


def _surveys(rows: dict, countries: set[str]) -> None:
    for r in _sources("language_surveys.csv").itertuples(index=False):
        share = _num(r.share_pct)
        if r.iso2 not in countries or share is None:
            continue
        rows.setdefault((r.iso2, r.language), {
            "share_pct": round(share, 1), "people": None, "basis": f"speakers: {r.basis}",
            "source": _cited(r.edition), "year": _year(r.year), "proxy": False,
        })  # fmt: skip


def _cldr(rows: dict, countries: set[str], removed: set[tuple[str, str]]) -> None:
    for iso2 in sorted(countries):
        for tag, info in get_territory_language_info(iso2).items():
            code = _code(tag)
            official = info["official_status"] in ("official", "de_facto_official")
            if code is None or (len(code) == 3 and not official) or (iso2, code) in removed:
                continue
            share = round(float(info["population_percent"]), 1)
            key = (iso2, code)
            if share <= 0 or (key in rows and rows[key]["source"] == CLDR):
                continue
            rows.setdefault(key, {
                "share_pct": share, "people": None, "basis": "speakers (CLDR estimate)",
                "source": CLDR, "year": None, "proxy": False,
            })  # fmt: skip


def _learners(rows: dict, countries: set[str]) -> None:
    for r in _sources("language_learners.csv").itertuples(index=False):
        learners = _num(r.learners)
        if r.iso2 not in countries or learners is None:
            continue
        rows.setdefault((r.iso2, r.language), {
            "share_pct": None, "people": int(learners), "basis": "learners, not speakers",
            "source": _cited(r.edition), "year": _year(r.year), "proxy": True,
        })  # fmt: skip


def build() -> pd.DataFrame:
    countries = set(_countries())
    corrections = _sources("language_corrections.csv")
    removed = {
        (r.iso2, r.language) for r in corrections.itertuples(index=False) if r.action == "remove"
    }
    rows: dict[tuple[str, str], dict] = {}
    _eurobarometer(rows, countries)
    _oif(rows, countries)
    _cervantes(rows, countries)
    _surveys(rows, countries)
    _cldr(rows, countries, removed)
    _learners(rows, countries)
    for key in removed:
        rows.pop(key, None)
    frame = pd.DataFrame(
        [{"iso2": k[0], "language": k[1], **v} for k, v in sorted(rows.items())], columns=COLUMNS
    )
    return frame


def main(argv: list[str] | None = None) -> int:
    text = to_csv(build())
    return write_or_check(argv, __doc__.splitlines()[0], text, OUT, "country × language rows")


if __name__ == "__main__":
    raise SystemExit(main())
