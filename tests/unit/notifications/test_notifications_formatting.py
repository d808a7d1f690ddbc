"""Swedish/English date formats and quiet hours (working days, 08–17 Stockholm, holidays)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from services.notifications.formatting import (
    WORKING_HOURS,
    SendingWindow,
    format_date,
    format_datetime,
    format_range,
    format_short_date,
    is_working_day,
    next_send_time,
)

STHLM = ZoneInfo("Europe/Stockholm")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STHLM)


def test_swedish_range_as_swedes_write_it() -> None:
    start = datetime(2023, 9, 6, 11, 0, tzinfo=UTC)
    end = datetime(2023, 9, 6, 14, 0, tzinfo=UTC)
    assert format_range(start, end) == "onsdag 6 september 2023, 13:00–16:00"
    assert format_range(start, end, "en") == "Wednesday 6 September 2023, 13:00–16:00"


def test_winter_time_is_utc_plus_one() -> None:
    start = datetime(2024, 1, 31, 12, 0, tzinfo=UTC)
    end = datetime(2024, 1, 31, 15, 30, tzinfo=UTC)
    assert format_range(start, end) == "onsdag 31 januari 2024, 13:00–16:30"


def test_range_over_midnight_repeats_the_date() -> None:
    text = format_range(local(2026, 5, 29, 22, 0), local(2026, 5, 30, 1, 0))
    assert text == "fredag 29 maj 2026, 22:00 – lördag 30 maj 2026, 01:00"


def test_dates_and_datetimes() -> None:
    assert format_date(date(2026, 3, 31)) == "tisdag 31 mars 2026"
    assert format_date(date(2026, 3, 31), "en") == "Tuesday 31 March 2026"
    assert format_short_date(date(2026, 12, 6)) == "6 december"
    assert format_datetime(local(2026, 2, 15, 9, 5)) == "söndag 15 februari 2026 kl. 09:05"
    assert format_datetime(local(2026, 2, 15, 9, 5), "en") == "Sunday 15 February 2026 at 09:05"


def test_a_datetime_passed_as_date_is_shown_in_stockholm() -> None:
    late_utc = datetime(2026, 6, 5, 23, 30, tzinfo=UTC)  # already 6 June in Stockholm
    assert format_date(late_utc) == "lördag 6 juni 2026"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_range(datetime(2026, 1, 1, 13), datetime(2026, 1, 1, 14))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 6, 17), True),  # Wednesday
        (date(2026, 6, 19), False),  # midsommarafton (de facto holiday, a Friday)
        (date(2026, 6, 20), False),  # midsommardagen, Saturday
        (date(2026, 5, 14), False),  # Kristi himmelsfärdsdag, Thursday
        (date(2026, 12, 24), False),  # julafton
        (date(2026, 3, 28), False),  # Saturday
        (date(2026, 3, 29), False),  # Sunday
    ],
)
def test_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Inside office hours on a working day: now.
        (local(2026, 6, 17, 10, 30), local(2026, 6, 17, 10, 30)),
        (local(2026, 6, 17, 8, 0), local(2026, 6, 17, 8, 0)),
        # Early morning: 08:00 the same day.
        (local(2026, 6, 17, 6, 15), local(2026, 6, 17, 8, 0)),
        # 17:00 sharp is already closed: next working day.
        (local(2026, 6, 17, 17, 0), local(2026, 6, 18, 8, 0)),
        # Thursday evening before midsommarafton: Monday.
        (local(2026, 6, 18, 19, 0), local(2026, 6, 22, 8, 0)),
        # Ascension Day (Thursday) morning: Friday.
        (local(2026, 5, 14, 9, 0), local(2026, 5, 15, 8, 0)),
        # Weekend: Monday.
        (local(2026, 9, 12, 11, 0), local(2026, 9, 14, 8, 0)),
        # Christmas: 23 Dec evening → Monday 28 Dec.
        (local(2026, 12, 23, 18, 0), local(2026, 12, 28, 8, 0)),
        # Friday night before DST starts → Monday 08:00 CEST (06:00 UTC).
        (local(2026, 3, 27, 18, 0), datetime(2026, 3, 30, 6, 0, tzinfo=UTC)),
        # Friday night before DST ends → Monday 08:00 CET (07:00 UTC).
        (local(2026, 10, 23, 18, 0), datetime(2026, 10, 26, 7, 0, tzinfo=UTC)),
    ],
)
def test_next_send_time_respects_quiet_hours(now: datetime, expected: datetime) -> None:
    result = next_send_time(now.astimezone(UTC), urgent=False)
    assert result == expected
    assert result.tzinfo == UTC


def test_urgent_mail_goes_now_even_on_a_holiday_night() -> None:
    now = local(2026, 12, 24, 23, 0).astimezone(UTC)
    assert next_send_time(now, urgent=True) == now


def test_next_send_time_needs_an_aware_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        next_send_time(datetime(2026, 6, 17, 10, 0), urgent=False)


EVENINGS = SendingWindow(start=time(7, 0), end=time(21, 30))
WEEKENDS = SendingWindow(weekends=True)
HOLIDAYS = SendingWindow(holidays=True)
EVERY_DAY = SendingWindow(start=time(9, 15), end=time(15, 0), weekends=True, holidays=True)


@pytest.mark.parametrize(
    ("window", "now", "expected"),
    [
        (EVENINGS, local(2026, 6, 17, 21, 0), local(2026, 6, 17, 21, 0)),
        (EVENINGS, local(2026, 6, 17, 21, 30), local(2026, 6, 18, 7, 0)),
        (EVENINGS, local(2026, 6, 18, 19, 0), local(2026, 6, 18, 19, 0)),
        (EVENINGS, local(2026, 6, 18, 22, 0), local(2026, 6, 22, 7, 0)),  # midsommar: Monday
        (WEEKENDS, local(2026, 9, 12, 11, 0), local(2026, 9, 12, 11, 0)),  # a Saturday
        (WEEKENDS, local(2026, 6, 19, 9, 0), local(2026, 6, 21, 8, 0)),  # midsommarafton, -dagen
        (HOLIDAYS, local(2026, 5, 14, 9, 0), local(2026, 5, 14, 9, 0)),  # Ascension Day
        (HOLIDAYS, local(2026, 9, 12, 11, 0), local(2026, 9, 14, 8, 0)),  # weekends still quiet
        (EVERY_DAY, local(2026, 12, 24, 16, 0), local(2026, 12, 25, 9, 15)),
        (EVERY_DAY, local(2026, 3, 29, 9, 15), local(2026, 3, 29, 9, 15)),  # clocks went forward
    ],
)
def test_next_send_time_follows_the_networks_window(
    window: SendingWindow, now: datetime, expected: datetime
) -> None:
    assert next_send_time(now.astimezone(UTC), urgent=False, window=window) == expected


def test_the_default_window_is_the_old_rule() -> None:
    assert SendingWindow(time(8, 0), time(17, 0), weekends=False, holidays=False) == WORKING_HOURS
    assert WORKING_HOURS.is_open(local(2026, 6, 17, 16, 59))
    assert not WORKING_HOURS.is_open(local(2026, 6, 17, 17, 0))
