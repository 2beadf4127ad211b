"""Command line for analysts: ``python -m sourcing workloads``, ``python -m sourcing rank`` and
``python -m sourcing explain --country PH`` ("why not PH?").

Bad arguments print one line naming the problem and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sourcing.countries import DatasetError
from sourcing.explain import ExplainError, why_not
from sourcing.export import record, record_path, to_csv
from sourcing.scenario import Scenario, ScenarioError
from sourcing.scoring import rank
from sourcing.workloads import WorkloadError, load_workloads


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m sourcing", description="Shoreline sourcing engine")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("workloads", help="list the workload presets")
    r = sub.add_parser("rank", help="rank every country for a scenario and write CSV")
    e = sub.add_parser("explain", help="why is a country not #1? (against the #1, by criterion)")
    for p in (r, e):
        p.add_argument("--hq", help="HQ country, ISO 3166-1 alpha-2 (e.g. US)")
        p.add_argument("--workload", help="workload preset id (see `workloads`)")
        p.add_argument("--date", help="date the hours are evaluated on, YYYY-MM-DD")
        p.add_argument("--method", choices=["wsm", "topsis"])
        p.add_argument("--scenario", type=Path, help="scenario JSON file (flags override it)")
    r.add_argument(
        "--out",
        type=Path,
        help="output CSV file (default: standard output); its record, the scenario as JSON, "
        "goes beside it as <name>.scenario.json",
    )
    r.add_argument("--record", type=Path, help="with standard output: where to write the record")
    e.add_argument("--country", required=True, help="the country to explain, alpha-2 (e.g. PH)")
    return parser


def _explain(scenario: Scenario, country: str) -> str:
    answer = why_not(rank(scenario), country)
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


def _scenario(args: argparse.Namespace) -> Scenario:
    base: dict = {}
    if args.scenario is not None:
        base = Scenario.parse(_read_scenario_file(args.scenario)).model_dump()
    for flag, field in (("hq", "hq"), ("workload", "workload"), ("method", "method")):
        if getattr(args, flag) is not None:
            base[field] = getattr(args, flag)
    if args.date is not None:
        try:
            base["on"] = dt.date.fromisoformat(args.date)
        except ValueError:
            raise ScenarioError(f"--date: {args.date!r} is not a YYYY-MM-DD date") from None
    if "hq" not in base:
        raise ScenarioError("--hq is required (or a --scenario file that sets hq)")
    return Scenario.parse(base)


def _write(path: Path, text: str) -> bool:
    try:
        path.write_text(text, encoding="utf-8")
        return True
    except OSError as err:
        print(f"python -m sourcing: error: cannot write {path}: {err.strerror}", file=sys.stderr)
        return False


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "workloads":
            for key, preset in load_workloads().items():
                print(f"{key:26} {preset.name}  [{preset.role}]")
            return 0
        scenario = _scenario(args)
        if args.command == "explain":
            sys.stdout.write(_explain(scenario, args.country))
            return 0
        table = rank(scenario).to_frame()
        text = to_csv(table)
        note = record(scenario, "ranked locations")
        if args.out is None:
            sys.stdout.write(text)
            if args.record is not None and not _write(args.record, note):
                return 2
        else:
            if not _write(args.out, text) or not _write(record_path(args.out), note):
                return 2
            kept = int((~table["excluded"]).sum())
            print(f"wrote {args.out}: {len(table)} countries, {kept} ranked", file=sys.stderr)
        return 0
    except (ScenarioError, DatasetError, WorkloadError, ExplainError) as err:
        print(f"python -m sourcing: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        where = err.filename or "a file"
        print(f"python -m sourcing: error: {where}: {err.strerror}", file=sys.stderr)
        return 2
    except (ValueError, OverflowError, MemoryError) as err:  # the last net: one line, never a trace
        print(f"python -m sourcing: error: {err}", file=sys.stderr)
        return 2
