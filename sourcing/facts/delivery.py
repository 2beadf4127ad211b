"""Delivery evidence: where the industry already serves a language market, and how many people
do it — the input a practitioner reaches for first.

``data/delivery.csv`` (built by ``make data`` from ``data/sources/delivery_evidence/``; each row
traced to a verbatim quote in the research notes) has one row per language market × location ×
source. For scoring, a location's evidence for a work language is summed up here:

- the **head count**: of the rows that count people for that market in a scope that fits the
  role (contact-centre and back-office work: ``contact_centre``, ``back_office``, ``bpo``; IT and
  analysis: ``it``), the largest *national* figure (a row naming no city) of the last
  decade (:data:`RECENT_FROM` or later, or undated); failing that the largest national figure of
  any year; failing that the largest figure for a city or a site — one figure, never a sum, as
  sources overlap and single employers' counts are part of national ones;
- the **sources** that name the location for the market at all (with or without a count).

Only rows of a scope that fits the role count at all (an IT centre serving Hebrew-speaking
clients is no evidence for Hebrew voice work). A plain language (``fr``) matches every
variety of it (``fr``, ``fr-CA``); a variety (``fr-CA``) matches its own rows, and where it has
none there the language's other rows, marked as another variety (the engine counts them at
half for voice work).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from sourcing.facts.countries import DATA_DIR, DatasetError, read_text_csv
from sourcing.facts.filecache import FileCache
from sourcing.facts.languages import language_name, language_pools, primary

DELIVERY_CSV = DATA_DIR / "delivery.csv"
COLUMNS = ["language", "iso2", "city", "people", "sites", "scope", "year", "source_key",
           "publisher", "url"]  # fmt: skip
SCOPES_FOR = {
    "contact_center": frozenset({"contact_centre", "back_office", "bpo"}),
    "back_office": frozenset({"contact_centre", "back_office", "bpo"}),
}
IT_SCOPES = frozenset({"it"})  # it_support, software_dev, analyst
RECENT_FROM = 2016  # a head count from this year on (or undated) is current


@dataclass(frozen=True)
class Row:
    language: str
    iso2: str
    city: str
    people: int | None
    sites: int | None
    kind: str  # contact_centre | back_office | bpo | it
    market: str  # export | domestic
    year: int | None
    source_key: str
    publisher: str
    url: str
    shared: tuple[int, int] | None = None  # (the source's head count, markets it is split over)


@dataclass(frozen=True)
class Evidence:
    """One location's delivery evidence for one work language and role."""

    language: str  # the work language as asked (``it``, ``pt-BR``)
    people: int | None  # the head count that decides (None: sources name the place, count none)
    year: int | None
    publisher: str | None  # who counted ``people``
    scope: str | None  # its scope ("contact_centre;export")
    markets: tuple[str, ...]  # the market tags the rows serve (``fr``, ``fr-CA``)
    sources: int  # distinct sources naming the location for the market
    variety: bool = True  # False: a variety was asked and these rows serve another one
    served: int = 1  # language markets the location's evidence documents for the role
    workforce: int | None = None  # set: ``people`` is this national workforce / ``served``
    shared: tuple[int, int] | None = None  # set: ``people`` is a head count split over markets
    standing: tuple[int, int] = (1, 1)  # sources naming the country for this market, and for
    # its most-documented market (its lead), at country level and for the role
    niche: bool = False  # set: a niche market there, given no part of the national workforce

    def brief(self) -> str:
        """What the language reason says of it: "delivery documented by 14 sources"."""
        return f"delivery documented by {self.sources} source{'s' if self.sources != 1 else ''}"

    def cite(self, language_name: str) -> str:
        """ "~78.7 k people serve Italian-language customers (Confcommercio, 2023; 5 sources
        name it)", or "5 sources name it for Italian-language work (no head count)"."""
        many = f"{self.sources} source{'s name' if self.sources != 1 else ' names'} it"
        varieties = [m for m in self.markets if "-" in m]
        market = f"{language_name}-language" + (f" ({', '.join(varieties)})" if varieties else "")
        if self.people is None:
            niche = ""
            if self.niche:
                mine, lead = self.standing
                niche = (
                    f"; a niche there: its language a minority of the population and "
                    f"{mine} source{'s' if mine != 1 else ''} against {lead} for the country's "
                    f"lead market, so no part of the national workforce is counted for it"
                )
            return f"{many} for {market} work (no head count{niche})"
        count = _count(self.people)
        when = str(self.year) if self.year else "undated"
        if self.workforce is not None:
            split = "all" if self.served == 1 else f"1/{self.served}"
            return (
                f"~{count} people counted for {market} work: {split} of the contact-centre / BPO "
                f"workforce of {_count(self.workforce)} ({when}), which sources document serving "
                f"{self.served} language market{'s' if self.served != 1 else ''} (a proxy; {many})"
            )
        if self.shared is not None:
            whole, markets = self.shared
            return (
                f"~{count} people serve {market} customers ({_count(whole)} serving {markets} "
                f"language markets, split evenly; {self.publisher}, {when}; {many})"
            )
        return f"~{count} people serve {market} customers ({self.publisher}, {when}; {many})"


