"""'Kommun i fokus': an ordered rotation of presenting organisations across the series' meetings.

The presenter goes on the agenda at once; the presenter's task (due 3 weeks before) exists only
while the meeting is scheduled, i.e. its date is announced. Proposed and planned dates can still
move without an event, so a task for them would keep a stale due date. meeting.scheduled,
meeting.rescheduled and meeting.cancelled keep the task in step (workers/consumers/rotation.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import ActionKind, MeetingKind, MeetingStatus, TaskStatus
from schemas.series import Assignment, RotationIn, RotationOut
from schemas.tasks import TaskIn, TaskPatch
from services.actors import Actor
from services.errors import Invalid
from services.meetings.models import AgendaItem, Meeting
from services.people.models import Organisation
from services.series.access import audit, load_series, series_meetings, today_of
from services.series.models import MeetingSeries
from services.series.planning.calendar_rules import format_day
from services.tasks.models import Task
from services.tasks.service import create_task, update_task

FOCUS_TITLE = "Kommun i fokus"
REMINDER_BEFORE = timedelta(weeks=3)
OPEN_STATUSES = {MeetingStatus.proposed, MeetingStatus.planned, MeetingStatus.scheduled}


def set_rotation(
    session: Session,
    *,
    series_id: uuid.UUID,
    data: RotationIn,
    actor: Actor,
    now: datetime | None = None,
) -> RotationOut:
    """Store the order and apply it to the series' meetings at once (again on every proposal)."""
    series = load_series(session, series_id, actor, for_update=True)
    ids = data.organisation_ids
    if len(set(ids)) != len(ids):
        raise Invalid("rotation.listed_twice", field="organisation_ids")
    known = {
        o.id: o
        for o in session.scalars(
            select(Organisation).where(Organisation.network_id == series.network_id)
        )
    }
    unknown = [str(i) for i in ids if i not in known]
    if unknown:
        choices = ", ".join(f"{o.short_name}={o.id}" for o in known.values())
        raise Invalid(
            "rotation.unknown_organisation",
            field="organisation_ids",
            unknown=", ".join(unknown),
            choices=choices,
        )
    series.presenter_rotation = [str(i) for i in ids]
    assignments = apply_rotation(session, series=series, actor=actor, now=now)
    audit(session, actor, "set_rotation", "series", series.id, organisations=len(ids))
    return RotationOut(series_id=series.id, organisation_ids=ids, assignments=assignments)


def apply_rotation(
    session: Session, *, series: MeetingSeries, actor: Actor, now: datetime | None = None
) -> list[Assignment]:
    """Meeting n gets organisation n of the rotation (wrapping), on its agenda and as a task."""
    rotation = [uuid.UUID(i) for i in series.presenter_rotation or []]
    if not rotation:
        return []
    today = today_of(now or utcnow())
    orgs = {
        o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(rotation)))
    }
    network = [m for m in series_meetings(session, series.id) if m.kind == MeetingKind.network]
    out = []
    for n, meeting in enumerate(network):
        org = orgs.get(rotation[n % len(rotation)])
        if org is None or meeting.status not in OPEN_STATUSES:
            continue
        meeting.presenter_organisation_id = org.id
        item = _agenda_item(session, meeting, org)
        task = None
        if meeting.status == MeetingStatus.scheduled:
            task = _reminder(session, meeting, org, item, actor, today)
        else:
            discard_presenter_tasks(session, meeting_ids=[meeting.id], actor=actor)
        out.append(
            Assignment(
                meeting_id=meeting.id,
                starts_at=meeting.starts_at,
                organisation_id=org.id,
                task_id=task.id if task else None,
            )
        )
    session.flush()
    return out


def _agenda_item(session: Session, meeting: Meeting, org: Organisation) -> AgendaItem:
    """One 'Kommun i fokus' point per meeting, renamed when the presenter changes."""
    item = next((i for i in meeting.agenda_items if i.title.startswith(FOCUS_TITLE)), None)
    if item is None:
        item = AgendaItem(meeting_id=meeting.id, position=len(meeting.agenda_items), title="")
        meeting.agenda_items.append(item)
    item.title = f"{FOCUS_TITLE}: {org.name}"
    item.presenter_organisation_id = org.id
    session.flush()
    return item


def _open_presenter_tasks(session: Session, meeting_ids: Sequence[uuid.UUID]) -> list[Task]:
    query = select(Task).where(
        Task.source_meeting_id.in_(meeting_ids),
        Task.kind == ActionKind.present_next_meeting,
        Task.status == TaskStatus.open,
    )
    return list(session.scalars(query))


def _reminder(
    session: Session,
    meeting: Meeting,
    org: Organisation,
    item: AgendaItem,
    actor: Actor,
    today: date,
) -> Task:
    """The presenting organisation's task, due 3 weeks before; kept, moved or handed over."""
    due = max(today_of(meeting.starts_at) - REMINDER_BEFORE, today)
    for task in _open_presenter_tasks(session, [meeting.id]):
        if task.owner_organisation_id == org.id:
            if task.due_date != due:
                update_task(session, task_id=task.id, data=TaskPatch(due_date=due), actor=actor)
            return task
        update_task(
            session, task_id=task.id, data=TaskPatch(status=TaskStatus.cancelled), actor=actor
        )
    title = (
        f"{FOCUS_TITLE} {format_day(today_of(meeting.starts_at))}: "
        "förbered presentationen / prepare the presentation"
    )
    data = TaskIn(
        title=title,
        kind=ActionKind.present_next_meeting,
        owner_organisation_id=org.id,
        due_date=due,
        source_meeting_id=meeting.id,
        source_agenda_item_id=item.id,
    )
    return create_task(session, data=data, actor=actor)


def discard_presenter_tasks(
    session: Session, *, meeting_ids: Sequence[uuid.UUID], actor: Actor
) -> None:
    """Proposed dates that are replaced take their presenter tasks with them."""
    for task in _open_presenter_tasks(session, meeting_ids):
        update_task(
            session, task_id=task.id, data=TaskPatch(status=TaskStatus.cancelled), actor=actor
        )


def sync_presenter_task(session: Session, *, meeting_id: uuid.UUID, now: datetime) -> Task | None:
    """After a meeting is scheduled, moved or cancelled: its presenter task is created, gets the
    new due date (3 weeks before), or is cancelled. Idempotent; meetings without a
    'Kommun i fokus' point are left alone."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.kind != MeetingKind.network:
        return None
    actor = Actor(kind="system", network_id=meeting.network_id)
    if meeting.status != MeetingStatus.scheduled:
        if meeting.status == MeetingStatus.cancelled:
            discard_presenter_tasks(session, meeting_ids=[meeting.id], actor=actor)
        return None
    item = next((i for i in meeting.agenda_items if i.title.startswith(FOCUS_TITLE)), None)
    org_id = meeting.presenter_organisation_id
    org = session.get(Organisation, org_id) if org_id else None
    if item is None or org is None:
        return None
    task = _reminder(session, meeting, org, item, actor, today_of(now))
    session.flush()
    return task
