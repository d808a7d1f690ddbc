"""Notification requests: one row per (reason, recipient, kind), whoever asks and however often."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from infra.db import utcnow
from services.meetings.models import Meeting, MeetingKind, Rsvp, RsvpResponse
from services.notifications.formatting import next_send_time
from services.notifications.models import Notification, NotificationStatus
from services.people.models import DeliveryChannel, Member, Network

URGENT_KINDS = {"meeting_cancelled", "login_link"}


def request_notification(
    session: Session,
    *,
    network_id: uuid.UUID,
    kind: str,
    key: str,
    member_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    subject_id: uuid.UUID | None = None,
    event_id: uuid.UUID | None = None,
    context: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> bool:
    """Insert unless the idempotency key exists; True when this call created the row."""
    network = session.get(Network, network_id)
    channel = network.delivery_channel if network else DeliveryChannel.smtp
    values = {
        "id": uuid.uuid4(),
        "network_id": network_id,
        "recipient_member_id": member_id,
        "recipient_user_id": user_id,
        "channel": channel,
        "kind": kind,
        "idempotency_key": key,
        "event_id": event_id,
        "subject_id": subject_id,
        "context": context or {},
        "status": NotificationStatus.pending,
        "send_after": next_send_time(now or utcnow(), urgent=kind in URGENT_KINDS),
        "attempts": 0,
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }
    if session.get_bind().dialect.name == "postgresql":
        inserted = session.scalar(
            pg_insert(Notification)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(Notification.id)
        )
        return inserted is not None
    if session.scalar(select(Notification.id).where(Notification.idempotency_key == key)):
        return False
    session.add(Notification(**values))
    session.flush()
    return True


def suppress_pending(session: Session, *, subject_id: uuid.UUID, kinds: set[str]) -> None:
    """Withdraw queued mails that no longer make sense (a finished task needs no reminder)."""
    session.execute(
        update(Notification)
        .where(
            Notification.subject_id == subject_id,
            Notification.kind.in_(kinds),
            Notification.status == NotificationStatus.pending,
        )
        .values(status=NotificationStatus.suppressed, updated_at=utcnow())
    )


def meeting_audience(
    session: Session, meeting: Meeting, *, skip_declined: bool = False
) -> list[Member]:
    """Who a meeting concerns: steering/preparatory meetings only their group's members."""
    query = select(Member).where(Member.network_id == meeting.network_id, Member.active.is_(True))
    if meeting.kind == MeetingKind.steering:
        query = query.where(Member.in_steering_group.is_(True))
    elif meeting.kind == MeetingKind.preparatory:
        query = query.where(Member.in_preparatory_group.is_(True))
    members = list(session.scalars(query.order_by(Member.id)))
    if not skip_declined:
        return members
    declined = set(
        session.scalars(
            select(Rsvp.member_id).where(
                Rsvp.meeting_id == meeting.id, Rsvp.response == RsvpResponse.declined
            )
        )
    )
    return [m for m in members if m.id not in declined]
