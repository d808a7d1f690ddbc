"""Outcomes other than 'sent': retry later, fail into a dead letter, suppress, settle doubt."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.settings import Settings
from schemas.enums import EmailStatus
from schemas.events import NotificationFailed
from services.actors import Actor
from services.audit.service import record_audit
from services.errors import NotFound
from services.events.models import DeadLetter
from services.events.outbox import Publisher, unit_of_work
from services.events.service import record_event
from services.notifications.formatting import next_send_time
from services.notifications.models import Notification, NotificationStatus
from services.notifications.quiet_hours import window_of
from services.people.models import Member, Network

DEAD_LETTER_TASK = "notification.deliver"
UNCERTAIN = "uncertain: worker died while sending"
DOUBTFUL = "in doubt: its sender died while sending; sent again with the same ids"
_OURS = (NotificationStatus.sending, NotificationStatus.pending)  # claimed, or in flight


def backoff(attempt: int, settings: Settings) -> float:
    """Exponential backoff with jitter (half fixed, half random), capped."""
    ceiling = min(
        settings.delivery_backoff_max_s, settings.delivery_backoff_base_s * 2 ** (attempt - 1)
    )
    return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def _sending(session: Session, ids: list[uuid.UUID]) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.id.in_(ids), Notification.status == NotificationStatus.sending)
            .with_for_update()
        )
    )


def retry(
    factory: sessionmaker[Session],
    ids: list[uuid.UUID],
    delay_s: float,
    error: str,
    now: datetime,
    *,
    urgent: frozenset[str],
    counted: bool = True,
    max_attempts: int | None = None,
    publisher: Publisher | None = None,
) -> int:
    """Back to pending, due after the delay within the network's window; or fail at the cap."""
    exhausted: list[uuid.UUID] = []
    with factory.begin() as session:
        rows = _sending(session, ids)
        for row in rows:
            if counted and max_attempts is not None and row.attempts >= max_attempts:
                exhausted.append(row.id)
                continue
            if not counted:
                row.attempts = max(0, row.attempts - 1)
            due = now + timedelta(seconds=max(0.0, delay_s))
            window = window_of(session.get(Network, row.network_id))  # cached per network
            row.send_after = next_send_time(due, urgent=row.kind in urgent, window=window)
            row.status = NotificationStatus.pending
            row.last_error = error[:2000]
            row.updated_at = now
            row.claimed_by = row.claimed_until = None
        retried = len(rows) - len(exhausted)
    if exhausted:
        fail(
            factory,
            exhausted,
            f"gave up after {max_attempts} attempts: {error}",
            now=now,
            publisher=publisher,
        )
    return retried


def fail(
    factory: sessionmaker[Session],
    ids: list[uuid.UUID],
    error: str,
    *,
    now: datetime,
    publisher: Publisher | None = None,
    address_failing: bool = False,
    statuses: tuple[NotificationStatus, ...] = _OURS,
) -> int:
    """Failed + dead letter + notification.failed event; a hard bounce marks the address failing."""
    with unit_of_work(factory, publisher) as session:
        rows = list(
            session.scalars(
                select(Notification)
                .where(Notification.id.in_(ids), Notification.status.in_(statuses))
                .with_for_update(skip_locked=True)
            )
        )
        for row in rows:
            row.status = NotificationStatus.failed
            row.last_error = error[:2000]
            row.updated_at = now
            row.claimed_by = row.claimed_until = None
            session.add(
                DeadLetter(
                    task_name=DEAD_LETTER_TASK,
                    subject_id=row.id,
                    network_id=row.network_id,
                    args={"notification_id": str(row.id), "kind": row.kind},
                    error=error[:2000],
                    attempts=row.attempts,
                    failed_at=now,
                )
            )
            record_event(
                session,
                payload=NotificationFailed(notification_id=row.id, error=error[:500]),
                aggregate_type="notification",
                aggregate_id=row.id,
                network_id=row.network_id,
                actor=Actor(kind="system", network_id=row.network_id),
            )
            if address_failing and row.recipient_member_id is not None:
                member = session.get(Member, row.recipient_member_id)
                if member is not None:
                    member.email_status = EmailStatus.failing
    return len(rows)


def suppress(
    factory: sessionmaker[Session], reasons: dict[uuid.UUID, str], *, now: datetime
) -> int:
    """Rows whose reason is gone (task done, opted out): suppressed, with the reason kept."""
    with factory.begin() as session:
        for row_id, reason in reasons.items():
            session.execute(
                update(Notification)
                .where(Notification.id == row_id, Notification.status.in_(_OURS))
                .values(
                    status=NotificationStatus.suppressed,
                    last_error=reason[:2000],
                    updated_at=now,
                    claimed_by=None,
                    claimed_until=None,
                )
            )
    return len(reasons)


def settle_doubtful(
    factory: sessionmaker[Session],
    *,
    now: datetime,
    lease: timedelta,
    max_attempts: int,
    publisher: Publisher | None,
) -> int:
    """Rows `sending` past the lease (their sender died mid-send) go out again, never dropped.

    They become pending with `doubtful_since` set and keep their fixed ids, so the resend is
    the identical mail (Microsoft 365 looks it up in Sent Items first). Only a row that has
    used up its attempts this way becomes a dead letter."""
    with factory.begin() as session:
        rows = list(
            session.scalars(
                select(Notification)
                .where(
                    Notification.status == NotificationStatus.sending,
                    Notification.updated_at < now - lease,
                )
                .with_for_update(skip_locked=True)
            )
        )
        exhausted = [row.id for row in rows if row.attempts >= max_attempts]
        for row in rows:
            if row.id in exhausted:
                continue
            row.status = NotificationStatus.pending
            row.doubtful_since = row.doubtful_since or row.updated_at
            row.send_after = now
            row.last_error = DOUBTFUL
            row.updated_at = now
            row.claimed_by = row.claimed_until = None
    if exhausted:
        fail(factory, exhausted, UNCERTAIN, now=now, publisher=publisher)
    return len(rows)


def retry_failed(session: Session, *, notification_id: uuid.UUID, actor: Actor) -> None:
    """The overview's retry button: a failed mail back to pending, due now (the scan sends it)."""
    row = session.get(Notification, notification_id)
    if row is None or row.network_id != actor.network_id:
        raise NotFound("lookup.not_in_network", label="notification", id=notification_id)
    if row.status != NotificationStatus.failed:
        return
    row.status, row.send_after = NotificationStatus.pending, utcnow()
    record_audit(
        session,
        actor=actor,
        action="retry",
        entity_type="notification",
        entity_id=row.id,
        network_id=actor.network_id,
    )
