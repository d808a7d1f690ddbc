"""Reads of user accounts that other rooms use (the accessibility statement's contacts, the
network switcher, the administrator's page)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.auth.models import ApiToken, NetworkMembership, UserAccount, UserRole
from services.people.models import Network


def coordinator_addresses(
    session: Session, network_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """The active coordinators' addresses per network, alphabetically."""
    rows = session.execute(
        select(NetworkMembership.network_id, UserAccount.email)
        .join(UserAccount, NetworkMembership.account_id == UserAccount.id)
        .where(
            NetworkMembership.network_id.in_(network_ids),
            NetworkMembership.role == UserRole.coordinator,
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
    query = (
        select(UserAccount)
        .join(NetworkMembership, NetworkMembership.account_id == UserAccount.id)
        .where(NetworkMembership.network_id == network_id)
    )
    return list(session.scalars(query.order_by(UserAccount.name, UserAccount.email)))


def networks_with_roles(session: Session) -> list[tuple[Network, int]]:
    """Every network of the installation with its number of accounts, by name (administrators)."""
    counted = (
        select(Network, func.count(NetworkMembership.id))
        .outerjoin(NetworkMembership, NetworkMembership.network_id == Network.id)
        .group_by(Network.id)
        .order_by(Network.name)
    )
    return [(network, count) for network, count in session.execute(counted)]


def tokens_of(session: Session, *, account_id: uuid.UUID, network_id: uuid.UUID) -> list[ApiToken]:
    """The account's API tokens for one network, newest first (the token itself is not stored)."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == account_id, ApiToken.network_id == network_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id)
        )
    )
