"""Working windows and their overlap, DST-correct through ``zoneinfo`` and the pinned ``tzdata``.

A :class:`WorkingDay` is a local window (``start``–``end`` wall-clock times in an IANA zone) on the
weekdays a team works. Windows may cross midnight (22:00–06:00). Overlap is computed on real
instants: each window is localised for a concrete date, converted to UTC and intersected, so
daylight-saving changes, half-hour (Asia/Kolkata, +5:30) and 45-minute (Asia/Kathmandu, +5:45)
offsets and weekends fall out of the arithmetic rather than being special-cased.

Every zone is read from the ``tzdata`` package (pinned in requirements.txt), never from the
machine's own ``/usr/share/zoneinfo``: the same rules on every machine, and rules as new as the
pin. A system database can lag by years (Debian 12 ships IANA 2025b, which still has Morocco on
UTC+1; IANA 2026c moved ``Africa/Casablanca`` to permanent UTC+0 on 20 September 2026).
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import tzdata

WEEKDAYS = frozenset(range(5))  # Monday=0 … Friday=4
NIGHT = (dt.time(22, 0), dt.time(6, 0))  # night work as in the Philippine Labor Code, Art. 86
_UTC = dt.UTC
IANA_VERSION: str = tzdata.IANA_VERSION  # the edition every hour in Shoreline comes from
_TZDATA = importlib.resources.files("tzdata")
ZONES: frozenset[str] = frozenset(_TZDATA.joinpath("zones").read_text().split())


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` as the pinned ``tzdata`` package has it (not the system's copy)."""
    if name not in ZONES:
        raise ValueError(f"unknown time zone {name!r}")
    with _TZDATA.joinpath("zoneinfo", *name.split("/")).open("rb") as f:
        return ZoneInfo.from_file(f, key=name)


def valid_timezone(name: str) -> bool:
    """True when ``name`` is an IANA zone in the pinned ``tzdata``."""
    return name in ZONES


def hours_of(t: dt.time) -> float:
    """A wall-clock time as hours after midnight (09:30 → 9.5)."""
    return t.hour + t.minute / 60


def minutes_of(t: dt.time) -> int:
    """A wall-clock time as minutes after midnight."""
    return t.hour * 60 + t.minute


def window_minutes(start: dt.time, end: dt.time) -> int:
    """A window's length in minutes; ``end`` at or before ``start`` runs into the next day and
    ``start == end`` is the full 24 hours."""
    return (minutes_of(end) - minutes_of(start)) % 1440 or 1440


