"""The named scenario library: SQLite through the standard library's ``sqlite3``.

The file is ``$SHORELINE_DB`` (default ``./var/scenarios.db``), created on first use. Every
write is one transaction (``BEGIN IMMEDIATE``, WAL journal), so a crash or a concurrent save
from another session never leaves a half-written or lost scenario. Names are unique per library
(case-insensitively); saving over an existing name needs ``overwrite=True``. Imports are all
or nothing: a file with any bad entry imports nothing and says what is wrong.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sourcing.scenario import Scenario, ScenarioError

DEFAULT_PATH = Path("var") / "scenarios.db"
MAX_NAME = 80
MAX_NOTE = 2_000
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_SCENARIOS = 500
FORMAT = "shoreline-library/1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS scenarios (
    name     TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    note     TEXT NOT NULL DEFAULT '',
    scenario TEXT NOT NULL,
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL
)
"""


class LibraryError(ValueError):
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


def _fault(err: BaseException, path: Path, write: bool) -> LibraryError:
    """A storage error as a message a person can act on."""
    text = str(err).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        what = f"the scenario library file is damaged ({path})"
    elif "full" in text or "disk i/o" in text or getattr(err, "errno", None) in (27, 28):
        what = "the disk is full or cannot be written"
    elif (
        "readonly" in text
        or "read-only" in text
        or isinstance(err, PermissionError)
        or ("unable to open" in text)
    ):
        what = f"the scenario library is read-only or cannot be opened ({path})"
    else:
        what = f"the scenario library failed ({err})"
    tail = " — your change was not saved" if write else ""
    return LibraryError(what + tail)


def db_path() -> Path:
    return Path(os.environ.get("SHORELINE_DB") or DEFAULT_PATH)


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
    if not name.isprintable():
        raise LibraryError("name: contains control characters")
    return name


def _clean_note(note: str) -> str:
    if not isinstance(note, str):
        raise LibraryError("note: must be text")
    if len(note) > MAX_NOTE:
        raise LibraryError(f"note: at most {MAX_NOTE} characters")
    return note.strip()


class Library:
    """One library file. Each call opens its own connection: safe across Streamlit sessions."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else db_path()

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection; every storage fault (damaged file, read-only file or directory, full
        disk) becomes a :class:`LibraryError` with a plain message. Reading falls back to a
        read-only connection when the file cannot be opened for writing."""
        try:
            conn = self._open(write)
        except (sqlite3.Error, OSError) as err:
            raise _fault(err, self.path, write) from None
        try:
            if write:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            else:
                yield conn
        except sqlite3.Error as err:
            raise _fault(err, self.path, write) from None
        finally:
            conn.close()

    def _open(self, write: bool) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA busy_timeout=30000")
                conn.execute(SCHEMA)
            except sqlite3.Error:
                conn.close()
                raise
            return conn
        except (sqlite3.OperationalError, OSError):
            if write or not self.path.exists():
                raise
            # a read-only file or directory: read what is there, without a journal
            uri = f"file:{self.path.resolve()}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
            conn.execute("SELECT 1 FROM scenarios LIMIT 1")
            return conn

    # --- reading ---------------------------------------------------------------------------

    def names(self) -> list[str]:
        with self._connect() as conn:
            return [r[0] for r in conn.execute("SELECT name FROM scenarios ORDER BY name")]

    def list(self) -> list[Saved]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT name, note, scenario, created, updated FROM scenarios ORDER BY name"
            ).fetchall()
        return [self._saved(r) for r in rows]

    def load(self, name: str) -> Saved:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT name, note, scenario, created, updated FROM scenarios WHERE name = ?",
                (name,),
            ).fetchone()
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
            exists = conn.execute("SELECT 1 FROM scenarios WHERE name = ?", (name,)).fetchone()
            if exists and not overwrite:
                raise NameTaken(f"a scenario named {name!r} exists; save over it?")
            if exists:
                conn.execute(
                    "UPDATE scenarios SET scenario = ?, note = ?, updated = ? WHERE name = ?",
                    (scenario.to_json(), note, now, name),
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
            if conn.execute("SELECT 1 FROM scenarios WHERE name = ?", (old,)).fetchone() is None:
                raise LibraryError(f"no scenario named {old!r}")
            clash = conn.execute("SELECT name FROM scenarios WHERE name = ?", (new,)).fetchone()
            if clash and clash[0].lower() != old.lower():
                raise NameTaken(f"a scenario named {new!r} exists")
            conn.execute(
                "UPDATE scenarios SET name = ?, updated = ? WHERE name = ?", (new, _now(), old)
            )
        return new

    def duplicate(self, name: str, new: str) -> str:
        saved = self.load(name)
        return self.save(new, saved.scenario, saved.note)

    def delete(self, name: str) -> None:
        with self._connect(write=True) as conn:
            gone = conn.execute("DELETE FROM scenarios WHERE name = ?", (name,)).rowcount
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
                if conn.execute("SELECT 1 FROM scenarios WHERE name = ?", (e["name"],)).fetchone()
            ]
            if clashes and not overwrite:
                raise NameTaken(f"already in the library: {', '.join(clashes)}; nothing imported")
            now = _now()
            for e in entries:
                conn.execute(
                    "INSERT INTO scenarios (name, note, scenario, created, updated) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET note = excluded.note, "
                    "scenario = excluded.scenario, updated = excluded.updated",
                    (e["name"], e["note"], e["scenario"].to_json(), now, now),
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
