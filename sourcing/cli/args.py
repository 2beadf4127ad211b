"""The command line's arguments: the parser (one sub-command per table, the scenario flags on
each), the Scenario built from the flags and a scenario file, with suggestions for what was
meant, and the command that reproduces a scenario (:func:`command_for`)."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys
from pathlib import Path

from sourcing.cli.records import scenario_in, split_pick
from sourcing.facts.countries import find_country, suggest_country
from sourcing.model.criteria import CRITERIA, DATA_CATEGORIES
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.model.workloads import load_workloads

# the name the user typed: "shoreline" when installed, "python -m sourcing" otherwise
PROG = "shoreline" if os.path.basename(sys.argv[0]) == "shoreline" else "python -m sourcing"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


TABLES = {
    "rank": "rank every country for a scenario (the Overview and Trade-offs table)",
    "overlap": "HQ overlap (local office day) week by week for --country (the Time zones view)",
    "plans": "follow-the-sun plans (the Time zones planner)",
    "compare": "total cost of ownership and payback for --country (the Compare & cost table)",
    "tco": "year by year at --location: people, AI automation and the bill per pricing model",
    "portfolio": "the best split of the work across 2-4 sites under your constraints (HiGHS)",
}


def _scenario_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--hq", help="HQ country: an ISO 3166-1 code or a name (US, Japan, UK)")
    p.add_argument("--workload", help="workload preset id (see `workloads`)")
    p.add_argument("--date", help="date the hours are evaluated on, YYYY-MM-DD")
    p.add_argument("--method", choices=["wsm", "topsis"])
    p.add_argument(
        "--level",
        choices=["country", "city"],
        help="rank countries (default) or the delivery cities of the hub table",
    )
    p.add_argument(
        "--scenario", type=Path,
        help="a scenario, the record beside an export, a library export (FILE#NAME picks one) "
        "or a share link, in a file (flags override it)",
    )  # fmt: skip
    p.add_argument("--weight", action="append", default=[], metavar="CRITERION=N",
                   help="a weight, 0-100 (repeat for several): --weight cost=40")  # fmt: skip
    p.add_argument("--hours", metavar="HH:MM-HH:MM", help="HQ working hours, e.g. 09:00-17:00")
    p.add_argument("--fte", type=int, help="full-time equivalents")
    p.add_argument("--years", type=int, help="TCO horizon in years")
    p.add_argument("--exclude", action="append", default=[], metavar="CC",
                   help="rule a country out (repeat, or comma-separate)")  # fmt: skip
    categories = ", ".join(c.replace("_", "-") for c in DATA_CATEGORIES)
    p.add_argument("--data", action="append", default=[], metavar="CATEGORY",
                   help=f"data handled (repeat): {categories}")  # fmt: skip
    p.add_argument("--rate-card", type=Path, help="your rates, CSV iso2,role,usd_hr")
    p.add_argument("--language", action="append", default=[], metavar="CODE[:preferred]",
                   help="a language the work is done in (repeat): --language de; stated "
                   "languages replace the preset's (English stays only if stated too); "
                   "CODE:preferred scores without screening (fr:preferred)")  # fmt: skip
    p.add_argument(
        "--volume",
        type=float,
        metavar="N",
        help="the work as volumes: contacts or items a month (with --handle-seconds)",
    )
    p.add_argument(
        "--handle-seconds",
        type=float,
        metavar="S",
        help="average handle time per contact or item, seconds",
    )
    p.add_argument(
        "--kind",
        choices=["contact", "items"],
        help="contacts answered live (Erlang C) or items queued (default: by preset)",
    )
    p.add_argument("--automation", type=float, metavar="SHARE",
                   help="share of the volume AI agents resolve, 0-0.95 (the workload's default "
                   "profile with this share)")  # fmt: skip


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("shoreline")
    except metadata.PackageNotFoundError:
        return "(source tree)"


def parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Shoreline sourcing engine")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("workloads", help="list the workload presets")
    c = sub.add_parser("cities", help="list the hub table's cities (CSV), for --level city")
    c.add_argument("--in", dest="within", metavar="CC", help="only this country's cities")
    serve = sub.add_parser("serve", help="start the dashboard (the app `make run` starts)")
    serve.add_argument("--port", type=int, default=8501, help="port to listen on (8501)")
    serve.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to listen on (127.0.0.1; 0.0.0.0 for a room's network)",
    )
    for name, text in TABLES.items():
        p = sub.add_parser(name, help=text)
        _scenario_flags(p)
        p.add_argument(
            "--out", type=Path,
            help="output CSV file (default: standard output); its record, the scenario as "
            "JSON, goes beside it as <name>.scenario.json",
        )  # fmt: skip
        p.add_argument("--record", type=Path, help="with standard output: where to write it")
        p.add_argument("--excel", action="store_true", help="begin the CSV with a UTF-8 "
                       "byte-order mark, so Excel opens accents as they are")  # fmt: skip
        if name in ("overlap", "compare"):
            p.add_argument("--country", action="append", default=[], required=True,
                           metavar="CC", help="a location (repeat, or comma-separate)")  # fmt: skip
        if name == "portfolio":
            p.add_argument("--sites", type=int, default=3, help="most sites, 1-4 (default 3)")
            p.add_argument(
                "--max-share",
                type=float,
                default=0.6,
                help="largest share of one site, 0-1 (default 0.6)",
            )
            p.add_argument(
                "--min-share",
                type=float,
                default=0.1,
                help="smallest share of a site used, 0-1 (default 0.1)",
            )
            p.add_argument(
                "--onshore-share",
                type=float,
                default=0.0,
                help="share that stays at HQ, 0-1 (default 0)",
            )
            p.add_argument(
                "--cover-window",
                action="store_true",
                help="the sites' working days must cover the service window",
            )
            p.add_argument(
                "--no-continuity",
                action="store_true",
                help="allow a single site (no second site to take over)",
            )
            p.add_argument(
                "--objective",
                choices=["score", "cost"],
                default="score",
                help="best blended score (default) or lowest blended cost",
            )
            p.add_argument(
                "--shares",
                metavar="CC:SHARE,...",
                help="evaluate your own split instead, e.g. IN:0.6,MX:0.25,US:0.15",
            )
        if name == "tco":
            p.add_argument("--location", required=True, metavar="CC", help="the location")
            p.add_argument("--pricing", default="all",
                           choices=["in-house", "fte", "transactional", "outcome", "all"],
                           help="one block of years per model: in-house (the TCO of running "
                           "it yourself, as `compare` gives it) and a vendor's bill per pricing "
                           "model; all (default) = every one the scenario can price")  # fmt: skip
    b = sub.add_parser("brief", help="the decision paper, as HTML or (with Chromium) PDF")
    _scenario_flags(b)
    b.add_argument("--out", type=Path, required=True, help="brief.html or brief.pdf")
    b.add_argument("--paper", choices=("A4", "Letter"),
                   help="the printed page (default: Letter for a US, Canadian, Mexican… HQ, "
                   "else A4)")  # fmt: skip
    b.add_argument("--note", default="", help="a line for the reader, e.g. the workshop's name")
    b.add_argument("--currency", help="amounts in this currency (ISO 4217, e.g. EUR; default: "
                   "the HQ's, at the World Bank's 2024 average rate)")  # fmt: skip
    e = sub.add_parser("explain", help="why is a country not #1? (against the #1, by criterion)")
    _scenario_flags(e)
    e.add_argument("--country", required=True, help="the country to explain, alpha-2 (e.g. PH)")
    return parser


MAX_SCENARIO_BYTES = 1_000_000


def _read_scenario_file(path: Path) -> str:
    """The file's text: a regular file (not a pipe or a device), at most 1 MB, UTF-8 with or
    without a byte-order mark; anything else is a one-line ScenarioError naming the file."""
    try:
        if not path.is_file():
            raise ScenarioError(f"--scenario: {path} is not a regular file")
        with path.open("rb") as f:
            data = f.read(MAX_SCENARIO_BYTES + 1)
    except OSError as err:
        raise ScenarioError(f"--scenario: cannot read {path}: {err.strerror}") from None
    if len(data) > MAX_SCENARIO_BYTES:
        raise ScenarioError(f"--scenario: {path} is larger than {MAX_SCENARIO_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(
            f"--scenario: {path} is not UTF-8 text (save it as UTF-8 and try again)"
        ) from None


def codes(values: list[str]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def scenario_from(args: argparse.Namespace) -> Scenario:
    base: dict = {}
    if args.scenario is not None:
        path, pick = split_pick(args.scenario)
        base = scenario_in(_read_scenario_file(path), pick).model_dump()
    for flag, field in (("hq", "hq"), ("workload", "workload"), ("method", "method"),
                        ("fte", "fte"), ("years", "years"), ("level", "level")):  # fmt: skip
        if getattr(args, flag) is not None:
            base[field] = getattr(args, flag)
    if isinstance(base.get("hq"), str):  # a name or an alias, as --country takes: --hq Japan
        base["hq"] = find_country(base["hq"]) or base["hq"]
    if args.date is not None:
        try:
            base["on"] = dt.date.fromisoformat(args.date)
        except ValueError:
            raise ScenarioError(f"--date: {args.date!r} is not a YYYY-MM-DD date") from None
    if args.weight:
        weights = dict(base.get("weights") or {})
        for item in args.weight:
            name, sep, value = item.partition("=")
            try:
                weights[name.strip()] = float(value)
            except ValueError:
                raise ScenarioError(
                    f"--weight: {item!r} is not CRITERION=NUMBER (e.g. cost=40)"
                ) from None
            if not sep:
                raise ScenarioError(f"--weight: {item!r} is not CRITERION=NUMBER (e.g. cost=40)")
        base["weights"] = weights
    if args.hours is not None:
        start, sep, end = args.hours.partition("-")
        if not sep:
            raise ScenarioError(f"--hours: {args.hours!r} is not HH:MM-HH:MM (e.g. 09:00-17:00)")
        base["hq_hours"] = (start.strip(), end.strip())
    if args.exclude:
        base["exclude"] = sorted({*base.get("exclude", ()), *codes(args.exclude)})
    if args.data:
        base["data"] = sorted({c.replace("-", "_") for c in codes(args.data)})
    if args.language:
        _language_flags(codes(args.language), base)
    if "hq" not in base:
        raise ScenarioError("--hq is required (or a --scenario file that sets hq)")
    _operating_flags(args, base)
    try:
        return Scenario.parse(base)
    except ScenarioError as err:
        raise ScenarioError(_with_suggestions(str(err), base)) from None


def _language_flags(items: list[str], base: dict) -> None:
    """--language de --language fr:preferred into the scenario's required and preferred
    languages; a kind other than required or preferred is named."""
    stated: dict[str, list[str]] = {"required": [], "preferred": []}
    for item in items:
        code, _, kind = item.partition(":")
        kind = kind.strip().lower() or "required"
        if kind not in stated:
            raise ScenarioError(
                f"--language: {item!r} is not CODE or CODE:preferred (e.g. de, fr:preferred)"
            )
        stated[kind].append(code.strip().lower())
    if stated["required"]:
        base["languages"] = stated["required"]
    if stated["preferred"]:
        base["preferred_languages"] = stated["preferred"]


def _operating_flags(args: argparse.Namespace, base: dict) -> None:
    """--volume / --handle-seconds / --kind and --automation into the scenario's fields."""
    from sourcing.operating.automation import default_automation

    volume, handle = getattr(args, "volume", None), getattr(args, "handle_seconds", None)
    if (volume is None) != (handle is None):
        raise ScenarioError("--volume and --handle-seconds go together (a month's volume and "
                            "the handle time of one contact or item)")  # fmt: skip
    if volume is not None:
        workload = base.get("workload", "back-office")
        presets = load_workloads()
        role = presets[workload].role if workload in presets else "back_office"
        kind = args.kind or ("contact" if role == "contact_center" else "items")
        base["volumes"] = {"kind": kind, "per_month": volume, "handle_seconds": handle}
    share = getattr(args, "automation", None)
    if share is not None:
        if not 0 <= share <= 0.95:
            raise ScenarioError(f"--automation: {share:g} is not a share from 0 to 0.95")
        profile = default_automation(base.get("workload", "back-office"))
        base["automation"] = profile.model_copy(update={"share_resolved": share}).model_dump()


