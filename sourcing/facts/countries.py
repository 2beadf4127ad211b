"""The country dataset: load ``data/countries.csv`` and validate it against a declared schema.

The file is the product's single source of truth; every column is documented in
``data/README.md``. Reading is strict: all cells are read as text (so Namibia's ``NA`` stays a
code, not a missing value), parsed by declared type, then checked with a pandera schema
(codes known to pycountry or listed in :data:`USER_ASSIGNED`, IANA zones in the pinned tzdata, ISO
639-1 languages, value ranges, allowed categories). A bad file raises :class:`DatasetError`
naming the file, the country and the column — never a pandas traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pycountry

from sourcing.facts import timezones
from sourcing.facts.filecache import FileCache

# the dataset, presets and reference tables: package data of ``sourcing`` (in the repository
# ``sourcing/data`` links to ``data/``, which `make data` rebuilds; an installed wheel carries
# the files themselves)
DATA_DIR = Path(str(resources.files("sourcing") / "data")).resolve()
COUNTRIES_CSV = DATA_DIR / "countries.csv"

ROLES = ("contact_center", "back_office", "it_support", "software_dev", "analyst")
COST_COLUMNS = tuple(f"cost_{role}_usd_hr" for role in ROLES)
COST_RANGE_COLUMNS = tuple(f"cost_{role}_{end}_usd_hr" for role in ROLES for end in ("low", "high"))
COST_SOURCE_COLUMNS = tuple(f"cost_{role}_source" for role in ROLES)
LOCALIZATION = ("none", "sectoral", "strict")

# ISO 639-1 codes, and ISO 639-3 codes of languages that have no 639-1 code (Filipino: fil)
LANGUAGE_CODES = frozenset(
    getattr(lang, "alpha_2", None) or lang.alpha_3 for lang in pycountry.languages
)
_TIMEZONES = timezones.ZONES


class DatasetError(ValueError):
    """A data file is missing or breaks its schema; the message names file, row and column."""


# The one documented exception to "every code is an ISO 3166-1 code": user-assigned codes for a
# territory ISO 3166-1 (and so pycountry) does not list. XK / XKX are the codes the European
# Commission, the World Bank (WDI and WGI files: `"Kosovo","XKX"`) and SWIFT use for Kosovo.
# Region: M49 gives Kosovo no code (country_converter's row for it has none) but places the other
# Western Balkan countries (Albania, Serbia, North Macedonia) in Southern Europe, the region
# country_converter's table also gives Kosovo; the build checks the two agree.
# Used by the schema below, the Scenario's country check and data/build/build_countries.py.
USER_ASSIGNED: dict[str, dict[str, str]] = {
    "XK": {"iso3": "XKX", "name": "Kosovo", "region": "Europe", "subregion": "Southern Europe"},
}


def known_country(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code (pycountry) or one of :data:`USER_ASSIGNED`."""
    return code in USER_ASSIGNED or pycountry.countries.get(alpha_2=code) is not None


def iso3_for(code: str) -> str | None:
    """The alpha-3 code of an alpha-2 code (pycountry or :data:`USER_ASSIGNED`); None if unknown."""
    if code in USER_ASSIGNED:
        return USER_ASSIGNED[code]["iso3"]
    country = pycountry.countries.get(alpha_2=code)
    return None if country is None else country.alpha_3


def _iso3_matches(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [iso3_for(a2) == a3 for a2, a3 in zip(frame.index, frame["iso3"], strict=True)],
        index=frame.index,
    )


def _languages_ok(value: str) -> bool:
    codes = value.split(";")
    return bool(value) and all(code in LANGUAGE_CODES for code in codes)


