"""Deadlines and application windows, with their opening and closing timers."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db import utcnow
from schemas.events import DeadlineRegistered
from schemas.tasks import DeadlineIn
from services.actors import Actor
from services.audit.service import record_audit
from services.deadlines.models import Deadline
from services.errors import Conflict
from services.events.service import record_event
from services.events.timers import set_timer, set_timers
from services.lookup import get_in_network
from services.meetings.models import Meeting
from services.people.models import Organisation


def register_deadline(
    session: Session, *, data: DeadlineIn, actor: Actor, source_key: str | None = None
) -> Deadline:
    """Store a deadline once (source_key makes it idempotent) and arm its timers."""
    if source_key is not None:
        existing = session.scalar(select(Deadline).where(Deadline.source_key == source_key))
        if existing is not None:
            return existing
    if data.issuer_organisation_id is not None:
        get_in_network(
            session,
            Organisation,
            data.issuer_organisation_id,
            network_id=actor.network_id,
            label="organisation",
        )
    if data.source_meeting_id is not None:
        get_in_network(
            session, Meeting, data.source_meeting_id, network_id=actor.network_id, label="meeting"
        )
    clash = session.scalar(
        select(Deadline.id).where(
            Deadline.network_id == actor.network_id,
            Deadline.title == data.title,
            Deadline.closes_at == data.closes_at,
        )
    )
    if clash is not None and source_key is None:
        raise Conflict("samma deadline finns redan / this deadline already exists")
    deadline = Deadline(network_id=actor.network_id, source_key=source_key, **data.model_dump())
    session.add(deadline)
    session.flush()
    arm_deadline_timers(session, deadline)
    record_event(
        session,
        payload=DeadlineRegistered(
            deadline_id=deadline.id, opens_at=deadline.opens_at, closes_at=deadline.closes_at
        ),
        aggregate_type="deadline",
        aggregate_id=deadline.id,
        network_id=deadline.network_id,
        actor=actor,
    )
    record_audit(
        session,
        actor=actor,
        action="create",
        entity_type="deadline",
        entity_id=deadline.id,
        network_id=actor.network_id,
    )
    return deadline


def arm_deadline_timers(session: Session, deadline: Deadline) -> None:
    if deadline.opens_at is not None:
        set_timer(
            session,
            kind="deadline.opens",
            subject_id=deadline.id,
            due_at=deadline.opens_at,
            network_id=deadline.network_id,
        )
    set_timer(
        session,
        kind="deadline.closes",
        subject_id=deadline.id,
        due_at=deadline.closes_at,
        network_id=deadline.network_id,
    )
    # Reminders 14 and 3 working days before closing (settings.deadline_reminder_working_days).
    from services.notifications.reminders import closing_reminder_specs

    set_timers(session, closing_reminder_specs(deadline, now=utcnow()))


def get_deadline(session: Session, *, deadline_id: uuid.UUID, actor: Actor) -> Deadline:
    return get_in_network(
        session, Deadline, deadline_id, network_id=actor.network_id, label="deadline"
    )
