"""Deadlines and application windows, with their opening and closing timers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.events import DeadlineRegistered
from schemas.tasks import DeadlineIn, DeadlinePatch
from services.actors import Actor
from services.audit.service import record_audit
from services.deadlines.followers import tell_withdrawn
from services.deadlines.mail import REMINDER_KINDS
from services.deadlines.models import Deadline
from services.deadlines.reminders import DEADLINE_CLOSES, DEADLINE_OPENS, closing_reminder_specs
from services.errors import Conflict, Invalid
from services.events.models import Timer
from services.events.service import record_event
from services.events.timers import TimerSpec, cancel_timers, set_timers
from services.lookup import get_in_network, get_referenced
from services.meetings.models import Meeting
from services.notifications.service import suppress_pending
from services.people.models import Network, Organisation
from services.people.network_settings import deadline_reminder_days


def register_deadline(
    session: Session, *, data: DeadlineIn, actor: Actor, source_key: str | None = None
) -> Deadline:
    """Store a deadline once (source_key makes it idempotent) and arm its timers."""
    if source_key is not None:
        existing = session.scalar(select(Deadline).where(Deadline.source_key == source_key))
        if existing is not None:
            return existing
    _check_refs(session, data, actor)
    clash = session.scalar(
        select(Deadline.id).where(
            Deadline.network_id == actor.network_id,
            Deadline.title == data.title,
            Deadline.closes_at == data.closes_at,
        )
    )
    if clash is not None and source_key is None:
        raise Conflict("deadlines.exists")
    deadline = Deadline(network_id=actor.network_id, source_key=source_key, **data.model_dump())
    session.add(deadline)
    session.flush()
    arm_deadline_timers(session, deadline)
    _registered(session, deadline, actor)
    return deadline


def register_keyed_deadlines(
    session: Session, *, items: Sequence[tuple[DeadlineIn, Actor, str]]
) -> list[Deadline]:
    """`register_deadline` with a source key for many at once (the dates of a batch of
    minutes): one query for the keys seen before, one INSERT per table for the new ones.
    Returns the new deadlines; a key seen before (or twice) makes nothing."""
    keys = [key for _, _, key in items]
    taken = set(session.scalars(select(Deadline.source_key).where(Deadline.source_key.in_(keys))))
    made: list[Deadline] = []
    timers: list[TimerSpec] = []
    for data, actor, key in items:
        if key in taken:
            continue
        taken.add(key)
        _check_refs(session, data, actor)
        deadline = Deadline(
            id=uuid.uuid4(),  # known now: its timers and event need it before the flush
            network_id=actor.network_id,
            source_key=key,
            **data.model_dump(),
        )
        session.add(deadline)
        timers += _timer_specs(session, deadline)  # a new deadline has no timers to disarm
        _registered(session, deadline, actor)
        made.append(deadline)
    set_timers(session, timers)
    session.flush()
    return made


def _check_refs(session: Session, data: DeadlineIn, actor: Actor) -> None:
    """The issuer and the meeting a deadline names must be the actor's network's (422)."""
    if data.issuer_organisation_id is not None:
        get_referenced(
            session,
            Organisation,
            data.issuer_organisation_id,
            network_id=actor.network_id,
            label="organisation",
        )
    if data.source_meeting_id is not None:
        get_referenced(
            session, Meeting, data.source_meeting_id, network_id=actor.network_id, label="meeting"
        )


def _registered(session: Session, deadline: Deadline, actor: Actor) -> None:
    """deadline.registered and the audit row of a new deadline."""
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


def arm_deadline_timers(session: Session, deadline: Deadline) -> None:
    """Opening, closing and reminder timers; a timer the new dates no longer need is disarmed."""
    specs = _timer_specs(session, deadline)
    # A reminder or opening the edited dates no longer have; cancel_timers disarms by kind only.
    now = utcnow()
    session.execute(
        update(Timer)
        .where(
            Timer.subject_id == deadline.id,
            Timer.fired_at.is_(None),
            Timer.cancelled_at.is_(None),  # with fired_at: ix_timer_pending_subject's predicate
            Timer.key.not_in([spec.key for spec in specs]),
        )
        .values(fired_at=now, cancelled_at=now)
    )
    set_timers(session, specs)


def _timer_specs(session: Session, deadline: Deadline) -> list[TimerSpec]:
    """Reminders on the network's working days before closing (14 and 3 unless it chose
    others), the closing and, for a window, the opening."""
    days = deadline_reminder_days(session.get(Network, deadline.network_id))
    specs = closing_reminder_specs(deadline, now=utcnow(), days=days)
    specs.append(_spec(deadline, DEADLINE_CLOSES, deadline.closes_at))
    if deadline.opens_at is not None:
        specs.append(_spec(deadline, DEADLINE_OPENS, deadline.opens_at))
    return specs


def _spec(deadline: Deadline, kind: str, due_at: datetime) -> TimerSpec:
    return TimerSpec(kind, deadline.id, due_at, deadline.network_id, f"{kind}:{deadline.id}")


def update_deadline(
    session: Session, *, deadline_id: uuid.UUID, data: DeadlinePatch, actor: Actor
) -> Deadline:
    """Correct a deadline; moved dates re-arm its timers and withdraw reminders not yet sent."""
    deadline = get_in_network(
        session, Deadline, deadline_id, network_id=actor.network_id, label="deadline",
        for_update=True,
    )  # fmt: skip
    changes = data.model_dump(exclude_unset=True)
    if changes.get("issuer_organisation_id") is not None:
        get_referenced(
            session,
            Organisation,
            changes["issuer_organisation_id"],
            network_id=actor.network_id,
            label="organisation",
        )
    opens_at = changes.get("opens_at", deadline.opens_at)
    closes_at = changes.get("closes_at", deadline.closes_at)
    if opens_at is not None and closes_at <= opens_at:
        raise Invalid(
            "deadlines.closes_before_opens",
            field="closes_at",
        )
    if "closes_at" in changes and closes_at != deadline.closes_at and closes_at <= utcnow():
        raise Invalid(
            "deadlines.closing_passed",
            field="closes_at",
        )
    title = changes.get("title", deadline.title)
    clash = session.scalar(
        select(Deadline.id).where(
            Deadline.network_id == actor.network_id,
            Deadline.title == title,
            Deadline.closes_at == closes_at,
            Deadline.id != deadline.id,
        )
    )
    if clash is not None:
        raise Conflict("deadlines.exists")
    moved = opens_at != deadline.opens_at or closes_at != deadline.closes_at
    changed = sorted(key for key, value in changes.items() if getattr(deadline, key) != value)
    for key, value in changes.items():
        setattr(deadline, key, value)
    session.flush()
    if moved:
        suppress_pending(session, subject_id=deadline.id, kinds=REMINDER_KINDS)
        arm_deadline_timers(session, deadline)
    record_audit(
        session,
        actor=actor,
        action="update",
        entity_type="deadline",
        entity_id=deadline.id,
        network_id=actor.network_id,
        details={"fields": changed},  # what changed, not what a full form sent back
    )
    return deadline


def delete_deadline(session: Session, *, deadline_id: uuid.UUID, actor: Actor) -> list[uuid.UUID]:
    """Withdraw a deadline: its timers are disarmed, queued reminders are never sent, and its
    followers are told (if it had not closed); returns who is told."""
    deadline = get_in_network(
        session, Deadline, deadline_id, network_id=actor.network_id, label="deadline",
        for_update=True,
    )  # fmt: skip
    cancel_timers(session, subject_id=deadline.id)
    suppress_pending(session, subject_id=deadline.id, kinds=REMINDER_KINDS)
    told = tell_withdrawn(session, deadline)
    session.delete(deadline)  # followers go with it (ON DELETE CASCADE)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="delete",
        entity_type="deadline",
        entity_id=deadline_id,
        network_id=actor.network_id,
        details={"title": deadline.title},
    )
    return told


def get_deadline(session: Session, *, deadline_id: uuid.UUID, actor: Actor) -> Deadline:
    return get_in_network(
        session, Deadline, deadline_id, network_id=actor.network_id, label="deadline"
    )


def rearm_deadline_reminders(session: Session, *, network_id: uuid.UUID) -> int:
    """After the network chose other reminder days: each deadline still open gets the reminders
    of the new days that are ahead; those of the old days not yet sent are disarmed."""
    deadlines = list(
        session.scalars(
            select(Deadline).where(Deadline.network_id == network_id, Deadline.closes_at > utcnow())
        )
    )
    for deadline in deadlines:
        arm_deadline_timers(session, deadline)
    session.flush()
    return len(deadlines)
