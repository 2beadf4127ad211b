"""Night work as the industry does it, per location: whether its services industry runs night
shifts at scale for foreign markets (documented), the statutory night premium, and a legally
shorter night shift — so a night-heavy operation costs what it costs there.

``data/night_work.csv`` (sources: ``data/sources/night_work_research.csv`` and its notes):
``nights_at_scale`` true where night shifts for foreign clients are documented at scale (the
Philippines, India), false where the industry is documented as day-aligned, empty where
unknown; ``night_premium_pct`` the statutory premium (0: none in law); ``night_shift_max_hours``
where the law caps a night shift below 8 h (Guatemala, Honduras, Costa Rica 6 h; Mexico, El
Salvador, Bulgaria 7 h; Türkiye 7.5 h). A location without a row keeps the scenario's premium.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sourcing.facts.countries import DATA_DIR, DatasetError, read_text_csv
from sourcing.facts.filecache import FileCache

NIGHT_CSV = DATA_DIR / "night_work.csv"
COLUMNS = ["iso2", "nights_at_scale", "night_premium_pct", "night_shift_max_hours", "basis",
           "source_ids"]  # fmt: skip
FULL_SHIFT_HOURS = 8.0


@dataclass(frozen=True)
class NightRule:
    iso2: str
    at_scale: bool | None  # night shifts for foreign markets documented at scale (None: unknown)
    premium_pct: float | None  # statutory night premium (None: not found)
    max_hours: float | None  # legal maximum of a night shift, where below 8 h
    basis: str
    sources: str


def _read(source: Path) -> dict[str, NightRule]:
    raw = read_text_csv(source, COLUMNS)
    out, problems = {}, []
    for line, r in enumerate(raw.itertuples(index=False), start=2):
        try:
            scale = (
                None
                if pd.isna(r.nights_at_scale)
                else {"true": True, "false": False}[str(r.nights_at_scale).lower()]
            )
            premium = None if pd.isna(r.night_premium_pct) else float(r.night_premium_pct)
            hours = None if pd.isna(r.night_shift_max_hours) else float(r.night_shift_max_hours)
        except (KeyError, ValueError) as err:
            problems.append(f"line {line}: {err}")
            continue
        if hours is not None and not 0 < hours <= FULL_SHIFT_HOURS:
            problems.append(f"line {line}: night_shift_max_hours {hours:g} is not 0–8")
            continue
        out[r.iso2] = NightRule(r.iso2, scale, premium, hours, str(r.basis), str(r.source_ids))
    if problems:
        raise DatasetError(f"{source}: " + "; ".join(problems))
    return out


_CACHE: FileCache[dict[str, NightRule]] = FileCache(_read)


def night_rule(iso2: str, path: str | Path | None = None) -> NightRule | None:
    return _CACHE.get(Path(path) if path is not None else NIGHT_CSV).get(iso2)


def night_premiums(default: float) -> dict[str, float]:
    """:func:`night_premium` of every location with a row (the table read once); a location
    without one takes ``default``."""
    rules = _CACHE.get(NIGHT_CSV)
    return {iso2: _premium(default, rule) for iso2, rule in rules.items()}


def _premium(default: float, rule: NightRule | None) -> float:
    if rule is None:
        return default
    premium = max(default, (rule.premium_pct or 0.0) / 100)
    if rule.max_hours is not None and rule.max_hours < FULL_SHIFT_HOURS:
        return (1 + premium) * FULL_SHIFT_HOURS / rule.max_hours - 1
    return premium


def night_premium(default: float, iso2: str) -> float:
    """What a night hour costs at a location on top of a day hour (a fraction): the larger of
    the scenario's premium and the statutory one, times the paid hours a legally shorter night
    shift needs to cover the same night — (1 + premium) × 8 / maximum − 1 (Guatemala's 6 h
    night shift at the default 10 %: 1.1 × 8 / 6 − 1 = 46.7 %)."""
    return _premium(default, night_rule(iso2))


def night_note(iso2: str) -> str:
    """What the reasons say of night work there."""
    rule = night_rule(iso2)
    if rule is None:
        return "no source on night work there: the scenario's premium"
    basis = rule.basis.replace("; ", ", ")  # one clause of a ";"-separated reason
    if rule.at_scale:
        return f"night shifts at scale for foreign markets: {basis}"
    return f"no documented night-shift industry for foreign markets: {basis}"
