"""The followups consumer takes its batch at once: its SQL statements do not grow with the
number of approved minutes, and a batch leaves the rows that its events one by one would."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import time_machine
from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session, sessionmaker

from schemas.minutes import ActionItem as ExtractedAction
from schemas.minutes import MinutesDate, MinutesExtraction
from services.actors import Actor
from services.audit.models import AuditEntry
from services.deadlines.models import Deadline
from services.events.consumers import process_batch
from services.events.models import DomainEvent, ProcessedEvent, Timer
from services.events.reactions import Reactions, marks_of
from services.meetings.models import AgendaItem, MeetingStatus
from services.minutes.handlers import on_minutes_approved
from services.minutes.service import approve_minutes, save_reviewed_minutes
from services.tasks.models import Task
from tests.support.factories import make_meeting, make_member, make_network, make_organisation
from tests.support.queries import counted

FOLLOWUPS = Reactions(marks_of([on_minutes_approved]))
# A Wednesday morning in Stockholm: the meetings were held, the next one is ahead.
MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def approved_minutes(
    session_maker: sessionmaker[Session], count: int, *, dates: bool = False
) -> list[uuid.UUID]:
    """`count` held meetings' approved minutes in two networks; their minutes.approved ids.

    Each has an organisation's task, a member's task with a date, one for nobody (the
    coordinating organisation's) and a presentation at the next meeting, whose agenda point
    two minutes of a network share; with `dates`, a closing date that becomes a deadline.
    """
    with session_maker() as session:
        networks = [_network(session, n) for n in range(2)]
        minutes_of = []
        for index in range(count):
            network, actor = networks[index % 2]
            meeting = make_meeting(
                session, network, days_ahead=-1 - index / 100, status=MeetingStatus.held
            )
            extraction = MinutesExtraction(
                meeting_date=date(2026, 12, 1),
                action_items=[
                    ExtractedAction(text=f"Ale skickar material {index}", owner_organisation="Ale"),
                    ExtractedAction(
                        text=f"Anna ringer Lerum {index}", owner_name="Anna", due=date(2027, 1, 8)
                    ),
                    ExtractedAction(text=f"Någon bokar lokal {index}"),
                    ExtractedAction(
                        text=f"Lerum presenterar studiebesöket {index % 4 // 2}",
                        owner_organisation="Lerum",
                        kind="present_next_meeting",
                    ),
                ],
                dates=[MinutesDate(date=date(2027, 2, 1), kind="deadline", text=f"Ansök {index}")]
                if dates
                else [],
            )
            save_reviewed_minutes(
                session, meeting_id=meeting.id, extraction=extraction, actor=actor
            )
            minutes_of.append((meeting.id, actor))
        for meeting_id, actor in minutes_of:
            approve_minutes(session, meeting_id=meeting_id, actor=actor)
        session.commit()
        return list(
            session.scalars(
                select(DomainEvent.id)
                .where(
                    DomainEvent.type == "minutes.approved",
                    DomainEvent.network_id.in_([n.id for n, _ in networks]),
                )
                .order_by(DomainEvent.position)
            )
        )


def _network(session: Session, index: int) -> tuple[Any, Actor]:
    network = make_network(session)
    ale = make_organisation(session, network, "Ale")
    make_organisation(session, network, "Lerum")
    make_member(session, ale, "Anna")
    network.coordinator_organisation_id = make_organisation(session, network, "GR").id
    make_meeting(session, network, days_ahead=14 + index)  # the next meeting, planned
    return network, Actor(kind="user", network_id=network.id, role="coordinator")


def consumed_statements(
    connection: Connection, session_maker: sessionmaker[Session], count: int
) -> int:
    """Statements of one process_batch over `count` minutes.approved events."""
    events = approved_minutes(session_maker, count, dates=True)
    with counted(connection) as statements:
        process_batch(session_maker, events, reactions=FOLLOWUPS)
    with session_maker() as session:
        made = session.scalars(select(Task.id).where(Task.source_meeting_id.is_not(None))).all()
    with session_maker() as session:
        deadlines = session.scalars(select(Deadline.id).where(Deadline.source_key.is_not(None)))
        assert len(deadlines.all()) >= count
    assert len(made) >= 3 * count  # the work was done
    return len(statements)


@time_machine.travel(MORNING, tick=False)
def test_statements_do_not_grow_with_the_minutes_in_a_batch(
    connection: Connection, session_maker: sessionmaker[Session]
) -> None:
    few = consumed_statements(connection, session_maker, 5)
    many = consumed_statements(connection, session_maker, 20)
    assert many == few


@time_machine.travel(MORNING, tick=False)
def test_a_batch_makes_what_its_events_one_by_one_make(
    connection: Connection, session_maker: sessionmaker[Session]
) -> None:
    events = approved_minutes(session_maker, 6, dates=True)
    one_by_one = connection.begin_nested()
    for event_id in events:
        process_batch(session_maker, [event_id], reactions=FOLLOWUPS)
    expected = snapshot(session_maker)
    one_by_one.rollback()

    process_batch(session_maker, events, reactions=FOLLOWUPS)
    batched = snapshot(session_maker)
    assert batched == expected
    assert len(batched["task"]) == 6 * 4
    assert len(batched["agenda_item"]) == 4  # two titles per network's next meeting
    assert len(batched["deadline"]) == 6

    with session_maker() as session:  # redelivered: the inbox skips them, nothing is made
        session.execute(
            update(DomainEvent).where(DomainEvent.id.in_(events)).values(consumed_at=None)
        )
        session.commit()
    process_batch(session_maker, events, reactions=FOLLOWUPS)
    assert snapshot(session_maker) == expected


def snapshot(session_maker: sessionmaker[Session]) -> dict[str, Any]:
    """The follow-ups' rows with their own ids replaced by what they stem from."""
    with session_maker() as session:
        tasks = list(session.scalars(select(Task).where(Task.source_action_item_id.is_not(None))))
        deadlines = list(session.scalars(select(Deadline).where(Deadline.source_key.is_not(None))))
        labels = {t.id: f"task<{t.source_action_item_id}>" for t in tasks}
        labels.update({d.id: f"deadline<{d.source_key}>" for d in deadlines})
        made = list(labels)
        rows = {
            "task": sorted(_row(t, labels, "id") for t in tasks),
            "deadline": sorted(_row(d, labels, "id") for d in deadlines),
            "timer": _rows(session, select(Timer).where(Timer.subject_id.in_(made)), labels),
            "event": _per_aggregate(session, made, labels),
            "audit": _rows(
                session, select(AuditEntry).where(AuditEntry.entity_id.in_(made)), labels
            ),
            "agenda_item": _rows(session, select(AgendaItem).where(AgendaItem.notes != ""), labels),
            "inbox": len(
                session.scalars(
                    select(ProcessedEvent.event_id).where(ProcessedEvent.consumer == "followups")
                ).all()
            ),
        }
    return rows


def _rows(session: Session, query: Any, labels: dict[Any, str]) -> list[str]:
    return sorted(_row(row, labels, "id") for row in session.scalars(query))


def _per_aggregate(session: Session, made: list[Any], labels: dict[Any, str]) -> list[str]:
    """The events of the rows made, in their order per aggregate (which is what is promised:
    a batch writes its tasks' events before its deadlines' instead of minutes by minutes)."""
    query = (
        select(DomainEvent).where(DomainEvent.aggregate_id.in_(made)).order_by(DomainEvent.position)
    )
    events = list(session.scalars(query))
    events.sort(key=lambda event: labels[event.aggregate_id])  # stable: order kept per aggregate
    return [_row(event, labels, "id", "position", "occurred_at") for event in events]


def _row(row: Any, labels: dict[Any, str], *skip: str) -> str:
    """The row's columns as text, generated ids as their labels (the events' too)."""
    values = {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}
    text = repr(sorted(values.items()))
    for made, label in labels.items():
        text = text.replace(repr(made), label).replace(str(made), label)
    return text


def test_snapshot_sees_a_difference(session_maker: sessionmaker[Session]) -> None:
    """The comparison above can fail: a task moved by a day is a different snapshot."""
    events = approved_minutes(session_maker, 2)
    process_batch(session_maker, events, reactions=FOLLOWUPS)
    before = snapshot(session_maker)
    with session_maker() as session:
        task = session.scalars(select(Task).where(Task.source_action_item_id.is_not(None))).first()
        assert task is not None
        task.due_date += timedelta(days=1)
        session.commit()
    assert snapshot(session_maker) != before
