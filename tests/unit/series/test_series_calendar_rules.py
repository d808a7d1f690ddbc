"""Calendar facts: terms, weekday tokens, holidays, bridge days, school breaks, DST."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from services.series.planning.calendar_rules import (
    Half,
    PlanningError,
    SchoolBreaks,
    Season,
    Slot,
    SwedishCalendar,
    TermBounds,
    format_day,
    half_day_span,
    local_dt,
    parse_slot,
    parse_slots,
    parse_term,
    school_breaks_for,
)
from tests.support.refusals import planning_refused

TODAY = date(2023, 12, 1)


@pytest.mark.parametrize("text", ["VT2024", "VT 2024", "vt2024", " VT-2024 "])
def test_parse_term_accepts_common_spellings(text: str) -> None:
    term = parse_term(text, TODAY)
    assert (term.season, term.year, term.label) == (Season.VT, 2024, "VT2024")
    assert (term.start, term.end) == (date(2024, 1, 15), date(2024, 6, 15))


def test_parse_term_ht_bounds_and_configurable_bounds() -> None:
    assert parse_term("HT 2025", TODAY).start == date(2025, 8, 15)
    bounds = TermBounds(vt=((1, 8), (6, 20)))
    assert parse_term("VT2024", TODAY, bounds).end == date(2024, 6, 20)


@pytest.mark.parametrize("text", ["XT2024", "VT24", "spring 2024", ""])
def test_unknown_term_lists_valid_forms(text: str) -> None:
    with planning_refused(r"VT<year> or HT<year>, e\.g\. HT2023, VT2024"):
        parse_term(text, TODAY)


def test_term_in_the_past_is_refused_with_choices() -> None:
    with planning_refused(r"VT2023 is in the past.*use HT2023, VT2024"):
        parse_term("VT2023", TODAY)


def test_term_far_ahead_is_refused() -> None:
    with planning_refused("10 years"):
        parse_term("VT2099", TODAY)


@pytest.mark.parametrize(
    ("token", "slot"),
    [
        ("wed-pm", Slot(2, Half.pm)),
        ("fri", Slot(4, None)),
        ("ons-em", Slot(2, Half.pm)),
        ("Fre-FM", Slot(4, Half.am)),
        ("mån", Slot(0, None)),
    ],
)
def test_parse_slot_english_and_swedish(token: str, slot: Slot) -> None:
    assert parse_slot(token) == slot


@pytest.mark.parametrize("token", ["sat", "sön", "wed-evening", "wednesday", "funday"])
def test_unknown_weekday_lists_valid_choices(token: str) -> None:
    with planning_refused("use mon, tue, wed, thu, fri"):
        parse_slot(token)


def test_parse_slots_keeps_order_and_drops_duplicates() -> None:
    assert [s.token for s in parse_slots("wed-pm, fri, wed-pm")] == ["wed-pm", "fri"]
    with pytest.raises(PlanningError):
        parse_slots(" , ")


def test_bare_weekday_prefers_afternoon() -> None:
    assert Slot(4).halves() == (Half.pm, Half.am)


def test_holidays_have_swedish_names() -> None:
    cal = SwedishCalendar(years=(2024,))
    assert cal.block_reason(date(2024, 3, 29)) == "Långfredagen"
    assert cal.block_reason(date(2024, 5, 9)) == "Kristi himmelsfärdsdag"
    assert cal.block_reason(date(2024, 6, 21)) == "Midsommarafton"


@pytest.mark.parametrize(
    "day",
    [date(2024, 5, 10), date(2023, 5, 19), date(2023, 6, 5), date(2024, 12, 27)],
    ids=["fri-after-ascension-2024", "fri-after-ascension-2023", "mon-before-tue-6-june", "27-dec"],
)
def test_bridge_days(day: date) -> None:
    cal = SwedishCalendar(years=(day.year,))
    assert cal.is_bridge_day(day)
    assert cal.block_reason(day) == "klämdag"


@pytest.mark.parametrize("day", [date(2024, 5, 8), date(2024, 5, 17), date(2024, 5, 11)])
def test_ordinary_days_are_not_bridge_days(day: date) -> None:
    assert not SwedishCalendar(years=(2024,)).is_bridge_day(day)


def test_goteborg_school_breaks() -> None:
    cal = SwedishCalendar(years=(2024,), breaks=school_breaks_for("Göteborg"))
    assert cal.block_reason(date(2024, 2, 14)) == "sportlov"
    assert cal.block_reason(date(2024, 4, 3)) == "påsklov"  # week of Easter Monday 1 April
    assert cal.block_reason(date(2024, 10, 30)) == "höstlov"
    assert cal.block_reason(date(2024, 10, 30), school_breaks=False) is None


def test_school_breaks_are_configurable() -> None:
    breaks = SchoolBreaks(sportlov_week=9, easter_offset_weeks=1, hostlov_week=43)
    assert breaks.weeks(2024) == {9: "sportlov", 15: "påsklov", 43: "höstlov"}


def test_unknown_region_lists_known_ones() -> None:
    with planning_refused("use goteborg"):
        school_breaks_for("Atlantis")


def test_afternoon_eve_blocks_pm_only() -> None:
    cal = SwedishCalendar(years=(2024,))
    assert cal.block_reason(date(2024, 3, 28), Half.am) is None
    assert "Skärtorsdagen" in str(cal.block_reason(date(2024, 3, 28), Half.pm))


def test_local_times_carry_the_right_offset_across_dst() -> None:
    before, after = local_dt(date(2024, 3, 27), time(13)), local_dt(date(2024, 4, 3), time(13))
    assert (before.isoformat(), after.isoformat()) == (
        "2024-03-27T13:00:00+01:00",
        "2024-04-03T13:00:00+02:00",
    )
    start, end = half_day_span(date(2024, 10, 30), Half.am, timedelta(hours=3))
    assert (start.isoformat(), end.isoformat()) == (
        "2024-10-30T09:00:00+01:00",
        "2024-10-30T12:00:00+01:00",
    )


def test_format_day_is_locale_free() -> None:
    assert format_day(date(2024, 3, 29)) == "Fri 29 March"
