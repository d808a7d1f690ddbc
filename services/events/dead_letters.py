"""Dead letters: messages that kept failing, listed per network and sent round again on request."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from infra.clock import utcnow
from services.actors import Actor
from services.audit.service import record_audit
from services.errors import Conflict
from services.events.models import DeadLetter, DomainEvent, Timer
from services.events.outbox import remember_for_publishing
from services.lookup import get_in_network

TIMER_PREFIX = "timer:"
CONSUMER_PREFIX = "consumer:"


def record_consumer_failures(
    session: Session, failures: Sequence[tuple[str, uuid.UUID, str]], *, attempts: int
) -> list[DeadLetter]:
    """One row per (consumer, event) that kept failing, in the event's network (so it shows).

    A pair that already has an open dead letter gets no second one: a redelivered event can run
    a second retry chain that ends here too.
    """
    event_ids = {event_id for _, event_id, _ in failures}
    open_pairs = {
        (name, event_id)
        for name, event_id in session.execute(
            select(DeadLetter.task_name, DeadLetter.event_id).where(
                DeadLetter.event_id.in_(event_ids), DeadLetter.retried_at.is_(None)
            )
        )
    }
    failures = [
        (name, event_id, error)
        for name, event_id, error in failures
        if (f"{CONSUMER_PREFIX}{name}", event_id) not in open_pairs
    ]
    if not failures:
        return []
    network_of = dict(
        session.execute(
            select(DomainEvent.id, DomainEvent.network_id).where(DomainEvent.id.in_(event_ids))
        ).all()
    )
    letters = [
        DeadLetter(
            task_name=f"{CONSUMER_PREFIX}{consumer_name}",
            event_id=event_id,
            network_id=network_of.get(event_id),
            args={"consumer": consumer_name},
            error=error[:2000],
            attempts=attempts,
        )
        for consumer_name, event_id, error in failures
    ]
    session.add_all(letters)
    session.flush()
    return letters


def dead_letters_query(network_id: uuid.UUID | None) -> Select[DeadLetter]:
    """The network's dead letters: unresolved (not yet retried) first, newest first within."""
    return (
        select(DeadLetter)
        .where(DeadLetter.network_id == network_id)
        .order_by(DeadLetter.retried_at.is_not(None), DeadLetter.failed_at.desc(), DeadLetter.id)
    )


def unretried_dead_letters(
    session: Session, network_id: uuid.UUID, *, limit: int = 20
) -> list[DeadLetter]:
    """The network's dead letters nobody has retried yet, latest first."""
    query = select(DeadLetter).where(
        DeadLetter.network_id == network_id, DeadLetter.retried_at.is_(None)
    )
    return list(session.scalars(query.order_by(DeadLetter.failed_at.desc()).limit(limit)))


def retry_dead_letter(
    session: Session, *, letter_id: uuid.UUID, actor: Actor, now: datetime | None = None
) -> DeadLetter:
    """Send it round again: a consumer's event back through the outbox, a timer re-armed.

    The event is republished right after commit (when the caller has a publisher) and, as it is
    marked unpublished, by the outbox sweep otherwise; consumers that already handled it skip it.
    """
    letter = get_in_network(
        session,
        DeadLetter,
        letter_id,
        network_id=actor.network_id,
        label="dead letter",
        for_update=True,
    )
    if letter.retried_at is not None:
        raise Conflict("dead_letters.already_retried")
    if letter.event_id is not None:
        session.execute(
            update(DomainEvent)
            .where(DomainEvent.id == letter.event_id)
            .values(published_at=None, consumed_at=None)
        )
        remember_for_publishing(session, letter.event_id)
    elif letter.task_name.startswith(TIMER_PREFIX) and letter.subject_id is not None:
        session.execute(
            update(Timer)
            .where(Timer.id == letter.subject_id, Timer.cancelled_at.is_(None))
            .values(fired_at=None)
        )
    else:
        raise Conflict("dead_letters.cannot_retry")
    letter.retried_at = now or utcnow()
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="retry",
        entity_type="dead_letter",
        entity_id=letter.id,
        network_id=actor.network_id,
    )
    return letter
