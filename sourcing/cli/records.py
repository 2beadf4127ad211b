"""``--scenario FILE``: every record Shoreline writes names a scenario, and the command line
reads each of them — a bare scenario (the Scenarios page's download), the export record beside
a CSV (``x.scenario.json``, from the pages or from ``shoreline rank --out``), a comparison's
record or a library export (several named scenarios: ``FILE#NAME`` picks one), and a share
link (the URL itself, or its parameters as a JSON object). Anything else is a one-line error
saying which kinds it accepts."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.model.share import from_params
from sourcing.store.library import LibraryError, parse_import

KINDS = "a scenario, the record beside an export (.scenario.json), a library export or a share link"


def split_pick(path: Path) -> tuple[Path, str | None]:
    """``FILE#NAME`` → (FILE, NAME) when FILE exists and the whole path does not."""
    text = str(path)
    if "#" in text and not path.exists():
        file, _, name = text.rpartition("#")
        if Path(file).exists():
            return Path(file), name
    return path, None


def _one(named: dict[str, object], pick: str | None, what: str) -> object:
    if pick is not None:
        for name, scenario in named.items():
            if name.casefold() == pick.casefold():
                return scenario
        raise ScenarioError(f"--scenario: no scenario named {pick!r} in the {what} "
                            f"(it holds: {', '.join(named)})")  # fmt: skip
    if len(named) == 1:
        return next(iter(named.values()))
    if not named:
        raise ScenarioError(f"--scenario: the {what} holds no scenario")
    names = ", ".join(named)
    raise ScenarioError(
        f"--scenario: the {what} holds {len(named)} scenarios ({names}); pick one with "
        "--scenario FILE#NAME"
    )


def _from_link(params: dict[str, str]) -> Scenario:
    if "hq" not in params:
        raise ScenarioError("--scenario: the share link has no hq= part")
    scenario, ignored = from_params(params, Scenario(hq="US"))  # a bad hq= is reported below
    if ignored:
        raise ScenarioError(f"--scenario: the share link has parts Shoreline cannot use: "
                            f"{'; '.join(ignored)}")  # fmt: skip
    return scenario


def scenario_in(text: str, pick: str | None = None) -> Scenario:
    """The scenario a record names (see the module docstring)."""
    stripped = text.strip()
    if stripped.startswith(("http://", "https://", "?")) or (
        "=" in stripped and not stripped.startswith(("{", "["))
    ):
        query = urlsplit(stripped).query if "://" in stripped else stripped.lstrip("?")
        return _from_link(dict(parse_qsl(query, keep_blank_values=True)))
    try:
        doc = json.loads(stripped)
    except (ValueError, RecursionError):
        raise ScenarioError(f"--scenario: not JSON nor a link; expected {KINDS}") from None
    if not isinstance(doc, dict):
        raise ScenarioError(f"--scenario: expected {KINDS}")
    if isinstance(doc.get("scenario"), dict):  # the record beside an export
        return Scenario.parse(doc["scenario"])
    if isinstance(doc.get("scenarios"), dict):  # a comparison's record
        named = {str(name): s for name, s in doc["scenarios"].items()}
        return Scenario.parse(_one(named, pick, "comparison record"))
    if isinstance(doc.get("scenarios"), list):  # a library export
        try:
            entries = parse_import(stripped)
        except LibraryError as err:
            raise ScenarioError(f"--scenario: library file: {err}") from None
        return _one({e["name"]: e["scenario"] for e in entries}, pick, "library file")
    if "wl" in doc and all(isinstance(v, str) for v in doc.values()):  # a link's parameters
        return _from_link(doc)
    return Scenario.parse(doc)  # a bare scenario
