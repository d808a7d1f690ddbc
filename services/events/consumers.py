"""The consumer engine: each consumer handles a batch of events once, effects and inbox together.

Which consumers there are is `services.registry.REACTIONS` (see services.events.reactions).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, event, exists, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from schemas.events import EventEnvelope
from services.events.models import DeadLetter, DomainEvent, ProcessedEvent
from services.events.outbox import Publisher, unit_of_work
from services.events.reactions import Consumer, Reactions
from services.events.service import envelope_of

log = logging.getLogger("samverkan.consumers")
HOLD_KEY = "samverkan.hold_loaded"


@event.listens_for(Session, "loaded_as_persistent")
def _hold_loaded(session: Session, instance: object) -> None:
    """In a consumer's transaction every loaded row stays referenced until it ends.

    The identity map holds rows weakly: without this, the organisation or meeting a batch
    names a hundred times is dropped after each use and queried again (and each such query
    autoflushes the rows added so far, one INSERT per row instead of one for the batch).
    """
    held: list[object] | None = session.info.get(HOLD_KEY)
    if held is not None:
        held.append(instance)


class ConsumerFailed(Exception):
    """Some (consumer, event) pairs failed; the others are committed and will be skipped."""

    def __init__(self, failures: list[tuple[str, uuid.UUID, str]]) -> None:
        super().__init__(f"{len(failures)} consumer failures")
        self.failures = failures


def process_batch(
    factory: sessionmaker[Session],
    event_ids: Sequence[uuid.UUID],
    *,
    reactions: Reactions,
    publisher: Publisher | None = None,
    drain: int = 0,
) -> int:
    """Run every consumer over the batch; returns how many (consumer, event) pairs did work.

    With `drain`, the batch also takes up to that many other published, unconsumed events:
    under load the messages queued behind this one then find their events done, so one
    message per event still gets batch-sized transactions.
    """
    wanted: ColumnElement[bool] = DomainEvent.id.in_(event_ids)
    if drain:
        backlog = (
            select(DomainEvent.id)
            .where(
                DomainEvent.consumed_at.is_(None),
                DomainEvent.published_at.is_not(None),
                ~exists().where(DeadLetter.event_id == DomainEvent.id),
            )
            .order_by(DomainEvent.position)
            .limit(drain)
        )
        wanted = or_(wanted, DomainEvent.id.in_(backlog))
    done, failures, claimed = _claim_and_consume(
        factory, reactions, wanted, publisher, skip_locked=True
    )
    # An own event skipped because its row was locked (another batch, or the publisher marking
    # it published) is waited for now: acking its message without it would leave it to the
    # redelivery sweep, minutes later.
    skipped = set(event_ids) - claimed
    if skipped:
        more, more_failures, _ = _claim_and_consume(
            factory, reactions, DomainEvent.id.in_(skipped), publisher, skip_locked=False
        )
        done, failures = done + more, failures + more_failures
    requested = set(event_ids)
    own = [f for f in failures if f[1] in requested]  # drained ones retry with their own message
    if own:
        raise ConsumerFailed(own)
    return done


def _claim_and_consume(
    factory: sessionmaker[Session],
    reactions: Reactions,
    wanted: ColumnElement[bool],
    publisher: Publisher | None,
    *,
    skip_locked: bool,
) -> tuple[int, list[tuple[str, uuid.UUID, str]], set[uuid.UUID]]:
    """Lock the unconsumed events, run the consumers, mark them consumed; returns what it did."""
    with factory() as claim:  # holds the event rows while the consumers work on them
        rows = list(
            claim.scalars(
                select(DomainEvent)
                .where(wanted, DomainEvent.consumed_at.is_(None))
                .order_by(DomainEvent.position)
                # NO KEY UPDATE: the consumers' inbox rows reference these rows (FOR KEY SHARE)
                .with_for_update(skip_locked=skip_locked, key_share=True)
            )
        )
        envelopes = [envelope_of(row) for row in rows]
        done, failures = _consume_all(factory, reactions, envelopes, publisher)
        failed_ids = {event_id for _, event_id, _ in failures}
        consumed = [e.event_id for e in envelopes if e.event_id not in failed_ids]
        if consumed:
            claim.execute(
                update(DomainEvent).where(DomainEvent.id.in_(consumed)).values(consumed_at=utcnow())
            )
        claim.commit()
    return done, failures, {e.event_id for e in envelopes}


def _consume_all(
    factory: sessionmaker[Session],
    reactions: Reactions,
    envelopes: list[EventEnvelope],
    publisher: Publisher | None,
) -> tuple[int, list[tuple[str, uuid.UUID, str]]]:
    """Each consumer takes its events in one transaction; on error, one event at a time."""
    done, failures = 0, []
    for item in reactions.consumers:
        mine = [e for e in envelopes if e.type in item.event_types]
        if not mine:
            continue
        try:
            done += _run(factory, reactions, item, mine, publisher)
        except Exception:  # isolate the poison event: one transaction per event
            for envelope in mine:
                try:
                    done += _run(factory, reactions, item, [envelope], publisher)
                except Exception as exc:
                    log.warning(
                        "consumer failed",
                        extra={
                            "consumer": item.name,
                            "event_id": str(envelope.event_id),
                            "error": type(exc).__name__,
                        },
                    )
                    failures.append((item.name, envelope.event_id, repr(exc)[:2000]))
    return done, failures


def _run(
    factory: sessionmaker[Session],
    reactions: Reactions,
    item: Consumer,
    envelopes: list[EventEnvelope],
    publisher: Publisher | None,
) -> int:
    """One transaction: claim the inbox rows first (a racing duplicate blocks, then skips).

    Any error, a constraint violation too, rolls back and raises: the caller retries the events
    one by one, so one bad event cannot mark its whole batch consumed without effects.
    """
    with unit_of_work(factory, publisher) as session:
        session.info[HOLD_KEY] = []
        fresh = _claim_inbox(session, item.name, [e.event_id for e in envelopes])
        batch = [reactions.event(e) for e in envelopes if e.event_id in fresh]
        if batch:
            item.handle(session, batch)
    return len(fresh)


def _claim_inbox(session: Session, name: str, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Insert (consumer, event) rows; the ones that already existed were processed before."""
    if session.get_bind().dialect.name == "postgresql":
        now = utcnow()
        inserted = session.scalars(
            pg_insert(ProcessedEvent).on_conflict_do_nothing().returning(ProcessedEvent.event_id),
            [{"consumer": name, "event_id": eid, "processed_at": now} for eid in event_ids],
        )
        return set(inserted)
    seen = set(
        session.scalars(
            select(ProcessedEvent.event_id).where(
                ProcessedEvent.consumer == name, ProcessedEvent.event_id.in_(event_ids)
            )
        )
    )
    fresh = [eid for eid in event_ids if eid not in seen]
    session.add_all(ProcessedEvent(consumer=name, event_id=eid) for eid in fresh)
    session.flush()
    return set(fresh)
