"""Command line for analysts: ``python -m sourcing workloads``, ``python -m sourcing rank`` and
``python -m sourcing explain --country PH`` ("why not PH?").

Bad arguments print one line naming the problem and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing.analysis.explain import ExplainError, why_not
from sourcing.analysis.follow_the_sun import follow_the_sun
from sourcing.analysis.working_days import year_overlap
from sourcing.cli.args import PROG, codes, parser, scenario_from
from sourcing.engine.scoring import rank
from sourcing.engine.tables import key_column
from sourcing.facts.cities import city_table, find_city, hub_id, suggest_city
from sourcing.facts.countries import DatasetError, find_country, shared_countries, suggest_country
from sourcing.facts.ratecard import apply_rate_card, parse_rate_card
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.model.workloads import WorkloadError, load_workloads
from sourcing.operating.costs import payback
from sourcing.report.export import record, record_path, to_csv


def _serve(port: int, address: str) -> int:
    """The dashboard from the installed tool: SQLite at $SHORELINE_DB (default
    ./var/scenarios.db), PostgreSQL when $SHORELINE_DB is a postgresql:// URL."""
    if not 1 <= port <= 65_535:
        print(f"{PROG}: error: --port: {port} is not a port (1–65535)", file=sys.stderr)
        return 2
    from ui.serve import main as serve

    return serve(["--server.port", str(port), "--server.address", address])


def _city(text: str, flag: str) -> str:
    """The hub table's city ``text`` names (an id, a name, "name, country"), or a one-line
    error with the nearest cities — or, for a country, its cities."""
    code = find_city(text)
    if code is not None:
        return code
    cities = city_table()
    country = find_country(text)
    if country is not None:
        mine = ", ".join(cities.index[cities["iso2"] == country][:8])
        raise ScenarioError(f"{flag}: {text!r} is a country; at city level name a city ({mine})")
    near = suggest_city(text)
    hint = f"; did you mean {', '.join(near)}?" if near else " (see `shoreline cities`)"
    raise ScenarioError(f"{flag}: {text!r} is not a city of the hub table{hint}")


def _cities(within: str | None) -> str:
    """The hub table as CSV (id, city, country, zone, roles and the city figures)."""
    table = city_table().reset_index()
    if within is not None:
        code = find_country(within)
        if code is None:
            raise ScenarioError(f"--in: {within!r} is not a country of the dataset")
        table = table[table["iso2"] == code]
    columns = ["city_id", "city", "iso2", "tz", "lat", "lon", "population", "roles",
               "wage_ratio", "wage_basis", "wage_year", "workforce_share", "workforce_people",
               "workforce_year", "workforce_provenance", "rent_usd_sqm_month", "rent_basis",
               "rent_period"]  # fmt: skip
    return to_csv(table[columns])


def _explain(scenario: Scenario, country: str, countries=None) -> str:
    code = _city(country, "--country") if scenario.level == "city" else find_country(country)
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
    flag = "--location" if args.command == "tco" else "--country"
    texts = codes(given if isinstance(given, list) else [given])
    if scenario.level == "city":
        chosen = [_city(c, flag) for c in texts]
    else:
        chosen = [find_country(c) or c.upper() for c in texts]
    if not chosen:
        raise ScenarioError(f"{flag}: give a country, by code or name (e.g. PH or Philippines)")
    unknown = [c for c in chosen if c not in countries.index and scenario.level != "city"]
    if unknown:
        hints = [
            f"{c}: did you mean {', '.join(f'{k} ({n})' for k, n in close)}?" if close else c
            for c in unknown
            for close in [suggest_country(c)]
        ]
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
    if scenario.level == "city":
        with_hq = table[table["location"].isin([*chosen, hub_id(scenario.hq)])]
    else:
        with_hq = table[table["iso2"].isin([*chosen, scenario.hq])]
    return payback(scenario, with_hq), "payback"


def _portfolio(args: argparse.Namespace, scenario: Scenario, countries):
    """One row per site (share, FTE, cost, score, reasons) and a total row."""
    import pandas as pd

    from sourcing.model.records import Constraints, PortfolioError
    from sourcing.operating.optimise import plan_result

    try:
        constraints = Constraints.parse({
            "sites": args.sites, "max_share": args.max_share, "min_share": args.min_share,
            "min_onshore_share": args.onshore_share,
            "cover_window": args.cover_window, "continuity": not args.no_continuity,
        })  # fmt: skip
        shares = {}
        for part in codes([args.shares or ""]):
            code, sep, value = part.partition(":")
            if not sep:
                raise ScenarioError(f"--shares: {part!r} is not CC:SHARE (e.g. IN:0.6)")
            shares[code.strip() if "-" in code else code.strip().upper()] = float(value)
        plan = {"constraints": constraints, "objective": args.objective, "shares": shares}
        scenario = scenario.replace(portfolio=plan)
        result = plan_result(scenario, rank(scenario, countries).to_frame(), countries)
    except PortfolioError as err:
        raise ScenarioError(f"portfolio: {err}") from None
    sites = result.sites.copy()
    total = {key_column(sites): "TOTAL", "name": "Total", "shore": "",
             "share": round(float(sites["share"].sum()), 6),
             "fte": round(float(sites["fte"].sum()), 2),
             "cost_usd_hr": round(float(result.cost_usd_hr), 2),
             "score": round(float(result.score), 2), "reasons": result.explain}  # fmt: skip
    return pd.concat([sites, pd.DataFrame([total])], ignore_index=True)


def _brief(args: argparse.Namespace, scenario: Scenario, countries) -> int:
    from sourcing.report.brief import PdfUnavailable, brief_for, to_pdf

    try:
        text = brief_for(rank(scenario, countries), countries, note=args.note[:500],
                         paper=args.paper, currency=args.currency)  # fmt: skip
    except ValueError as err:  # an unknown currency: one line naming the known ones
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
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
    args = parser().parse_args(argv)
    try:
        if args.command == "serve":
            return _serve(args.port, args.address)
        if args.command == "workloads":
            for key, preset in load_workloads().items():
                print(f"{key:26} {preset.name}  [{preset.role}]")
            return 0
        if args.command == "cities":
            sys.stdout.write(_cities(args.within))
            return 0
        scenario = scenario_from(args)
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
        text = to_csv(table, excel=args.excel)
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
