"""Command line for analysts: ``python -m sourcing workloads``, ``python -m sourcing rank`` and
``python -m sourcing explain --country PH`` ("why not PH?").

Bad arguments print one line naming the problem and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys
from pathlib import Path

from sourcing.analysis.explain import ExplainError, why_not
from sourcing.analysis.follow_the_sun import follow_the_sun
from sourcing.analysis.working_days import year_overlap
from sourcing.engine.scoring import rank
from sourcing.facts.countries import DatasetError, find_country, shared_countries, suggest_country
from sourcing.facts.ratecard import apply_rate_card, parse_rate_card
from sourcing.model.criteria import CRITERIA, DATA_CATEGORIES
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.model.workloads import WorkloadError, load_workloads
from sourcing.operating.costs import payback
from sourcing.report.export import record, record_path, to_csv

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
    p.add_argument("--hq", help="HQ country, ISO 3166-1 alpha-2 (e.g. US)")
    p.add_argument("--workload", help="workload preset id (see `workloads`)")
    p.add_argument("--date", help="date the hours are evaluated on, YYYY-MM-DD")
    p.add_argument("--method", choices=["wsm", "topsis"])
    p.add_argument("--scenario", type=Path, help="scenario JSON file (flags override it)")
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


def _serve(port: int, address: str) -> int:
    """The dashboard from the installed tool: SQLite at $SHORELINE_DB (default
    ./var/scenarios.db), PostgreSQL when $SHORELINE_DB is a postgresql:// URL."""
    if not 1 <= port <= 65_535:
        print(f"{PROG}: error: --port: {port} is not a port (1–65535)", file=sys.stderr)
        return 2
    from ui.serve import main as serve

    return serve(["--server.port", str(port), "--server.address", address])


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Shoreline sourcing engine")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("workloads", help="list the workload presets")
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
    e = sub.add_parser("explain", help="why is a country not #1? (against the #1, by criterion)")
    _scenario_flags(e)
    e.add_argument("--country", required=True, help="the country to explain, alpha-2 (e.g. PH)")
    return parser


def _explain(scenario: Scenario, country: str, countries=None) -> str:
    code = find_country(country)
    if code is None:
        close = suggest_country(country)
        hint = f"; did you mean {', '.join(f'{k} ({n})' for k, n in close)}?" if close else ""
        raise ExplainError(f"{country!r} is not a country in this ranking{hint}")
    answer = why_not(rank(scenario, countries), code)
    lines = [answer.summary(), ""]
    if answer.leader is not None and not answer.is_leader:
        lines.append(f"{'criterion':14} {'weight':>7} {answer.iso2:>7} "
                     f"{answer.leader:>7} {'weighted gap':>13}")  # fmt: skip
        for g in answer.gaps.itertuples():
            lines.append(f"{g.criterion:14} {100 * g.weight:6.1f}% {g.score:7.1f} "
                         f"{g.leader_score:7.1f} {g.weighted_gap:+13.2f}")  # fmt: skip
        total = answer.gaps["weighted_gap"].sum()
        lines.append(f"{'total':14} {'':7} {'':7} {'':7} {total:+13.2f}")
        if answer.method == "topsis":
            lines.append(f"(TOPSIS total gap {answer.leader_score - answer.score:+.2f}: "
                         "not additive; the weighted gaps show where it comes from)")  # fmt: skip
    return "\n".join(lines) + "\n"


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


