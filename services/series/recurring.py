"""Regular series with the database: an RRULE's occurrences become planned meetings."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from schemas.enums import MeetingMode
from schemas.meetings import MeetingIn, MeetingOut
from schemas.series_planning import RecurringIn, RecurringOut, SkippedDate
from services.actors import Actor
from services.errors import Invalid
from services.meetings.service import create_meeting
from services.series.access import audit, load_series
from services.series.calendar_rules import PlanningError
from services.series.recurrence import expand_series

TIME_HINT = "use HH:MM-HH:MM, e.g. 13:00-16:00"


def parse_times(text: str) -> tuple[time, time]:
    """'13:00-16:00' → local start and end; the end must come after the start."""
    try:
        start, end = (time.fromisoformat(part.strip().zfill(5)) for part in text.split("-"))
    except ValueError as exc:
        raise PlanningError(f"unknown time '{text}': {TIME_HINT}") from exc
    if end <= start:
        raise PlanningError(f"time '{text}' ends before it starts: {TIME_HINT}")
    return start, end


def create_recurring(
    session: Session,
    *,
    series_id: uuid.UUID,
    data: RecurringIn,
    actor: Actor,
    now: datetime | None = None,
) -> RecurringOut:
    """One planned meeting per occurrence; holidays and bridge days are skipped, not moved."""
    now = now or utcnow()
    series = load_series(session, series_id, actor, for_update=True)
    try:
        start, end = parse_times(data.time)
        dtstart = datetime.combine(data.start, start, tzinfo=LOCAL_TZ)
        duration = datetime.combine(data.start, end) - datetime.combine(data.start, start)
        expanded = expand_series(
            data.rrule,
            dtstart,
            duration,
            until=data.until,
            avoid_school_breaks=data.avoid_school_breaks,
            region=data.region,
        )
    except PlanningError as exc:
        raise Invalid(str(exc), field="rrule") from exc
    occurrences = [(s, e) for s, e in expanded.occurrences if s > now]
    if not occurrences:
        raise Invalid(
            f"regeln ger inga kommande möten / the rule gives no meetings after {now:%Y-%m-%d}",
            field="rrule",
        )
    meetings = [
        create_meeting(
            session,
            data=MeetingIn(
                title=f"{series.name} ({n}/{len(occurrences)})",
                starts_at=starts_at,
                ends_at=ends_at,
                series_id=series.id,
                mode=MeetingMode.on_site,
                location=series.default_location,
            ),
            actor=actor,
            now=now,
        )
        for n, (starts_at, ends_at) in enumerate(occurrences, 1)
    ]
    audit(session, actor, "create_recurring", "series", series.id, meetings=len(meetings))
    return RecurringOut(
        series_id=series.id,
        rrule=expanded.rrule,
        meetings=[MeetingOut.model_validate(m) for m in meetings],
        skipped=[SkippedDate(starts_at=s, reason=r) for s, r in expanded.skipped],
    )
