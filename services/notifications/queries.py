"""Reads of the mail log that other rooms use (the coordinator's overview and mail pages)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.notifications.models import Notification, NotificationStatus
from services.people.models import Member


def failed_mails(session: Session, network_id: uuid.UUID, *, limit: int = 20) -> list[Notification]:
    """The network's mails that gave up, latest first."""
    query = select(Notification).where(
        Notification.network_id == network_id, Notification.status == NotificationStatus.failed
    )
    return list(session.scalars(query.order_by(Notification.updated_at.desc()).limit(limit)))


def sent_mails(
    session: Session, network_id: uuid.UUID, *, limit: int = 200
) -> tuple[list[tuple[Notification, str | None]], int]:
    """The latest mails with their recipient's name, and how many there are in all."""
    rows = session.execute(
        select(Notification, Member.name)
        .outerjoin(Member, Member.id == Notification.recipient_member_id)
        .where(Notification.network_id == network_id)
        .order_by(Notification.created_at.desc())
        .limit(limit)
    )
    total = session.scalar(
        select(func.count()).select_from(Notification).where(Notification.network_id == network_id)
    )
    return [(n, name) for n, name in rows], int(total or 0)