def _count(p: int) -> str:
    return f"{p / 1e6:.1f} m" if p >= 1e6 else f"{p / 1e3:,.1f} k" if p >= 1e3 else f"{p:,}"


NICHE_STANDING = 1 / 3  # below a third of the lead market's sources: a minority language is a niche


def with_workforce(
    evidence: Evidence | None, workforce, year, home, staffable: bool = True
) -> Evidence | None:
    """Where sources document a location serving a market but count no one for it (or fewer
    than this), the national contact-centre / BPO workforce split evenly over the language
    markets its evidence documents — a stated proxy, the same rule everywhere: the Dominican
    Republic's 33 k free-zone agents, documented serving English, Spanish and French customers,
    count 11 k for each. A workforce its source counts as serving the domestic market in
    ``home`` is never split to another language.

    A **niche** market takes no part: one whose language is not ``staffable`` from the
    population (a census minority below 5 %, or no census figure) and which fewer than a third as
    many sources document as the country's most-documented market — Japanese voice work in
    India (one call centre, 2007) is not a quarter of India's 1.4 m, nor Spanish a seventh of
    the Philippines' 1.8 m. Its capability is what sources count for it, and the workforce's
    census share (:func:`sourcing.engine.scorers.workforce_share`)."""
    if evidence is None or workforce is None or pd.isna(workforce):
        return evidence
    if isinstance(home, str) and home and primary(evidence.language) != home:
        return evidence
    mine, lead = evidence.standing
    if not staffable and mine < NICHE_STANDING * lead:
        return replace(evidence, niche=True)
    split = int(float(workforce) // evidence.served)
    if split <= 0 or (evidence.people is not None and evidence.people >= split):
        return evidence
    return replace(evidence, people=split, year=None if pd.isna(year) else int(year),
                   publisher=None, scope="workforce", workforce=int(workforce))  # fmt: skip


Table = dict[str, list[Row]]  # by iso2


def _read(source: Path) -> Table:
    raw = read_text_csv(source, COLUMNS)
    table: Table = {}
    problems = []
    for line, r in enumerate(raw.itertuples(index=False), start=2):
        try:
            people = None if pd.isna(r.people) else int(r.people)
            sites = None if pd.isna(r.sites) else int(r.sites)
            year = None if pd.isna(r.year) else int(r.year)
        except ValueError as err:
            problems.append(f"line {line}: {err}")
            continue
        kind, _, market = str(r.scope).partition(";")
        row = Row(str(r.language), str(r.iso2), "" if pd.isna(r.city) else str(r.city), people,
                  sites, kind, market, year, str(r.source_key), str(r.publisher),
                  "" if pd.isna(r.url) else str(r.url))  # fmt: skip
        table.setdefault(row.iso2, []).append(row)
    if problems:
        raise DatasetError(f"{source}: " + "; ".join(problems[:12]))
    return {iso2: _split_shared(rows) for iso2, rows in table.items()}


def _split_shared(rows: list[Row]) -> list[Row]:
    """A head count one source gives for one place across several language markets (Türkiye's
    11,000 export agents serving Germany, the UK, France and the Netherlands) is split evenly
    between them: each market's row counts its share, never the whole."""
    markets: dict[tuple, set[str]] = {}
    for r in rows:
        if r.people is not None:
            markets.setdefault((r.city, r.source_key, r.people), set()).add(primary(r.language))
    out = []
    for r in rows:
        k = len(markets.get((r.city, r.source_key, r.people), ()))
        out.append(replace(r, people=r.people // k, shared=(r.people, k)) if k > 1 else r)
    return out


_CACHE: FileCache[Table] = FileCache(_read)


def delivery_table(path: str | Path | None = None) -> Table:
    """The table by location, read and checked once per process and file version."""
    return _CACHE.get(Path(path) if path is not None else DELIVERY_CSV)


def _matching(rows: list[Row], language: str) -> tuple[list[Row], bool]:
    """The rows for ``language`` and whether they serve the variety asked: a plain language
    takes every variety's rows; a variety its own rows, else — marked as another variety —
    the rest of the language's."""
    base = primary(language)
    same = [r for r in rows if primary(r.language) == base]
    if "-" in language:
        exact = [r for r in same if r.language.lower() == language.lower()]
        return (exact, True) if exact else (same, False)
    return same, True


_FOUND: dict[tuple, Evidence | None] = {}  # answers for the table in _FOUND_FOR
_FOUND_FOR: list = [None]


def evidence_for(
    iso2: str,
    language: str,
    role: str,
    table: Table | None = None,
    city: frozenset[str] | None = None,
    share: float | None = None,
) -> Evidence | None:
    """The location's evidence (see :func:`_evidence_for`), read once per table, location,
    language, role and city: every ranking asks it again of the same table."""
    table = table if table is not None else delivery_table()
    if _FOUND_FOR[0] is not table:  # another file version: forget the old answers
        _FOUND.clear()
        _FOUND_FOR[0] = table
    key = (iso2, language, role, city, share)
    if key not in _FOUND:
        if len(_FOUND) > 50_000:
            _FOUND.clear()
        _FOUND[key] = _evidence_for(iso2, language, role, table, city, share)
    return _FOUND[key]


def _evidence_for(
    iso2: str,
    language: str,
    role: str,
    table: Table,
    city: frozenset[str] | None = None,
    share: float | None = None,
) -> Evidence | None:
    """The location's evidence for work in ``language`` in ``role`` (see the module docstring),
    or None when no source names the location for that market.

    For a ``city`` (a hub of the city level, given as the spellings the evidence uses for it):
    the rows naming that city or no city at all (a national figure is the country's,
    inherited); a national count is taken at the city's ``share`` of the country's workforce
    where one is published, and the city's own count where it is larger."""
    scopes = SCOPES_FOR.get(role, IT_SCOPES)
    # IT work proves nothing for voice, nor back office
    found = [r for r in table.get(iso2, []) if r.kind in scopes]
    served = len({primary(r.language) for r in found})  # the country's markets (a city's
    by_market: dict[str, set[str]] = {}
    for r in found:
        by_market.setdefault(primary(r.language), set()).add(r.source_key)
    standing = (len(by_market.get(primary(language), ())),
                max((len(v) for v in by_market.values()), default=0))  # fmt: skip
    if city is not None:  # workforce is a part of the country's, split as the country's is)
        found = [r for r in found if not r.city or r.city in city]
    rows, variety = _matching(found, language)
    if not rows:
        return None
    counted = [r for r in rows if r.people is not None]
    if city is not None:  # a city: its own counts and the national ones at its share, the
        counted = [_at_share(r, share) for r in counted]  # larger deciding
        national = counted
    else:
        national = [r for r in counted if not r.city] or counted
    recent = [r for r in national if r.year is None or r.year >= RECENT_FROM]
    best = max(recent or national, key=lambda r: (r.people, r.year or 0), default=None)
    markets = tuple(sorted({r.language for r in rows}))
    sources = len({r.source_key for r in rows})
    if best is None:
        return Evidence(language, None, None, None, None, markets, sources, variety, served,
                        standing=standing)  # fmt: skip
    return Evidence(language, best.people, best.year, best.publisher,
                    f"{best.kind};{best.market}", markets, sources, variety, served,
                    shared=best.shared, standing=standing)  # fmt: skip


def _at_share(row: Row, share: float | None) -> Row:
    """A national count (a row naming no city) taken at a city's share of the country's
    workforce; a city's own count, and any count where no share is published, as it is."""
    if row.city or share is None or share != share:
        return row
    return replace(row, people=round(row.people * share))


def sources_for(iso2: str, language: str, role: str, table: Table | None = None) -> list[str]:
    """Who documents ``iso2`` serving ``language``'s market for ``role``: "publisher (year)",
    one per source, newest first — the brief lists them beside the figures they decided."""
    scopes = SCOPES_FOR.get(role, IT_SCOPES)
    found = [r for r in (table if table is not None else delivery_table()).get(iso2, [])
             if r.kind in scopes]  # fmt: skip
    rows, _ = _matching(found, language)
    seen: dict[str, int | None] = {}
    for r in rows:
        seen[r.publisher] = max(seen.get(r.publisher) or 0, r.year or 0) or None
    ordered = sorted(seen.items(), key=lambda p: (-(p[1] or 0), p[0]))
    return [f"{name} ({year})" if year else name for name, year in ordered]


def documented(evidence: Evidence | None, row, role: str) -> Evidence | None:
    """A location's evidence for a language with, for contact-centre and back-office work, its
    national workforce (``row``: a countries row) split over the markets sources document it
    serving where that counts more (:func:`with_workforce`)."""
    if role not in SCOPES_FOR or evidence is None:
        return evidence
    pool = language_pools().get((row["iso2"], primary(evidence.language)))
    population = row["population_m"]  # a census share known and not a thin minority
    staffable = (
        pool is not None and pool.share(population) is not None and not pool.thin(population)
    )
    return with_workforce(evidence, row["bpo_workforce"], row["bpo_workforce_year"],
                          row["bpo_workforce_language"], staffable)  # fmt: skip


def delivery_frame(path: str | Path | None = None) -> pd.DataFrame:
    """The table as the Data page and its CSV show it: one row per market × location × source,
    with the language's name beside its tag."""
    rows = [r for found in delivery_table(path).values() for r in found]
    # each row as its source counts it (a head count shared by several markets, whole)
    frame = pd.DataFrame([{**r.__dict__, "people": r.shared[0] if r.shared else r.people}
                          for r in rows])  # fmt: skip
    frame.insert(1, "language_name", [language_name(t.split("-")[0]) for t in frame["language"]])
    frame["scope"] = frame.pop("kind") + ";" + frame.pop("market")
    columns = ["language", "language_name", "iso2", "city", "people", "sites", "scope", "year",
               "publisher", "url", "source_key"]  # fmt: skip
    frame = frame[columns].astype({"people": "Int64", "sites": "Int64", "year": "Int64"})
    return frame.sort_values(["language", "iso2", "source_key"], kind="stable").reset_index(
        drop=True
    )
