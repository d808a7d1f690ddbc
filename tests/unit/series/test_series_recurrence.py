"""RRULE series: EXDATEs for holidays, wall-clock times across DST, bad rules refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import recurring_ical_events
from icalendar import Calendar, Event

from infra.clock import LOCAL_TZ
from services.series.planning.recurrence import expand_series, normalise_rule
from tests.support.refusals import planning_refused

THREE_HOURS = timedelta(hours=3)
FIRST_WEDNESDAY = "FREQ=MONTHLY;BYDAY=1WE"


def test_first_wednesday_every_month_skips_holidays_with_exdates() -> None:
    start = datetime(2024, 1, 3, 13, tzinfo=LOCAL_TZ)
    series = expand_series(FIRST_WEDNESDAY, start, THREE_HOURS, until=date(2025, 2, 28))
    skipped = {s.date(): reason for s, reason in series.skipped}
    assert skipped == {date(2024, 5, 1): "Första maj", date(2025, 1, 1): "Nyårsdagen"}
    assert series.exdates == [
        datetime(2024, 5, 1, 13, tzinfo=LOCAL_TZ),
        datetime(2025, 1, 1, 13, tzinfo=LOCAL_TZ),
    ]
    assert len(series.occurrences) == 12
    assert all(s.weekday() == 2 and s.day <= 7 for s, _ in series.occurrences)


def test_local_time_is_kept_across_dst() -> None:
    start = datetime(2024, 3, 20, 13, tzinfo=LOCAL_TZ)
    series = expand_series("RRULE:FREQ=WEEKLY;COUNT=3", start, THREE_HOURS)
    assert [(s.isoformat(), e.isoformat()) for s, e in series.occurrences] == [
        ("2024-03-20T13:00:00+01:00", "2024-03-20T16:00:00+01:00"),
        ("2024-03-27T13:00:00+01:00", "2024-03-27T16:00:00+01:00"),
        ("2024-04-03T13:00:00+02:00", "2024-04-03T16:00:00+02:00"),
    ]
    autumn = expand_series("FREQ=WEEKLY;COUNT=2", start.replace(month=10, day=23), THREE_HOURS)
    assert [s.utcoffset() for s, _ in autumn.occurrences] == [
        timedelta(hours=2),
        timedelta(hours=1),
    ]


def test_dtstart_in_utc_is_read_as_stockholm_wall_time() -> None:
    start = datetime(2024, 3, 20, 12, tzinfo=UTC)  # 13:00 in Stockholm
    series = expand_series("FREQ=WEEKLY;COUNT=3", start, THREE_HOURS)
    assert [s.astimezone(LOCAL_TZ).hour for s, _ in series.occurrences] == [13, 13, 13]


def test_school_breaks_optional_and_explicit_exdates() -> None:
    start = datetime(2024, 3, 20, 13, tzinfo=LOCAL_TZ)
    rule = "FREQ=WEEKLY;COUNT=4"
    assert len(expand_series(rule, start, THREE_HOURS).occurrences) == 4
    series = expand_series(
        rule, start, THREE_HOURS, avoid_school_breaks=True, exdates=[date(2024, 3, 27)]
    )
    assert [reason for _, reason in series.skipped] == ["undantag (EXDATE)", "påsklov"]


def test_afternoon_eve_excludes_afternoon_meetings() -> None:
    start = datetime(2024, 3, 21, 13, tzinfo=LOCAL_TZ)
    series = expand_series("FREQ=WEEKLY;COUNT=2", start, THREE_HOURS)
    assert [s.date() for s, _ in series.skipped] == [date(2024, 3, 28)]
    morning = expand_series("FREQ=WEEKLY;COUNT=2", start.replace(hour=9), THREE_HOURS)
    assert len(morning.occurrences) == 2


def test_holidays_can_be_kept() -> None:
    start = datetime(2024, 5, 1, 13, tzinfo=LOCAL_TZ)
    series = expand_series("FREQ=DAILY;COUNT=1", start, THREE_HOURS, avoid_holidays=False)
    assert series.exdates == []


def test_floating_until_is_local_end_of_day() -> None:
    assert normalise_rule("rrule:freq=weekly;until=20240619") == (
        "FREQ=WEEKLY;UNTIL=20240619T215959Z"
    )
    start = datetime(2024, 6, 5, 13, tzinfo=LOCAL_TZ)
    series = expand_series("FREQ=WEEKLY;UNTIL=20240619", start, THREE_HOURS)
    assert [s.day for s, _ in series.occurrences] == [5, 12, 19]


@pytest.mark.parametrize(
    ("rule", "match"),
    [("FREQ=SOMETIMES", "invalid RRULE"), ("FREQ=WEEKLY", "never ends")],
)
def test_bad_rules_are_clear_errors(rule: str, match: str) -> None:
    with planning_refused(match):
        expand_series(rule, datetime(2024, 1, 3, 13, tzinfo=LOCAL_TZ), THREE_HOURS)


def test_naive_dtstart_is_refused() -> None:
    with planning_refused("timezone-aware"):
        expand_series(
            FIRST_WEDNESDAY, datetime(2024, 1, 3, 13), THREE_HOURS, until=date(2024, 3, 1)
        )


def test_exdates_agree_with_recurring_ical_events() -> None:
    start = datetime(2024, 1, 3, 13, tzinfo=LOCAL_TZ)
    series = expand_series(FIRST_WEDNESDAY + ";COUNT=14", start, THREE_HOURS)
    event = Event()
    event.add("uid", "series-1@samverkan")
    event.add("dtstart", start)
    event.add("duration", THREE_HOURS)
    event.add("rrule", {"FREQ": "MONTHLY", "BYDAY": "1WE", "COUNT": 14})
    event.add("exdate", series.exdates)
    calendar = Calendar()
    calendar.add_component(event)
    expanded = recurring_ical_events.of(calendar).between(date(2024, 1, 1), date(2025, 12, 31))
    assert [e.start for e in expanded] == [s for s, _ in series.occurrences]
