"""Overlap hours: hand-computed cases (DST weeks, +5:30, +5:45, night shifts, weekends) and
properties (never above the shorter window, symmetric mid-week away from DST changes)."""

import datetime as dt

import pytest
import pytz
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sourcing import WorkingDay, overlap_hours, utc_offset_hours

T = dt.time
NY = WorkingDay("America/New_York", T(9), T(17))
LONDON = WorkingDay("Europe/London", T(9), T(17))
BENGALURU = WorkingDay("Asia/Kolkata", T(9), T(17))
KATHMANDU = WorkingDay("Asia/Kathmandu", T(9), T(17))
MANILA = WorkingDay("Asia/Manila", T(9), T(17))
MANILA_NIGHT = WorkingDay("Asia/Manila", T(22), T(6))


@pytest.mark.parametrize(
    ("a", "b", "on", "hours"),
    [
        # winter: NY 14-22 UTC, London 9-17 UTC -> 14-17
        (NY, LONDON, dt.date(2026, 1, 14), 3.0),
        # 8-29 March 2026: the US is on DST, the UK not yet -> NY 13-21 UTC vs 9-17 UTC
        (NY, LONDON, dt.date(2026, 3, 11), 4.0),
        # both on summer time again
        (NY, LONDON, dt.date(2026, 4, 15), 3.0),
        # Kolkata +5:30: 03:30-11:30 UTC vs London 09-17 UTC (winter) -> 2.5 h
        (LONDON, BENGALURU, dt.date(2026, 1, 14), 2.5),
        # London on BST (08-16 UTC) -> 08:00-11:30 = 3.5 h
        (LONDON, BENGALURU, dt.date(2026, 6, 17), 3.5),
        # Kathmandu +5:45: 03:15-11:15 UTC -> 2.25 h
        (LONDON, KATHMANDU, dt.date(2026, 1, 14), 2.25),
        # Manila night shift 22:00-06:00 (+8) = 14-22 UTC = NY's whole winter day
        (NY, MANILA_NIGHT, dt.date(2026, 1, 14), 8.0),
        # a Manila day team never meets New York
        (NY, MANILA, dt.date(2026, 1, 14), 0.0),
    ],
)
def test_hand_computed_overlap(a, b, on, hours):
    assert overlap_hours(a, b, on) == pytest.approx(hours)


def test_friday_evening_in_new_york_is_saturday_in_sydney():
    evening = WorkingDay("America/New_York", T(17), T(1))  # crosses midnight
    sydney = WorkingDay("Australia/Sydney", T(9), T(17))
    # Thu 15 Jan 2026 17:00 NY = Fri 09:00 Sydney (AEDT, +11): a full shared shift
    assert overlap_hours(evening, sydney, dt.date(2026, 1, 15)) == pytest.approx(8.0)
    # Fri 16 Jan 17:00 NY = Sat 09:00 Sydney: Sydney does not work Saturdays
    assert overlap_hours(evening, sydney, dt.date(2026, 1, 16)) == 0.0


def test_a_night_window_across_the_spring_change_is_one_hour_shorter():
    night = WorkingDay("Europe/London", T(22), T(6))
    always = WorkingDay("UTC", T(0), T(0), frozenset(range(7)))
    # 28-29 March 2026: clocks go 01:00 GMT -> 02:00 BST, so 22:00-06:00 lasts 7 h
    assert overlap_hours(night, always, dt.date(2026, 3, 28)) == pytest.approx(7.0)
    assert overlap_hours(night, always, dt.date(2026, 3, 21)) == pytest.approx(8.0)


def test_offsets_include_half_and_three_quarter_hours():
    assert utc_offset_hours("Asia/Kolkata", dt.date(2026, 1, 1)) == 5.5
    assert utc_offset_hours("Asia/Kathmandu", dt.date(2026, 1, 1)) == 5.75
    assert utc_offset_hours("America/New_York", dt.date(2026, 7, 1)) == -4


def test_unknown_zone_is_rejected():
    with pytest.raises(ValueError, match="unknown time zone"):
        WorkingDay("Mars/Olympus", T(9), T(17))


ZONES = [
    "America/New_York", "America/Los_Angeles", "America/Sao_Paulo", "America/Mexico_City",
    "Europe/London", "Europe/Warsaw", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Manila",
    "Australia/Sydney", "Pacific/Auckland", "Africa/Cairo", "UTC", "Asia/Tehran",
]  # fmt: skip
times = st.builds(T, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
days = st.builds(WorkingDay, st.sampled_from(ZONES), times, times)
dates = st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))


@settings(max_examples=300, deadline=None)
@given(days, days, dates)
def test_overlap_never_exceeds_the_shorter_window(a, b, on):
    hours = overlap_hours(a, b, on)
    length = lambda d, when: (lambda i: (i[1] - i[0]).total_seconds() / 3600)(d.interval(when))  # noqa: E731
    assert 0.0 <= hours <= length(a, on) + 1e-9
    assert hours <= max(length(b, on + dt.timedelta(days=k)) for k in (-1, 0, 1)) + 1e-9


def _steady(zone: str, on: dt.date) -> bool:
    offsets = {utc_offset_hours(zone, on + dt.timedelta(days=k)) for k in range(-3, 4)}
    return len(offsets) == 1


def _short_day(zone, start, quarters):
    end = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=15 * quarters)
    return WorkingDay(zone, start, end.time())


