"""Database timers: set, cancel and claim due rows (the beat fires them; Celery holds no ETAs)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from infra.db import utcnow
from services.events.models import Timer


def set_timer(
    session: Session,
    *,
    kind: str,
    subject_id: uuid.UUID,
    due_at: datetime,
    network_id: uuid.UUID | None,
    key: str | None = None,
) -> Timer:
    """Upsert by key: setting the same timer twice keeps one row (and re-arms a moved one)."""
    key = key or f"{kind}:{subject_id}"
    timer = session.scalar(select(Timer).where(Timer.key == key))
    if timer is None:
        timer = Timer(
            kind=kind, subject_id=subject_id, due_at=due_at, network_id=network_id, key=key
        )
        session.add(timer)
    elif timer.due_at != due_at:
        timer.due_at, timer.fired_at, timer.cancelled_at = due_at, None, None
    session.flush()
    return timer


def cancel_timers(
    session: Session, *, subject_id: uuid.UUID, kinds: set[str] | None = None
) -> None:
    """Disarm the subject's pending timers (a completed task stops its reminders at once)."""
    query = update(Timer).where(Timer.subject_id == subject_id, Timer.fired_at.is_(None))
    if kinds:
        query = query.where(Timer.kind.in_(kinds))
    session.execute(query.values(fired_at=utcnow(), cancelled_at=utcnow()))


def claim_due_timers(session: Session, *, now: datetime, limit: int = 500) -> list[Timer]:
    """Lock due, unfired rows; a second beat skips what the first holds (SKIP LOCKED)."""
    query = (
        select(Timer)
        .where(Timer.fired_at.is_(None), Timer.due_at <= now)
        .order_by(Timer.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    timers = list(session.scalars(query))
    for timer in timers:
        timer.fired_at = now
    session.flush()
    return timers
