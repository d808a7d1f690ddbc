"""What deadlines do when their timers fire: tell who follows them, record opened / closing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from schemas.events import DeadlineClosing, DeadlineOpened, EventPayload
from services.actors import Actor
from services.deadlines.mail import (
    REMINDER_KINDS,
    DeadlineClosingMail,
    DeadlineOpensMail,
    deadline_item,
    tell_followers,
)
from services.deadlines.models import Deadline
from services.deadlines.reminders import (
    DEADLINE_CLOSES,
    DEADLINE_CLOSING,
    DEADLINE_OPENS,
    OPENED_GRACE,
)
from services.events.models import Timer
from services.events.reactions import on_timer
from services.events.service import record_event
from services.notifications.service import suppress_pending


def _record(session: Session, deadline: Deadline, payload: EventPayload) -> None:
    """The deadline's own event, recorded by the system (a timer, not a person, saw it)."""
    record_event(
        session,
        payload=payload,
        aggregate_type="deadline",
        aggregate_id=deadline.id,
        network_id=deadline.network_id,
        actor=Actor(kind="system", network_id=deadline.network_id),
    )


@on_timer(DEADLINE_OPENS)
def deadline_opens(session: Session, timer: Timer, now: datetime) -> None:
    """The window opened: followers are told (unless that is old news), deadline.opened."""
    deadline = session.get(Deadline, timer.subject_id)
    if deadline is None or deadline.opens_at is None or deadline.closes_at <= now:
        return
    if now - deadline.opens_at > OPENED_GRACE:
        return
    stamp = deadline.opens_at.astimezone(UTC).strftime("%Y%m%d")
    mail = DeadlineOpensMail(deadline_id=deadline.id, deadline=deadline_item(deadline))
    tell_followers(session, deadline, mail, key=f"deadline_opens:{deadline.id}:{stamp}", now=now)
    _record(session, deadline, DeadlineOpened(deadline_id=deadline.id))


@on_timer(DEADLINE_CLOSING)
def deadline_closing(session: Session, timer: Timer, now: datetime) -> None:
    """n working days before closing: followers are reminded, deadline.closing recorded."""
    deadline = session.get(Deadline, timer.subject_id)
    if deadline is None or deadline.closes_at <= now:
        return
    n = int(timer.key.split(":")[1])
    stamp = deadline.closes_at.astimezone(UTC).strftime("%Y%m%d")
    mail = DeadlineClosingMail(deadline_id=deadline.id, deadline=deadline_item(deadline))
    key = f"deadline_closing:{deadline.id}:{n}:{stamp}"
    tell_followers(session, deadline, mail, key=key, now=now)
    closing = DeadlineClosing(
        deadline_id=deadline.id, closes_at=deadline.closes_at, working_days_left=n
    )
    _record(session, deadline, closing)


@on_timer(DEADLINE_CLOSES)
def deadline_closes(session: Session, timer: Timer, now: datetime) -> None:
    """The window closed: pending reminders about it are withdrawn (nothing is sent)."""
    suppress_pending(session, subject_id=timer.subject_id, kinds=REMINDER_KINDS)
