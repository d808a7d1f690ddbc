"""Reminder timers: meetings (7 and 1 days before), deadlines (opens; 14 and 3 working days
before closing). Armed as database timers; their handlers only create notification rows."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from infra.settings import get_settings
from schemas.events import DeadlineClosing, DeadlineOpened, EventEnvelope
from services.actors import Actor
from services.deadlines.models import Deadline, DeadlineFollower
from services.events.consumers import consumer
from services.events.models import Timer
from services.events.service import record_event
from services.events.timer_registry import on_timer
from services.events.timers import TimerSpec, cancel_timers, set_timers
from services.meetings.models import Meeting, MeetingStatus
from services.notifications.formatting import is_working_day
from services.notifications.meeting_info import substitutes
from services.notifications.service import (
    NotificationRequest,
    meeting_audience,
    request_notifications,
)
from services.people.models import Member

MEETING_REMINDER = "meeting.reminder"
DEADLINE_CLOSING = "deadline.closing"
REMINDER_HOUR = time(8, 0)
OPENED_GRACE = timedelta(days=2)  # an "opens" notice later than this is news to nobody


def morning(day: date) -> datetime:
    """08:00 Stockholm on `day`, in UTC (the offset of that day, DST included)."""
    return datetime.combine(day, REMINDER_HOUR, tzinfo=LOCAL_TZ).astimezone(UTC)


def meeting_reminder_plan(
    starts_at: datetime, days: list[int], *, now: datetime
) -> list[tuple[int, datetime]]:
    """(days before, when) for each reminder still in the future."""
    start_day = starts_at.astimezone(LOCAL_TZ).date()
    plan = [(d, morning(start_day - timedelta(days=d))) for d in sorted(set(days), reverse=True)]
    return [(d, when) for d, when in plan if now < when < starts_at]


def arm_meeting_reminders(session: Session, meeting: Meeting, *, now: datetime) -> None:
    """Keyed by days and meeting: rescheduling re-arms the same timers at the new times."""
    days = get_settings().meeting_reminder_days
    specs = [
        TimerSpec(
            MEETING_REMINDER,
            meeting.id,
            when,
            meeting.network_id,
            f"{MEETING_REMINDER}:{d}:{meeting.id}",
        )
        for d, when in meeting_reminder_plan(meeting.starts_at, days, now=now)
    ]
    set_timers(session, specs)


@consumer("meeting_reminders", "meeting.scheduled", "meeting.rescheduled", "meeting.cancelled")
def on_meeting_event(session: Session, event: EventEnvelope) -> None:
    meeting = session.get(Meeting, event.aggregate_id)
    if meeting is None:
        return
    if event.type == "meeting.cancelled" or meeting.status != MeetingStatus.scheduled:
        cancel_timers(session, subject_id=meeting.id, kinds={MEETING_REMINDER})
        return
    arm_meeting_reminders(session, meeting, now=utcnow())


@on_timer(MEETING_REMINDER)
def remind_meeting(session: Session, timer: Timer, now: datetime) -> None:
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


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (Swedish holidays skipped)."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def closing_reminder_specs(deadline: Deadline, *, now: datetime) -> list[TimerSpec]:
    close_day = deadline.closes_at.astimezone(LOCAL_TZ).date()
    specs = []
    for n in sorted(set(get_settings().deadline_reminder_working_days), reverse=True):
        when = morning(working_days_before(close_day, n))
        if now < when < deadline.closes_at:
            key = f"{DEADLINE_CLOSING}:{n}:{deadline.id}"
            specs.append(TimerSpec(DEADLINE_CLOSING, deadline.id, when, deadline.network_id, key))
    return specs


def deadline_audience(session: Session, deadline: Deadline) -> list[uuid.UUID]:
    """Followers; when nobody follows, every active member of the network."""
    followers = list(
        session.scalars(
            select(DeadlineFollower.member_id)
            .join(Member, Member.id == DeadlineFollower.member_id)
            .where(DeadlineFollower.deadline_id == deadline.id, Member.active.is_(True))
        )
    )
    if followers:
        return followers
    return list(
        session.scalars(
            select(Member.id).where(
                Member.network_id == deadline.network_id, Member.active.is_(True)
            )
        )
    )


def _notify_deadline(
    session: Session, deadline: Deadline, kind: str, key: str, now: datetime, **context: object
) -> None:
    requests = [
        NotificationRequest(
            kind=kind,
            key=f"{key}:{member_id}",
            member_id=member_id,
            subject_id=deadline.id,
            context=dict(context),
        )
        for member_id in deadline_audience(session, deadline)
    ]
    request_notifications(session, network_id=deadline.network_id, requests=requests, now=now)


def _system(deadline: Deadline) -> Actor:
    return Actor(kind="system", network_id=deadline.network_id)


@on_timer("deadline.opens")
def deadline_opens(session: Session, timer: Timer, now: datetime) -> None:
    deadline = session.get(Deadline, timer.subject_id)
    if deadline is None or deadline.opens_at is None or deadline.closes_at <= now:
        return
    if now - deadline.opens_at > OPENED_GRACE:
        return
    stamp = deadline.opens_at.astimezone(UTC).strftime("%Y%m%d")
    _notify_deadline(
        session, deadline, "deadline_opens", f"deadline_opens:{deadline.id}:{stamp}", now
    )
    record_event(
        session,
        payload=DeadlineOpened(deadline_id=deadline.id),
        aggregate_type="deadline",
        aggregate_id=deadline.id,
        network_id=deadline.network_id,
        actor=_system(deadline),
    )


@on_timer(DEADLINE_CLOSING)
def deadline_closing(session: Session, timer: Timer, now: datetime) -> None:
    deadline = session.get(Deadline, timer.subject_id)
    if deadline is None or deadline.closes_at <= now:
        return
    n = int(timer.key.split(":")[1])
    stamp = deadline.closes_at.astimezone(UTC).strftime("%Y%m%d")
    key = f"deadline_closing:{deadline.id}:{n}:{stamp}"
    _notify_deadline(session, deadline, "deadline_closing", key, now, working_days_left=n)
    record_event(
        session,
        payload=DeadlineClosing(
            deadline_id=deadline.id, closes_at=deadline.closes_at, working_days_left=n
        ),
        aggregate_type="deadline",
        aggregate_id=deadline.id,
        network_id=deadline.network_id,
        actor=_system(deadline),
    )


@on_timer("deadline.closes")
def deadline_closes(session: Session, timer: Timer, now: datetime) -> None:
    """The window closed: pending reminders about it are withdrawn (nothing is sent)."""
    from services.notifications.service import suppress_pending

    suppress_pending(
        session, subject_id=timer.subject_id, kinds={"deadline_opens", "deadline_closing"}
    )
