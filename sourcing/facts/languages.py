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

with ``source``, ``year`` and ``proxy`` saying which.

**A pool is a share.** The pool a location can hire from is the share of its people who speak
the language applied to its labour force: a surveyed share as it is; a head count of a
population over that population (GeoNames), never over the smaller labour force (which made
whole countries "100 % francophone"). **A thin minority is not a pool**: a share below
:data:`MIN_POOL_SHARE_PCT` of the population does not count — a few hundred thousand people
scattered through a large country are mostly not in the services labour market — unless
delivery evidence (:mod:`sourcing.facts.delivery`) shows an industry working in the language
there. A pair missing from the table means no source records speakers there.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

from sourcing.facts.countries import (
    DATA_DIR,
    LANGUAGE_CODES,
    DatasetError,
    read_text_csv,
    shared_countries,
)
from sourcing.facts.filecache import FileCache

LANGUAGES_CSV = DATA_DIR / "languages.csv"
COLUMNS = ["iso2", "language", "share_pct", "people", "basis", "source", "year", "proxy"]
MIN_POOL_SHARE_PCT = 5.0  # below this share of the population a language is a minority, not a pool


@dataclass(frozen=True)
class Pool:
    """What one source says about one language in one country."""

    share_pct: float | None  # of the population; None when the source counts people
    people: float | None  # a head count (learners: a proxy)
    basis: str  # what is counted: "speakers", "francophones", "learners"…
    source: str  # short citation: "Special Eurobarometer 540"
    year: int | None
    proxy: bool

    def share(self, population_m: float | None = None) -> float | None:
        """The fraction of the population able to work in the language: the surveyed share, or
        the head count over the population (at most 1); None when neither is known."""
        if self.share_pct is not None:
            return self.share_pct / 100
        if self.people is None or not _known(population_m):
            return None
        return min(self.people / (float(population_m) * 1e6), 1.0)

    def thin(self, population_m: float | None = None) -> bool:
        """True when the share is known and below :data:`MIN_POOL_SHARE_PCT`: a minority."""
        share = self.share(population_m)
        return share is not None and 100 * share < MIN_POOL_SHARE_PCT

    def speakers(
        self, labour_force_m: float | None, population_m: float | None = None
    ) -> float | None:
        """People in the labour force who could work in the language: the labour force × the
        share (None: unknown)."""
        share = self.share(population_m)
        if share is None or not _known(labour_force_m):
            return None
        return float(labour_force_m) * 1e6 * share

    def cite(self) -> str:
        """How a reason names the figure: "Special Eurobarometer 540, 2023"."""
        label = f"{self.source}, {self.year}" if self.year else self.source
        return f"{label}; proxy: {self.basis}" if self.proxy else label


Pools = dict[tuple[str, str], Pool]


def _known(value) -> bool:
    return value is not None and not pd.isna(value) and math.isfinite(float(value))


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


# Varieties buyers treat as material for voice work (BCP 47 tags, as the delivery evidence uses
# them): a tag → how a person says it. Their home locations are the region subtag's country, or
# for es-419 the Spanish-speaking countries of Latin America and the Caribbean (UN M49 419).
VARIETIES: dict[str, str] = {
    "en-US": "English (US)", "en-GB": "English (UK)", "en-AU": "English (Australia)",
    "fr-FR": "French (France)", "fr-CA": "French (Canada)",
    "es-ES": "Spanish (Spain)", "es-419": "Spanish (Latin America)",
    "pt-PT": "Portuguese (Portugal)", "pt-BR": "Portuguese (Brazil)",
    "zh-CN": "Chinese (Mainland)", "zh-TW": "Chinese (Taiwan)", "zh-HK": "Chinese (Hong Kong)",
}  # fmt: skip
LATIN_AMERICA = ("Caribbean", "Central America", "South America")  # UN M49 419's sub-regions


def primary(tag: str) -> str:
    """The language of a tag: ``pt-BR`` → ``pt``; a plain code is itself."""
    return tag.split("-")[0].lower()


def normalise_tag(code: str) -> str | None:
    """A language code or a known variety as Shoreline spells it (``PT-br`` → ``pt-BR``,
    ``DE`` → ``de``), or None when it is neither."""
    if not isinstance(code, str):
        return None
    code = code.strip().replace("_", "-")
    if "-" not in code:
        return code.lower() if code.lower() in LANGUAGE_CODES else None
    lang, _, region = code.partition("-")
    tag = f"{lang.lower()}-{region.upper()}"
    return tag if tag in VARIETIES else None


