"""Notification requests: one row per (reason, recipient, kind), whoever asks and however often."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from infra.clock import utcnow
from services.meetings.models import Meeting, MeetingKind, Rsvp, RsvpResponse
from services.notifications.formatting import next_send_time
from services.notifications.models import Notification, NotificationStatus
from services.people.models import DeliveryChannel, Member, Network

URGENT_KINDS = {"meeting_cancelled", "login_link"}


@dataclass(frozen=True)
class NotificationRequest:
    """One mail to ask for: the key makes asking twice harmless."""

    kind: str
    key: str
    member_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    subject_id: uuid.UUID | None = None
    event_id: uuid.UUID | None = None
    context: dict[str, Any] = field(default_factory=dict)


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
    request = NotificationRequest(
        kind=kind,
        key=key,
        member_id=member_id,
        user_id=user_id,
        subject_id=subject_id,
        event_id=event_id,
        context=context or {},
    )
    return request_notifications(session, network_id=network_id, requests=[request], now=now) == 1


def request_notifications(
    session: Session,
    *,
    network_id: uuid.UUID,
    requests: Sequence[NotificationRequest],
    now: datetime | None = None,
) -> int:
    """One multi-row insert for many recipients (a meeting's whole audience); returns rows made."""
    if not requests:
        return 0
    network = session.get(Network, network_id)
    channel = network.delivery_channel if network else DeliveryChannel.smtp
    now = now or utcnow()
    send_after = {u: next_send_time(now, urgent=u) for u in (True, False)}
    rows = [
        {
            "id": uuid.uuid4(),
            "network_id": network_id,
            "recipient_member_id": r.member_id,
            "recipient_user_id": r.user_id,
            "channel": channel,
            "kind": r.kind,
            "idempotency_key": r.key,
            "event_id": r.event_id,
            "subject_id": r.subject_id,
            "context": r.context,
            "status": NotificationStatus.pending,
            "send_after": send_after[r.kind in URGENT_KINDS],
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        }
        for r in requests
    ]
    if session.get_bind().dialect.name == "postgresql":
        # Rows as parameters, not .values(rows): the statement is compiled once and cached, and
        # SQLAlchemy still sends one multi-row INSERT ("insertmanyvalues").
        inserted = session.scalars(
            pg_insert(Notification)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(Notification.id),
            rows,
        )
        return len(list(inserted))
    taken = set(
        session.scalars(
            select(Notification.idempotency_key).where(
                Notification.idempotency_key.in_([r["idempotency_key"] for r in rows])
            )
        )
    )
    fresh = [Notification(**r) for r in rows if r["idempotency_key"] not in taken]
    session.add_all(fresh)
    session.flush()
    return len(fresh)


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
