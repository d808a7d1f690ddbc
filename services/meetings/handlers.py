"""What meetings do when their events arrive: invites, reminder timers, substitutes' updates."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import MeetingStatus
from schemas.events import MeetingCancelled, MeetingRescheduled, MeetingScheduled
from services.events.models import Timer
from services.events.reactions import Event, consumer, on_timer
from services.events.timers import cancel_timers_of, set_timers
from services.meetings.audience import meeting_audience, substitutes
from services.meetings.batch import MeetingChange, load_meetings, tell_all
from services.meetings.mail import MeetingReminderMail, meeting_facts, send_to
from services.meetings.models import Meeting
from services.meetings.reminders import MEETING_REMINDER, meeting_reminder_specs


@consumer(MeetingScheduled, MeetingRescheduled, MeetingCancelled, name="meeting_invites")
def send_invites(session: Session, events: Sequence[Event[MeetingChange]]) -> None:
    """The audience gets the invite (again, with a higher SEQUENCE) or the cancellation."""
    tell_all(session, events, substitutes_only=False)


@consumer(MeetingRescheduled, MeetingCancelled, name="meeting_substitutes")
def update_substitutes(
    session: Session, events: Sequence[Event[MeetingRescheduled | MeetingCancelled]]
) -> None:
    """Substitutes outside the audience get updates and cancellations like everyone else."""
    tell_all(session, events, substitutes_only=True)


@consumer(MeetingScheduled, MeetingRescheduled, MeetingCancelled, name="meeting_reminders")
def arm_reminders(session: Session, events: Sequence[Event[MeetingChange]]) -> None:
    """A scheduled meeting's reminders follow its time; a cancelled one's are disarmed."""
    meetings = load_meetings(session, {event.aggregate_id for event in events})
    steps: dict[uuid.UUID, list[bool]] = {}  # per meeting, in order: arm (True) or disarm
    for event in events:
        meeting = meetings.get(event.aggregate_id)
        if meeting is None:
            continue
        arm = not isinstance(event.payload, MeetingCancelled)
        arm = arm and meeting.status == MeetingStatus.scheduled
        done = steps.setdefault(meeting.id, [])
        # What changes nothing one at a time is left out: disarming again, and arming again
        # (the meeting is the same row for its whole batch, so are its timers' due times).
        if (done and done[-1] == arm) or (arm and arm in done):
            continue
        done.append(arm)
    now = utcnow()
    for step in range(max((len(done) for done in steps.values()), default=0)):
        # The n-th step of every meeting together: different meetings' timers are disjoint.
        disarm = [m for m, done in steps.items() if len(done) > step and not done[step]]
        cancel_timers_of(session, subject_ids=disarm, kinds={MEETING_REMINDER})
        armed = [meetings[m] for m, done in steps.items() if len(done) > step and done[step]]
        set_timers(session, [s for m in armed for s in meeting_reminder_specs(m, now=now)])


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
