"""Writing domain events into the outbox, in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from schemas.events import EVENT_TYPES, EventEnvelope, EventPayload
from services.actors import Actor
from services.events.models import DomainEvent
from services.events.outbox import remember_for_publishing


def record_event(
    session: Session,
    *,
    payload: EventPayload,
    aggregate_type: str,
    aggregate_id: uuid.UUID,
    network_id: uuid.UUID | None,
    actor: Actor,
) -> DomainEvent:
    """Add the event row to the session; it commits (or not) with the state change it describes."""
    row = DomainEvent(
        **event_row(
            payload=payload,
            aggregate_type=aggregate_type,
            aggregate_id=aggregate_id,
            network_id=network_id,
            actor=actor,
        )
    )
    session.add(row)  # the id is ours already: the next flush writes it, batched with its kind
    remember_for_publishing(session, row.id)
    return row


def event_row(
    *,
    payload: EventPayload,
    aggregate_type: str,
    aggregate_id: uuid.UUID,
    network_id: uuid.UUID | None,
    actor: Actor,
) -> dict[str, Any]:
    """An event's outbox columns: what `record_event` adds and `insert_events` writes."""
    event_type = event_type_of(payload)
    version, _ = EVENT_TYPES[event_type]
    return {
        "id": uuid.uuid4(),
        "type": event_type,
        "version": version,
        "aggregate_type": aggregate_type,
        "aggregate_id": aggregate_id,
        "network_id": network_id,
        "actor": actor.label,
        "payload": payload.model_dump(mode="json"),
    }


def insert_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Many `event_row`s in one INSERT, no ORM object each; their positions follow the rows'
    order, after every event the session holds (flushed first)."""
    if not rows:
        return
    session.flush()  # events recorded before these keep the earlier positions
    session.execute(insert(cast(Table, DomainEvent.__table__)), rows)
    for row in rows:
        remember_for_publishing(session, row["id"])


def event_type_of(payload: EventPayload) -> str:
    for name, (_, model) in EVENT_TYPES.items():
        if type(payload) is model:
            return name
    raise KeyError(f"{type(payload).__name__} is not in the event catalog")


def envelope_of(row: DomainEvent) -> EventEnvelope:
    return EventEnvelope(
        event_id=row.id,
        type=row.type,
        version=row.version,
        occurred_at=row.occurred_at,
        network_id=row.network_id,
        aggregate_id=row.aggregate_id,
        actor=row.actor,
        payload=row.payload,
    )
