"""A sender's turns on notification rows: claim a few, mark one `sending`, mark it `sent`.

Each step is its own short transaction on purpose: the claim (SKIP LOCKED) only reserves rows
for this scan, so parallel senders take different ones and no lock is held during SMTP or
Graph; `sending` is written just before the network call and `sent` just after, so a kill -9
leaves at most the one message in flight in doubt.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.notifications.formatting import WORKING_HOURS, SendingWindow
from services.notifications.kinds import MailKinds
from services.notifications.models import Notification, NotificationStatus
from services.notifications.quiet_hours import open_network_ids
from services.notifications.transports import Outgoing


def in_working_hours(now: datetime, window: SendingWindow = WORKING_HOURS) -> bool:
    """Whether mail that is not urgent may go out now under `window` (by default 08–17)."""
    return window.is_open(now)


def _due(kinds: MailKinds, now: datetime) -> list[ColumnElement[bool]]:
    """Pending, due, and not claimed by a live scan; outside its network's window only urgent
    kinds (one condition for all networks: the database compares each network's window)."""
    return [
        Notification.status == NotificationStatus.pending,
        or_(Notification.send_after.is_(None), Notification.send_after <= now),
        or_(Notification.claimed_until.is_(None), Notification.claimed_until <= now),
        or_(
            Notification.kind.in_(kinds.urgent), Notification.network_id.in_(open_network_ids(now))
        ),
    ]


def due_count(factory: sessionmaker[Session], kinds: MailKinds, *, now: datetime) -> int:
    """How many rows a scan could claim now (decides whether more senders start)."""
    with factory() as session:
        query = select(func.count()).select_from(Notification).where(*_due(kinds, now))
        return int(session.scalar(query) or 0)


def claim(
    factory: sessionmaker[Session],
    kinds: MailKinds,
    *,
    token: str,
    now: datetime,
    limit: int,
    lease: timedelta,
    seen: Collection[uuid.UUID] = (),
) -> list[list[uuid.UUID]]:
    """Reserve up to `limit` due rows for this scan (they stay pending); return send groups."""
    with factory.begin() as session:
        query = select(Notification).where(*_due(kinds, now))
        if seen:
            query = query.where(Notification.id.not_in(list(seen)))
        rows = list(
            session.scalars(
                query.order_by(Notification.send_after, Notification.created_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        # Core UPDATE: an ORM "no change" to updated_at would let onupdate stamp the wall clock.
        session.execute(
            update(Notification)
            .where(Notification.id.in_([row.id for row in rows]))
            .values(claimed_by=token, claimed_until=now + lease, updated_at=Notification.updated_at)
            .execution_options(synchronize_session=False)
        )
        groups: dict[tuple[object, ...], list[uuid.UUID]] = {}
        for row in rows:
            who = row.recipient_member_id or row.recipient_user_id
            if row.message_id is not None:  # rendered before: the same mail again
                key: tuple[object, ...] = ("message", row.message_id)
            elif row.kind in kinds.batchable:
                key = (who, row.channel)
            else:
                key = (row.id,)
            groups.setdefault(key, []).append(row.id)
    return list(groups.values())


def mark_sending(
    factory: sessionmaker[Session], mail: Outgoing, *, token: str, at: datetime
) -> bool:
    """Just before the network call: `sending` (+1 attempt) and the ids fixed for good.

    False (nothing written) when a row is no longer ours to send (suppressed meanwhile)."""
    uid = mail.invite.meeting.uid if mail.invite else None
    sequence = mail.invite.meeting.sequence if mail.invite else None
    with factory() as session:
        result = session.execute(
            update(Notification)
            .where(
                Notification.id.in_(mail.ids),
                Notification.status == NotificationStatus.pending,
                Notification.claimed_by == token,
            )
            .values(
                status=NotificationStatus.sending,
                attempts=Notification.attempts + 1,
                updated_at=at,
                message_id=func.coalesce(Notification.message_id, mail.message_id),
                dtstamp=func.coalesce(Notification.dtstamp, mail.dtstamp),
                ical_uid=func.coalesce(Notification.ical_uid, uid),
                ical_sequence=func.coalesce(Notification.ical_sequence, sequence),
            )
            .execution_options(synchronize_session=False)
        )
        if int(getattr(result, "rowcount", 0) or 0) != len(mail.ids):
            session.rollback()
            return False
        session.commit()
    return True


def mark_sent(
    factory: sessionmaker[Session], ids: Collection[uuid.UUID], provider_id: str, at: datetime
) -> int:
    """Right after the network call: `sent` with the provider's id."""
    with factory.begin() as session:
        result = session.execute(
            update(Notification)
            .where(
                Notification.id.in_(list(ids)), Notification.status == NotificationStatus.sending
            )
            .values(
                status=NotificationStatus.sent,
                provider_id=provider_id[:300],
                sent_at=at,
                last_error=None,
                updated_at=at,
                claimed_by=None,
                claimed_until=None,
            )
        )
    return int(getattr(result, "rowcount", 0) or 0)


def release(factory: sessionmaker[Session], ids: Collection[uuid.UUID], *, token: str) -> None:
    """Give back rows this scan claimed but will not send now (the next scan takes them)."""
    with factory.begin() as session:
        session.execute(
            update(Notification)
            .where(Notification.id.in_(list(ids)), Notification.claimed_by == token)
            .values(claimed_by=None, claimed_until=None, updated_at=Notification.updated_at)
            .execution_options(synchronize_session=False)
        )
