"""What tasks do on their events and timers: tell the owner, remind before and on the due day,
then climb the daily overdue ladder; a completed task's queued reminders are withdrawn."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.settings import get_settings
from schemas.enums import TaskStatus
from schemas.events import TaskCompleted, TaskCreated, TaskOverdue, TaskReassigned
from services.actors import Actor
from services.auth.models import NetworkMembership, UserAccount, UserRole
from services.events.reactions import Event, consumer, on_timers
from services.events.service import record_event
from services.events.timers import DueTimer, TimerSpec, set_timers
from services.notifications.service import Mail, request_mail, request_mails, suppress_pending
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


@on_timers("task.reminder_before")
@on_timers("task.reminder_due")
def remind(session: Session, timers: Sequence[DueTimer], now: datetime) -> None:
    """Before and on the due day, to the owner, or the owning organisation's contact.

    Set-based: the tasks and what their mails name in one query per table, one mail INSERT.
    """
    tasks = preload_tasks(session, [timer.subject_id for timer in timers])
    mails: dict[uuid.UUID, list[Mail]] = {}
    for timer in timers:
        task = tasks.get(timer.subject_id)
        if task is None or task.status != TaskStatus.open:
            continue
        owner, _ = owner_and_contact(session, task)
        if owner is None:
            continue
        mail = TaskReminderMail(task_id=task.id, task=task_facts(session, task))
        key = f"{timer.key}:{task.due_date}"
        one = Mail(mail, key=key, member_id=owner, subject_id=task.id)
        mails.setdefault(task.network_id, []).append(one)
    request_mails(session, by_network=mails, now=now)


@on_timers("task.overdue")
def overdue(session: Session, timers: Sequence[DueTimer], now: datetime) -> None:
    """Day n overdue: owner, then the organisation's contact, then the coordinator once (see
    the task_overdue_* settings: 3 and 3 days by default); re-armed for tomorrow until then.

    Set-based: tasks, coordinators and mails in one statement each for the whole set.
    """
    tasks = preload_tasks(session, [timer.subject_id for timer in timers])
    today = today_local(now)
    late = [
        (timer, task, (today - task.due_date).days)
        for timer in timers
        if (task := tasks.get(timer.subject_id)) is not None
        and task.status == TaskStatus.open
        and (today - task.due_date).days >= 1
    ]
    steps = [(timer, task, days, _ladder_step(session, task, days)) for timer, task, days in late]
    coordinators = _coordinators(
        session, {task.network_id for _, task, _, (step, _) in steps if step == "coordinator"}
    )
    mails: dict[uuid.UUID, list[Mail]] = {}
    again: list[TimerSpec] = []
    tomorrow = local_morning(today + timedelta(days=1), hour=0)
    for timer, task, days, (step, member) in steps:
        _mark_overdue(session, task, days)
        recipients = (
            [(member, None)] if member else [(None, u) for u in coordinators[task.network_id]]
        )
        facts = task_facts(session, task)
        for member_id, user_id in recipients:
            mail = TaskOverdueMail(task_id=task.id, task=facts, days_overdue=days, escalation=step)
            recipient = member_id or user_id
            assert recipient is not None
            key = overdue_key(task.id, days, recipient)
            one = Mail(mail, key=key, member_id=member_id, user_id=user_id, subject_id=task.id)
            mails.setdefault(task.network_id, []).append(one)
        if step != "coordinator":
            again.append(TimerSpec("task.overdue", task.id, tomorrow, task.network_id, timer.key))
    request_mails(session, by_network=mails, now=now)
    set_timers(session, again)


def _mark_overdue(session: Session, task: Task, days: int) -> None:
    """The first overdue day stamps the task and records task.overdue (once per task)."""
    if task.overdue_since is not None:
        return
    task.overdue_since = task.due_date + timedelta(days=1)
    record_event(
        session,
        payload=TaskOverdue(task_id=task.id, due_date=task.due_date, days_overdue=days),
        aggregate_type="task",
        aggregate_id=task.id,
        network_id=task.network_id,
        actor=Actor(kind="system", network_id=task.network_id),
    )


def _ladder_step(session: Session, task: Task, days: int) -> tuple[Escalation, uuid.UUID | None]:
    """Who is told on day `days`: the owner, the contact, or (None) the network's coordinators."""
    settings = get_settings()
    owner_days, contact_days = settings.task_overdue_owner_days, settings.task_overdue_contact_days
    owner, contact = owner_and_contact(session, task)
    if days <= owner_days and owner is not None:
        return "owner", owner
    if days <= owner_days + contact_days and contact is not None:
        return "organisation_contact", contact
    return "coordinator", None


def _coordinators(
    session: Session, network_ids: set[uuid.UUID]
) -> defaultdict[uuid.UUID, list[uuid.UUID]]:
    """The active coordinator accounts of these networks, in one query."""
    found: defaultdict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if not network_ids:
        return found
    rows = session.execute(
        select(NetworkMembership.network_id, UserAccount.id)
        .join(NetworkMembership, NetworkMembership.account_id == UserAccount.id)
        .where(
            NetworkMembership.network_id.in_(network_ids),
            NetworkMembership.role == UserRole.coordinator,
            UserAccount.active.is_(True),
        )
    )
    for network_id, account_id in rows:
        found[network_id].append(account_id)
    return found
