"""The proposal: even spread, preferences, holidays/bridge days/breaks, DST, adjacent meetings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from infra.clock import LOCAL_TZ
from schemas.enums import MeetingKind, MeetingMode
from schemas.series import (
    AdjacentRequest,
    BusyPeriod,
    ProposalRequest,
    ProposalResult,
    ProposedMeeting,
)
from services.series.planning.calendar_rules import Half, Slot, SwedishCalendar
from services.series.planning.planner import (
    Candidate,
    adjacent_meeting,
    ideal_ordinals,
    propose_series,
    resolve_modes,
    select,
)
from tests.support.refusals import planning_refused

TODAY = date(2023, 12, 1)


def propose(
    term: str = "VT2024",
    count: int = 3,
    weekdays: str | None = "wed-pm,fri",
    today: date = TODAY,
    **kw: object,
) -> ProposalResult:
    split = weekdays.split(",") if weekdays else None
    request = ProposalRequest.model_validate(
        {"term": term, "count": count, "weekdays": split, **kw}
    )
    return propose_series(request, today=today)


def network(result: ProposalResult) -> list[ProposedMeeting]:
    return [m for m in result.meetings if m.kind is MeetingKind.network]


def texts(result: ProposalResult) -> list[str]:
    return [e.text for e in result.explanations]


def assert_free(result: ProposalResult) -> None:
    cal = SwedishCalendar(years=(result.window_start.year,))
    for m in network(result):
        day = m.starts_at.date()
        assert not cal.is_bridge_day(day)
        assert day not in cal.days_off
        assert cal.block_reason(day, Half.am) is None


def test_vt2023_three_meetings_first_and_last_on_site_wednesday_afternoons() -> None:
    # "Under VT 2023 kommer vi att ha tre möten, det första och sista på plats och det andra
    # digitalt ... onsdagar (helst em) eller fredagar"
    result = propose("VT 2023", 3, "ons-em,fre", today=date(2022, 12, 1))
    meetings = network(result)
    assert [m.starts_at.isoformat() for m in meetings] == [
        "2023-01-18T13:00:00+01:00",
        "2023-03-29T13:00:00+02:00",
        "2023-06-14T13:00:00+02:00",
    ]
    assert [m.ends_at.hour for m in meetings] == [16, 16, 16]
    assert [m.mode.value for m in meetings] == ["on_site", "digital", "on_site"]
    assert "Fri 31 March skipped: lägre preferens (fri)" in texts(result)
    assert_free(result)


def test_easter_term_skips_good_friday_and_easter_break() -> None:
    result = propose("VT2024", 3, "wed-pm,fri")
    assert "Fri 29 March skipped: Långfredagen" in texts(result)
    assert "Wed 3 April skipped: påsklov" in texts(result)
    assert_free(result)


@pytest.mark.parametrize(
    ("weekdays", "expected"),
    [("fri", "Fri 10 May skipped: klämdag"), ("thu", "Thu 9 May skipped: Kristi himmelsfärdsdag")],
)
def test_ascension_and_its_bridge_day_are_skipped(weekdays: str, expected: str) -> None:
    result = propose("VT2024", 5, weekdays)
    assert expected in texts(result)
    assert_free(result)


def test_dense_term_never_lands_on_holidays_bridge_days_or_breaks() -> None:
    result = propose("VT2024", 12, "thu,fri")
    days = [m.starts_at.date() for m in network(result)]
    assert len(days) == 12
    holidays_and_bridge = {date(2024, 3, 29), date(2024, 5, 9), date(2024, 5, 10), date(2024, 6, 6)}
    assert not holidays_and_bridge & set(days)
    assert all(d.isocalendar().week not in (7, 14) for d in days)
    assert_free(result)


def test_never_two_meetings_in_the_same_week() -> None:
    days = [m.starts_at.date() for m in network(propose("HT2024", 12, "mon,tue,wed,thu,fri"))]
    weeks = [d.isocalendar()[:2] for d in days]
    assert len(set(weeks)) == len(weeks) == 12
    assert days == sorted(days)


def test_dst_change_weeks_keep_local_time_and_change_offset() -> None:
    spring = network(propose("VT2024", 12, "wed-pm"))
    for m in spring:
        local = m.starts_at.astimezone(LOCAL_TZ)
        assert local.hour == 13
        expected = 1 if local.date() < date(2024, 3, 31) else 2
        assert m.starts_at.utcoffset() == timedelta(hours=expected)
    autumn = propose("HT2024", 12, "fri-am")
    offsets = {m.starts_at.date(): m.starts_at.isoformat()[-6:] for m in network(autumn)}
    assert offsets[date(2024, 10, 25)] == "+02:00"
    assert offsets[date(2024, 11, 15)] == "+01:00"
    assert "Fri 1 November skipped: höstlov" in texts(autumn)


@pytest.mark.parametrize(("weekdays", "day"), [("fri,wed-pm", 18), ("wed-pm,fri", 16)])
def test_preference_order_wins_within_a_few_days(weekdays: str, day: int) -> None:
    # HT2024's middle is Tue 15 October: Wed 16 and Fri 18 are both within a few days.
    result = propose("HT2024", 1, weekdays)
    assert network(result)[0].starts_at.date() == date(2024, 10, day)


def test_later_preference_wins_when_the_first_is_far() -> None:
    result = propose("VT2024", 1, "fri,wed-pm")
    assert network(result)[0].starts_at.date() == date(2024, 3, 27)
    assert "Fri 29 March skipped: Långfredagen" in texts(result)


def test_bare_weekday_prefers_afternoon_but_uses_morning_before_an_eve() -> None:
    result = propose("VT2024", 12, "thu")
    for m in network(result):
        expected = 9 if m.starts_at.date() == date(2024, 3, 28) else 13
        assert m.starts_at.hour == expected


def test_other_meetings_of_the_network_are_avoided() -> None:
    busy = BusyPeriod(
        starts_at=datetime(2024, 1, 17, 10, tzinfo=LOCAL_TZ),
        ends_at=datetime(2024, 1, 17, 12, tzinfo=LOCAL_TZ),
    )
    result = propose("VT2024", 3, "wed-pm", busy=[busy.model_dump()])
    assert network(result)[0].starts_at.date() != date(2024, 1, 17)
    assert "Wed 17 January skipped: upptaget: annat möte" in texts(result)


def test_today_inside_the_term_plans_only_the_rest() -> None:
    result = propose("VT2024", 2, "wed-pm", today=date(2024, 4, 20))
    assert result.window_start == date(2024, 4, 21)
    assert all(m.starts_at.date() > date(2024, 4, 20) for m in result.meetings)


def test_poll_result_is_used_without_weekdays() -> None:
    request = ProposalRequest(term="VT2024", count=2)
    result = propose_series(request, today=TODAY, poll_slots=[Slot(1, Half.am)])
    assert result.preferences == ["tue-am"]
    assert all(m.starts_at.weekday() == 1 and m.starts_at.hour == 9 for m in result.meetings)


def test_default_preferences_are_the_network_custom() -> None:
    assert propose(weekdays=None).preferences == ["wed-pm", "fri"]


@pytest.mark.parametrize(
    ("count", "modes"),
    [
        (1, ["on_site"]),
        (2, ["on_site", "on_site"]),
        (4, ["on_site", "digital", "digital", "on_site"]),
    ],
)
def test_default_modes(count: int, modes: list[str]) -> None:
    assert [m.value for m in resolve_modes(count, None)] == modes


def test_explicit_modes_and_duration() -> None:
    result = propose("VT2024", 2, "wed-pm", modes=["digital", "on_site"], duration_minutes=120)
    assert [m.mode.value for m in result.meetings] == ["digital", "on_site"]
    assert all(m.ends_at - m.starts_at == timedelta(hours=2) for m in result.meetings)


@pytest.mark.parametrize("count", [0, 40, -1])
def test_bad_count_names_the_range(count: int) -> None:
    with planning_refused("between 1 and 12"):
        propose(count=count)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"term": "VT2023"}, "in the past"),
        ({"term": "ST2024"}, "VT<year> or HT<year>"),
        ({"weekdays": "wed,sat"}, "unknown weekday 'sat'"),
        ({"modes": ["digital"]}, "1 modes given for 3 meetings"),
        ({"region": "Malmö"}, "unknown region"),
    ],
)
def test_bad_input_is_a_clear_error(kw: dict[str, object], match: str) -> None:
    with planning_refused(match):
        propose(**kw)  # type: ignore[arg-type]


def test_more_meetings_than_free_weeks_is_an_error() -> None:
    with planning_refused("only 1 meetings fit"):
        propose("VT2024", 3, "wed-pm", today=date(2024, 6, 7))


def test_adjacent_steering_meeting_before_each_network_meeting() -> None:
    adjacent = {"kind": "steering", "position": "before", "duration_minutes": 60}
    result = propose("VT2024", 3, "wed-pm", adjacent=adjacent)
    assert [m.kind.value for m in result.meetings] == ["steering", "network"] * 3
    for steering, net in zip(result.meetings[::2], result.meetings[1::2], strict=True):
        assert steering.ends_at == net.starts_at
        assert steering.starts_at.hour == 12
        assert steering.mode == net.mode


def test_adjacent_after() -> None:
    net = ProposedMeeting(
        starts_at=datetime(2024, 3, 27, 9, tzinfo=LOCAL_TZ),
        ends_at=datetime(2024, 3, 27, 12, tzinfo=LOCAL_TZ),
        mode=MeetingMode.on_site,
    )
    spec = AdjacentRequest(kind=MeetingKind.preparatory, position="after", duration_minutes=90)
    prep = adjacent_meeting(net, spec)
    assert (prep.starts_at, prep.ends_at.hour, prep.ends_at.minute) == (net.ends_at, 13, 30)


def test_ideal_dates_span_the_window() -> None:
    start, end = date(2024, 1, 15), date(2024, 6, 15)
    ideals = ideal_ordinals(start, end, 3)
    assert (ideals[0], ideals[-1]) == (start.toordinal(), end.toordinal())
    assert ideal_ordinals(start, end, 1) == [(start.toordinal() + end.toordinal()) / 2]


def test_select_trades_off_to_fit_everyone() -> None:
    # Greedy would take the only early slot for the first ideal and leave nothing for the second.
    a = Candidate(date(2024, 1, 17), Half.pm, 0, 0.0)
    b = Candidate(date(2024, 1, 24), Half.pm, 0, 0.0)
    assert select([a, b], [date(2024, 1, 24).toordinal(), date(2024, 1, 25).toordinal()]) == [a, b]
    assert select([a], [1.0, 2.0]) is None
