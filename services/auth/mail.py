"""Staff accounts as mail recipients: coordinators receive escalations (tasks' overdue ladder)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from services.auth.models import UserAccount
from services.notifications.kinds import Staff


def staff_recipient(session: Session, user_id: uuid.UUID) -> Staff | None:
    """The account as the channel needs it (the channel does not read staff accounts itself)."""
    user = session.get(UserAccount, user_id)
    return Staff(name=user.name, email=user.email, active=user.active) if user else None
