"""Database timers: set, cancel and claim due rows (the beat fires them; Celery holds no ETAs)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from infra.clock import utcnow
from services.events.models import Timer


@dataclass(frozen=True, slots=True)
class DueTimer:
    """A claimed timer as handlers read it: a plain row, no ORM object to build or track."""

    id: uuid.UUID
    kind: str
    subject_id: uuid.UUID
    key: str
    network_id: uuid.UUID | None
    due_at: datetime


@dataclass(frozen=True)
class TimerSpec:
    kind: str
    subject_id: uuid.UUID
    due_at: datetime
    network_id: uuid.UUID | None
    key: str


def set_timer(
    session: Session,
    *,
    kind: str,
    subject_id: uuid.UUID,
    due_at: datetime,
    network_id: uuid.UUID | None,
    key: str | None = None,
) -> None:
    """Upsert by key: setting the same timer twice keeps one row (and re-arms a moved one)."""
    spec = TimerSpec(kind, subject_id, due_at, network_id, key or f"{kind}:{subject_id}")
    set_timers(session, [spec])


def set_timers(session: Session, specs: Sequence[TimerSpec]) -> None:
    """One INSERT … ON CONFLICT for many timers; a timer whose due time moved is re-armed."""
    if not specs:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Timer)
    moved = Timer.due_at != statement.excluded.due_at
    upsert = statement.on_conflict_do_update(
        index_elements=["key"],
        set_={"due_at": statement.excluded.due_at, "fired_at": None, "cancelled_at": None},
        where=moved,
    )
    rows = [
        {
            "id": uuid.uuid4(),
            "kind": t.kind,
            "subject_id": t.subject_id,
            "due_at": t.due_at,
            "network_id": t.network_id,
            "key": t.key,
        }
        for t in specs
    ]
    session.execute(upsert, rows)  # rows as parameters: one cached statement, batched rows


def cancel_timers(
    session: Session, *, subject_id: uuid.UUID, kinds: set[str] | None = None
) -> None:
    """Disarm the subject's pending timers (a completed task stops its reminders at once)."""
    query = update(Timer).where(
        Timer.subject_id == subject_id,
        Timer.fired_at.is_(None),
        Timer.cancelled_at.is_(None),  # a cancelled row is fired too; this names the index
    )
    if kinds:
        query = query.where(Timer.kind.in_(kinds))
    session.execute(query.values(fired_at=utcnow(), cancelled_at=utcnow()))


def cancel_timers_of(
    session: Session, *, subject_ids: Collection[uuid.UUID], kinds: set[str] | None = None
) -> None:
    """`cancel_timers` for many subjects in one UPDATE (a batch's cancelled meetings)."""
    if not subject_ids:
        return
    query = update(Timer).where(
        Timer.subject_id.in_(subject_ids),
        Timer.fired_at.is_(None),
        Timer.cancelled_at.is_(None),  # as in cancel_timers: this names the index
    )
    if kinds:
        query = query.where(Timer.kind.in_(kinds))
    now = utcnow()
    session.execute(query.values(fired_at=now, cancelled_at=now))


def claim_due_timers(session: Session, *, now: datetime, limit: int = 500) -> list[DueTimer]:
    """Lock and mark due, unfired rows in one statement; a second beat skips what we hold.

    One UPDATE over a SKIP LOCKED subquery, RETURNING plain columns: no per-timer flush and
    no ORM object per timer.
    """
    due = (
        select(Timer.id)
        .where(Timer.fired_at.is_(None), Timer.due_at <= now)
        .order_by(Timer.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    claim = (
        update(Timer)
        .where(Timer.id.in_(due))
        .values(fired_at=now)
        .returning(
            Timer.id, Timer.kind, Timer.subject_id, Timer.key, Timer.network_id, Timer.due_at
        )
        .execution_options(synchronize_session=False)
    )
    timers = [DueTimer(*row) for row in session.execute(claim)]
    timers.sort(key=lambda timer: timer.due_at)
    return timers
