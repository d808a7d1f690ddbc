"""Follow-up tasks: create, change, complete, and list with filters."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Select, Table, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from infra.clock import LOCAL_TZ, utcnow
from schemas.enums import TaskStatus
from schemas.events import TaskCompleted, TaskCreated, TaskReassigned
from schemas.tasks import TaskIn, TaskPatch
from services.actors import Actor
from services.audit.service import audit_row, insert_audit, record_audit
from services.errors import Conflict, Invalid
from services.events.service import event_row, insert_events, record_event
from services.events.timers import TimerSpec, cancel_timers, set_timers
from services.lookup import get_in_network, get_referenced
from services.meetings.models import AgendaItem, Meeting
from services.people.models import Member, Network, Organisation
from services.people.network_settings import TASK_REMINDER_DAYS, task_reminder_days
from services.tasks.models import Task

TASK_TIMER_KINDS = {"task.reminder_before", "task.reminder_due", "task.overdue"}


def today_local(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(LOCAL_TZ).date()


def local_morning(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ).astimezone(UTC)


def create_task(
    session: Session, *, data: TaskIn, actor: Actor, source_action_item_id: uuid.UUID | None = None
) -> Task:
    """A follow-up with its reminder timers and task.created, all in the caller's transaction."""
    return create_tasks(session, items=[(data, source_action_item_id)], actor=actor)[0]


def create_tasks(
    session: Session, *, items: Sequence[tuple[TaskIn, uuid.UUID | None]], actor: Actor
) -> list[Task]:
    """Many follow-ups at once: references checked from one query per table, one INSERT per
    table for the tasks, their timers, events and audit rows; the tasks read back in one."""
    ids = create_tasks_of(session, by_actor=[(actor, items)])
    found = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_(ids)))}
    return [found[task_id] for task_id in ids]


def create_tasks_of(
    session: Session,
    *,
    by_actor: Sequence[tuple[Actor, Sequence[tuple[TaskIn, uuid.UUID | None]]]],
) -> list[uuid.UUID]:
    """`create_tasks` for a consumer's whole batch, whatever networks its actors act in: the
    same rows, events and audit rows in the same order, one INSERT per table for all, written
    as plain rows (no ORM object to build, track and flush each); returns the tasks' ids."""
    for actor, items in by_actor:
        for data, _ in items:
            _check_due_date(data.due_date, actor)
    held = _preload_refs(session, [data for _, items in by_actor for data, _ in items])
    held += _preload(session, Network, {a.network_id for a, _ in by_actor if a.network_id})
    tasks: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    audit: list[dict[str, Any]] = []
    timers: list[TimerSpec] = []
    for actor, items in by_actor:
        days = task_reminder_days(session.get(Network, actor.network_id))  # the network's choice
        for data, source_action_item_id in items:
            task = _new_task(session, data, source_action_item_id, actor)
            tasks.append(task)
            events.append(_created_event(task, actor))
            audit.append(_created_audit(task, actor))
            timers += task_timers(task["id"], task["network_id"], data.due_date, before_days=days)
    del held  # referenced until here: the identity map alone holds rows weakly
    if tasks:
        session.flush()  # what the tasks point at, made in this transaction, is written first
        session.execute(insert(cast(Table, Task.__table__)), tasks)
    insert_events(session, events)
    insert_audit(session, audit)
    set_timers(session, timers)
    return [task["id"] for task in tasks]


def _new_task(
    session: Session, data: TaskIn, source_action_item_id: uuid.UUID | None, actor: Actor
) -> dict[str, Any]:
    """The task's columns, its references checked; the id is known now: the timers, the
    event and the audit row name it."""
    values = data.model_dump()
    _check_refs(session, values, actor)
    return {
        "id": uuid.uuid4(),
        "network_id": actor.network_id,
        "source_action_item_id": source_action_item_id,
        **values,
    }


