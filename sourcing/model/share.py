"""A scenario as compact URL query parameters, and back.

Only what differs from the workload preset (and the engine's defaults) is written; HQ, the
workload and the date always are, so a link reproduces the same ranking on any machine:

    ?hq=GB&wl=agile-dev&on=2026-03-11&w=cost:40,risk:5&ex=IN,CN&m=topsis

Reading a link applies every valid part and lists the parts it ignored, with the reason —
a tampered or stale link never fails as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sourcing.model.criteria import CRITERIA
from sourcing.model.scenario import Scenario, ScenarioError

MAX_VALUE_LENGTH = 500


def _hours(pair: tuple[dt.time, dt.time]) -> str:
    return "-".join(t.strftime("%H%M") for t in pair)


def _parse_hours(text: str) -> tuple[str, str]:
    start, end = text.split("-")
    if len(start) != 4 or len(end) != 4 or not (start + end).isdigit():
        raise ValueError("hours must look like 0900-1700")
    return f"{start[:2]}:{start[2:]}", f"{end[:2]}:{end[2:]}"


def _list(values) -> str:
    return ",".join(sorted(values)) if values else "-"


def _parse_list(text: str) -> list[str]:
    return [] if text == "-" else [v for v in text.split(",") if v]


def _parse_weights(text: str) -> dict[str, float]:
    weights = {}
    for part in _parse_list(text):
        name, _, value = part.partition(":")
        if name not in CRITERIA:
            raise ValueError(f"unknown criterion {name!r}")
        weights[name] = float(value)
    return weights


VOLUME_FIELDS = ("kind", "per_month", "handle_seconds", "service_level", "answer_seconds",
                 "turnaround_hours", "shrinkage", "max_occupancy")  # fmt: skip
PRICING_FIELDS = ("vendor_margin_pct", "price_per_fte_month_usd", "price_per_transaction_usd",
                  "outcome_base_share", "outcome_success_fee_share",
                  "outcome_probability")  # fmt: skip
AUTOMATION_FIELDS = ("share_resolved", "human_time_change", "price_per_resolution_usd",
                     "licence_per_person_month_usd", "setup_usd", "shift_weights")  # fmt: skip


def _record(fields: tuple[str, ...]):
    """A nested model as comma-separated values in a fixed field order, and back: compact
    enough for a link (``vol=contact,12000,360,0.8,20,24,0.3,0.85``)."""

    def write(model) -> str:
        values = [getattr(model, f) for f in fields]
        return ",".join(
            "" if v is None
            else ("1" if v else "0") if isinstance(v, bool)
            else v if isinstance(v, str) else f"{v:g}"
            for v in values
        )  # fmt: skip

    def read(text: str) -> dict:
        parts = text.split(",")
        if len(parts) != len(fields):
            raise ValueError(f"expected {len(fields)} comma-separated values ({', '.join(fields)})")
        return {f: (None if p == "" else p) for f, p in zip(fields, parts, strict=True)}

    return write, read


def _write_portfolio(plan) -> str:
    """``pf=sites,max,min,onshore,langs,cover,continuity,objective;IN:0.5,MX:0.3,US:0.2``."""
    c = plan.constraints
    head = ",".join([
        str(c.sites), f"{c.max_share:g}", f"{c.min_share:g}", f"{c.min_onshore_share:g}",
        "+".join(c.languages) or "-", "1" if c.cover_window else "0",
        "1" if c.continuity else "0", plan.objective,
    ])  # fmt: skip
    shares = ",".join(f"{k}:{v:g}" for k, v in plan.shares.items())
    return f"{head};{shares}" if shares else head


def _read_portfolio(text: str) -> dict:
    head, _, shares = text.partition(";")
    parts = head.split(",")
    if len(parts) != 8:
        raise ValueError("expected sites,max,min,onshore,languages,cover,continuity,objective")
    sites, most, least, onshore, langs, cover, continuity, objective = parts
    constraints = {
        "sites": sites, "max_share": most, "min_share": least, "min_onshore_share": onshore,
        "languages": [] if langs == "-" else langs.split("+"),
        "cover_window": {"1": True, "0": False}[cover],
        "continuity": {"1": True, "0": False}[continuity],
    }  # fmt: skip
    pairs = dict(part.split(":", 1) for part in _parse_list(shares)) if shares else {}
    return {"constraints": constraints, "objective": objective, "shares": pairs}


# parameter → (scenario field, writer, reader)
FIELDS: dict[str, tuple[str, Any, Any]] = {
    "tz": ("hq_tz", str, str),
    "hrs": ("hq_hours", _hours, _parse_hours),
    "loc": ("location_hours", _hours, _parse_hours),
    "w": (
        "weights",
        lambda w: ",".join(f"{k}:{v:g}" for k, v in sorted(w.items())),
        _parse_weights,
    ),
    "data": ("data", _list, _parse_list),
    "sccs": ("allow_sccs", lambda v: "1" if v else "0", lambda t: {"1": True, "0": False}[t]),
    "ovl": ("min_hq_overlap_hours", lambda v: f"{v:g}", float),
    "lang": ("languages", lambda v: ",".join(v) or "-", _parse_list),
    "pref": ("preferred_languages", lambda v: ",".join(v) or "-", _parse_list),
    "shift": ("shift_alignment", str, str),
    "night": ("night_premium", lambda v: f"{v:g}", float),
    "fte": ("fte", str, int),
    "yrs": ("years", str, int),
    "ex": ("exclude", _list, _parse_list),
    "cmp": ("shortlist", lambda v: ",".join(v), _parse_list),
    "m": ("method", str, str),
    "lvl": ("level", str, str),
    "off": ("max_offset_hours", lambda v: f"{v:g}", float),
    "km": ("max_km", lambda v: f"{v:g}", float),
    "vol": ("volumes", *_record(VOLUME_FIELDS)),
    "ai": ("automation", *_record(AUTOMATION_FIELDS)),
    "pr": ("pricing", *_record(PRICING_FIELDS)),
    "pf": ("portfolio", _write_portfolio, _read_portfolio),
    "sh": (
        "shore_overrides",
        lambda v: ",".join(f"{k}:{c}" for k, c in sorted(v.items())) or "-",
        lambda t: dict(part.split(":", 1) for part in _parse_list(t)),
    ),
}


def to_params(scenario: Scenario) -> dict[str, str]:
    """The scenario as query parameters: hq, wl, on, then only fields that differ."""
    base = Scenario(hq=scenario.hq, workload=scenario.workload, on=scenario.on)
    params = {"hq": scenario.hq, "wl": scenario.workload, "on": scenario.on.isoformat()}
    for key, (field, write, _) in FIELDS.items():
        value = getattr(scenario, field)
        if value != getattr(base, field) and value is not None:
            params[key] = write(value)
    return params


def from_params(params: Mapping[str, str], fallback: Scenario) -> tuple[Scenario, list[str]]:
    """(scenario, ignored parts). Starts from ``fallback`` for a missing or bad hq/workload."""
    ignored: list[str] = []
    base = {"hq": fallback.hq, "workload": fallback.workload, "on": fallback.on}
    for key, field in (("hq", "hq"), ("wl", "workload"), ("on", "on")):
        if key in params:
            try:
                Scenario.parse({**base, field: _clip(params[key])})
                base[field] = params[key]
            except (ScenarioError, ValueError) as err:
                ignored.append(f"{key}={_show(params[key])} ({err})")
    scenario = Scenario.parse(base)
    for key, value in params.items():
        if key in ("hq", "wl", "on"):
            continue
        if key not in FIELDS:
            ignored.append(f"{key}={_show(value)} (unknown parameter)")
            continue
        field, _, read = FIELDS[key]
        try:
            scenario = scenario.replace(**{field: read(_clip(value))})
        except (ScenarioError, ValueError, KeyError, TypeError) as err:
            ignored.append(f"{key}={_show(value)} ({err or 'not understood'})")
    return scenario, ignored


def _clip(value: str) -> str:
    if len(value) > MAX_VALUE_LENGTH:
        raise ValueError("value too long")
    return value


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")