short_days = st.builds(_short_day, st.sampled_from(ZONES), times, st.integers(1, 48))
wednesdays = st.builds(lambda k: dt.date(2025, 1, 1) + dt.timedelta(weeks=k), st.integers(0, 150))


@settings(max_examples=300, deadline=None)
@given(short_days, short_days, wednesdays)
def test_overlap_is_symmetric_mid_week_away_from_dst_changes(a, b, on):
    # On a Wednesday, windows of up to 12 h only ever meet weekday windows (Tue-Thu) on the
    # other side, so the weekend cannot break symmetry; steady offsets keep DST out of it.
    assume(_steady(a.tz, on) and _steady(b.tz, on))
    assert overlap_hours(a, b, on) == pytest.approx(overlap_hours(b, a, on))


def test_zones_used_by_the_tests_exist():
    assert set(ZONES) <= set(pytz.all_timezones)


def test_window_length_the_one_formula():
    from sourcing.facts.timezones import hours_of, window_minutes

    assert window_minutes(dt.time(9), dt.time(17)) == 480
    assert window_minutes(dt.time(22), dt.time(6)) == 480  # into the next day
    assert window_minutes(dt.time(9), dt.time(9)) == 1440  # the full day
    assert window_minutes(dt.time(8, 30), dt.time(9)) == 30
    assert hours_of(dt.time(9, 30)) == 9.5


# --- one source of truth for hours: the pinned IANA database (issue 37) ------------------------
# Every location's zone and every zone the HQ picker offers, checked against the standard
# library's own resolver reading only the tzdata package (not the engine's loader, not pytz, not
# the machine's /usr/share/zoneinfo, which on Debian 12 is IANA 2025b and still has Morocco on
# UTC+1), on a weekly grid over the next five years.

GRID = [dt.date(2026, 12, 7) + dt.timedelta(days=7 * k) for k in range(5 * 53)]


def _zones_in_use() -> list[str]:
    from sourcing import load_countries

    countries = load_countries()
    zones = set(countries["hub_tz"])
    for iso2 in countries.index:
        zones |= set(pytz.country_timezones.get(iso2, []))
    return sorted(zones)


@pytest.fixture(scope="module")
def iana():
    """``zoneinfo.ZoneInfo`` resolving through the tzdata package only (TZPATH emptied)."""
    import zoneinfo

    saved = zoneinfo.TZPATH
    zoneinfo.reset_tzpath(to=[])
    try:
        yield {name: zoneinfo.ZoneInfo.no_cache(name) for name in _zones_in_use()}
    finally:
        zoneinfo.reset_tzpath(to=saved)


def test_the_pinned_database_has_moroccos_2026_change():
    """IANA 2026c (8 July 2026): "Morocco moves to permanent +00 on 2026-09-20"; older
    databases (pytz/tzdata before 2026.3, Debian's 2025b) keep it on +01."""
    from sourcing.facts.timezones import IANA_VERSION

    assert IANA_VERSION >= "2026c"


def test_every_zone_in_use_matches_zoneinfo_on_a_five_year_grid(iana):
    assert len(iana) > 150  # the hub zones and every zone of every HQ country
    wrong = []
    for name, zone in iana.items():
        for on in GRID:
            noon = dt.datetime.combine(on, T(12), tzinfo=zone).utcoffset().total_seconds() / 3600
            if utc_offset_hours(name, on) != noon:
                wrong.append((name, on, utc_offset_hours(name, on), noon))
            start = dt.datetime.combine(on, T(9), tzinfo=zone).astimezone(dt.UTC)
            if WorkingDay(name, T(9), T(17)).interval(on)[0] != start:
                wrong.append((name, on, "09:00"))
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("hq_tz", ["Europe/Paris", "America/New_York", "Asia/Tokyo"])
def test_the_year_view_matches_zoneinfo_for_every_location(hq_tz):
    """The week-by-week chart is vectorised; its offsets and overlaps must equal a plain
    zoneinfo computation week by week (every location's hub zone, 2027–2031)."""
    from sourcing import load_countries
    from sourcing.facts.timezones import year_view

    hubs = sorted(set(load_countries()["hub_tz"]))
    hq = WorkingDay(hq_tz, T(9), T(17))
    for year in range(2027, 2032):
        view = year_view(hq, {tz: WorkingDay(tz, T(9), T(17)) for tz in hubs}, year)
        for row in view.itertuples():
            gap = utc_offset_hours(row.iso2, row.date) - utc_offset_hours(hq_tz, row.date)
            assert row.offset_gap_hours == gap, (hq_tz, row.iso2, row.date)
            expected = overlap_hours(hq, WorkingDay(row.iso2, T(9), T(17)), row.date)
            assert row.overlap_local_day_hours == pytest.approx(expected), (row.iso2, row.date)


def test_morocco_from_paris_follows_iana_2026c():
    """Paris is UTC+1 in winter; Casablanca is UTC+0 from 20 September 2026 (IANA 2026c), so on
    7 December 2026 a 09:00–17:00 day in each meets for 7 h, 1 h apart; a year earlier (8
    December 2025, Morocco still on UTC+1) they met for 8 h, 0 h apart."""
    import datetime as _dt

    from sourcing import Scenario, rank

    for on, gap, hours in [(_dt.date(2026, 12, 7), -1.0, 7.0), (_dt.date(2025, 12, 8), 0.0, 8.0)]:
        frame = rank(Scenario(hq="FR", on=on)).to_frame().set_index("iso2")
        assert frame.at["MA", "utc_offset_gap_hours"] == gap
        assert frame.at["MA", "overlap_local_day_hours"] == hours