Kind = Literal["text", "bool", "int", "real", "date"]
_DTYPES = {"text": str, "bool": bool, "int": "Int64", "real": float, "date": "datetime64[ns]"}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the file: how its text is parsed (``kind``), what pandera checks, and
    whether every row must have a value (``required``: no empty cell, no null after parsing)."""

    name: str
    kind: Kind
    checks: tuple[pa.Check, ...] = ()
    required: bool = False


def _field(name: str, kind: Kind, *checks: pa.Check, required: bool = False) -> ColumnSpec:
    return ColumnSpec(name, kind, checks, required)


def _year(low: int = 2015) -> pa.Check:
    return pa.Check.in_range(low, 2026)


def _cost_fields(role: str) -> tuple[ColumnSpec, ...]:
    """A role's cost, the low and high ends of its range, and the label of its source."""
    return (
        _field(f"cost_{role}_usd_hr", "real", pa.Check.gt(0)),
        _field(f"cost_{role}_low_usd_hr", "real", pa.Check.gt(0)),
        _field(f"cost_{role}_high_usd_hr", "real", pa.Check.gt(0)),
        _field(f"cost_{role}_source", "text", pa.Check.str_matches(r"^(measured|modelled) \(")),
    )


# The file's columns, in the order the build writes them: the one declaration of the schema.
FIELDS: tuple[ColumnSpec, ...] = (
    _field(
        "iso2", "text",
        pa.Check.str_matches(r"^[A-Z]{2}$"),
        pa.Check(
            lambda s: s.map(known_country),
            error="not an ISO 3166-1 alpha-2 code (nor one of USER_ASSIGNED)",
        ),
        required=True,
    ),
    _field("iso3", "text", pa.Check.str_matches(r"^[A-Z]{3}$"), required=True),
    _field("name", "text", pa.Check.str_length(min_value=2), required=True),
    _field("region", "text", pa.Check.isin(["Africa", "Americas", "Asia", "Europe", "Oceania"]),
           required=True),
    _field("subregion", "text", required=True),
    _field("hub_city", "text", required=True),
    _field(
        "hub_tz", "text",
        pa.Check(lambda s: s.isin(_TIMEZONES), error="not an IANA time zone in the pinned tzdata"),
        required=True,
    ),
    _field("hub_lat", "real", pa.Check.in_range(-90, 90), required=True),
    _field("hub_lon", "real", pa.Check.in_range(-180, 180), required=True),
    _field(
        "languages", "text",
        pa.Check(
            lambda s: s.map(_languages_ok),
            error="languages must be ';'-separated ISO 639-1 codes (639-3 where none exists)",
        ),
        required=True,
    ),
    _field("english_epi", "int", pa.Check.in_range(200, 800)),
    _field("english_native", "bool", required=True),
    _field("english_official", "bool", required=True),
    _field("gdp_pc_usd", "real", pa.Check.gt(0)),
    _field("gdp_pc_year", "int", _year()),
    *(field for role in ROLES for field in _cost_fields(role)),
    _field("labour_force_m", "real", pa.Check.gt(0)),
    _field("labour_force_year", "int", _year()),
    _field("population_m", "real", pa.Check.gt(0)),
    _field("ict_exports_usd_m", "real"),
    _field("ict_exports_year", "int"),
    _field("bpo_workforce", "int", pa.Check.gt(0)),
    _field("bpo_workforce_year", "int", _year(2010)),
    _field("bpo_workforce_language", "text", pa.Check.str_matches(r"^[a-z]{2,3}$")),
    _field("iso27001_certificates", "int"),
    _field("iso27001_year", "int"),
    _field("political_stability", "real", pa.Check.in_range(-2.5, 2.5)),
    _field("ps_year", "int", _year()),
    _field("eu_member", "bool", required=True),
    _field("eea_member", "bool", required=True),
    _field("eu_adequacy", "bool", required=True),
    _field("eu_adequacy_since", "date"),
    _field("eu_adequacy_decision", "text"),
    _field("eu_adequacy_scope", "text"),
    _field("uk_adequacy", "bool", required=True),
    _field("uk_adequacy_scope", "text"),
    _field("privacy_law", "text"),
    _field("privacy_law_year", "int", _year(1970)),
    _field("localization", "text", pa.Check.isin(LOCALIZATION)),
    _field("localization_law", "text"),
    _field("us_country_of_concern", "bool", required=True),
    _field("gci_tier", "int", pa.Check.in_range(1, 5)),
    _field("currency", "text", pa.Check.str_matches(r"^[A-Z]{3}$")),
    _field("lcu_per_usd", "real", pa.Check.gt(0)),
    _field("lcu_per_usd_year", "int", _year(2020)),
)  # fmt: skip
COLUMNS = [field.name for field in FIELDS]
KINDS = {field.name: field.kind for field in FIELDS}
REQUIRED = [field.name for field in FIELDS if field.required]
_INDEX, *_VALUES = FIELDS  # iso2 is the frame's index

