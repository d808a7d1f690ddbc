"""Shared by the meeting services: a meeting loaded to change, its events, audit, new invites."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from schemas.events import EventPayload, MeetingRescheduled
from services.actors import Actor
from services.audit.service import record_audit
from services.events.service import record_event
from services.lookup import get_in_network
from services.meetings.models import Meeting


def emit(session: Session, meeting: Meeting, payload: EventPayload, actor: Actor) -> None:
    """Record a meeting's domain event in the caller's transaction."""
    record_event(
        session,
        payload=payload,
        aggregate_type="meeting",
        aggregate_id=meeting.id,
        network_id=meeting.network_id,
        actor=actor,
    )


def load_meeting(session: Session, meeting_id: uuid.UUID, actor: Actor) -> Meeting:
    """The actor's network's meeting, locked: every change to a meeting starts here."""
    return get_in_network(
        session, Meeting, meeting_id, network_id=actor.network_id, label="meeting", for_update=True
    )


def audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    fields: list[str] | None = None,
) -> None:
    """One audit entry per change, naming the fields it touched."""
    record_audit(
        session,
        actor=actor,
        action=action,
        entity_type=entity,
        entity_id=entity_id,
        network_id=actor.network_id,
        details={"fields": fields} if fields else None,
    )


def announce_change(
    session: Session,
    meeting: Meeting,
    previous_start: datetime,
    previous_end: datetime,
    actor: Actor,
) -> None:
    """The invite changed (time, place, agenda): SEQUENCE + 1 and meeting.rescheduled re-send it."""
    meeting.ical_sequence += 1
    emit(
        session,
        meeting,
        MeetingRescheduled(
            meeting_id=meeting.id,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            previous_starts_at=previous_start,
            previous_ends_at=previous_end,
            sequence=meeting.ical_sequence,
        ),
        actor,
    )
