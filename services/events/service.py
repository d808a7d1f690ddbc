"""Writing domain events into the outbox, in the caller's transaction."""

from __future__ import annotations

import uuid

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
    event_type = event_type_of(payload)
    version, _ = EVENT_TYPES[event_type]
    row = DomainEvent(
        id=uuid.uuid4(),
        type=event_type,
        version=version,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        network_id=network_id,
        actor=actor.label,
        payload=payload.model_dump(mode="json"),
    )
    session.add(row)  # the id is ours already: the next flush writes it, batched with its kind
    remember_for_publishing(session, row.id)
    return row


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
