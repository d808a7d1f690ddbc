"""Reads of tasks that other rooms use (the weekly digest, the calendar feeds)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from schemas.enums import TaskStatus
from services.people.models import Member, Organisation
from services.tasks.models import Task


def own_tasks(member: Member) -> ColumnElement[bool]:
    """Tasks owned by the member, or by their organisation when they are its contact person."""
    contact_of = select(Organisation.id).where(Organisation.contact_member_id == member.id)
    return and_(
        Task.network_id == member.network_id,
        or_(
            Task.owner_member_id == member.id,
            and_(Task.owner_member_id.is_(None), Task.owner_organisation_id.in_(contact_of)),
        ),
    )


def open_tasks_of(session: Session, member: Member) -> list[Task]:
    """Open tasks the member answers for, soonest due first."""
    query = select(Task).where(own_tasks(member), Task.status == TaskStatus.open)
    return list(session.scalars(query.order_by(Task.due_date)))


def feed_tasks(session: Session, member: Member, *, since: date) -> list[Task]:
    """Open and done tasks the member answers for, due since `since`."""
    query = select(Task).where(
        own_tasks(member),
        Task.status.in_([TaskStatus.open, TaskStatus.done]),
        Task.due_date >= since,
    )
    return list(session.scalars(query.order_by(Task.due_date)))
