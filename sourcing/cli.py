"""Command line for analysts: ``python -m sourcing workloads``, ``python -m sourcing rank`` and
``python -m sourcing explain --country PH`` ("why not PH?").

Bad arguments print one line naming the problem and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import sys
from pathlib import Path

from sourcing.costs import payback
from sourcing.countries import DatasetError, shared_countries, suggest_country
from sourcing.criteria import DATA_CATEGORIES
from sourcing.explain import ExplainError, why_not
from sourcing.export import record, record_path, to_csv
from sourcing.follow_the_sun import follow_the_sun
from sourcing.ratecard import apply_rate_card, parse_rate_card
from sourcing.scenario import Scenario, ScenarioError
from sourcing.schedule import year_overlap
from sourcing.scoring import rank
from sourcing.workloads import WorkloadError, load_workloads

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


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Shoreline sourcing engine")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("workloads", help="list the workload presets")
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
    b = sub.add_parser("brief", help="the decision paper, as HTML or (with Chromium) PDF")
    _scenario_flags(b)
    b.add_argument("--out", type=Path, required=True, help="brief.html or brief.pdf")
    b.add_argument("--note", default="", help="a line for the reader, e.g. the workshop's name")
    e = sub.add_parser("explain", help="why is a country not #1? (against the #1, by criterion)")
    _scenario_flags(e)
    e.add_argument("--country", required=True, help="the country to explain, alpha-2 (e.g. PH)")
    return parser


def _explain(scenario: Scenario, country: str, countries=None) -> str:
    answer = why_not(rank(scenario, countries), country)
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
    if "hq" not in base:
        raise ScenarioError("--hq is required (or a --scenario file that sets hq)")
    try:
        return Scenario.parse(base)
    except ScenarioError as err:
        raise ScenarioError(_with_suggestions(str(err), base)) from None


def _with_suggestions(message: str, base: dict) -> str:
    """The error, with "did you mean …?" for a country or workload that is nearly right."""
    hints = []
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
    chosen = [c.upper() for c in _codes(args.country)]
    unknown = [c for c in chosen if c not in countries.index]
    if unknown:
        hints = [f"{c}: did you mean {', '.join(f'{k} ({n})' for k, n in suggest_country(c))}?"
                 for c in unknown]  # fmt: skip
        raise ScenarioError("--country: not in the dataset: " + "; ".join(hints))
    if args.command == "overlap":
        return year_overlap(scenario, countries, chosen), "overlap by week"
    table = rank(scenario, countries).to_frame()
    with_hq = table[table["iso2"].isin([*chosen, scenario.hq])]
    return payback(scenario, with_hq), "payback"


def _brief(args: argparse.Namespace, scenario: Scenario, countries) -> int:
    from sourcing.brief import PdfUnavailable, brief_for, to_pdf

    text = brief_for(rank(scenario, countries), countries, note=args.note[:500])
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
            from sourcing.workbook import workbook

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
