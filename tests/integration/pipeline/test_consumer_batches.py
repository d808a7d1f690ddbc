"""process_batch: a constraint violation of one event must not cost the rest of its batch."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.events import EventPayload
from services.events.consumers import ConsumerFailed, process_batch
from services.events.models import DomainEvent, ProcessedEvent, Timer
from services.events.reactions import Event, Reactions, consumer, marks_of

EVENT_TYPE = "test.batch"
NOW = datetime.now(UTC)


class BatchKey(EventPayload):
    key: str


@pytest.fixture
def timer_consumer() -> tuple[str, Reactions]:
    """A consumer that inserts a timer with the key in the payload (the key is unique)."""
    name = f"test-{uuid.uuid4().hex[:6]}"

    @consumer(BatchKey, name=name)
    def handle(session: Session, events: Sequence[Event[BatchKey]]) -> None:
        for event in events:
            session.add(
                Timer(
                    kind="test",
                    subject_id=event.aggregate_id,
                    due_at=NOW,
                    key=event.payload.key,
                    fired_at=NOW,
                )
            )
        session.flush()

    return name, Reactions(marks_of([handle]), catalogue={EVENT_TYPE: (1, BatchKey)})


def add_event(session: Session, key: str) -> uuid.UUID:
    event = DomainEvent(
        id=uuid.uuid4(),
        type=EVENT_TYPE,
        version=1,
        aggregate_type="test",
        aggregate_id=uuid.uuid4(),
        actor="system",
        payload={"key": key},
        published_at=NOW,
    )
    session.add(event)
    session.flush()
    return event.id


def test_integrity_error_in_one_event_keeps_the_others(
    session_maker: sessionmaker[Session], timer_consumer: tuple[str, Reactions]
) -> None:
    name, reactions = timer_consumer
    taken = f"taken-{uuid.uuid4().hex}"
    with session_maker() as session:
        session.add(Timer(kind="test", subject_id=uuid.uuid4(), due_at=NOW, key=taken))
        good = [add_event(session, f"ok-{uuid.uuid4().hex}") for _ in range(3)]
        bad = add_event(session, taken)
        session.commit()
    with pytest.raises(ConsumerFailed) as failed:
        process_batch(session_maker, [*good[:2], bad, good[2]], reactions=reactions)
    assert [(name, event_id) for name, event_id, _ in failed.value.failures] == [(name, bad)]
    assert "IntegrityError" in failed.value.failures[0][2]
    with session_maker() as session:
        handled = set(
            session.scalars(select(ProcessedEvent.event_id).where(ProcessedEvent.consumer == name))
        )
        consumed = set(
            session.scalars(
                select(DomainEvent.id).where(
                    DomainEvent.id.in_([*good, bad]), DomainEvent.consumed_at.is_not(None)
                )
            )
        )
    assert handled == set(good)
    assert consumed == set(good)  # the failed one stays unconsumed: retried, then dead-lettered
