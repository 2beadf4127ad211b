"""The named scenario library, on either engine of :mod:`sourcing.store.db` (SQLite by default,
PostgreSQL when ``SHORELINE_DB`` is a ``postgresql://`` URL).

Every write is one transaction that takes the table's write lock first, so a crash or a
concurrent save from another session, process or replica never leaves a half-written or lost
scenario. Names are unique per library (case-insensitively); saving over an existing name needs
``overwrite=True``. Imports are all or nothing: a file with any bad entry imports nothing and
says what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from sourcing.facts.text import has_control
from sourcing.model.scenario import Scenario, ScenarioError, overrides_text, weights_text
from sourcing.store import db
from sourcing.store.db import StoreError

MAX_NAME = 80
MAX_NOTE = 2_000
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_SCENARIOS = 500
FORMAT = "shoreline-library/1"
SAME_NAME = "lower(name) = lower(?)"  # names are case-insensitive on both engines


class LibraryError(StoreError):
    """A library operation that cannot be done; the message says why."""


class NameTaken(LibraryError):
    """Saving under a name that exists, without ``overwrite``."""


@dataclass(frozen=True)
class Saved:
    name: str
    note: str
    scenario: Scenario | None  # None: the stored scenario no longer validates (see ``problem``)
    created: str
    updated: str
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return self.scenario is not None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_name(name: str) -> str:
    """A library name: trimmed, 1–80 printable characters."""
    if not isinstance(name, str):
        raise LibraryError("name: must be text")
    name = " ".join(name.split())
    if not name:
        raise LibraryError("name: must not be empty")
    if len(name) > MAX_NAME:
        raise LibraryError(f"name: at most {MAX_NAME} characters")
    if has_control(name):
        raise LibraryError("name: contains control characters")
    return name


def _clean_note(note: str) -> str:
    if not isinstance(note, str):
        raise LibraryError("note: must be text")
    if len(note) > MAX_NOTE:
        raise LibraryError(f"note: at most {MAX_NOTE} characters")
    if any(ch == "\x00" or "\ud800" <= ch <= "\udfff" for ch in note):
        raise LibraryError("note: contains a character no store can keep (NUL or a lone surrogate)")
    return note.strip()


class Library:
    """One library: a SQLite file or a PostgreSQL database (``where``, default
    ``$SHORELINE_DB``)."""

    def __init__(self, where: str | Path | None = None) -> None:
        self.store = db.engine(where)
        self.path = self.store.where  # for messages: the file, or the URL without password

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[db.Connection]:
        """A transaction; every storage fault becomes a :class:`LibraryError`."""
        try:
            with self.store.connect(write) as conn:
                if write:
                    conn.lock("scenarios")
                yield conn
        except LibraryError:
            raise
        except StoreError as err:
            raise LibraryError(str(err)) from None

    # --- reading ---------------------------------------------------------------------------

    def names(self) -> list[str]:
        with self._connect() as conn:
            rows = conn.execute("SELECT name FROM scenarios ORDER BY lower(name)").all()
        return [r[0] for r in rows]

    def list(self) -> list[Saved]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT name, note, scenario, created, updated FROM scenarios ORDER BY lower(name)"
            ).all()
        return [self._saved(r) for r in rows]

    def load(self, name: str) -> Saved:
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT name, note, scenario, created, updated FROM scenarios WHERE {SAME_NAME}",
                (name,),
            ).one()
        if row is None:
            raise LibraryError(f"no scenario named {name!r}")
        saved = self._saved(row)
        if saved.scenario is None:
            raise LibraryError(f"{name!r} cannot be loaded: {saved.problem}")
        return saved

    @staticmethod
    def _saved(row) -> Saved:
        """A stored row; one that no longer validates (an unknown workload, a country gone from
        the dataset) is returned with its problem, so it can be listed and deleted."""
        try:
            return Saved(row[0], row[1], Scenario.parse(row[2]), row[3], row[4])
        except (ScenarioError, ValueError) as err:
            return Saved(row[0], row[1], None, row[3], row[4], str(err))

    # --- writing ---------------------------------------------------------------------------

    def save(self, name: str, scenario: Scenario, note: str = "", overwrite: bool = False) -> str:
        name, note = clean_name(name), _clean_note(note)
        now = _now()
        with self._connect(write=True) as conn:
            exists = conn.execute(f"SELECT name FROM scenarios WHERE {SAME_NAME}", (name,)).one()
            if exists and not overwrite:
                raise NameTaken(f"a scenario named {name!r} exists; save over it?")
            if exists:
                conn.execute(
                    f"UPDATE scenarios SET name = ?, scenario = ?, note = ?, updated = ? "
                    f"WHERE {SAME_NAME}",
                    (name, scenario.to_json(), note, now, name),
                )
            else:
                conn.execute(
                    "INSERT INTO scenarios (name, note, scenario, created, updated) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (name, note, scenario.to_json(), now, now),
                )
        return name

    def rename(self, old: str, new: str) -> str:
        new = clean_name(new)
        with self._connect(write=True) as conn:
            if conn.execute(f"SELECT 1 FROM scenarios WHERE {SAME_NAME}", (old,)).one() is None:
                raise LibraryError(f"no scenario named {old!r}")
            clash = conn.execute(f"SELECT name FROM scenarios WHERE {SAME_NAME}", (new,)).one()
            if clash and clash[0].lower() != old.lower():
                raise NameTaken(f"a scenario named {new!r} exists")
            conn.execute(
                f"UPDATE scenarios SET name = ?, updated = ? WHERE {SAME_NAME}", (new, _now(), old)
            )
        return new

    def duplicate(self, name: str, new: str) -> str:
        saved = self.load(name)
        return self.save(new, saved.scenario, saved.note)

    def delete(self, name: str) -> None:
        with self._connect(write=True) as conn:
            gone = conn.execute(f"DELETE FROM scenarios WHERE {SAME_NAME}", (name,)).rowcount
        if not gone:
            raise LibraryError(f"no scenario named {name!r}")

    # --- export / import ---------------------------------------------------------------------

    def export(self) -> str:
        """The whole library as JSON text."""
        entries = [
            {"name": s.name, "note": s.note, "scenario": json.loads(s.scenario.to_json())}
            for s in self.list()
            if s.usable
        ]
        return json.dumps({"format": FORMAT, "scenarios": entries}, indent=2, ensure_ascii=False)

    def import_(self, data: str | bytes, overwrite: bool = False) -> list[str]:
        """Import a library export (or one scenario JSON, named by ``name``). All or nothing."""
        entries = parse_import(data)
        with self._connect(write=True) as conn:
            clashes = [
                e["name"]
                for e in entries
                if conn.execute(f"SELECT 1 FROM scenarios WHERE {SAME_NAME}", (e["name"],)).one()
            ]
            if clashes and not overwrite:
                raise NameTaken(f"already in the library: {', '.join(clashes)}; nothing imported")
            now = _now()
            for e in entries:
                text = e["scenario"].to_json()
                if not conn.execute(
                    f"UPDATE scenarios SET name = ?, note = ?, scenario = ?, updated = ? "
                    f"WHERE {SAME_NAME}",
                    (e["name"], e["note"], text, now, e["name"]),
                ).rowcount:
                    conn.execute(
                        "INSERT INTO scenarios (name, note, scenario, created, updated) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (e["name"], e["note"], text, now, now),
                    )
        return [e["name"] for e in entries]

    def import_file(self, data: str | bytes, filename: str, overwrite: bool = False) -> list[str]:
        """An uploaded file: a library export (all or nothing), or else one scenario's JSON,
        saved under the file's name without its extension. Raises :class:`NameTaken` on a
        clash, :class:`LibraryError` naming what is wrong — for a single scenario's file the
        field that is wrong (a :class:`ScenarioError`), not the library format."""
        try:
            return self.import_(data, overwrite=overwrite)
        except NameTaken:
            raise
        except LibraryError as err:
            try:
                single = Scenario.parse(data)
            except ScenarioError as scenario_err:
                if looks_like_scenario(data):
                    raise LibraryError(str(scenario_err)) from None
                raise err from None
            name = Path(filename).stem
            return [self.save(name, single, overwrite=overwrite)]


def library_listing(saved: list[Saved]) -> pd.DataFrame:
    """The library as a table: name, note, HQ, workload, date, weights, what differs from the
    preset, when it was updated, and the problem of one that can no longer be loaded."""
    return pd.DataFrame(
        [
            {
                "name": s.name,
                "note": s.note,
                "HQ": s.scenario.hq if s.usable else "",
                "workload": s.scenario.workload if s.usable else "",
                "date": s.scenario.on if s.usable else None,
                "weights": weights_text(s.scenario) if s.usable else "",
                "differs from preset": overrides_text(s.scenario) if s.usable else "",
                "updated": s.updated,
                "problem": s.problem or "",
            }
            for s in saved
        ],
        columns=["name", "note", "HQ", "workload", "date", "weights", "differs from preset",
                 "updated", "problem"],
    )  # fmt: skip


def looks_like_scenario(data: str | bytes) -> bool:
    """A JSON object that is not a library export: one scenario's file."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        doc = json.loads(text[:MAX_IMPORT_BYTES])
    except (ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and "scenarios" not in doc


def parse_import(data: str | bytes) -> list[dict]:
    """Validate a library file completely; any problem raises LibraryError listing them all."""
    if isinstance(data, bytes):
        if len(data) > MAX_IMPORT_BYTES:
            raise LibraryError(
                f"file too large ({len(data):,} bytes; at most {MAX_IMPORT_BYTES:,})"
            )
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise LibraryError("file is not UTF-8 text") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise LibraryError(f"file too large (at most {MAX_IMPORT_BYTES:,} bytes)")
    data = data.removeprefix("\ufeff")  # a UTF-8 byte-order mark, as some editors write
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, RecursionError) as err:
        raise LibraryError(f"not valid JSON ({err})") from None
    except ValueError:  # e.g. an integer of more than 4,300 digits
        raise LibraryError("not valid JSON (a number in the file is far too long)") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("scenarios"), list):
        raise LibraryError('expected {"format": "shoreline-library/1", "scenarios": [...]}')
    if len(doc["scenarios"]) > MAX_IMPORT_SCENARIOS:
        raise LibraryError(f"too many scenarios (at most {MAX_IMPORT_SCENARIOS})")
    problems, entries, seen = [], [], set()
    for i, entry in enumerate(doc["scenarios"], start=1):
        where = f"entry {i}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not an object")
            continue
        unknown = set(entry) - {"name", "note", "scenario"}
        if unknown:
            problems.append(f"{where}: unknown fields {sorted(unknown)}")
        try:
            name = clean_name(entry.get("name"))
            where = f"entry {i} ({name!r})"
            note = _clean_note(entry.get("note", ""))
            if not isinstance(entry.get("scenario"), dict):
                raise LibraryError('missing "scenario" (an object with the scenario\'s fields)')
            scenario = Scenario.parse(entry["scenario"])
        except (LibraryError, ScenarioError) as err:
            problems.append(f"{where}: {err}")
            continue
        if name.lower() in seen:
            problems.append(f"{where}: duplicate name in the file")
            continue
        seen.add(name.lower())
        entries.append({"name": name, "note": note, "scenario": scenario})
    if problems:
        raise LibraryError("nothing imported: " + "; ".join(problems[:10]))
    return entries