@dataclass(frozen=True)
class WorkingDay:
    """A local working window: wall-clock ``start``–``end`` in zone ``tz`` on ``weekdays``.

    ``end`` at or before ``start`` means the window ends the next day (22:00–06:00); ``start ==
    end`` is a full 24 hours.
    """

    tz: str
    start: dt.time
    end: dt.time
    weekdays: frozenset[int] = field(default=WEEKDAYS)

    def __post_init__(self) -> None:
        if not valid_timezone(self.tz):
            raise ValueError(f"unknown time zone {self.tz!r}")
        if not self.weekdays <= set(range(7)):
            raise ValueError("weekdays must be 0 (Monday) … 6 (Sunday)")

    @property
    def nominal_hours(self) -> float:
        """Length on a day without a DST change."""
        return window_minutes(self.start, self.end) / 60

    def interval(self, on: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The window that starts on local date ``on``, as aware UTC datetimes."""
        return _interval(self.tz, self.start, self.end, on)

    def intervals_near(self, instant: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
        """The windows of the working days around a UTC instant (local day before, of, after)."""
        local = _local_date(self.tz, instant)
        days = (local + dt.timedelta(days=k) for k in (-1, 0, 1))
        return [self.interval(d) for d in days if d.weekday() in self.weekdays]


@lru_cache(maxsize=65_536)
def _local_date(tz: str, instant: dt.datetime) -> dt.date:
    return instant.astimezone(zone(tz)).date()


@lru_cache(maxsize=65_536)
def _interval(
    tz: str, start: dt.time, end: dt.time, on: dt.date
) -> tuple[dt.datetime, dt.datetime]:
    """Pure and called with few distinct arguments (zones × dates), so it is memoised."""
    local = zone(tz)
    first = dt.datetime.combine(on, start, tzinfo=local)
    end_date = on if end > start else on + dt.timedelta(days=1)
    last = dt.datetime.combine(end_date, end, tzinfo=local)
    return first.astimezone(_UTC), last.astimezone(_UTC)


def _intersection(a: tuple[dt.datetime, dt.datetime], b: tuple[dt.datetime, dt.datetime]) -> float:
    seconds = (min(a[1], b[1]) - max(a[0], b[0])).total_seconds()
    return max(seconds, 0.0) / 3600


def overlap_hours(a: WorkingDay, b: WorkingDay, on: dt.date) -> float:
    """Hours both are working, for a's working day that starts on local date ``on``.

    a's window on ``on`` is taken as asked; b contributes every window of one of its working
    days (b's own weekdays, in b's zone) that touches it. Never more than the shorter window.
    """
    window = a.interval(on)
    return sum(_intersection(window, other) for other in b.intervals_near(window[0]))


@lru_cache(maxsize=65_536)
def utc_offset_hours(tz: str, on: dt.date) -> float:
    """UTC offset of ``tz`` at local noon on ``on`` (DST included), in hours."""
    noon = dt.datetime.combine(on, dt.time(12), tzinfo=zone(tz))
    return noon.utcoffset().total_seconds() / 3600


def night_hours(window: tuple[dt.datetime, dt.datetime], tz: str) -> float:
    """Hours of a UTC window that fall in local night (22:00–06:00) in zone ``tz``."""
    night = WorkingDay(tz, *NIGHT, weekdays=frozenset(range(7)))
    return sum(_intersection(window, n) for n in night.intervals_near(window[0]))


def _offset_minutes(tz: str, instant: dt.datetime) -> int:
    return int(instant.astimezone(zone(tz)).utcoffset().total_seconds()) // 60


@lru_cache(maxsize=1024)
def _offset_table(tz: str, year: int) -> tuple[np.ndarray, np.ndarray]:
    """(UTC instants from which an offset holds, offset in minutes) for ``year`` ± a month.

    Read from ``zoneinfo`` itself: the offset at each UTC midnight, and every change between two
    midnights bisected to the minute, so the vectorised year view keeps to the same rules as
    :func:`overlap_hours` (no private transition tables).
    """
    first = dt.datetime(year - 1, 12, 1, tzinfo=_UTC)
    days = [first + dt.timedelta(days=k) for k in range(430)]
    offsets = [_offset_minutes(tz, d) for d in days]
    times, minutes = [np.datetime64("0001-01-01T00:00", "m")], [offsets[0]]
    for k in range(1, len(days)):
        if offsets[k] == offsets[k - 1]:
            continue
        low, high = days[k - 1], days[k]  # offset changes in (low, high]
        while high - low > dt.timedelta(minutes=1):
            middle = low + (high - low) / 2
            middle = middle.replace(second=0, microsecond=0)
            if _offset_minutes(tz, middle) == offsets[k - 1]:
                low = middle
            else:
                high = middle
        times.append(np.datetime64(high.replace(tzinfo=None), "m"))
        minutes.append(offsets[k])
    return np.array(times, dtype="datetime64[m]"), np.array(minutes)


def _to_utc(tz: str, local: np.ndarray, year: int) -> np.ndarray:
    """Local wall-clock minutes (datetime64[m]) in or near ``year`` to UTC, vectorised.

    Two fixed-point steps, as a local time's offset is the offset at its UTC instant; exact
    except inside the hour a clock change skips or repeats (not a working-day boundary).
    """
    times, minutes = _offset_table(tz, year)

    def offset(instants: np.ndarray) -> np.ndarray:
        index = np.clip(np.searchsorted(times, instants, side="right") - 1, 0, None)
        return minutes[index].astype("timedelta64[m]")

    guess = local - offset(local)
    return local - offset(guess)


def _window_utc(day: WorkingDay, dates: np.ndarray, year: int) -> tuple[np.ndarray, np.ndarray]:
    start = dates + np.timedelta64(day.start.hour * 60 + day.start.minute, "m")
    length = np.timedelta64(round(day.nominal_hours * 60), "m")
    return _to_utc(day.tz, start, year), _to_utc(day.tz, start + length, year)


OVERLAP_LOCAL_DAY = "HQ overlap (local office day)"  # the location works its own 9-to-5
OVERLAP_SHIFTED_TEAM = "HQ overlap (shifted team)"  # the team works the service window on shifts


def overlap_name(shifted: bool) -> str:
    """The one name each page, chart, reason and CSV uses for an overlap figure."""
    return OVERLAP_SHIFTED_TEAM if shifted else OVERLAP_LOCAL_DAY


def year_view(
    hq: WorkingDay, locations: dict[str, WorkingDay], year: int, weekday: int = 2
) -> pd.DataFrame:
    """Overlap hours with HQ for one weekday of every week of ``year`` (default Wednesdays).

    Long format: week (1…), date, iso2, overlap_local_day_hours (HQ overlap, local office day),
    offset_gap_hours and ``dst_shift`` — true
    in the weeks when the gap differs from its most common value that year (the two sides
    change clocks on different dates, or only one side has DST). Vectorised over the weeks;
    the same rule as :func:`overlap_hours` (the other side's own working days count).
    """
    first = dt.date(year, 1, 1)
    first += dt.timedelta(days=(weekday - first.weekday()) % 7)
    dates = [first + dt.timedelta(weeks=w) for w in range(53)]
    dates = [d for d in dates if d.year == year]
    days = np.array(dates, dtype="datetime64[D]").astype("datetime64[m]")
    noon = days + np.timedelta64(12 * 60, "m")
    hq_start, hq_end = _window_utc(hq, days, year)
    hq_offset = (noon - _to_utc(hq.tz, noon, year)).astype(int) / 60
    frames = []
    for iso2, day in locations.items():
        total = np.zeros(len(days))
        for shift in (-1, 0, 1):
            local = days + np.timedelta64(shift * 1440, "m")
            weekdays = np.array(
                [(d + dt.timedelta(days=shift)).weekday() in day.weekdays for d in dates]
            )
            start, end = _window_utc(day, local, year)
            seconds = (np.minimum(hq_end, end) - np.maximum(hq_start, start)).astype(int) * 60
            total += np.where(weekdays, np.maximum(seconds, 0) / 3600, 0.0)
        gap = (noon - _to_utc(day.tz, noon, year)).astype(int) / 60 - hq_offset
        values, counts = np.unique(gap, return_counts=True)
        usual = values[np.argmax(counts)]
        frames.append(
            pd.DataFrame(
                {
                    "week": np.arange(1, len(dates) + 1),
                    "date": dates,
                    "iso2": iso2,
                    "overlap_local_day_hours": total,
                    "offset_gap_hours": gap,
                    "dst_shift": gap != usual,
                }
            )
        )
    columns = ["week", "date", "iso2", "overlap_local_day_hours", "offset_gap_hours", "dst_shift"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
