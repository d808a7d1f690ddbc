"""What meetings do when their events arrive: invites, reminder timers, substitutes' updates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.events import MeetingCancelled, MeetingRescheduled, MeetingScheduled
from services.events.models import Timer
from services.events.reactions import Event, consumer, on_timer
from services.events.timers import cancel_timers
from services.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpResponse
from services.meetings.reminders import MEETING_REMINDER, arm_meeting_reminders
from services.notifications.meeting_info import substitutes
from services.notifications.service import (
    NotificationRequest,
    meeting_audience,
    request_notification,
    request_notifications,
)
from services.people.models import Member
from services.series.access import is_invited

MeetingChange = MeetingScheduled | MeetingRescheduled | MeetingCancelled


def _kind(payload: MeetingChange) -> str:
    return "meeting_cancelled" if isinstance(payload, MeetingCancelled) else "meeting_invite"


@consumer(MeetingScheduled, MeetingRescheduled, MeetingCancelled, name="meeting_invites")
def send_invites(session: Session, events: Sequence[Event[MeetingChange]]) -> None:
    """The audience gets the invite (again, with a higher SEQUENCE) or the cancellation."""
    for event in events:
        meeting = session.get(Meeting, event.aggregate_id)
        if meeting is None:
            continue
        kind = _kind(event.payload)
        requests = [
            NotificationRequest(
                kind=kind,
                key=f"{kind}:{event.event_id}:{member.id}",
                member_id=member.id,
                subject_id=meeting.id,
                event_id=event.event_id,
                context={"sequence": event.payload.sequence},
            )
            for member in meeting_audience(session, meeting)
        ]
        request_notifications(session, network_id=meeting.network_id, requests=requests)


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


@consumer(MeetingRescheduled, MeetingCancelled, name="meeting_substitutes")
def update_substitutes(
    session: Session, events: Sequence[Event[MeetingRescheduled | MeetingCancelled]]
) -> None:
    """Substitutes outside the audience get updates and cancellations like everyone else."""
    for event in events:
        meeting = session.get(Meeting, event.aggregate_id)
        if meeting is None:
            continue
        kind = _kind(event.payload)
        subs = session.scalars(
            select(Member)
            .join(Rsvp, Rsvp.substitute_member_id == Member.id)
            .where(Rsvp.meeting_id == meeting.id, Rsvp.response == RsvpResponse.declined)
        )
        for sub in subs:
            if is_invited(sub, meeting):
                continue
            request_notification(
                session,
                network_id=meeting.network_id,
                kind=kind,
                key=f"{kind}:{event.event_id}:{sub.id}",
                member_id=sub.id,
                subject_id=meeting.id,
                event_id=event.event_id,
                context={"sequence": event.payload.sequence, "substitute_for": True},
            )


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
    stamp = meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M")
    requests = [
        NotificationRequest(
            kind="meeting_reminder",
            key=f"meeting_reminder:{meeting.id}:{days}:{stamp}:{member_id}",
            member_id=member_id,
            subject_id=meeting.id,
            context={"days_before": days},
        )
        for member_id in people
    ]
    request_notifications(session, network_id=meeting.network_id, requests=requests, now=now)
