"""What the series pages show, in words: proposed dates with the group meeting beside, the
term's holidays, bridge days and school breaks, and why the planner passed days over."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from infra.clock import utcnow
from schemas.enums import DEFAULT_REGION, MeetingKind
from schemas.meetings import MeetingOut
from schemas.series import Explanation
from services.meetings.models import Meeting
from services.series.access import today_of
from services.series.mail import slot_label
from services.series.planning.calendar_rules import (
    PlanningError,
    SwedishCalendar,
    parse_term,
    school_breaks_for,
)
from services.web import i18n
from services.web.series_forms import SLOTS

_TOKEN = re.compile(r"\(((?:mon|tue|wed|thu|fri)(?:-am|-pm)?)\)")


@dataclass(frozen=True)
class Row:
    """A network meeting and the steering or preparatory meetings the same day."""

    meeting: Meeting
    beside: list[Meeting]


@dataclass(frozen=True)
class Mark:
    """A day (or a school-break week, from its Monday) the planner keeps free, and why."""

    day: date
    kind: str  # holiday, bridge or school_break: the catalogue key 'series_mark_<kind>'
    name: str


def rows(meetings: Sequence[Meeting]) -> list[Row]:
    """Network meetings in order, each with the meetings planned beside it."""
    beside: dict[uuid.UUID, list[Meeting]] = {}
    for m in meetings:
        if m.adjacent_to_id is not None:
            beside.setdefault(m.adjacent_to_id, []).append(m)
    return [
        Row(meeting=m, beside=beside.get(m.id, []))
        for m in meetings
        if m.kind == MeetingKind.network or m.adjacent_to_id is None
    ]


def term_marks(term: str | None, region: str | None = None) -> list[Mark]:
    """The term's days off, bridge days and school-break weeks, as the planner sees them."""
    if not term:
        return []
    try:
        bounds = parse_term(term, today_of(utcnow()))
        cal = SwedishCalendar(
            years=(bounds.year,), breaks=school_breaks_for(region or DEFAULT_REGION)
        )
    except PlanningError:
        return []
    marks: list[Mark] = []
    breaks = cal.breaks.weeks(bounds.year)
    day = bounds.start
    while day <= bounds.end:
        week = day.isocalendar()
        if day.weekday() == 0 and week.year == bounds.year and week.week in breaks:
            marks.append(Mark(day, "school_break", breaks[week.week]))
        if day in cal.days_off and day.weekday() < 5:
            marks.append(Mark(day, "holiday", cal.days_off[day]))
        elif cal.is_bridge_day(day):
            marks.append(Mark(day, "bridge", ""))
        day += timedelta(days=1)
    return marks


def skipped(
    explanations: Sequence[Explanation], meetings: Sequence[MeetingOut], lang: i18n.Lang
) -> dict[uuid.UUID, list[tuple[date, str]]]:
    """Per proposed network meeting, the closer days the planner passed over and why (its
    reasons are Swedish: holiday names, 'klämdag', 'sportlov', 'samma vecka som möte 2'; a
    half-day token in one is shown as words)."""
    network = [m.id for m in meetings if m.kind == MeetingKind.network]
    out: dict[uuid.UUID, list[tuple[date, str]]] = {}
    for e in explanations:
        if e.action == "skipped" and 0 < e.meeting <= len(network):
            reason = e.text.partition(" skipped: ")[2] or e.text
            reason = _TOKEN.sub(lambda m: f"({slot_label(m.group(1), lang)})", reason)
            out.setdefault(network[e.meeting - 1], []).append((e.day, reason))
    return out


def slot_options(lang: i18n.Lang) -> list[tuple[str, str]]:
    """Every weekday, whole or by half, with its label ('onsdag eftermiddag')."""
    return [(token, slot_label(token, lang)) for token in SLOTS]


def labels(tokens: Sequence[str], lang: i18n.Lang) -> str:
    """'onsdag eftermiddag, fredag' for a plan's preferences."""
    return ", ".join(slot_label(t, lang) for t in tokens)
