"""Reads of deadlines that other rooms use (the weekly digest, the calendar feeds)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from services.deadlines.models import Deadline, DeadlineFollower
from services.people.models import Member


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
