"""Reads of deadlines that other rooms use (the weekly digest, the calendar feeds, the pages)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from services.deadlines.models import Deadline, DeadlineFollower
from services.deadlines.reminders import deadline_audience
from services.lookup import get_in_network
from services.people.models import Member, Organisation


def followed_deadlines(member: Member) -> ColumnElement[bool]:
    """Deadlines the member follows, or that nobody follows (then everyone is told)."""
    follows = exists().where(
        DeadlineFollower.deadline_id == Deadline.id, DeadlineFollower.member_id == member.id
    )
    anyone = exists().where(DeadlineFollower.deadline_id == Deadline.id)
    return and_(Deadline.network_id == member.network_id, or_(follows, ~anyone))


def deadlines_closing(
    session: Session, member: Member, *, after: datetime, until: datetime | None = None
) -> list[Deadline]:
    """The member's deadlines closing after `after` (and by `until`), soonest first."""
    query = select(Deadline).where(followed_deadlines(member), Deadline.closes_at > after)
    if until is not None:
        query = query.where(Deadline.closes_at <= until)
    return list(session.scalars(query.order_by(Deadline.closes_at)))


def open_windows(session: Session, network_id: uuid.UUID, *, now: datetime) -> list[Deadline]:
    """The network's next ten deadlines that have not closed, soonest first."""
    query = select(Deadline).where(Deadline.network_id == network_id, Deadline.closes_at >= now)
    return list(session.scalars(query.order_by(Deadline.closes_at).limit(10)))


def deadlines_with_issuer(
    session: Session, network_id: uuid.UUID
) -> list[tuple[Deadline, str | None]]:
    """Every deadline of the network with its issuer's short name, latest closing first."""
    query = (
        select(Deadline, Organisation.short_name)
        .outerjoin(Organisation, Organisation.id == Deadline.issuer_organisation_id)
        .where(Deadline.network_id == network_id)
        .order_by(Deadline.closes_at.desc())
    )
    return [(deadline, short) for deadline, short in session.execute(query)]


def deadline_in(session: Session, deadline_id: uuid.UUID, *, network_id: uuid.UUID) -> Deadline:
    """The network's deadline (NotFound otherwise), for its page."""
    return get_in_network(session, Deadline, deadline_id, network_id=network_id, label="deadline")


def chosen_followers(session: Session, deadline: Deadline) -> set[uuid.UUID]:
    """The members chosen to follow it; empty when everyone follows."""
    query = select(DeadlineFollower.member_id).where(DeadlineFollower.deadline_id == deadline.id)
    return set(session.scalars(query))


def audience_of(session: Session, deadline: Deadline) -> list[uuid.UUID]:
    """Who its reminders go to now: the followers, else every active member."""
    return deadline_audience(session, deadline)
