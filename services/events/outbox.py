"""Publishing outbox rows after commit, and the sweeps that make publishing crash-safe."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import event, exists, select, update
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from infra.clock import utcnow
from services.events.models import DeadLetter, DomainEvent

log = logging.getLogger("samverkan.outbox")
OUTBOX_KEY = "samverkan.outbox"
BATCH_SIZE = 200


class Publisher(Protocol):
    """Sends event ids to the consumers, one message per batch; raises if the broker is down."""

    def send(self, event_ids: Sequence[uuid.UUID]) -> None: ...


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """Events of a rolled-back transaction never happened: do not publish their ids."""
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(OUTBOX_KEY, None)


def remember_for_publishing(session: Session, event_id: uuid.UUID) -> None:
    session.info.setdefault(OUTBOX_KEY, []).append(event_id)


def take_pending(session: Session) -> list[uuid.UUID]:
    pending: list[uuid.UUID] = session.info.pop(OUTBOX_KEY, [])
    return pending


def publish_committed(
    factory: sessionmaker[Session], publisher: Publisher | None, event_ids: Sequence[uuid.UUID]
) -> int:
    """Right after commit: send, then mark published. A failure here is left to the sweep."""
    if publisher is None or not event_ids:
        return 0
    sent = 0
    for start in range(0, len(event_ids), BATCH_SIZE):
        chunk = list(event_ids[start : start + BATCH_SIZE])
        try:
            publisher.send(chunk)
        except Exception as exc:  # broker down: the sweep publishes these later
            log.warning("publish failed, sweep will retry", extra={"error": type(exc).__name__})
            return sent
        _mark_published(factory, chunk)
        sent += len(chunk)
    return sent


def _mark_published(factory: sessionmaker[Session], event_ids: Sequence[uuid.UUID]) -> None:
    try:
        with factory.begin() as session:
            session.execute(
                update(DomainEvent)
                .where(DomainEvent.id.in_(event_ids))
                .values(published_at=utcnow(), publish_count=DomainEvent.publish_count + 1)
            )
    except Exception as exc:  # the sweep republishes; consumers are idempotent
        log.warning("marking published failed", extra={"error": type(exc).__name__})


@contextmanager
def unit_of_work(
    factory: sessionmaker[Session], publisher: Publisher | None = None
) -> Iterator[Session]:
    """The one unit of work (requests, pages, CLI, tasks, consumers): commit, then publish.

    An exception rolls back, and the events the transaction recorded are forgotten with it;
    without a publisher (or with the broker down) the sweep publishes them later.
    """
    session = factory()
    try:
        yield session
        session.commit()
        pending = take_pending(session)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    publish_committed(factory, publisher, pending)


def sweep(
    factory: sessionmaker[Session],
    publisher: Publisher,
    *,
    unpublished_after: timedelta,
    unconsumed_after: timedelta,
    now: datetime | None = None,
    limit: int = 2000,
) -> tuple[int, int]:
    """Publish what was never published, and again what was published but not consumed in time."""
    now = now or utcnow()
    with factory.begin() as session:
        never = _claim(
            session,
            DomainEvent.published_at.is_(None),
            DomainEvent.occurred_at < now - unpublished_after,
            limit=limit,
        )
        lost = _claim(
            session,
            DomainEvent.consumed_at.is_(None),
            DomainEvent.published_at < now - unconsumed_after,
            ~exists().where(DeadLetter.event_id == DomainEvent.id, DeadLetter.retried_at.is_(None)),
            limit=limit,
        )
        ids = never + lost
        for start in range(0, len(ids), BATCH_SIZE):
            publisher.send(ids[start : start + BATCH_SIZE])
        if ids:
            session.execute(
                update(DomainEvent)
                .where(DomainEvent.id.in_(ids))
                .values(published_at=now, publish_count=DomainEvent.publish_count + 1)
            )
    return len(never), len(lost)


def _claim(session: Session, *conditions: object, limit: int) -> list[uuid.UUID]:
    query = (
        select(DomainEvent.id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(DomainEvent.position)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))
