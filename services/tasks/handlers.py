"""What tasks do on their events and timers: tell the owner, remind before and on the due day,
then climb the daily overdue ladder; a completed task's queued reminders are withdrawn."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.settings import get_settings
from schemas.enums import TaskStatus
from schemas.events import TaskCompleted, TaskCreated, TaskOverdue, TaskReassigned
from services.actors import Actor
from services.auth.models import NetworkMembership, UserAccount, UserRole
from services.events.models import Timer
from services.events.reactions import Event, consumer, on_timer
from services.events.service import record_event
from services.events.timers import set_timer
from services.notifications.service import Mail, request_mail, suppress_pending
from services.tasks.mail import (
    REMINDER_KINDS,
    Escalation,
    TaskAssignedMail,
    TaskOverdueMail,
    TaskReminderMail,
    assigned_key,
    overdue_key,
    owner_and_contact,
    preload_tasks,
    reassigned_key,
    task_facts,
    tell,
)
from services.tasks.models import Task
from services.tasks.service import local_morning, today_local


@consumer(TaskCreated, TaskCompleted, name="task_mail")
def on_task_event(session: Session, events: Sequence[Event[TaskCreated | TaskCompleted]]) -> None:
    """A new task is told to its owner; a done one withdraws its queued reminders.

    Set-based: the batch's tasks and what their mails name are loaded in one query per table,
    and each network's mails go in one multi-row insert.
    """
    created = [e for e in events if isinstance(e.payload, TaskCreated)]
    tasks = preload_tasks(session, [e.payload.task_id for e in created])
    mails: dict[uuid.UUID, list[Mail]] = {}
    for event in events:
        if isinstance(event.payload, TaskCompleted):
            suppress_pending(session, subject_id=event.payload.task_id, kinds=REMINDER_KINDS)
            continue
        task = tasks.get(event.payload.task_id)
        owner = owner_and_contact(session, task)[0] if task is not None else None
        if task is None or owner is None:
            continue
        mail = TaskAssignedMail(task_id=task.id, task=task_facts(session, task))
        key = assigned_key(task.id, owner)
        one = Mail(mail, key=key, member_id=owner, subject_id=task.id, event_id=event.event_id)
        mails.setdefault(task.network_id, []).append(one)
    for network_id, network_mails in mails.items():
        request_mail(session, network_id=network_id, mails=network_mails)


@consumer(TaskReassigned, name="task_reassigned_mail")
def on_task_reassigned(session: Session, events: Sequence[Event[TaskReassigned]]) -> None:
    """The new owner of an open task is told, as a new owner is (once per reassignment)."""
    for event in events:
        task = session.get(Task, event.payload.task_id)
        if task is None or task.status != TaskStatus.open:
            continue
        owner = owner_and_contact(session, task)[0]
        if owner is None:
            continue
        mail = TaskAssignedMail(task_id=task.id, task=task_facts(session, task))
        key = reassigned_key(task.id, event.event_id, owner)
        tell(session, task, mail, key=key, member_id=owner, event_id=event.event_id)


@on_timer("task.reminder_before")
@on_timer("task.reminder_due")
def remind(session: Session, timer: Timer, now: datetime) -> None:
    """Before and on the due day, to the owner, or the owning organisation's contact."""
    task = session.get(Task, timer.subject_id)
    if task is None or task.status != TaskStatus.open:
        return
    owner, _ = owner_and_contact(session, task)
    if owner is None:
        return
    mail = TaskReminderMail(task_id=task.id, task=task_facts(session, task))
    tell(session, task, mail, key=f"{timer.key}:{task.due_date}", member_id=owner, now=now)


@on_timer("task.overdue")
def overdue(session: Session, timer: Timer, now: datetime) -> None:
    """Day n overdue: owner, then the organisation's contact, then the coordinator once (see
    the task_overdue_* settings: 3 and 3 days by default)."""
    task = session.get(Task, timer.subject_id)
    if task is None or task.status != TaskStatus.open:
        return
    days = (today_local(now) - task.due_date).days
    if days < 1:
        return
    if task.overdue_since is None:
        task.overdue_since = task.due_date + timedelta(days=1)
        record_event(
            session,
            payload=TaskOverdue(task_id=task.id, due_date=task.due_date, days_overdue=days),
            aggregate_type="task",
            aggregate_id=task.id,
            network_id=task.network_id,
            actor=Actor(kind="system", network_id=task.network_id),
        )
    step, recipients = _ladder_step(session, task, days)
    facts = task_facts(session, task)
    for member_id, user_id in recipients:
        mail = TaskOverdueMail(task_id=task.id, task=facts, days_overdue=days, escalation=step)
        recipient = member_id or user_id
        assert recipient is not None
        key = overdue_key(task.id, days, recipient)
        tell(session, task, mail, key=key, member_id=member_id, user_id=user_id, now=now)
    if step != "coordinator":
        set_timer(
            session,
            kind="task.overdue",
            subject_id=task.id,
            network_id=task.network_id,
            due_at=local_morning(today_local(now) + timedelta(days=1), hour=0),
            key=timer.key,
        )


def _ladder_step(
    session: Session, task: Task, days: int
) -> tuple[Escalation, list[tuple[uuid.UUID | None, uuid.UUID | None]]]:
    settings = get_settings()
    owner_days, contact_days = settings.task_overdue_owner_days, settings.task_overdue_contact_days
    owner, contact = owner_and_contact(session, task)
    if days <= owner_days and owner is not None:
        return "owner", [(owner, None)]
    if days <= owner_days + contact_days and contact is not None:
        return "organisation_contact", [(contact, None)]
    coordinators = session.scalars(
        select(UserAccount.id)
        .join(NetworkMembership, NetworkMembership.account_id == UserAccount.id)
        .where(
            NetworkMembership.network_id == task.network_id,
            NetworkMembership.role == UserRole.coordinator,
            UserAccount.active.is_(True),
        )
    )
    found: list[tuple[uuid.UUID | None, uuid.UUID | None]] = [(None, u) for u in coordinators]
    return "coordinator", found