SCHEMA = pa.DataFrameSchema(
    {f.name: pa.Column(_DTYPES[f.kind], list(f.checks), nullable=not f.required) for f in _VALUES},
    index=pa.Index(_DTYPES[_INDEX.kind], list(_INDEX.checks), unique=True, name=_INDEX.name),
    checks=[
        pa.Check(_iso3_matches, error="iso3 does not match the alpha-3 code for iso2"),
        pa.Check(
            lambda df: ~df["eu_member"] | df["eea_member"], error="an EU member must be in the EEA"
        ),
    ],
    strict=False,
    ordered=False,
)


def _parse(raw: pd.DataFrame, source: Path) -> pd.DataFrame:
    """Turn the all-text frame into typed columns, collecting every cell that does not parse."""
    problems: list[str] = []
    out = pd.DataFrame(index=raw.index)

    def bad(column: str, mask: pd.Series, what: str) -> None:
        for iso2 in raw.index[mask]:
            problems.append(f"row {iso2}, column {column}: {raw.at[iso2, column]!r} is not {what}")

    for column in raw.columns:
        values = raw[column]
        empty = values.isna()
        kind = KINDS.get(column, "text")
        if kind == "bool":
            lowered = values.str.strip().str.lower()
            bad(column, ~lowered.isin(["true", "false"]), "true or false")
            out[column] = lowered.eq("true")
        elif kind in ("int", "real"):
            number = pd.to_numeric(values, errors="coerce").astype(float)
            bad(column, number.isna() & ~empty, "a number")
            infinite = np.isinf(number)
            bad(column, infinite, "a finite number")
            number = number.where(~infinite)  # reported above; typed as missing below
            if kind == "int":
                whole = number.dropna()
                bad(column, number.notna() & (number != number.round()), "a whole number")
                out[column] = (
                    number.round().astype("Int64") if len(whole) else number.astype("Int64")
                )
            else:
                out[column] = number.astype(float)
        elif kind == "date":
            when = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
            bad(column, when.isna() & ~empty, "a YYYY-MM-DD date")
            out[column] = when.astype("datetime64[ns]")
        else:
            out[column] = values.str.strip().astype(object).where(~empty, None)
    if problems:
        raise DatasetError(_message(source, problems))
    return out


def _message(source: Path, problems: list[str], limit: int = 12) -> str:
    shown = problems[:limit]
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{source}: {len(problems)} problem(s)\n  " + "\n  ".join(shown) + more


def load_countries(path: str | Path | None = None) -> pd.DataFrame:
    """The validated country dataset, indexed by ``iso2`` — the caller's own copy.

    Parsed and validated once per process and file version (see :func:`shared_countries`);
    each call returns a copy, so a caller's change never leaks into the next call.
    Raises :class:`DatasetError` with the file, the country and the column of every problem.
    """
    return shared_countries(path).copy()


def shared_countries(path: str | Path | None = None) -> pd.DataFrame:
    """The cached, validated dataset itself, shared by every caller in the process.

    For the engine, which only reads it; anything that may change a frame takes
    :func:`load_countries` (a copy) instead.
    """
    return _CACHE.get(Path(path) if path is not None else COUNTRIES_CSV)


