"""What approved minutes turn into: tasks, deadlines and next meeting's agenda points."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from infra.clock import LOCAL_TZ
from schemas.enums import ActionKind, MeetingStatus
from schemas.minutes import MinutesDate, MinutesExtraction
from schemas.tasks import DeadlineIn, TaskIn
from services.actors import Actor
from services.deadlines.service import register_keyed_deadlines
from services.meetings.models import AgendaItem, Meeting
from services.minutes.models import ActionItem, Minutes
from services.people.models import Network
from services.tasks.models import Task
from services.tasks.service import create_tasks_of

CLOSING_KINDS = {"deadline", "window_closes"}
UPCOMING = [MeetingStatus.proposed, MeetingStatus.planned, MeetingStatus.scheduled]


def create_followups_of(
    session: Session,
    *,
    minutes_ids: Sequence[uuid.UUID],
    days_before_next: int,
    default_days: int,
) -> int:
    """A batch's follow-ups; an action item makes at most one task, a date at most one deadline.

    One query per table to read, one INSERT per table for the tasks, timers, events, audit rows
    and agenda points of all."""
    batch = _Batch.load(session, list(dict.fromkeys(minutes_ids)))
    agenda = _Agenda.load(session, batch.presenting_next())
    by_actor: list[tuple[Actor, list[tuple[TaskIn, uuid.UUID | None]]]] = []
    for minutes in batch.minutes:
        meeting = batch.meetings[minutes.meeting_id]
        next_meeting = batch.next_of.get(meeting.id)
        items: list[tuple[TaskIn, uuid.UUID | None]] = []
        for action in batch.actions.get(minutes.id, []):
            if action.kind == ActionKind.present_next_meeting and next_meeting is not None:
                agenda.add(session, next_meeting, action)
            if action.id in batch.done:
                continue
            owner_org = action.owner_organisation_id or batch.coordinator_org(meeting)
            if action.owner_member_id is None and owner_org is None:
                continue
            due = action.due_date or _default_due(
                meeting, next_meeting, days_before_next, default_days
            )
            items.append((_task_of(action, meeting, owner_org, due), action.id))
        by_actor.append((Actor(kind="system", network_id=meeting.network_id), items))
    if any(items for _, items in by_actor):  # one INSERT per table for the batch's tasks
        create_tasks_of(session, by_actor=by_actor)
    deadlines = [
        found
        for minutes, (actor, _) in zip(batch.minutes, by_actor, strict=True)
        if minutes.extraction
        for found in _deadlines_of(minutes, batch.meetings[minutes.meeting_id], actor)
    ]
    if deadlines:
        register_keyed_deadlines(session, items=deadlines)
    session.flush()
    return sum(len(items) for _, items in by_actor)


def _task_of(
    action: ActionItem, meeting: Meeting, owner_org: uuid.UUID | None, due: date
) -> TaskIn:
    """The task an action item asks for (its title, else the start of its sentence)."""
    return TaskIn(
        title=action.title or action.text[:120],
        description=action.text,
        kind=action.kind,
        owner_member_id=action.owner_member_id,
        owner_organisation_id=owner_org,
        due_date=due,
        source_meeting_id=meeting.id,
    )


@dataclass
class _Batch:
    """What the batch's minutes need, read with one query per table."""

    minutes: list[Minutes]
    meetings: dict[uuid.UUID, Meeting]
    networks: dict[uuid.UUID, Network]
    next_of: dict[uuid.UUID, Meeting]  # a meeting's id → the next meeting of its kind
    actions: dict[uuid.UUID, list[ActionItem]]  # minutes id → its action items, as read
    done: set[uuid.UUID | None]  # action items that made a task already

    @classmethod
    def load(cls, session: Session, ids: list[uuid.UUID]) -> _Batch:
        """The rows of these minutes (those that still exist, in the events' order)."""
        found = {m.id: m for m in _rows(session, Minutes, Minutes.id, ids)}
        minutes = [found[i] for i in ids if i in found]  # in the order of the events
        meetings = {
            m.id: m for m in _rows(session, Meeting, Meeting.id, _ids(minutes, "meeting_id"))
        }
        networks = _rows(session, Network, Network.id, _ids(meetings.values(), "network_id"))
        actions: dict[uuid.UUID, list[ActionItem]] = {}
        for action in _rows(session, ActionItem, ActionItem.minutes_id, list(found)):
            actions.setdefault(action.minutes_id, []).append(action)
        action_ids = [a.id for listed in actions.values() for a in listed]
        done = set(
            session.scalars(
                select(Task.source_action_item_id).where(Task.source_action_item_id.in_(action_ids))
            )
            if action_ids
            else []
        )
        next_of = _next_meetings(session, list(meetings.values()))
        return cls(minutes, meetings, {n.id: n for n in networks}, next_of, actions, done)

    def coordinator_org(self, meeting: Meeting) -> uuid.UUID | None:
        """The coordinating organisation: the owner of an action item that names nobody."""
        network = self.networks.get(meeting.network_id)
        return network.coordinator_organisation_id if network else None

    def presenting_next(self) -> set[uuid.UUID]:
        """The next meetings that an action item of the batch puts an agenda point on."""
        return {
            self.next_of[meeting.id].id
            for minutes in self.minutes
            for meeting in [self.meetings[minutes.meeting_id]]
            if meeting.id in self.next_of
            for action in self.actions.get(minutes.id, [])
            if action.kind == ActionKind.present_next_meeting
        }


