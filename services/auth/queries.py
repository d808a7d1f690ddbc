"""Reads of user accounts that other rooms use (the accessibility statement's contacts)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.auth.models import UserAccount, UserRole


def coordinator_addresses(
    session: Session, network_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """The active coordinators' addresses per network, alphabetically."""
    rows = session.execute(
        select(UserAccount.network_id, UserAccount.email)
        .where(
            UserAccount.network_id.in_(network_ids),
            UserAccount.role == UserRole.coordinator,
            UserAccount.active.is_(True),
        )
        .order_by(UserAccount.email)
    )
    found: dict[uuid.UUID, list[str]] = {}
    for owner, email in rows:
        found.setdefault(owner, []).append(email)
    return found
