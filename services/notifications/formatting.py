"""Dates as Swedes (and our English readers) write them, and when a mail may be sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays

from infra.clock import LOCAL_TZ
from schemas.notifications import Lang

WORKDAY_START = time(8, 0)
WORKDAY_END = time(17, 0)
REMINDER_HOUR = time(8, 0)

# Hand-written: Babel is not a dependency and we need just these 19 names per language.
_WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS: dict[Lang, tuple[str, ...]] = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def _local(moment: datetime) -> datetime:
    """Show aware datetimes in Stockholm time; a naive one is a bug upstream."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: times must be timezone-aware")
    return moment.astimezone(LOCAL_TZ)


def format_date(day: date, lang: Lang = "sv") -> str:
    """'onsdag 6 september 2023' / 'Wednesday 6 September 2023'."""
    if isinstance(day, datetime):
        day = _local(day).date()
    weekday = _WEEKDAYS[lang][day.weekday()]
    return f"{weekday} {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def format_short_date(day: date, lang: Lang = "sv") -> str:
    """'6 september' (year dropped) for lists where the year is obvious."""
    if isinstance(day, datetime):
        day = _local(day).date()
    return f"{day.day} {_MONTHS[lang][day.month - 1]}"


def format_time(moment: datetime) -> str:
    """'13:00' in Stockholm time (both languages use the 24-hour clock here)."""
    return _local(moment).strftime("%H:%M")


def format_datetime(moment: datetime, lang: Lang = "sv") -> str:
    """'onsdag 6 september 2023 kl. 13:00' / 'Wednesday 6 September 2023 at 13:00'."""
    joiner = "kl." if lang == "sv" else "at"
    return f"{format_date(_local(moment), lang)} {joiner} {format_time(moment)}"


def format_range(start: datetime, end: datetime, lang: Lang = "sv") -> str:
    """'onsdag 6 september 2023, 13:00–16:00'; spans over midnight repeat the date."""
    local_start, local_end = _local(start), _local(end)
    if local_start.date() == local_end.date():
        return f"{format_date(local_start, lang)}, {format_time(start)}–{format_time(end)}"
    return (
        f"{format_date(local_start, lang)}, {format_time(start)} – "
        f"{format_date(local_end, lang)}, {format_time(end)}"
    )


@lru_cache(maxsize=1)
def _swedish_holidays() -> holidays.HolidayBase:
    """Public holidays plus the de facto days off (midsommarafton, julafton, nyårsafton)."""
    return holidays.country_holidays(
        "SE", include_sundays=False, categories=(holidays.PUBLIC, holidays.DE_FACTO)
    )


def is_working_day(day: date) -> bool:
    """Monday–Friday and not a Swedish public or de facto holiday."""
    return day.weekday() < 5 and day not in _swedish_holidays()


def next_working_day(day: date) -> date:
    """The first working day on or after `day`."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (Swedish holidays skipped)."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def morning(day: date) -> datetime:
    """When reminders go out: 08:00 local on `day`, in UTC (that day's offset, DST included)."""
    return datetime.combine(day, REMINDER_HOUR, tzinfo=LOCAL_TZ).astimezone(UTC)


@dataclass(frozen=True)
class SendingWindow:
    """When a network's non-urgent mail may go out: from `start` to `end` (Stockholm time),
    on weekends and on Swedish holidays only where the network chose so."""

    start: time = WORKDAY_START
    end: time = WORKDAY_END
    weekends: bool = False
    holidays: bool = False

    def sends_on(self, day: date) -> bool:
        """A day whose window opens: weekends and holidays only where chosen."""
        if day.weekday() >= 5 and not self.weekends:
            return False
        return self.holidays or day not in _swedish_holidays()

    def is_open(self, moment: datetime) -> bool:
        """True while mail that is not urgent may go out at `moment`."""
        local_now = _local(moment)
        return self.sends_on(local_now.date()) and self.start <= local_now.time() < self.end


WORKING_HOURS = SendingWindow()  # working days 08.00–17.00: a network that chose nothing


def is_holiday(day: date) -> bool:
    """A Swedish public or de facto holiday (midsommarafton, julafton, nyårsafton)."""
    return day in _swedish_holidays()


def next_send_time(
    now_utc: datetime, *, urgent: bool, window: SendingWindow = WORKING_HOURS
) -> datetime:
    """When a mail queued at `now_utc` may go out: now, or when the window next opens."""
    local_now = _local(now_utc)
    if urgent or window.is_open(now_utc):
        return now_utc.astimezone(UTC)
    send_day = local_now.date()
    if not (window.sends_on(send_day) and local_now.time() < window.start):
        send_day += timedelta(days=1)
        while not window.sends_on(send_day):  # a week always has a day that sends
            send_day += timedelta(days=1)
    opening = datetime.combine(send_day, window.start, tzinfo=LOCAL_TZ)
    return opening.astimezone(UTC)