def _rows(session: Session, model: Any, column: Any, ids: Sequence[uuid.UUID]) -> list[Any]:
    """The rows whose `column` is one of `ids`, in one query (none for no ids)."""
    return list(session.scalars(select(model).where(column.in_(ids)))) if ids else []


def _ids(rows: Iterable[Any], field: str) -> list[uuid.UUID]:
    """The distinct values of `field`, in the order first seen."""
    return list(dict.fromkeys(getattr(row, field) for row in rows))


def _next_meetings(session: Session, meetings: list[Meeting]) -> dict[uuid.UUID, Meeting]:
    """Each meeting's next one of its kind (and series) still to come, in one query."""
    if not meetings:
        return {}
    source, later = aliased(Meeting), aliased(Meeting)
    rank = func.row_number().over(partition_by=source.id, order_by=(later.starts_at, later.id))
    ranked = (
        select(source.id.label("source_id"), later.id.label("next_id"), rank.label("rank"))
        .join(
            later,
            and_(
                later.network_id == source.network_id,
                later.kind == source.kind,
                later.starts_at > source.starts_at,
                later.status.in_(UPCOMING),
                or_(source.series_id.is_(None), later.series_id == source.series_id),
            ),
        )
        .where(source.id.in_([m.id for m in meetings]))
        .subquery()
    )
    source_id: ColumnElement[uuid.UUID] = ranked.c.source_id
    query = (
        select(source_id, Meeting)
        .join(Meeting, Meeting.id == ranked.c.next_id)
        .where(ranked.c.rank == 1)
    )
    return {meeting_id: meeting for meeting_id, meeting in session.execute(query)}


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


@dataclass
class _Agenda:
    """The agenda points the batch adds to next meetings, deduplicated by title as one event
    at a time would: the existing titles and counts of those meetings, read in one query."""

    titles: set[tuple[uuid.UUID, str]]
    counts: dict[uuid.UUID, int]

    @classmethod
    def load(cls, session: Session, meeting_ids: set[uuid.UUID]) -> _Agenda:
        """What these meetings' agendas hold now."""
        rows = _rows(session, AgendaItem, AgendaItem.meeting_id, list(meeting_ids))
        counts: dict[uuid.UUID, int] = {}
        for item in rows:
            counts[item.meeting_id] = counts.get(item.meeting_id, 0) + 1
        return cls({(item.meeting_id, item.title) for item in rows}, counts)

    def add(self, session: Session, next_meeting: Meeting, action: ActionItem) -> None:
        """The action item as a point last on the next meeting's agenda, unless it is there."""
        title = action.title or action.text[:120]
        if (next_meeting.id, title) in self.titles:
            return
        self.titles.add((next_meeting.id, title))
        position = self.counts.get(next_meeting.id, 0)
        self.counts[next_meeting.id] = position + 1
        session.add(
            AgendaItem(
                meeting_id=next_meeting.id,
                position=position,
                title=title,
                notes=action.text,
                presenter_organisation_id=action.owner_organisation_id,
            )
        )


def _deadlines_of(
    minutes: Minutes, meeting: Meeting, actor: Actor
) -> list[tuple[DeadlineIn, Actor, str]]:
    """A closing date becomes a deadline; an opening date in the same sentence opens its window."""
    extraction = MinutesExtraction.model_validate(minutes.extraction)
    opened = _openings_of(extraction)
    found = []
    for index, closing in enumerate(extraction.dates):
        if closing.kind not in CLOSING_KINDS:
            continue
        opening = opened.get(index)
        data = DeadlineIn(
            title=closing.title or closing.text[:300],
            opens_at=_at(opening, hour=8) if opening else None,
            closes_at=_at(closing, hour=23, minute=59),
            source_meeting_id=meeting.id,
        )
        found.append((data, actor, f"minutes:{minutes.id}:{index}"))
    return found


def _openings_of(extraction: MinutesExtraction) -> dict[int, MinutesDate]:
    """Each closing date's opening, by the closing's place: the same sentence's, if before it."""
    openings = {d.text: d for d in extraction.dates if d.kind == "window_opens"}
    return {
        index: opening
        for index, closing in enumerate(extraction.dates)
        if closing.kind in CLOSING_KINDS
        and (opening := openings.get(closing.text)) is not None
        and opening.date < closing.date
    }


def openings_without_closing(extraction: MinutesExtraction) -> set[int]:
    """The dates that open a window nothing closes: approving makes no deadline of them."""
    opening_closed = {id(opening) for opening in _openings_of(extraction).values()}
    return {
        index
        for index, d in enumerate(extraction.dates)
        if d.kind == "window_opens" and id(d) not in opening_closed
    }


def _at(found: MinutesDate, *, hour: int, minute: int = 0) -> datetime:
    if found.time:
        hour, minute = (int(part) for part in found.time.split(":"))
    return datetime.combine(found.date, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)
