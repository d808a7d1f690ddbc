"""What deadlines do when their timers fire: tell who follows them, record opened / closing.

Set-based: a batch's deadlines and audiences are read in one query each, and its mails go in
one INSERT for every network.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.events import DeadlineClosing, DeadlineOpened, EventPayload
from services.actors import Actor
from services.deadlines.mail import (
    REMINDER_KINDS,
    DeadlineClosingMail,
    DeadlineOpensMail,
    deadline_item,
    follower_mails,
)
from services.deadlines.models import Deadline
from services.deadlines.reminders import (
    DEADLINE_CLOSES,
    DEADLINE_CLOSING,
    DEADLINE_OPENS,
    OPENED_GRACE,
    deadline_audiences,
)
from services.events.reactions import on_timers
from services.events.service import record_event
from services.events.timers import DueTimer
from services.notifications.service import Mail, request_mails, suppress_pending_of


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


def _open_deadlines(
    session: Session, timers: Sequence[DueTimer], now: datetime
) -> list[tuple[DueTimer, Deadline]]:
    """Each timer with its deadline, in one query; a deadline already closed drops out."""
    ids = {timer.subject_id for timer in timers}
    deadlines = {d.id: d for d in session.scalars(select(Deadline).where(Deadline.id.in_(ids)))}
    return [
        (timer, deadline)
        for timer in timers
        if (deadline := deadlines.get(timer.subject_id)) is not None and deadline.closes_at > now
    ]


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d")


@on_timers(DEADLINE_OPENS)
def deadline_opens(session: Session, timers: Sequence[DueTimer], now: datetime) -> None:
    """The window opened: followers are told (unless that is old news), deadline.opened."""
    opened = [
        deadline
        for _, deadline in _open_deadlines(session, timers, now)
        if deadline.opens_at is not None and now - deadline.opens_at <= OPENED_GRACE
    ]
    audiences = deadline_audiences(session, opened)
    mails: dict[uuid.UUID, list[Mail]] = {}
    for deadline in opened:
        assert deadline.opens_at is not None
        mail = DeadlineOpensMail(deadline_id=deadline.id, deadline=deadline_item(deadline))
        key = f"deadline_opens:{deadline.id}:{_stamp(deadline.opens_at)}"
        mails.setdefault(deadline.network_id, []).extend(
            follower_mails(deadline, mail, audiences[deadline.id], key=key)
        )
        _record(session, deadline, DeadlineOpened(deadline_id=deadline.id))
    request_mails(session, by_network=mails, now=now)


@on_timers(DEADLINE_CLOSING)
def deadline_closing(session: Session, timers: Sequence[DueTimer], now: datetime) -> None:
    """n working days before closing: followers are reminded, deadline.closing recorded."""
    closing = _open_deadlines(session, timers, now)
    audiences = deadline_audiences(session, list({d.id: d for _, d in closing}.values()))
    mails: dict[uuid.UUID, list[Mail]] = {}
    for timer, deadline in closing:
        n = int(timer.key.split(":")[1])
        mail = DeadlineClosingMail(deadline_id=deadline.id, deadline=deadline_item(deadline))
        key = f"deadline_closing:{deadline.id}:{n}:{_stamp(deadline.closes_at)}"
        mails.setdefault(deadline.network_id, []).extend(
            follower_mails(deadline, mail, audiences[deadline.id], key=key)
        )
        payload = DeadlineClosing(
            deadline_id=deadline.id, closes_at=deadline.closes_at, working_days_left=n
        )
        _record(session, deadline, payload)
    request_mails(session, by_network=mails, now=now)


@on_timers(DEADLINE_CLOSES)
def deadline_closes(session: Session, timers: Sequence[DueTimer], now: datetime) -> None:
    """The window closed: pending reminders about it are withdrawn (nothing is sent)."""
    subjects = {timer.subject_id for timer in timers}
    suppress_pending_of(session, subject_ids=subjects, kinds=REMINDER_KINDS)
