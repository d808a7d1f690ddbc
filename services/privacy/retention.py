"""Nothing kept longer than needed: old login attempts and old mails are deleted by beat."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from services.auth.models import LoginAttempt
from services.notifications.models import Notification, NotificationStatus

DONE = (NotificationStatus.sent, NotificationStatus.failed, NotificationStatus.suppressed)


def purge_expired(
    session: Session, *, now: datetime, login_attempt_days: int, notification_days: int
) -> dict[str, int]:
    """Deleted rows per table; mails still pending or sending are never touched."""
    attempts = session.execute(
        delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=login_attempt_days))
    )
    mails = session.execute(
        delete(Notification).where(
            Notification.status.in_(DONE),
            Notification.created_at < now - timedelta(days=notification_days),
        )
    )
    return {
        "login_attempt": int(getattr(attempts, "rowcount", 0) or 0),
        "notification": int(getattr(mails, "rowcount", 0) or 0),
    }