def _created_event(task: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """The task's task.created row."""
    return event_row(
        payload=TaskCreated(task_id=task["id"], due_date=task["due_date"]),
        aggregate_type="task",
        aggregate_id=task["id"],
        network_id=task["network_id"],
        actor=actor,
    )


def _created_audit(task: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """The task's audit row of its creation."""
    return audit_row(
        actor=actor,
        action="create",
        entity_type="task",
        entity_id=task["id"],
        network_id=actor.network_id,
    )


def _preload_refs(session: Session, items: Sequence[TaskIn]) -> list[Any]:
    """Load the members, organisations and meetings the tasks name into the identity map."""
    return [
        *_preload(session, Member, {d.owner_member_id for d in items if d.owner_member_id}),
        *_preload(
            session,
            Organisation,
            {d.owner_organisation_id for d in items if d.owner_organisation_id},
        ),
        *_preload(session, Meeting, {d.source_meeting_id for d in items if d.source_meeting_id}),
    ]


def _preload(session: Session, model: Any, ids: set[uuid.UUID]) -> list[Any]:
    """One query for the rows the session does not hold yet; a single one is left to
    `Session.get`."""
    missing = [i for i in ids if session.identity_map.get(identity_key(model, i)) is None]
    if len(missing) > 1:
        return list(session.scalars(select(model).where(model.id.in_(missing))))
    return []


def update_task(session: Session, *, task_id: uuid.UUID, data: TaskPatch, actor: Actor) -> Task:
    task = get_in_network(
        session, Task, task_id, network_id=actor.network_id, label="task", for_update=True
    )
    changes = data.model_dump(exclude_unset=True)
    if changes.get("due_date") is not None:
        _check_due_date(changes["due_date"], actor)
    _check_refs(session, changes, actor)
    status = changes.pop("status", None)
    comment = changes.pop("completion_comment", None)
    owner_member = changes.get("owner_member_id", task.owner_member_id)
    owner_organisation = changes.get("owner_organisation_id", task.owner_organisation_id)
    if owner_member is None and owner_organisation is None:
        raise Invalid("tasks.needs_owner", field="owner")
    before = (task.owner_member_id, task.owner_organisation_id)
    for key, value in changes.items():
        setattr(task, key, value)
    if (task.owner_member_id, task.owner_organisation_id) != before:
        _tell_new_owner(session, task, actor)
    if "due_date" in changes and task.status == TaskStatus.open:
        task.overdue_since = None
        _arm_timers(session, task)
    if status == TaskStatus.done:
        complete_task(session, task=task, actor=actor, comment=comment)
    elif status == TaskStatus.cancelled:
        task.status = TaskStatus.cancelled
        cancel_timers(session, subject_id=task.id)
    elif status == TaskStatus.open and task.status != TaskStatus.open:
        task.status, task.completed_at, task.completed_by = TaskStatus.open, None, None
        _arm_timers(session, task)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="update",
        entity_type="task",
        entity_id=task.id,
        network_id=actor.network_id,
        details={"fields": sorted(data.model_dump(exclude_unset=True))},
    )
    return task


def _tell_new_owner(session: Session, task: Task, actor: Actor) -> None:
    """task.reassigned: the new owner (or the organisation's contact) hears of an open task."""
    if task.status != TaskStatus.open:
        return
    payload = TaskReassigned(
        task_id=task.id,
        owner_member_id=task.owner_member_id,
        owner_organisation_id=task.owner_organisation_id,
    )
    record_event(
        session,
        payload=payload,
        aggregate_type="task",
        aggregate_id=task.id,
        network_id=task.network_id,
        actor=actor,
    )


def complete_task(
    session: Session, *, task: Task, actor: Actor, comment: str | None = None
) -> Task:
    """Done stops every reminder and escalation of the task in the same transaction."""
    if task.status == TaskStatus.done:
        return task
    if task.status == TaskStatus.cancelled:
        raise Conflict("tasks.cancelled")
    task.status = TaskStatus.done
    task.completed_at = utcnow()
    task.completed_by = actor.label
    task.completion_comment = comment
    cancel_timers(session, subject_id=task.id)
    record_event(
        session,
        payload=TaskCompleted(task_id=task.id),
        aggregate_type="task",
        aggregate_id=task.id,
        network_id=task.network_id,
        actor=actor,
    )
    session.flush()
    return task


def task_timers(
    task_id: uuid.UUID, network_id: uuid.UUID, due: date, *, before_days: int = TASK_REMINDER_DAYS
) -> list[TimerSpec]:
    """Reminder `before_days` before (the network's choice), on the day, and the overdue check
    the morning after; 0 days before: only the reminder on the day."""
    plan = {
        "task.reminder_before": local_morning(due - timedelta(days=before_days)),
        "task.reminder_due": local_morning(due),
        "task.overdue": local_morning(due + timedelta(days=1), hour=0),
    }
    if before_days <= 0:
        del plan["task.reminder_before"]
    return [
        TimerSpec(kind, task_id, due_at, network_id, f"{kind}:{task_id}")
        for kind, due_at in plan.items()
    ]


def _arm_timers(session: Session, task: Task) -> None:
    days = task_reminder_days(session.get(Network, task.network_id))
    if days <= 0:
        cancel_timers(session, subject_id=task.id, kinds={"task.reminder_before"})
    set_timers(session, task_timers(task.id, task.network_id, task.due_date, before_days=days))


def rearm_task_reminders(session: Session, *, network_id: uuid.UUID) -> int:
    """After the network chose other reminder days: each open task's reminder before its due
    date moves to the new day when that is still ahead; a moment already past is not sent late
    (the reminder on the day still goes)."""
    days = task_reminder_days(session.get(Network, network_id))
    now = utcnow()
    tasks = list(
        session.scalars(
            select(Task).where(
                Task.network_id == network_id,
                Task.status == TaskStatus.open,
                Task.due_date >= today_local(now),
            )
        )
    )
    for task in tasks:
        ahead = [
            spec
            for spec in task_timers(task.id, network_id, task.due_date, before_days=days)
            if spec.kind == "task.reminder_before" and spec.due_at > now
        ]
        if ahead:
            set_timers(session, ahead)
        else:
            cancel_timers(session, subject_id=task.id, kinds={"task.reminder_before"})
    session.flush()
    return len(tasks)


def _check_due_date(due: date, actor: Actor) -> None:
    """People set due dates from today on; minutes of a past meeting may carry older ones."""
    if actor.kind != "system" and due < today_local():
        raise Invalid(
            "tasks.due_in_past",
            due=f"{due:%Y-%m-%d}",
            field="due_date",
        )


def _check_refs(session: Session, values: dict[str, Any], actor: Actor) -> None:
    """Every id a task points at must exist in the actor's network (422 otherwise)."""
    refs: list[tuple[str, Any, str]] = [
        ("owner_member_id", Member, "member"),
        ("owner_organisation_id", Organisation, "organisation"),
        ("source_meeting_id", Meeting, "meeting"),
    ]
    for field, model, label in refs:
        if values.get(field) is not None:
            get_referenced(session, model, values[field], network_id=actor.network_id, label=label)
    item_id = values.get("source_agenda_item_id")
    if item_id is not None:  # the item's meeting must be ours, and the task's meeting if named
        item = session.get(AgendaItem, item_id)
        meeting = session.get(Meeting, item.meeting_id) if item else None
        meeting_id = values.get("source_meeting_id")
        if (
            item is None
            or meeting is None
            or meeting.network_id != actor.network_id
            or (meeting_id is not None and item.meeting_id != meeting_id)
        ):
            raise Invalid("tasks.unknown_agenda_item", field="source_agenda_item_id")


def task_query(
    *,
    network_id: uuid.UUID | None,
    organisation_id: uuid.UUID | None = None,
    owner_member_id: uuid.UUID | None = None,
    status: TaskStatus | None = None,
    overdue: bool | None = None,
    meeting_id: uuid.UUID | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    today: date | None = None,
    order_by: str = "due_date",
) -> Select[Task]:
    """The filtered task list shared by the API, the dashboard and CSV export."""
    query = select(Task).where(Task.network_id == network_id)
    if organisation_id is not None:
        member_ids = select(Member.id).where(Member.organisation_id == organisation_id)
        query = query.where(
            (Task.owner_organisation_id == organisation_id) | Task.owner_member_id.in_(member_ids)
        )
    if owner_member_id is not None:
        query = query.where(Task.owner_member_id == owner_member_id)
    if status is not None:
        query = query.where(Task.status == status)
    if overdue is not None:
        day = today or today_local()
        overdue_cond = (Task.status == TaskStatus.open) & (Task.due_date < day)
        query = query.where(overdue_cond if overdue else ~overdue_cond)
    if meeting_id is not None:
        query = query.where(Task.source_meeting_id == meeting_id)
    if due_from is not None:
        query = query.where(Task.due_date >= due_from)
    if due_to is not None:
        query = query.where(Task.due_date <= due_to)
    sort = {
        "due_date": Task.due_date,
        "title": Task.title,
        "status": Task.status,
        "created_at": Task.created_at,
    }.get(order_by.lstrip("-"), Task.due_date)
    return query.order_by(sort.desc() if order_by.startswith("-") else sort, Task.id)