def read_text_csv(source: Path, columns: list[str]) -> pd.DataFrame:
    """A data file's cells as text (Namibia's "NA" stays a code; only an empty cell is
    missing), with its required ``columns``; a missing, unreadable or short file is a
    :class:`DatasetError` naming the file."""
    try:
        raw = pd.read_csv(
            source, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8"
        )
    except FileNotFoundError:
        raise DatasetError(f"{source}: data file not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise DatasetError(f"{source}: not a readable CSV file ({err})") from None
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise DatasetError(f"{source}: missing column(s): {', '.join(missing)}")
    return raw


def _read_countries(source: Path) -> pd.DataFrame:
    """Parse and validate one file (no caching here)."""
    raw = read_text_csv(source, COLUMNS)
    if raw["iso2"].isna().any():
        lines = [str(i + 2) for i in raw.index[raw["iso2"].isna()]]
        raise DatasetError(f"{source}: empty iso2 on line(s) {', '.join(lines)}")
    duplicated = raw["iso2"][raw["iso2"].duplicated()].tolist()
    if duplicated:
        raise DatasetError(f"{source}: duplicate iso2 code(s): {', '.join(duplicated)}")

    raw = raw.set_index("iso2")
    empty_required = [
        f"row {iso2}, column {col}: required value is empty"
        for col in REQUIRED
        if col != "iso2"
        for iso2 in raw.index[raw[col].isna()]
    ]
    if empty_required:
        raise DatasetError(_message(source, empty_required))

    typed = _parse(raw, source)
    try:
        valid = SCHEMA.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DatasetError(_message(source, _describe(err.failure_cases))) from None
    outside = [
        f"row {iso2}, column cost_{role}_usd_hr: {valid.at[iso2, f'cost_{role}_usd_hr']} is "
        f"outside its own range (cost_{role}_low_usd_hr … cost_{role}_high_usd_hr)"
        for role in ROLES
        for iso2 in valid.index[
            (valid[f"cost_{role}_low_usd_hr"] > valid[f"cost_{role}_usd_hr"])
            | (valid[f"cost_{role}_usd_hr"] > valid[f"cost_{role}_high_usd_hr"])
        ]
    ]
    if outside:
        raise DatasetError(_message(source, outside))
    return valid


_CACHE: FileCache[pd.DataFrame] = FileCache(_read_countries)


def _describe(cases: pd.DataFrame) -> list[str]:
    lines = []
    for case in cases.itertuples(index=False):
        where = f"row {case.index}" if case.index is not None else "file"
        column = case.column if isinstance(case.column, str) else "iso2"
        lines.append(f"{where}, column {column}: {case.failure_case!r} fails {case.check}")
    return lines


def filter_countries(
    countries: pd.DataFrame, query: str = "", regions: list[str] | tuple[str, ...] = ()
) -> pd.DataFrame:
    """Rows whose ISO-2, ISO-3 or name contains ``query`` (case-insensitive), in ``regions``."""
    shown = countries
    q = query.strip().lower()
    if q:
        hit = shown.index.str.lower().str.contains(q, regex=False)
        for column in ("name", "iso3"):
            hit |= shown[column].str.lower().str.contains(q, regex=False)
        shown = shown[hit]
    if regions:
        shown = shown[shown["region"].isin(list(regions))]
    return shown


COST_TABLE_COLUMNS = ["iso2", "name", "region", "cost_usd_hr", "cost_low_usd_hr",
                      "cost_high_usd_hr", "range_pct", "tier", "cost_source"]  # fmt: skip


def _tier(source) -> str:
    """ "measured", "modelled", "your data" or "no data", from a cost's source label."""
    if source is None or pd.isna(source) or not str(source).strip():
        return "no data"
    text = str(source)
    return next((t for t in ("your data", "measured", "modelled") if text.startswith(t)), "other")


def cost_table(countries: pd.DataFrame, role: str) -> pd.DataFrame:
    """One role's hourly cost per country with its low–high range, the range's width as ± % of
    the value (half the width), the tier (measured / modelled / your data) and the source."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; known: {', '.join(ROLES)}")
    value = countries[f"cost_{role}_usd_hr"]
    low, high = countries[f"cost_{role}_low_usd_hr"], countries[f"cost_{role}_high_usd_hr"]
    mine = countries.get("your_data_roles", pd.Series("", index=countries.index)).fillna("")
    source = countries[f"cost_{role}_source"].where(
        ~mine.str.split(";").apply(lambda roles: role in roles), "your data"
    )
    out = pd.DataFrame({
        "iso2": countries.index, "name": countries["name"], "region": countries["region"],
        "cost_usd_hr": value, "cost_low_usd_hr": low, "cost_high_usd_hr": high,
        "range_pct": (50 * (high - low) / value).round(0),
        "tier": [_tier(s) if pd.notna(v) else "no data" for s, v in zip(source, value,
                                                                          strict=True)],
        "cost_source": source,
    })  # fmt: skip
    return out.sort_values("cost_usd_hr").reset_index(drop=True)[COST_TABLE_COLUMNS]


def cost_tiers(countries: pd.DataFrame) -> pd.DataFrame:
    """Per role (rows) how many countries' costs are measured, modelled, your data, no data."""
    counts = {role: cost_table(countries, role)["tier"].value_counts() for role in ROLES}
    order = ["measured", "modelled", "your data", "no data"]
    frame = pd.DataFrame(counts).T.reindex(columns=order).fillna(0).astype(int)
    return frame.rename_axis(index="role", columns=None).reset_index()


# codes people type that ISO 3166 spells otherwise
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "KO": "KR"}
# other names a person types for a dataset country (former, English or short names): found in
# every picker and in the command line's "did you mean …?"
ALSO_KNOWN_AS: dict[str, tuple[str, ...]] = {
    "TR": ("Turkey",), "CZ": ("Czech Republic",), "GB": ("UK", "Great Britain", "Britain"),
    "US": ("USA", "America"), "KR": ("Korea",), "CI": ("Ivory Coast",),
    "MK": ("Macedonia",), "NL": ("Holland",), "AE": ("UAE",), "VN": ("Viet Nam",),
    "CD": ("DR Congo", "Congo-Kinshasa"), "SZ": ("Swaziland",), "CV": ("Cape Verde",),
    "MM": ("Burma",), "RU": ("Russia",), "XK": ("Kosova",), "BO": ("Bolivia",),
    "TZ": ("Tanzania",), "IR": ("Iran",), "LA": ("Laos",), "MD": ("Moldova",),
}  # fmt: skip
# three-letter codes people type that are not ISO's (sports bodies' codes): GER is Germany
SPORTS_CODES = {
    "GER": "DE", "SUI": "CH", "NED": "NL", "POR": "PT", "DEN": "DK", "CRO": "HR", "GRE": "GR",
    "BUL": "BG", "RSA": "ZA", "PHI": "PH", "INA": "ID", "MAS": "MY", "VIE": "VN", "CHI": "CL",
    "URU": "UY", "PAR": "PY", "KSA": "SA", "UAE": "AE", "ENG": "GB", "KOS": "XK",
}  # fmt: skip


