"""Where the scenario library and the workshop rooms are kept: one small interface, two engines.

``SHORELINE_DB`` chooses the engine:

- a file path (default ``./var/scenarios.db``): **SQLite**, through the standard library's
  ``sqlite3`` — the embedded default, nothing to install or run. Every write is one
  ``BEGIN IMMEDIATE`` transaction on a WAL journal, so writers from several sessions or
  processes queue instead of losing each other's work;
- a ``postgresql://`` URL: **PostgreSQL**, through psycopg 3 with a connection pool per
  process (``psycopg_pool``), for several app replicas sharing one database. Every write is one
  transaction; writes that must see a consistent table (the library's name rules) take a
  table lock first, as SQLite's ``BEGIN IMMEDIATE`` does.

Both create their schema and apply the versioned migrations below on first use (PostgreSQL
under an advisory lock, so replicas starting together migrate once); no manual step. SQL is
written once, with ``?`` placeholders (turned into ``%s`` for psycopg). Every storage fault
becomes a :class:`StoreError` with a plain message — a damaged or read-only file, a full disk,
a server that cannot be reached — never a driver's traceback.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_PATH = Path("var") / "scenarios.db"

# the rooms' tables, the same on both engines but for the floating-point type's name
_ROOMS = (
    """CREATE TABLE IF NOT EXISTS rooms (
        code       TEXT PRIMARY KEY,
        host_token TEXT NOT NULL,
        title      TEXT NOT NULL,
        scenario   TEXT NOT NULL,
        shortlist  TEXT NOT NULL DEFAULT '[]',
        names      INTEGER NOT NULL DEFAULT 0,
        round      INTEGER NOT NULL DEFAULT 1,
        open       INTEGER NOT NULL DEFAULT 1,
        created    TEXT NOT NULL,
        expires    TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS participants (
        room    TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
        token   TEXT NOT NULL,
        label   TEXT NOT NULL,
        name    TEXT NOT NULL DEFAULT '',
        joined  TEXT NOT NULL,
        last_at {real} NOT NULL DEFAULT 0,
        PRIMARY KEY (room, token))""",
    """CREATE TABLE IF NOT EXISTS answers (
        room     TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
        round    INTEGER NOT NULL,
        token    TEXT NOT NULL,
        weights  TEXT NOT NULL,
        top3     TEXT NOT NULL DEFAULT '[]',
        updated  TEXT NOT NULL,
        PRIMARY KEY (room, round, token))""",
)

# (version, what it does, SQLite statements, PostgreSQL statements). Append only: a database
# records the versions it has, and a new version runs once, in order, in one transaction.
MIGRATIONS: list[tuple[int, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        1,
        "the scenario library",
        (
            """CREATE TABLE IF NOT EXISTS scenarios (
                name     TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                note     TEXT NOT NULL DEFAULT '',
                scenario TEXT NOT NULL,
                created  TEXT NOT NULL,
                updated  TEXT NOT NULL)""",
        ),
        (
            """CREATE TABLE IF NOT EXISTS scenarios (
                name     TEXT NOT NULL PRIMARY KEY,
                note     TEXT NOT NULL DEFAULT '',
                scenario TEXT NOT NULL,
                created  TEXT NOT NULL,
                updated  TEXT NOT NULL)""",
            "CREATE UNIQUE INDEX IF NOT EXISTS scenarios_name_ci ON scenarios (lower(name))",
        ),
    ),
    (
        2,
        "workshop rooms: rooms, their rounds, participants and answers",
        tuple(sql.format(real="REAL") for sql in _ROOMS),
        tuple(sql.format(real="DOUBLE PRECISION") for sql in _ROOMS),
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(ValueError):
    """A storage operation that cannot be done; the message says why in plain words."""


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_POSTGRES_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2",
                     "postgres+psycopg"}  # fmt: skip
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def checked_location(where: str) -> str:
    """``where`` as the engines take it: a SQLite file path as it is; a PostgreSQL URL with its
    scheme made ``postgresql://`` (``POSTGRESQL://``, ``postgres://`` and SQLAlchemy's
    ``postgresql+psycopg://`` are the same database). A URL of another scheme, a bad port or a
    bad ``%`` escape is a :class:`StoreError` in one line that never shows the password."""
    text = str(where)
    scheme = _SCHEME.match(text)
    if scheme is None:
        return text
    name = scheme.group(1).lower()
    if name not in _POSTGRES_SCHEMES:
        raise StoreError(
            f"SHORELINE_DB must be a SQLite file path or a postgresql:// URL, not a {name}:// URL"
        )
    url = "postgresql://" + text[scheme.end() :]
    shown = _display_safe(url)
    try:
        urlsplit(url).port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise StoreError(
            f"SHORELINE_DB ({shown}): the port is not a number from 0 to 65535"
        ) from None
    if _BAD_ESCAPE.search(url):
        raise StoreError(f"SHORELINE_DB ({shown}): a % is not followed by two hex digits "
                         "(write a literal % in a password as %25)")  # fmt: skip
    return url


def location() -> str:
    """``$SHORELINE_DB`` (checked: :func:`checked_location`), or the default SQLite file."""
    return checked_location(os.environ.get("SHORELINE_DB") or str(DEFAULT_PATH))


def is_postgres(where: str | Path) -> bool:
    return str(where).lower().startswith(("postgresql://", "postgres://"))


def _display_safe(url: str) -> str:
    """:func:`_display` for a URL that may not parse: host and path only, never the password."""
    rest = url.split("://", 1)[-1]
    host = rest.rsplit("@", 1)[-1].split("/", 1)[0].split("?", 1)[0]
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return f"postgresql://{host or 'localhost'}/…"


class Connection:
    """One transaction's connection, the same for both engines: ``execute`` (``?``
    placeholders), ``one``, ``all`` and ``rowcount`` of the last statement."""

    def __init__(self, raw, postgres: bool) -> None:
        self._raw = raw
        self._postgres = postgres
        self._cursor = None
        self.engine = "postgresql" if postgres else "sqlite"

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Connection:
        if self._postgres:
            self._cursor = self._raw.execute(sql.replace("?", "%s"), tuple(params))
        else:
            self._cursor = self._raw.execute(sql, tuple(params))
        return self

    def one(self):
        return self._cursor.fetchone()

    def all(self) -> list:
        return self._cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def lock(self, table: str) -> None:
        """Serialise this transaction's writes to ``table`` with others' (SQLite's
        ``BEGIN IMMEDIATE`` already does)."""
        if self._postgres:
            self._raw.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_fault(err: BaseException, path: Path, write: bool) -> StoreError:
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
    return StoreError(what + tail)


class SQLiteEngine:
    """A library file. Each call opens its own connection: safe across Streamlit sessions."""

    postgres = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.where = str(self.path)

    @contextmanager
    def connect(self, write: bool = False) -> Iterator[Connection]:
        """A connection; reading falls back to a read-only connection when the file cannot be
        opened for writing."""
        try:
            raw = self._open(write)
        except (sqlite3.Error, OSError) as err:
            raise _sqlite_fault(err, self.path, write) from None
        try:
            conn = Connection(raw, postgres=False)
            if write:
                raw.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    raw.execute("ROLLBACK")
                    raise
                raw.execute("COMMIT")
            else:
                yield conn
        except sqlite3.Error as err:
            raise _sqlite_fault(err, self.path, write) from None
        finally:
            raw.close()

    def _open(self, write: bool) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            raw = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                raw.execute("PRAGMA journal_mode=WAL")
                raw.execute("PRAGMA busy_timeout=30000")
                raw.execute("PRAGMA foreign_keys=ON")
                _migrate_sqlite(raw)
            except sqlite3.Error:
                raw.close()
                raise
            return raw
        except (sqlite3.OperationalError, OSError):
            if write or not self.path.exists():
                raise
            # a read-only file or directory: read what is there, without a journal
            uri = f"file:{self.path.resolve()}?mode=ro&immutable=1"
            raw = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
            raw.execute("SELECT 1 FROM scenarios LIMIT 1")
            return raw


def _pending(have: set[int], postgres: bool):
    """(version, statements for this engine) of each migration a database has not had, in
    order."""
    for version, _, sqlite_sql, postgres_sql in MIGRATIONS:
        if version not in have:
            yield version, postgres_sql if postgres else sqlite_sql


def _migrate_sqlite(raw: sqlite3.Connection) -> None:
    raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
    have = {r[0] for r in raw.execute("SELECT version FROM schema_version")}
    if have >= {m[0] for m in MIGRATIONS}:
        return
    raw.execute("BEGIN IMMEDIATE")
    try:
        have = {r[0] for r in raw.execute("SELECT version FROM schema_version")}
        for version, statements in _pending(have, postgres=False):
            for sql in statements:
                raw.execute(sql)
            raw.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise


# --- PostgreSQL -------------------------------------------------------------------------------

_POOLS: dict[str, Any] = {}
_POOLS_LOCK = threading.Lock()
# an interactive call gives up within 3 s with a plain message (a facilitator's room must
# not hang on a database outage): seconds to reach the server, and to wait for a pooled
# connection (SHORELINE_DB_TIMEOUT overrides the second)
CONNECT_TIMEOUT = 3
MIGRATION_LOCK = 7_460_271  # the advisory lock id replicas take to migrate one at a time


def _display(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"postgresql://{host}{port}{parts.path}"


class PostgresEngine:
    """A PostgreSQL database, through a psycopg connection pool shared by the process."""

    postgres = True

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = _display(url)

    def _pool(self):
        """The process's pool for this database, made on first use — after one direct
        connection (a few seconds at most) has reached the server and migrated the schema, so
        an unreachable server is a prompt message, not a pool retrying in the background."""
        import psycopg
        from psycopg_pool import ConnectionPool

        with _POOLS_LOCK:
            pool = _POOLS.get(self.url)
            if pool is None:
                with psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT) as raw:
                    _migrate_postgres(raw)
                pool = ConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=int(os.environ.get("SHORELINE_DB_POOL", "8")),
                    timeout=float(os.environ.get("SHORELINE_DB_TIMEOUT", "3")),
                    open=True,
                    kwargs={"autocommit": False, "connect_timeout": CONNECT_TIMEOUT},
                    check=ConnectionPool.check_connection,  # a restarted server: reconnect
                    name="shoreline",
                )
                _POOLS[self.url] = pool
            return pool

    @contextmanager
    def connect(self, write: bool = False) -> Iterator[Connection]:
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self._pool().connection() as raw, raw.transaction():
                yield Connection(raw, postgres=True)
        except (psycopg.OperationalError, PoolTimeout) as err:
            tail = " — your change was not saved" if write else ""
            raise StoreError(
                f"the database at {self.where} cannot be reached ({_first_line(err)}){tail}"
            ) from None
        except psycopg.errors.QueryCanceled as err:
            raise StoreError(f"the database at {self.where} took too long ({err})") from None


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:200]


def _migrate_postgres(raw) -> None:
    with raw.transaction():
        raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
        have = {r[0] for r in raw.execute("SELECT version FROM schema_version").fetchall()}
        for version, statements in _pending(have, postgres=True):
            for sql in statements:
                raw.execute(sql)
            raw.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))


def close_pools() -> None:
    """Close every pool of this process (tests, and a clean shutdown)."""
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()


def engine(where: str | Path | None = None) -> SQLiteEngine | PostgresEngine:
    """The engine for ``where`` (default ``$SHORELINE_DB``)."""
    where = location() if where is None else where
    if isinstance(where, str):
        where = checked_location(where)
    return PostgresEngine(str(where)) if is_postgres(where) else SQLiteEngine(where)


def versions(store: SQLiteEngine | PostgresEngine) -> list[int]:
    """The migrations a database has had, in order."""
    with store.connect() as conn:
        return [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1").all()]