def _codes(values: list[str]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _scenario(args: argparse.Namespace) -> Scenario:
    base: dict = {}
    if args.scenario is not None:
        base = Scenario.parse(_read_scenario_file(args.scenario)).model_dump()
    for flag, field in (("hq", "hq"), ("workload", "workload"), ("method", "method"),
                        ("fte", "fte"), ("years", "years")):  # fmt: skip
        if getattr(args, flag) is not None:
            base[field] = getattr(args, flag)
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
        base["exclude"] = sorted({*base.get("exclude", ()), *_codes(args.exclude)})
    if args.data:
        base["data"] = sorted({c.replace("-", "_") for c in _codes(args.data)})
    if args.language:
        _language_flags(_codes(args.language), base)
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
        hints += [f"did you mean {code} ({name})?" for code, name in suggest_country(base["hq"])]
    if "workload:" in message:
        close = difflib.get_close_matches(str(base.get("workload")), list(load_workloads()), n=2)
        hints += [f"did you mean {w}?" for w in close]
    return message + ("; " + " ".join(hints) if hints else "")


def _countries(args: argparse.Namespace):
    """The dataset, with a rate card applied when --rate-card names one."""
    countries = shared_countries()
    if getattr(args, "rate_card", None) is None:
        return countries
    path = args.rate_card
    try:
        if not path.is_file():
            raise ScenarioError(f"--rate-card: {path} is not a regular file")
        card = parse_rate_card(path.read_bytes()[:5_000_001], set(countries.index))
    except OSError as err:
        raise ScenarioError(f"--rate-card: cannot read {path}: {err.strerror}") from None
    except ValueError as err:
        raise ScenarioError(f"--rate-card: {path}: {err}") from None
    for problem in card.problems[:20]:
        print(f"{PROG}: note: rate card {problem} (left out)", file=sys.stderr)
    return apply_rate_card(countries, card)


def _table(args: argparse.Namespace, scenario: Scenario, countries) -> tuple[object, str]:
    """The table a subcommand writes, and its title (the overlap view needs no ranking)."""
    if args.command == "rank":
        return rank(scenario, countries).to_frame(), "ranked locations"
    if args.command == "plans":
        table = rank(scenario, countries).to_frame()
        return follow_the_sun(scenario, table, countries), "follow-the-sun plans"
    if args.command == "portfolio":
        return _portfolio(args, scenario, countries), "portfolio"
    given = args.location if args.command == "tco" else args.country
    chosen = [find_country(c) or c.upper()
              for c in _codes(given if isinstance(given, list) else [given])]  # fmt: skip
    unknown = [c for c in chosen if c not in countries.index]
    if unknown:
        hints = [
            f"{c}: did you mean {', '.join(f'{k} ({n})' for k, n in close)}?" if close else c
            for c in unknown
            for close in [suggest_country(c)]
        ]
        flag = "--location" if args.command == "tco" else "--country"
        raise ScenarioError(f"{flag}: not in the dataset: " + "; ".join(hints))
    if args.command == "overlap":
        return year_overlap(scenario, countries, chosen), "overlap by week"
    if args.command == "tco":
        from sourcing.operating.models import IN_HOUSE, MODELS, tco_by_model

        models = (IN_HOUSE, *MODELS) if args.pricing == "all" else (args.pricing,)
        if args.pricing == "all" and scenario.volumes is None:  # priced per FTE only
            models = tuple(m for m in models if m != "transactional")
        table = rank(scenario, countries).to_frame()
        try:
            return tco_by_model(scenario, table, chosen[0], models), "tco by pricing model"
        except ValueError as err:
            raise ScenarioError(f"--pricing {args.pricing}: {err}") from None
    table = rank(scenario, countries).to_frame()
    with_hq = table[table["iso2"].isin([*chosen, scenario.hq])]
    return payback(scenario, with_hq), "payback"


def _portfolio(args: argparse.Namespace, scenario: Scenario, countries):
    """One row per site (share, FTE, cost, score, reasons) and a total row."""
    import pandas as pd

    from sourcing.operating.portfolio import Constraints, PortfolioError, plan_result

    try:
        constraints = Constraints.parse({
            "sites": args.sites, "max_share": args.max_share, "min_share": args.min_share,
            "min_onshore_share": args.onshore_share,
            "cover_window": args.cover_window, "continuity": not args.no_continuity,
        })  # fmt: skip
        shares = {}
        for part in _codes([args.shares or ""]):
            code, sep, value = part.partition(":")
            if not sep:
                raise ScenarioError(f"--shares: {part!r} is not CC:SHARE (e.g. IN:0.6)")
            shares[code.strip().upper()] = float(value)
        plan = {"constraints": constraints, "objective": args.objective, "shares": shares}
        scenario = scenario.replace(portfolio=plan)
        result = plan_result(scenario, rank(scenario, countries).to_frame(), countries)
    except PortfolioError as err:
        raise ScenarioError(f"portfolio: {err}") from None
    sites = result.sites.copy()
    total = {"iso2": "TOTAL", "name": "Total", "shore": "",
             "share": round(float(sites["share"].sum()), 6),
             "fte": round(float(sites["fte"].sum()), 2),
             "cost_usd_hr": round(float(result.cost_usd_hr), 2),
             "score": round(float(result.score), 2), "reasons": result.explain}  # fmt: skip
    return pd.concat([sites, pd.DataFrame([total])], ignore_index=True)


def _brief(args: argparse.Namespace, scenario: Scenario, countries) -> int:
    from sourcing.report.brief import PdfUnavailable, brief_for, to_pdf

    text = brief_for(rank(scenario, countries), countries, note=args.note[:500], paper=args.paper)
    suffix = args.out.suffix.lower()
    if suffix == ".pdf":
        try:
            to_pdf(text, args.out)
        except PdfUnavailable as err:
            print(f"{PROG}: error: {err}", file=sys.stderr)
            return 2
    elif suffix in (".html", ".htm"):
        if not _write(args.out, text):
            return 2
    else:
        print(f"{PROG}: error: --out must end in .html or .pdf, got {args.out.name!r}",
              file=sys.stderr)  # fmt: skip
        return 2
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _write(path: Path, text: str) -> bool:
    try:
        path.write_text(text, encoding="utf-8")
        return True
    except OSError as err:
        print(f"{PROG}: error: cannot write {path}: {err.strerror}", file=sys.stderr)
        return False


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "serve":
            return _serve(args.port, args.address)
        if args.command == "workloads":
            for key, preset in load_workloads().items():
                print(f"{key:26} {preset.name}  [{preset.role}]")
            return 0
        scenario = _scenario(args)
        countries = _countries(args)
        if args.command == "explain":
            sys.stdout.write(_explain(scenario, args.country, countries))
            return 0
        if args.command == "brief":
            return _brief(args, scenario, countries)
        if args.command == "rank" and args.out is not None and args.out.suffix == ".xlsx":
            from sourcing.report.workbook import workbook

            try:
                args.out.write_bytes(workbook(rank(scenario, countries)))
            except OSError as err:
                print(f"{PROG}: error: cannot write {args.out}: {err.strerror}", file=sys.stderr)
                return 2
            print(f"wrote {args.out}", file=sys.stderr)
            return 0
        table, title = _table(args, scenario, countries)
        text = to_csv(table)
        note = record(scenario, title)
        if args.out is None:
            sys.stdout.write(text)
            if args.record is not None and not _write(args.record, note):
                return 2
        else:
            if not _write(args.out, text) or not _write(record_path(args.out), note):
                return 2
            print(f"wrote {args.out} ({len(table)} rows) and {record_path(args.out).name}",
                  file=sys.stderr)  # fmt: skip
        return 0
    except (ScenarioError, DatasetError, WorkloadError, ExplainError) as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        where = err.filename or "a file"
        print(f"{PROG}: error: {where}: {err.strerror}", file=sys.stderr)
        return 2
    except (ValueError, OverflowError, MemoryError) as err:  # the last net: one line, never a trace
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2


def run() -> None:
    """The ``shoreline`` command (installed by ``make``): the same as ``python -m sourcing``."""
    sys.exit(main())


# scenario fields the command line sets by flag; any other field set → --scenario FILE
_BY_FLAG = {"hq", "workload", "on", "method", "weights", "hq_hours", "fte", "years", "exclude",
            "data"}  # fmt: skip


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
