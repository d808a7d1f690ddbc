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


def accounts_of(session: Session, network_id: uuid.UUID) -> list[UserAccount]:
    """The network's accounts (active or not) by name, then address: who did what in the log."""
    query = select(UserAccount).where(UserAccount.network_id == network_id)
    return list(session.scalars(query.order_by(UserAccount.name, UserAccount.email)))
