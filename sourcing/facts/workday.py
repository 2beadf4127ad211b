"""The working-day arithmetic, beside the time-zone code it builds on (:mod:`.timezones`).

Two views of the same day:

- **Intervals on the scenario date** (what the ranking scores): HQ's working day and the service
  window as UTC intervals (:class:`Windows`), and per location zone the hours it staffs by day
  and by night, its overlap with HQ as staffed and as a local office day, and how far an office
  day moved to meet the workload's overlap minimum (:func:`location_hours`).
- **Slots on HQ's clock** (what the planners search): the 24 hours as 96 quarter-hour slots on
  a circle, a day as a ring of slots (:func:`ring`), maximal runs (:func:`runs`) and clock text.

Plain values in, plain values out: zones, times and dates — no Scenario, no dataset.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from sourcing.facts.timezones import (
    WorkingDay,
    _intersection,
    minutes_of,
    night_hours,
    window_minutes,
)

ALL_DAYS = frozenset(range(7))

# --- intervals on the scenario date ------------------------------------------------------------


@dataclass(frozen=True)
class Windows:
    """HQ's working day and the service window on the scenario date (UTC intervals)."""

    hq_day: WorkingDay
    hq_interval: tuple
    service: tuple  # UTC interval of the service window on the scenario date
    service_hours: float

    @property
    def hq_hours(self) -> float:
        return (self.hq_interval[1] - self.hq_interval[0]).total_seconds() / 3600


def windows(
    hq_tz: str,
    hq_hours: tuple[dt.time, dt.time],
    service_hours: tuple[dt.time, dt.time] | None,
    on: dt.date,
) -> Windows:
    """HQ's day and the service window (``None``: round the clock) on date ``on``."""
    hq_day = WorkingDay(hq_tz, *hq_hours)
    hours = service_hours or (dt.time(0), dt.time(0))
    service = WorkingDay(hq_tz, *hours, ALL_DAYS).interval(on)
    length = (service[1] - service[0]).total_seconds() / 3600
    return Windows(hq_day, hq_day.interval(on), service, length)


# A local office day may move, in half-hour steps, to meet the workload's overlap minimum, as
# offshore centres run "US-overlap" days — but only within local daytime, so no night work.
DAY_MOVES_WITHIN = (dt.time(6), dt.time(22))
MOVE_STEP_HOURS = 0.5
_MOVES = np.array([sign * step * MOVE_STEP_HOURS for step in range(1, 33) for sign in (1, -1)])


def overlap(w: Windows, day: WorkingDay) -> float:
    """Hours of ``day`` inside HQ's working day on the scenario date."""
    return sum(_intersection(w.hq_interval, i) for i in day.intervals_near(w.hq_interval[0]))


def moved_day(day: WorkingDay, hours: float) -> WorkingDay | None:
    """``day`` moved by ``hours`` (later when positive), or None when it would leave local
    daytime (06:00–22:00)."""
    start = day.start.hour * 60 + day.start.minute + round(hours * 60)
    length = round(day.nominal_hours * 60)
    earliest = DAY_MOVES_WITHIN[0].hour * 60
    latest = DAY_MOVES_WITHIN[1].hour * 60
    if start < earliest or start + length > latest:
        return None
    end = start + length
    return WorkingDay(day.tz, dt.time(start // 60, start % 60), dt.time(end // 60 % 24, end % 60),
                      day.weekdays)  # fmt: skip


def day_meeting_minimum(w: Windows, day: WorkingDay, minimum: float):
    """(the day moved the least to overlap HQ by ``minimum`` hours, the move in hours), or
    (None, 0) when no move within local daytime does. Moving a day within 06:00–22:00 moves its
    UTC interval by the same amount (clocks change at night), so the day's intervals are
    computed once and every candidate move is checked at once."""
    start, end = w.hq_interval
    total = np.zeros(len(_MOVES))
    for a, b in day.intervals_near(start):
        lo = (a - start).total_seconds() / 3600 + _MOVES  # the moved day, in hours from HQ's
        hi = (b - start).total_seconds() / 3600 + _MOVES  # day start
        hq_len = (end - start).total_seconds() / 3600
        total += np.clip(np.minimum(hi, hq_len) - np.maximum(lo, 0.0), 0.0, None)
    for i in np.nonzero(total + 1e-9 >= minimum)[0]:  # smallest move first
        moved = moved_day(day, float(_MOVES[i]))
        if moved is not None:
            return moved, float(_MOVES[i])
    return None, 0.0


class LocationHours(NamedTuple):
    """What a location in one zone staffs on the scenario date, in hours."""

    day: float  # hours of the service window staffed by day
    night: float  # … by night (22:00–06:00 local)
    overlap: float  # overlap with HQ's day of the team as staffed
    local: float  # overlap with HQ's day of a local office day
    moved: float  # hours the office day moved to meet the overlap minimum


def location_hours(
    w: Windows,
    tz: str,
    office_hours: tuple[dt.time, dt.time],
    shifted: bool,
    min_overlap: float,
) -> LocationHours:
    """The hours for a location in zone ``tz``. A shifted team works the service window,
    whatever the local hour; a local office day (``office_hours``) that falls short of
    ``min_overlap`` hours with HQ moves (within local daytime) just enough to meet it."""
    return _location_hours(w, tz, office_hours, shifted, min_overlap)


@lru_cache(maxsize=8192)
def _location_hours(w, tz, office_hours, shifted, min_overlap) -> LocationHours:
    # the same zone, date and hours give the same answer: kept across rankings (a slider
    # move that changes a weight does not redo any of it)
    day = WorkingDay(tz, *office_hours)
    local = overlap(w, day)
    if shifted:
        night = night_hours(w.service, tz)
        staffed = _intersection(w.hq_interval, w.service)
        return LocationHours(w.service_hours - night, night, staffed, local, 0.0)
    move = 0.0
    if local + 1e-9 < min_overlap:
        moved, move = day_meeting_minimum(w, day, min_overlap)
        day = moved or day
    staffed = sum(_intersection(w.service, i) for i in day.intervals_near(w.service[0]))
    return LocationHours(staffed, 0.0, overlap(w, day), local, move)


# --- slots on HQ's clock -----------------------------------------------------------------------

SLOT_MINUTES = 15
SLOTS = 24 * 60 // SLOT_MINUTES


def ring(start_slot: int, length: int) -> np.ndarray:
    """``length`` slots from ``start_slot`` on the 24-hour circle, as a boolean mask."""
    mask = np.zeros(SLOTS, dtype=bool)
    mask[(start_slot + np.arange(length)) % SLOTS] = True
    return mask


def window_ring(service_hours: tuple[dt.time, dt.time] | None) -> np.ndarray:
    """The service window's slots on HQ's clock (all of them for round the clock)."""
    if service_hours is None:
        return np.ones(SLOTS, dtype=bool)
    start = minutes_of(service_hours[0])
    span = window_minutes(*service_hours)
    return ring(start // SLOT_MINUTES, math.ceil(span / SLOT_MINUTES))


def slot_clock(slot: int) -> str:
    """A slot as HH:MM on HQ's clock."""
    minutes = (slot % SLOTS) * SLOT_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs of True on the circle as (start slot, length)."""
    if mask.all():
        return [(0, SLOTS)]
    if not mask.any():
        return []
    rolled = np.roll(mask, -int(np.argmin(mask)))  # starts on a False slot
    offset = int(np.argmin(mask))
    edges = np.flatnonzero(np.diff(np.concatenate([[False], rolled, [False]]).astype(int)))
    return [((offset + a) % SLOTS, b - a) for a, b in zip(edges[::2], edges[1::2], strict=True)]
