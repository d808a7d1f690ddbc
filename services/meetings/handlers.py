"""What meetings do when their events arrive: invites, reminder timers, substitutes' updates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import MeetingStatus
from schemas.events import MeetingCancelled, MeetingRescheduled, MeetingScheduled
from services.events.models import Timer
from services.events.reactions import Event, consumer, on_timer
from services.events.timers import cancel_timers
from services.meetings.audience import is_invited, meeting_audience, substitutes
from services.meetings.mail import (
    MeetingReminderMail,
    calendar_mail,
    change_key,
    meeting_facts,
    send_to,
)
from services.meetings.models import Meeting
from services.meetings.reminders import MEETING_REMINDER, arm_meeting_reminders

MeetingChange = MeetingScheduled | MeetingRescheduled | MeetingCancelled


def _tell(session: Session, event: Event[MeetingChange], *, substitutes_only: bool) -> None:
    """The event's invite (or cancellation) to the audience, or to substitutes outside it."""
    meeting = session.get(Meeting, event.aggregate_id)
    if meeting is None:
        return
    audience = meeting_audience(session, meeting)
    mail = calendar_mail(
        session,
        meeting,
        sequence=event.payload.sequence,
        cancelled=isinstance(event.payload, MeetingCancelled),
        substitute=substitutes_only,
        audience=audience,
        reason=event.payload.reason if isinstance(event.payload, MeetingCancelled) else None,
    )
    people = audience
    if substitutes_only:
        people = [s for s in substitutes(session, meeting.id) if not is_invited(s, meeting)]
    key = change_key(mail.kind, event.event_id)
    send_to(session, meeting, mail, [m.id for m in people], key=key, event_id=event.event_id)


@consumer(MeetingScheduled, MeetingRescheduled, MeetingCancelled, name="meeting_invites")
def send_invites(session: Session, events: Sequence[Event[MeetingChange]]) -> None:
    """The audience gets the invite (again, with a higher SEQUENCE) or the cancellation."""
    for event in events:
        _tell(session, event, substitutes_only=False)


@consumer(MeetingRescheduled, MeetingCancelled, name="meeting_substitutes")
def update_substitutes(
    session: Session, events: Sequence[Event[MeetingRescheduled | MeetingCancelled]]
) -> None:
    """Substitutes outside the audience get updates and cancellations like everyone else."""
    for event in events:
        _tell(session, event, substitutes_only=True)


@consumer(MeetingScheduled, MeetingRescheduled, MeetingCancelled, name="meeting_reminders")
def arm_reminders(session: Session, events: Sequence[Event[MeetingChange]]) -> None:
    """A scheduled meeting's reminders follow its time; a cancelled one's are disarmed."""
    for event in events:
        meeting = session.get(Meeting, event.aggregate_id)
        if meeting is None:
            continue
        if isinstance(event.payload, MeetingCancelled) or meeting.status != MeetingStatus.scheduled:
            cancel_timers(session, subject_id=meeting.id, kinds={MEETING_REMINDER})
            continue
        arm_meeting_reminders(session, meeting, now=utcnow())


@on_timer(MEETING_REMINDER)
def remind(session: Session, timer: Timer, now: datetime) -> None:
    """Everyone invited who has not declined (and named substitutes) gets the reminder."""
    meeting = session.get(Meeting, timer.subject_id)
    if meeting is None or meeting.status != MeetingStatus.scheduled or meeting.starts_at <= now:
        return
    days = int(timer.key.split(":")[1])
    people = {m.id: m for m in meeting_audience(session, meeting, skip_declined=True)}
    for sub in substitutes(session, meeting.id):
        people.setdefault(sub.id, sub)
    mail = MeetingReminderMail(
        meeting_id=meeting.id,
        sequence=meeting.ical_sequence,
        meeting=meeting_facts(meeting),
        days_before=days,
    )
    stamp = meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M")
    key = f"meeting_reminder:{meeting.id}:{days}:{stamp}"
    send_to(session, meeting, mail, list(people), key=key, now=now)