def did_you_mean(code) -> str | None:
    """A language code for a likely slip: a country code where a language was meant (``jp`` →
    ``ja``, the first business language the dataset lists for Japan), or a language's name
    (``German`` → ``de``); None when nothing fits."""
    if not isinstance(code, str) or not code.strip():
        return None
    text = code.strip()
    countries = shared_countries()
    if text.upper() in countries.index:
        first = str(countries.at[text.upper(), "languages"]).split(";")[0]
        if first and first != text.lower():
            return first
    by_name = {getattr(lang, "name", "").lower(): getattr(lang, "alpha_2", None)
               for lang in pycountry.languages}  # fmt: skip
    return by_name.get(text.lower())


def unknown_language(code) -> str:
    """The one-line message for a code that is neither a language nor a known variety, with a
    suggestion where a slip is likely ("did you mean ja (Japanese)?")."""
    known = ", ".join(sorted(VARIETIES))
    guess = did_you_mean(code)
    hint = f"did you mean {guess} ({language_name(guess)})? " if guess else ""
    return (
        f"unknown language code {code!r}: {hint}use ISO 639-1 (en, de), ISO 639-3 for a "
        f"language that has no 639-1 code (fil), or one of the varieties {known}"
    )


def variety_homes(tag: str, countries: pd.DataFrame) -> frozenset[str]:
    """Where a variety is at home: ``fr-CA`` → {CA}; ``es-419`` → the Spanish-speaking
    countries of Latin America and the Caribbean in ``countries``; a plain code → every
    country (no variety asked)."""
    if "-" not in tag:
        return frozenset(countries.index)
    region = tag.split("-")[1]
    if region == "419":
        latin = countries["subregion"].isin(LATIN_AMERICA)
        spanish = countries["languages"].str.split(";").map(lambda c: "es" in c)
        return frozenset(countries.index[latin & spanish])
    return frozenset({region})


@functools.cache
def work_rationale(text: str, preset_languages: tuple[str, ...], required: tuple[str, ...]) -> str:
    """The preset's rationale in the work's words: where the preset names one language and the
    work is in others, that language's name is theirs ("Inbound English calls … spoken English
    (20)" in French → "Inbound French calls … spoken French (20)")."""
    if not required or set(required) == set(preset_languages):
        return text
    said = " and ".join(language_name(c) for c in required)
    if len(preset_languages) == 1:
        return re.sub(rf"\b{re.escape(language_name(preset_languages[0]))}\b", said, text)
    return f"{text} (The work here is in {said}.)"


@lru_cache(maxsize=1024)
def language_name(code: str) -> str:
    """The language's English name (pycountry: ISO 639-1, or 639-3 for ``fil``), or a variety's
    ("Portuguese (Portugal)"); the code when unknown. Read once per code (a ranking names
    languages in every location's reasons)."""
    if code in VARIETIES:
        return VARIETIES[code]
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    lang = lang or pycountry.languages.get(alpha_3=code)
    return getattr(lang, "name", code)


def share_text(percent: float) -> str:
    """A share as people read it: "37.1 %", and a thin one with its digits: "0.016 %"."""
    return f"{percent:.1f} %" if percent >= 0.1 else f"{percent:.2g} %"


def pool_basis(
    pools: dict[str, Pool | None], labour_force_m: float | None, population_m: float | None = None
) -> str:
    """The figures behind a location's language pools, for tables and CSVs:
    "de 3.40 m speakers, 8.0 % (Unicode CLDR 47 territory estimate); fr no source"."""
    parts = []
    for lang, pool in pools.items():
        if pool is None:
            parts.append(f"{lang} no source")
            continue
        speakers = pool.speakers(labour_force_m, population_m)
        share = pool.share(population_m)
        word = "learners" if pool.proxy else "speakers"
        count = "labour force unknown" if speakers is None else f"{speakers / 1e6:.2f} m {word}"
        if share is not None:
            count += f", {share_text(100 * share)}"
            if pool.thin(population_m):
                count += f" (below the {MIN_POOL_SHARE_PCT:g} % of a pool)"
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
    """The work in its own words: the preset's name where its languages are the work's; where
    they are not, a name that says the preset's language drops it ("Voice support (English)"
    in French → "Voice support in French"; "Omnichannel support (multilingual)" in Italian →
    "Omnichannel support in Italian"), any other name says the language after it ("Back office
    (transaction processing) in German"). A variety is named as such ("in Portuguese
    (Brazil)")."""
    if not required or set(required) == set(preset_languages):
        return preset_name
    said = " and ".join(language_name(c) for c in required)
    base, _, rest = preset_name.partition(" (")
    bracket = rest.removesuffix(")").lower()
    named = {language_name(c).lower() for c in preset_languages} | {"multilingual"}
    if rest.endswith(")") and bracket in named:
        return f"{base} in {said}"
    return f"{preset_name} in {said}"
