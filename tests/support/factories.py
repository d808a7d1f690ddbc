"""Small factories: the least a test needs, with readable defaults."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from services.actors import Actor
from services.auth.models import NetworkMembership, UserAccount, UserRole
from services.meetings.models import Meeting, MeetingStatus
from services.people.models import Member, Network, Organisation
from services.people.registry import OrganisationKind

PASSWORD = "correct horse battery staple"
# Hashed once, with Argon2's lightest parameters: the service verifies it through its own code
# (the parameters travel in the hash), and a test pays ~1 ms for it instead of ~0.25 s.
PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


def make_network(session: Session, name: str | None = None) -> Network:
    suffix = uuid.uuid4().hex[:8]
    network = Network(name=name or f"Nätverk {suffix}", slug=f"n-{suffix}")
    session.add(network)
    session.flush()
    return network


def make_organisation(
    session: Session, network: Network, name: str = "Ale", **fields: object
) -> Organisation:
    fields.setdefault("kind", OrganisationKind.municipality)
    org = Organisation(network_id=network.id, name=name, short_name=name, aliases=[], **fields)
    session.add(org)
    session.flush()
    return org


def make_member(
    session: Session, organisation: Organisation, name: str = "Anna Andersson", **fields: object
) -> Member:
    email = fields.pop("email", f"{uuid.uuid4().hex[:10]}@example.org")
    member = Member(
        network_id=organisation.network_id,
        organisation_id=organisation.id,
        name=name,
        email=email,
        **fields,
    )
    session.add(member)
    session.flush()
    return member


def make_user(
    session: Session, network: Network, role: UserRole = UserRole.coordinator
) -> UserAccount:
    user = UserAccount(
        email=f"{uuid.uuid4().hex[:10]}@example.org",
        password_hash=PASSWORD_HASH,
        memberships=[NetworkMembership(network_id=network.id, role=role)],
    )
    session.add(user)
    session.flush()
    return user


def make_meeting(
    session: Session,
    network: Network,
    *,
    days_ahead: float = 7,
    hours: float = 3,
    status: MeetingStatus = MeetingStatus.planned,
    **fields: object,
) -> Meeting:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days_ahead)
    meeting_id = uuid.uuid4()
    meeting = Meeting(
        id=meeting_id,
        network_id=network.id,
        title=str(fields.pop("title", "Nätverksträff")),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        status=status,
        ical_uid=f"{meeting_id}@samverkan",
        **fields,
    )
    session.add(meeting)
    session.flush()
    return meeting


def coordinator_actor(user: UserAccount) -> Actor:
    return Actor(kind="user", id=user.id, network_id=user.network_id, role=user.role.value)
