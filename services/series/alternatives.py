"""Next-best dates for an objected meeting, by the same rules the proposal was made with."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, timedelta

from schemas.enums import MeetingKind
from schemas.series import Alternative, BusyPeriod
from services.meetings.models import Meeting
from services.series.access import today_of
from services.series.models import SeriesPlan
from services.series.planning.calendar_rules import (
    PlanningError,
    SwedishCalendar,
    format_day,
    half_day_span,
    parse_term,
    school_breaks_for,
)
from services.series.planning.planner import Candidate, resolve_preferences, scan_window

ALTERNATIVES = 3


def _window(meeting: Meeting, siblings: Sequence[Meeting]) -> tuple[date | None, date | None]:
    """Between the neighbouring network meetings, so the series keeps its order and spread."""
    others = [today_of(s.starts_at) for s in siblings if s.id != meeting.id]
    before = [d for d in others if d < today_of(meeting.starts_at)]
    after = [d for d in others if d > today_of(meeting.starts_at)]
    return (max(before) if before else None), (min(after) if after else None)


def next_best(
    plan: SeriesPlan,
    meeting: Meeting,
    siblings: Sequence[Meeting],
    busy: Sequence[BusyPeriod],
    today: date,
    limit: int = ALTERNATIVES,
) -> list[Alternative]:
    """Free preferred half-days nearest the objected date, never in another meeting's week."""
    try:
        term = parse_term(plan.term, today)
        prefs = resolve_preferences(plan.preferences, None)
        cal = SwedishCalendar(years=(term.year,), breaks=school_breaks_for(plan.region))
    except PlanningError:
        return []
    network = [s for s in siblings if s.kind == MeetingKind.network]
    previous, following = _window(meeting, network)
    start = max(term.start, today + timedelta(days=1), previous or term.start)
    end = min(term.end, following or term.end)
    candidates, _ = scan_window(start, end, prefs, cal, busy)
    objected = today_of(meeting.starts_at)
    taken = {today_of(s.starts_at).isocalendar()[:2] for s in network if s.id != meeting.id}
    pool = [c for c in candidates if c.day != objected and c.week not in taken]
    best: dict[date, Candidate] = {}  # one half per day, the better one; kept in score order
    for cand in sorted(pool, key=lambda c: (c.score(objected.toordinal()), c.day)):
        best.setdefault(cand.day, cand)
    duration = timedelta(minutes=plan.duration_minutes)
    out = []
    for cand in list(best.values())[:limit]:
        starts_at, ends_at = half_day_span(cand.day, cand.half, duration)
        days = abs((cand.day - objected).days)
        text = (
            f"{format_day(cand.day)} {cand.half.value}: {prefs[cand.rank].token}, "
            f"preference {cand.rank + 1}, {days} day{'' if days == 1 else 's'} from "
            f"{format_day(objected)}"
        )
        out.append(
            Alternative(
                starts_at=starts_at.astimezone(UTC), ends_at=ends_at.astimezone(UTC), text=text
            )
        )
    return out
