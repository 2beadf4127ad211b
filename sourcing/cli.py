"""Command line for analysts: ``python -m sourcing workloads`` and ``python -m sourcing rank``.

Bad arguments print one line naming the problem and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sourcing.countries import DatasetError
from sourcing.export import to_csv
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
    r.add_argument("--hq", help="HQ country, ISO 3166-1 alpha-2 (e.g. US)")
    r.add_argument("--workload", help="workload preset id (see `workloads`)")
    r.add_argument("--date", help="date the hours are evaluated on, YYYY-MM-DD")
    r.add_argument("--method", choices=["wsm", "topsis"])
    r.add_argument("--scenario", type=Path, help="scenario JSON file (flags override it)")
    r.add_argument("--out", type=Path, help="output CSV file (default: standard output)")
    return parser


def _scenario(args: argparse.Namespace) -> Scenario:
    base: dict = {}
    if args.scenario is not None:
        try:
            base = Scenario.parse(args.scenario.read_text(encoding="utf-8")).model_dump()
        except OSError as err:
            raise ScenarioError(
                f"--scenario: cannot read {args.scenario}: {err.strerror}"
            ) from None
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "workloads":
            for key, preset in load_workloads().items():
                print(f"{key:26} {preset.name}  [{preset.role}]")
            return 0
        scenario = _scenario(args)
        table = rank(scenario).to_frame()
        text = to_csv(table, scenario, title="ranked locations")
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.write_text(text, encoding="utf-8")
            kept = int((~table["excluded"]).sum())
            print(f"wrote {args.out}: {len(table)} countries, {kept} ranked", file=sys.stderr)
        return 0
    except (ScenarioError, DatasetError, WorkloadError) as err:
        print(f"python -m sourcing: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"python -m sourcing: error: {err.filename}: {err.strerror}", file=sys.stderr)
        return 2
