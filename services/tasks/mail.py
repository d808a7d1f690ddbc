"""Tasks' mail: a new task to its owner, reminders before and on the due day, overdue notices.

Who answers for a task is decided once here (its member, else its organisation's contact).
A task that is no longer open sends nothing: completing it withdraws what is queued, and a
check at send time reads the task row for what was queued before.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import local_today
from schemas.enums import TaskStatus
from schemas.notifications import (
    MailKind,
    TaskAssignedContext,
    TaskItem,
    TaskOverdueContext,
    TaskReminderContext,
)
from services.meetings.models import Meeting
from services.notifications.kinds import MailPayload, MailSpec, Reader
from services.notifications.service import Mail, request_mail
from services.people.models import Member, Organisation
from services.tasks.models import Task

REMINDER_KINDS = {"task_reminder", "task_overdue"}
Escalation = Literal["owner", "organisation_contact", "coordinator"]


class TaskFacts(BaseModel):
    """A task as mails show it; the link is the reader's member page (added when sent)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    due_on: date
    owner_name: str
    organisation: str | None = None
    source: str | None = None

    def item(self, reader: Reader) -> TaskItem:
        return TaskItem(**self.model_dump(), url=reader.member_page_url)


def task_facts(session: Session, task: Task) -> TaskFacts:
    """The task as its mails show it: owner (or organisation) and the meeting it came from."""
    owner = session.get(Member, task.owner_member_id) if task.owner_member_id else None
    org_id = owner.organisation_id if owner else task.owner_organisation_id
    org = session.get(Organisation, org_id) if org_id else None
    source = session.get(Meeting, task.source_meeting_id) if task.source_meeting_id else None
    return TaskFacts(
        title=task.title,
        due_on=task.due_date,
        owner_name=owner.name if owner else (org.name if org else "-"),
        organisation=org.short_name if org and owner else None,  # else it is the owner
        source=source.title if source else None,
    )


def preload_tasks(session: Session, task_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Task]:
    """Tasks with the owners, organisations and meetings their mails name, one query per table:
    `task_facts` and `owner_and_contact` then find them in the identity map."""
    tasks = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_(task_ids)))}
    member_ids = {t.owner_member_id for t in tasks.values() if t.owner_member_id}
    members = list(session.scalars(select(Member).where(Member.id.in_(member_ids))))
    org_ids = {m.organisation_id for m in members} | {
        t.owner_organisation_id for t in tasks.values() if t.owner_organisation_id
    }
    list(session.scalars(select(Organisation).where(Organisation.id.in_(org_ids))))
    meeting_ids = {t.source_meeting_id for t in tasks.values() if t.source_meeting_id}
    list(session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids))))
    return tasks


def owner_and_contact(session: Session, task: Task) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """Who answers for the task (its member, else the organisation's contact), and who is next."""
    contact = None
    org_id = task.owner_organisation_id
    if task.owner_member_id is not None:  # a member's task escalates to their organisation
        member = session.get(Member, task.owner_member_id)
        org_id = member.organisation_id if member else org_id
    if org_id is not None:
        org = session.get(Organisation, org_id)
        contact = org.contact_member_id if org else None
    owner = task.owner_member_id or contact
    if contact == task.owner_member_id:  # the owner is the contact: next is the coordinator
        contact = None
    return owner, contact


class _TaskMail(MailPayload):
    batchable = True
    members_only = False
    task_id: uuid.UUID
    task: TaskFacts


class TaskAssignedMail(_TaskMail):
    """A new follow-up task, to its owner."""

    kind = MailKind.task_assigned

    def context(self, reader: Reader) -> TaskAssignedContext:
        return TaskAssignedContext(**reader.common(), task=self.task.item(reader))


class TaskReminderMail(_TaskMail):
    """Due in a few days, or today; the days are counted on the day it is sent."""

    kind = MailKind.task_reminder
    preference = "task_reminder"

    def context(self, reader: Reader) -> TaskReminderContext:
        days_left = max(0, (self.task.due_on - local_today(reader.now)).days)
        return TaskReminderContext(
            **reader.common(), task=self.task.item(reader), days_left=days_left
        )


class TaskOverdueMail(_TaskMail):
    """Day n overdue; `escalation` names the reader: owner, organisation contact, coordinator."""

    kind = MailKind.task_overdue
    preference = "task_reminder"
    days_overdue: int = Field(ge=1)
    escalation: Escalation = "owner"

    def context(self, reader: Reader) -> TaskOverdueContext:
        return TaskOverdueContext(
            **reader.common(),
            task=self.task.item(reader),
            days_overdue=self.days_overdue,
            escalation=self.escalation,
        )


def still_open(
    session: Session, mail: _TaskMail, member_id: uuid.UUID | None, now: datetime
) -> str | None:
    """Only about an open task (completing one also withdraws what is queued)."""
    task = session.get(Task, mail.task_id)
    return "task no longer open" if task is None or task.status != TaskStatus.open else None


def reminder_current(
    session: Session, mail: TaskReminderMail, member_id: uuid.UUID | None, now: datetime
) -> str | None:
    """An open task not yet past its due date: after that the overdue mails take over."""
    closed = still_open(session, mail, member_id, now)
    task = session.get(Task, mail.task_id)  # from the identity map: no second query
    if closed is not None or task is None:
        return closed
    if task.due_date < local_today(now):
        return "due date passed: the overdue mails take over"
    return None


KINDS = (
    MailSpec(TaskAssignedMail, check=still_open),
    MailSpec(TaskReminderMail, check=reminder_current),
    MailSpec(TaskOverdueMail, check=still_open),
)


def tell(
    session: Session,
    task: Task,
    payload: _TaskMail,
    *,
    key: str,
    member_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    event_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> bool:
    """One mail about `task`; False when its key was asked for before."""
    mail = Mail(
        payload, key=key, member_id=member_id, user_id=user_id, subject_id=task.id,
        event_id=event_id,
    )  # fmt: skip
    return request_mail(session, network_id=task.network_id, mails=[mail], now=now) == 1


def assigned_key(task_id: uuid.UUID, member_id: uuid.UUID) -> str:
    """One "new task" mail per task and owner."""
    return f"task_assigned:{task_id}:{member_id}"


def reassigned_key(task_id: uuid.UUID, event_id: uuid.UUID, member_id: uuid.UUID) -> str:
    """One "task is yours now" mail per reassignment and new owner."""
    return f"task_assigned:{task_id}:{event_id}:{member_id}"


def overdue_key(task_id: uuid.UUID, days: int, recipient_id: uuid.UUID) -> str:
    """One overdue mail per task, day overdue and recipient (member or user)."""
    return f"task_overdue:{task_id}:{days}:{recipient_id}"