def find_country(text: str) -> str | None:
    """The dataset country ``text`` names exactly — a code (alpha-2 or alpha-3), a name, an
    alias ("Turkey", "Czech Republic", "GER") — or None."""
    countries = shared_countries()
    key = " ".join(str(text).split())
    upper = key.upper()
    if upper in countries.index:
        return upper
    by_iso3 = {str(v): k for k, v in countries["iso3"].items()}
    for table in (COUNTRY_ALIASES, SPORTS_CODES, by_iso3):
        if upper in table and table[upper] in countries.index:
            return table[upper]
    names = {str(n).lower(): c for c, n in countries["name"].items()}
    names.update({a.lower(): c for c, aka in ALSO_KNOWN_AS.items() for a in aka})
    code = names.get(key.lower())
    return code if code in countries.index else None


def picker_label(code: str, name: str) -> str:
    """How a picker shows a country, with the names it is also typed as: "Türkiye (TR) ·
    Turkey"."""
    aka = ALSO_KNOWN_AS.get(code, ())
    return f"{name} ({code})" + (f" · {', '.join(aka)}" if aka else "")


def suggest_country(text: str, limit: int = 2) -> list[tuple[str, str]]:
    """(code, name) of dataset countries close to ``text`` — an alias (UK → GB), a name or a
    code — for "did you mean …?" messages."""

    countries = shared_countries()
    names = countries["name"].to_dict()
    key = str(text).strip()
    found: list[str] = []
    exact = find_country(key)
    if exact is not None:  # an alias or another code for one country: that one only
        return [(exact, names[exact])]
    lowered = {name.lower(): code for code, name in names.items()}
    lowered.update({a.lower(): c for c, aka in ALSO_KNOWN_AS.items() for a in aka})
    found += [lowered[n] for n in difflib.get_close_matches(key.lower(), lowered, n=limit)]
    found += [c for c in difflib.get_close_matches(key.upper(), list(names), n=limit)]
    unique = [c for c in dict.fromkeys(found) if c in names]
    return [(c, names[c]) for c in unique[:limit]]
