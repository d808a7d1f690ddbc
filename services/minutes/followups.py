"""What approved minutes turn into: tasks, deadlines and next meeting's agenda points."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from schemas.enums import ActionKind, MeetingStatus
from schemas.minutes import MinutesDate, MinutesExtraction
from schemas.tasks import DeadlineIn, TaskIn
from services.actors import Actor
from services.deadlines.service import register_deadline
from services.meetings.models import AgendaItem, Meeting
from services.minutes.models import ActionItem, Minutes
from services.people.models import Network
from services.tasks.models import Task
from services.tasks.service import create_tasks

CLOSING_KINDS = {"deadline", "window_closes"}


def create_followups(
    session: Session, *, minutes_id: uuid.UUID, days_before_next: int, default_days: int
) -> int:
    """Idempotent: an action item makes at most one task, a date at most one deadline."""
    minutes = session.get(Minutes, minutes_id)
    if minutes is None:
        return 0
    meeting = session.get(Meeting, minutes.meeting_id)
    assert meeting is not None
    actor = Actor(kind="system", network_id=meeting.network_id)
    next_meeting = _next_meeting(session, meeting)
    items: list[tuple[TaskIn, uuid.UUID | None]] = []
    actions = list(session.scalars(select(ActionItem).where(ActionItem.minutes_id == minutes.id)))
    done = set(
        session.scalars(
            select(Task.source_action_item_id).where(
                Task.source_action_item_id.in_([a.id for a in actions])
            )
        )
    )
    for action in actions:
        if action.kind == ActionKind.present_next_meeting and next_meeting is not None:
            _add_agenda_point(session, next_meeting, action)
        if action.id in done:
            continue
        owner_org = action.owner_organisation_id or _coordinator_org(session, meeting)
        if action.owner_member_id is None and owner_org is None:
            continue
        due = action.due_date or _default_due(meeting, next_meeting, days_before_next, default_days)
        data = TaskIn(
            title=action.title or action.text[:120],
            description=action.text,
            kind=action.kind,
            owner_member_id=action.owner_member_id,
            owner_organisation_id=owner_org,
            due_date=due,
            source_meeting_id=meeting.id,
        )
        items.append((data, action.id))
    if items:  # one INSERT per table for the minutes' tasks, timers, events and audit rows
        create_tasks(session, items=items, actor=actor)
    if minutes.extraction:
        _register_deadlines(session, minutes, meeting, actor)
    return len(items)


def _next_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    query = select(Meeting).where(
        Meeting.network_id == meeting.network_id,
        Meeting.kind == meeting.kind,
        Meeting.starts_at > meeting.starts_at,
        Meeting.status.in_(
            [MeetingStatus.proposed, MeetingStatus.planned, MeetingStatus.scheduled]
        ),
    )
    if meeting.series_id is not None:
        query = query.where(Meeting.series_id == meeting.series_id)
    return session.scalar(query.order_by(Meeting.starts_at).limit(1))


def _default_due(
    meeting: Meeting, next_meeting: Meeting | None, days_before_next: int, default_days: int
) -> date:
    """Before the next meeting when there is one (so it can be reported there), else +N days."""
    held_on = meeting.starts_at.astimezone(LOCAL_TZ).date()
    if next_meeting is not None:
        due = next_meeting.starts_at.astimezone(LOCAL_TZ).date() - timedelta(days=days_before_next)
        if due > held_on:
            return due
    return held_on + timedelta(days=default_days)


def _coordinator_org(session: Session, meeting: Meeting) -> uuid.UUID | None:
    network = session.get(Network, meeting.network_id)
    return network.coordinator_organisation_id if network else None


def _add_agenda_point(session: Session, next_meeting: Meeting, action: ActionItem) -> None:
    title = action.title or action.text[:120]
    exists = session.scalar(
        select(AgendaItem.id).where(
            AgendaItem.meeting_id == next_meeting.id, AgendaItem.title == title
        )
    )
    if exists is None:
        position = len(next_meeting.agenda_items)
        session.add(
            AgendaItem(
                meeting_id=next_meeting.id,
                position=position,
                title=title,
                notes=action.text,
                presenter_organisation_id=action.owner_organisation_id,
            )
        )
        session.flush()


def _register_deadlines(session: Session, minutes: Minutes, meeting: Meeting, actor: Actor) -> None:
    """A closing date becomes a deadline; an opening date in the same sentence opens its window."""
    extraction = MinutesExtraction.model_validate(minutes.extraction)
    openings = {d.text: d for d in extraction.dates if d.kind == "window_opens"}
    for index, closing in enumerate(extraction.dates):
        if closing.kind not in CLOSING_KINDS:
            continue
        opening = openings.get(closing.text)
        opens_at = _at(opening, hour=8) if opening and opening.date < closing.date else None
        register_deadline(
            session,
            data=DeadlineIn(
                title=closing.title or closing.text[:300],
                opens_at=opens_at,
                closes_at=_at(closing, hour=23, minute=59),
                source_meeting_id=meeting.id,
            ),
            actor=actor,
            source_key=f"minutes:{minutes.id}:{index}",
        )


def _at(found: MinutesDate, *, hour: int, minute: int = 0) -> datetime:
    if found.time:
        hour, minute = (int(part) for part in found.time.split(":"))
    return datetime.combine(found.date, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)