def _with_suggestions(message: str, base: dict) -> str:
    """The error, with "did you mean …?" for a country or workload that is nearly right."""
    hints = []
    if message.startswith("weights:") and "unknown criteria" in message:
        for word in re.findall(r"'([^']+)'", message.split(";")[0]):
            close = difflib.get_close_matches(word.lower(), list(CRITERIA), n=1)
            hints += [f"did you mean {close[0]}?"] if close else []
    if message.startswith("hq:") or "hq:" in message:
        close = [f"{code} ({name})" for code, name in suggest_country(base["hq"])]
        hints += [f"did you mean {' or '.join(close)}?"] if close else []
    if "workload:" in message:
        close = difflib.get_close_matches(str(base.get("workload")), list(load_workloads()), n=2)
        hints += [f"did you mean {w}?" for w in close]
    return message + ("; " + " ".join(hints) if hints else "")


# scenario fields the command line sets by flag; any other field set → --scenario FILE
_BY_FLAG = {"hq", "workload", "on", "method", "weights", "hq_hours", "fte", "years", "exclude",
            "data", "level"}  # fmt: skip


def command_for(scenario: Scenario, command: str = "rank", record_file: str = "") -> str:
    """The shell command that writes the same CSV as the page (``shoreline <command> …``):
    every field as a flag, or — when the scenario sets a field no flag covers — the record the
    page offers beside its CSV (``--scenario <record_file>``)."""
    defaults = Scenario(hq=scenario.hq, workload=scenario.workload, on=scenario.on)
    other = [f for f in Scenario.model_fields
             if f not in _BY_FLAG and getattr(scenario, f) != getattr(defaults, f)]  # fmt: skip
    if other and record_file:
        return f"shoreline {command} --scenario {record_file}"
    parts = ["shoreline", command, "--hq", scenario.hq, "--workload", scenario.workload,
             "--date", scenario.on.isoformat()]  # fmt: skip
    if scenario.method != defaults.method:
        parts += ["--method", scenario.method]
    if scenario.level != defaults.level:
        parts += ["--level", scenario.level]
    for name, weight in sorted(scenario.weights.items()):
        exact = str(int(weight)) if float(weight).is_integer() else repr(float(weight))
        parts += ["--weight", f"{name}={exact}"]
    if scenario.hq_hours != defaults.hq_hours:
        parts += ["--hours", "-".join(t.strftime("%H:%M") for t in scenario.hq_hours)]
    for field in ("fte", "years"):
        if getattr(scenario, field) != getattr(defaults, field):
            parts += [f"--{field}", str(getattr(scenario, field))]
    if scenario.exclude:
        parts += ["--exclude", ",".join(sorted(scenario.exclude))]
    for category in sorted(scenario.data or ()):
        parts += ["--data", category.replace("_", "-")]
    return " ".join(parts)
