"""The language workforce table: per country and language, how many people could do the work in
that language, from which published figure.

``data/languages.csv`` (built by ``make data`` from ``data/sources/``; see data/README.md) has
one row per country × language with either

- ``share_pct``: the share of the population that speaks the language (native speakers and
  those able to hold a conversation in it), from a survey of speakers — Special Eurobarometer
  540 for the EU, the OIF's francophones, Instituto Cervantes' Spanish speakers — or, where no
  survey covers the pair, Unicode CLDR's territory estimate; or
- ``people``: a head count — of learners of German or Japanese (a *proxy*: learners, not
  speakers), or of francophones where the OIF prints a number and no share,

with ``source``, ``year`` and ``proxy`` saying which. The pool a location can hire from is
that share of its labour force (or the head count, at most the labour force): the share is
measured over the adult population and is applied to the labour force as it is, and a head
count of the whole population is compared with the seats as it is — stated approximations
(the second overstates a pool by the population's ratio to its labour force, about 2×).
A pair missing from the table means no source records speakers there.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pycountry

from sourcing.facts.countries import DATA_DIR, DatasetError, read_text_csv
from sourcing.facts.filecache import FileCache

LANGUAGES_CSV = DATA_DIR / "languages.csv"
COLUMNS = ["iso2", "language", "share_pct", "people", "basis", "source", "year", "proxy"]


@dataclass(frozen=True)
class Pool:
    """What one source says about one language in one country."""

    share_pct: float | None  # of the population; None when the source counts people
    people: float | None  # a head count (learners: a proxy)
    basis: str  # what is counted: "speakers", "francophones", "learners"…
    source: str  # short citation: "Special Eurobarometer 540"
    year: int | None
    proxy: bool

    def speakers(self, labour_force_m: float | None) -> float | None:
        """People in the labour force who could work in the language (None: unknown)."""
        if labour_force_m is None or not math.isfinite(labour_force_m):
            return None
        labour = labour_force_m * 1e6
        if self.share_pct is not None:
            return labour * self.share_pct / 100
        return None if self.people is None else min(self.people, labour)

    def cite(self) -> str:
        """How a reason names the figure: "Special Eurobarometer 540, 2023"."""
        label = f"{self.source}, {self.year}" if self.year else self.source
        return f"{label}; proxy: {self.basis}" if self.proxy else label


Pools = dict[tuple[str, str], Pool]


def _read(source: Path) -> Pools:
    raw = read_text_csv(source, COLUMNS)
    pools: Pools = {}
    problems = []
    for line, row in enumerate(raw.itertuples(index=False), start=2):
        try:
            share = None if pd.isna(row.share_pct) else float(row.share_pct)
            people = None if pd.isna(row.people) else float(row.people)
            year = None if pd.isna(row.year) else int(row.year)
        except ValueError as err:
            problems.append(f"line {line}: {err}")
            continue
        if (share is None) == (people is None):
            problems.append(f"line {line}: give exactly one of share_pct and people")
            continue
        if share is not None and not 0 <= share <= 100:
            problems.append(f"line {line}: share_pct {share:g} is not a percentage")
            continue
        if people is not None and not (math.isfinite(people) and people >= 0):
            problems.append(f"line {line}: people {people:g} is not a head count")
            continue
        key = (str(row.iso2), str(row.language))
        if key in pools:
            problems.append(f"line {line}: {key[0]} × {key[1]} appears twice")
            continue
        pools[key] = Pool(share, people, str(row.basis), str(row.source), year,
                          str(row.proxy).lower() == "true")  # fmt: skip
    if problems:
        raise DatasetError(f"{source}: " + "; ".join(problems[:12]))
    return pools


_CACHE: FileCache[Pools] = FileCache(_read)


def language_pools(path: str | Path | None = None) -> Pools:
    """The table, read and checked once per process and file version."""
    return _CACHE.get(Path(path) if path is not None else LANGUAGES_CSV)


def languages_in_table(path: str | Path | None = None) -> list[str]:
    """Every language the table has a figure for, most widely recorded first."""
    counts: dict[str, int] = {}
    for _, lang in language_pools(path):
        counts[lang] = counts.get(lang, 0) + 1
    return sorted(counts, key=lambda c: (-counts[c], c))


@functools.cache
def language_name(code: str) -> str:
    """The language's English name (pycountry: ISO 639-1, or 639-3 for ``fil``); the code when
    unknown."""
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    lang = lang or pycountry.languages.get(alpha_3=code)
    return getattr(lang, "name", code)


def pool_basis(pools: dict[str, Pool | None], labour_force_m: float | None) -> str:
    """The figures behind a location's language pools, for tables and CSVs:
    "de 3.4 m speakers (Unicode CLDR 47 territory estimate); fr no source"."""
    parts = []
    for lang, pool in pools.items():
        if pool is None:
            parts.append(f"{lang} no source")
            continue
        speakers = pool.speakers(labour_force_m)
        word = "learners" if pool.proxy else "speakers"
        count = "labour force unknown" if speakers is None else f"{speakers / 1e6:.2f} m {word}"
        parts.append(f"{lang} {count} ({pool.cite()})")
    return "; ".join(parts)


def languages_text(required: tuple[str, ...], preferred: tuple[str, ...] = ()) -> str:
    """How a brief or workbook states the work's languages: "German (de); preferred: French
    (fr)", or "none"."""
    named = ", ".join(f"{language_name(c)} ({c})" for c in required) or "none"
    if preferred:
        named += "; preferred: " + ", ".join(f"{language_name(c)} ({c})" for c in preferred)
    return named


def work_title(
    preset_name: str, preset_languages: tuple[str, ...], required: tuple[str, ...]
) -> str:
    """The preset's name, saying so when the work's languages are not the preset's: "Voice
    support (English), in German"."""
    if not required or set(required) == set(preset_languages):
        return preset_name
    return f"{preset_name}, in " + " and ".join(language_name(c) for c in required)
