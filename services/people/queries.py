"""Reads of organisations, members and networks that other rooms use (the pages, the feeds)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from schemas.enums import EmailStatus
from services.people.models import Member, MemberRole, Network, Organisation


def organisations_query(network_id: uuid.UUID | None) -> Select[Organisation]:
    """The network's organisations by name (the API pages through it)."""
    query = select(Organisation).where(Organisation.network_id == network_id)
    return query.order_by(Organisation.name)


def organisations(session: Session, network_id: uuid.UUID) -> list[Organisation]:
    """The network's organisations by name."""
    return list(session.scalars(organisations_query(network_id)))


def members(session: Session, network_id: uuid.UUID) -> list[Member]:
    """Every member of the network (active or not), by name."""
    query = select(Member).where(Member.network_id == network_id)
    return list(session.scalars(query.order_by(Member.name)))


def active_members_with_organisation(
    session: Session, network_id: uuid.UUID
) -> list[tuple[Member, str]]:
    """Active members with their organisation's short name, by organisation, then name."""
    query = (
        select(Member, Organisation.short_name)
        .join(Organisation, Organisation.id == Member.organisation_id)
        .where(Member.network_id == network_id, Member.active.is_(True))
        .order_by(Organisation.name, Member.name)
    )
    return [(member, short) for member, short in session.execute(query)]


def organisation_in(
    session: Session, organisation_id: uuid.UUID, *, network_id: uuid.UUID
) -> Organisation | None:
    """The organisation if it belongs to the network (a form's choice, checked)."""
    org = session.get(Organisation, organisation_id)
    return org if org is not None and org.network_id == network_id else None


def member_in(session: Session, member_id: uuid.UUID, *, network_id: uuid.UUID) -> Member | None:
    """The member if they belong to the network (active or not)."""
    member = session.get(Member, member_id)
    return member if member is not None and member.network_id == network_id else None


def network_of(session: Session, network_id: uuid.UUID) -> Network | None:
    return session.get(Network, network_id)


def colleagues_of(session: Session, member: Member) -> list[Member]:
    """Who may stand in: active members of the same organisation."""
    query = select(Member).where(
        Member.organisation_id == member.organisation_id,
        Member.active.is_(True),
        Member.id != member.id,
    )
    return list(session.scalars(query.order_by(Member.name)))


def member_by_email(session: Session, *, network_id: uuid.UUID, email: str) -> Member | None:
    """The active member with this address (any case) in the network."""
    return session.scalar(
        select(Member).where(
            Member.network_id == network_id,
            Member.active.is_(True),
            func.lower(Member.email) == email.lower(),
        )
    )


def first_coordinator(session: Session, network_id: uuid.UUID) -> Member | None:
    """The network's longest-standing active coordinator member."""
    return session.scalar(
        select(Member)
        .where(
            Member.network_id == network_id,
            Member.active.is_(True),
            Member.role == MemberRole.coordinator,
        )
        .order_by(Member.created_at, Member.id)
        .limit(1)
    )


def networks(session: Session, *, network_id: uuid.UUID | None, limit: int) -> list[Network]:
    """One network, or the first `limit` by name."""
    query = select(Network).order_by(Network.name).limit(limit)
    if network_id is not None:
        query = query.where(Network.id == network_id)
    return list(session.scalars(query))


def organisation_names(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Full names of the given organisations."""
    query = select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    return {org_id: name for org_id, name in session.execute(query)}


@dataclass
class FailingAddress:
    """A member whose address bounced: the overview lists them with the reason."""

    name: str
    email: str
    reason: str | None
    since: datetime | None


def failing_addresses(session: Session, network_id: uuid.UUID) -> list[FailingAddress]:
    """Members whose address bounced, newest first, with the bounce's reason."""
    rows = session.scalars(
        select(Member)
        .where(Member.network_id == network_id, Member.email_status == EmailStatus.failing)
        .order_by(Member.failing_since.desc(), Member.name)
        .limit(50)
    )
    return [FailingAddress(m.name, m.email, m.bounce_reason, m.failing_since) for m in rows]
