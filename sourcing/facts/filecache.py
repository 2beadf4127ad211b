"""Read a data file once per process and again only when it changes.

Loading the country dataset means parsing the CSV and validating it against the schema (about
110 ms); the presets likewise. Every ``rank(scenario)`` without a dataset used to pay that.
:class:`FileCache` keeps the last validated result per file, keyed by the resolved path, its
modification time (ns) and its size, so a touched or rewritten file is read again and an
unchanged one never is. It counts real reads (``reads``) so tests can check the cache by
counting parses rather than timing them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class FileCache(Generic[T]):
    """``get(path)`` → ``load(path)``, memoised by (path, mtime, size); at most ``size`` files."""

    def __init__(self, load: Callable[[Path], T], size: int = 8) -> None:
        self._load = load
        self._size = size
        self._entries: dict[Path, tuple[tuple[int, int], T]] = {}
        self._resolved: dict[Path, Path] = {}  # a path's real location, worked out once
        self._lock = threading.Lock()
        self.reads = 0

    def get(self, path: Path) -> T:
        # resolving walks every component of the path (a realpath per call was ~15 % of a
        # page's rerun under load); the file's stamp below still catches every change
        resolved = self._resolved.get(path)
        if resolved is None:
            resolved = self._resolved.setdefault(path, path.resolve())
        try:
            stat = resolved.stat()
        except OSError:
            return self._load(path)  # let the loader say what is wrong with the file
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            hit = self._entries.get(resolved)
            if hit is not None and hit[0] == stamp:
                return hit[1]
        value = self._load(path)
        with self._lock:
            self.reads += 1
            self._entries.pop(resolved, None)
            self._entries[resolved] = (stamp, value)
            while len(self._entries) > self._size:
                self._entries.pop(next(iter(self._entries)))
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
