"""Reads of tasks that other rooms use (the weekly digest, the calendar feeds, the pages)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from schemas.enums import TaskStatus
from services.people.models import Member, Organisation
from services.tasks.mail import owner_and_contact
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


def done_tasks_of(session: Session, member: Member, *, limit: int = 20) -> list[Task]:
    """The member's most recently completed tasks."""
    query = select(Task).where(own_tasks(member), Task.status == TaskStatus.done)
    return list(session.scalars(query.order_by(Task.completed_at.desc()).limit(limit)))


def own_task_for_update(session: Session, member: Member, task_id: uuid.UUID) -> Task | None:
    """The task, locked, if the member answers for it; None otherwise (never a hint)."""
    query = select(Task).where(Task.id == task_id, own_tasks(member))
    return session.scalar(query.with_for_update())


def calendar_tasks(session: Session, member: Member) -> list[Task]:
    """Every task the member answers for that was not cancelled."""
    query = select(Task).where(own_tasks(member), Task.status != TaskStatus.cancelled)
    return list(session.scalars(query))


@dataclass
class TaskRow:
    id: uuid.UUID
    title: str
    due_date: date
    organisation: str | None
    owner: str | None


@dataclass
class OverdueGroup:
    organisation_id: uuid.UUID | None
    organisation: str
    count: int = 0
    oldest: date | None = None
    owner: str | None = None


def due_soon(session: Session, network_id: uuid.UUID, today: date) -> list[TaskRow]:
    """Open tasks due within two weeks, with owner and organisation names (one query)."""
    owner = aliased(Member)
    org_id = func.coalesce(Task.owner_organisation_id, owner.organisation_id)
    query = (
        select(Task.id, Task.title, Task.due_date, Organisation.short_name, owner.name)
        .outerjoin(owner, owner.id == Task.owner_member_id)
        .outerjoin(Organisation, Organisation.id == org_id)
        .where(
            Task.network_id == network_id,
            Task.status == TaskStatus.open,
            Task.due_date.between(today, today + timedelta(days=14)),
        )
        .order_by(Task.due_date, Task.id)
        .limit(30)
    )
    return [TaskRow(*row) for row in session.execute(query)]


def overdue_groups(session: Session, network_id: uuid.UUID, today: date) -> list[OverdueGroup]:
    """Count, oldest due date and the oldest task's owner, per organisation (one query)."""
    owner = aliased(Member)
    org_id = func.coalesce(Task.owner_organisation_id, owner.organisation_id).label("org_id")
    query = (
        select(org_id, Organisation.name, Task.due_date, owner.name)
        .select_from(Task)
        .outerjoin(owner, owner.id == Task.owner_member_id)
        .outerjoin(Organisation, Organisation.id == org_id)
        .where(
            Task.network_id == network_id,
            Task.status == TaskStatus.open,
            Task.due_date < today,
        )
        .order_by(Task.due_date, Task.id)
    )
    groups: dict[uuid.UUID | None, OverdueGroup] = {}
    for org, org_name, due, owner_name in session.execute(query):
        group = groups.setdefault(org, OverdueGroup(org, org_name or "—"))
        group.count += 1
        if group.oldest is None:
            group.oldest, group.owner = due, owner_name
    return sorted(groups.values(), key=lambda g: (-g.count, g.organisation))


def told_of_task(session: Session, task: Task) -> Member | None:
    """Who gets the mail about a new task: its member, else its organisation's contact."""
    owner_id, _ = owner_and_contact(session, task)
    return session.get(Member, owner_id) if owner_id is not None else None


def titles_of(
    session: Session, network_id: uuid.UUID, task_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Task titles by id, so that the audit log names the tasks on its page."""
    if not task_ids:
        return {}
    query = select(Task.id, Task.title).where(Task.network_id == network_id, Task.id.in_(task_ids))
    return {task_id: title for task_id, title in session.execute(query)}
