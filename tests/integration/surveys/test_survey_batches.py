"""The surveys and survey_reminders consumers take their batch at once: their SQL statements
do not grow with the number of meetings in a batch, and a batch leaves the rows (surveys,
questions, recipients, timers, events, mails) that its events one by one would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session, sessionmaker

from schemas.meetings import AttendanceEntry, AttendanceIn
from services.actors import Actor
from services.events.consumers import process_batch
from services.events.models import DomainEvent, ProcessedEvent, Timer
from services.events.reactions import Reactions, marks_of
from services.meetings.attendance import record_attendance
from services.meetings.models import Attendance, AttendanceStatus, MeetingStatus
from services.meetings.service import mark_held
from services.notifications.models import Notification
from services.people.models import Member, Network
from services.series.models import MeetingSeries
from services.surveys.handlers import arm_reminders, on_meeting_event
from services.surveys.models import Survey, SurveyQuestion, SurveyRecipient
from services.surveys.service import open_survey_for_meeting
from tests.support.factories import make_meeting, make_member, make_network, make_organisation
from tests.support.queries import counted

SURVEYS = Reactions(marks_of([on_meeting_event, arm_reminders]))
# A Wednesday at 10:00 in Stockholm: survey mail may go out at once.
MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def held_meetings(session_maker: sessionmaker[Session], count: int) -> list[uuid.UUID]:
    """`count` meetings held in two networks (one's in a series with its own template); the
    ids of their meeting.held and attendance.recorded events, in order.

    Each meeting had two attendees (one partly) and one absentee. A third of them get a late
    attendee after they were held, a third one before; one had its survey opened already.
    """
    with session_maker() as session:
        networks = [_network(session, series=n == 0) for n in range(2)]
        for index in range(count):
            network, series_id, members, actor = networks[index % 2]
            meeting = make_meeting(
                session, network, days_ahead=-index / 100 - 0.1, series_id=series_id,
                status=MeetingStatus.scheduled,
            )  # fmt: skip
            for member, status in zip(members, STATUSES, strict=False):
                session.add(Attendance(meeting_id=meeting.id, member_id=member.id, status=status))
            session.flush()
            if index == 2:
                open_survey_for_meeting(session, meeting_id=meeting.id, now=MORNING - HOUR)
            late = AttendanceIn(
                entries=[AttendanceEntry(member_id=members[3].id, status="present")]
            )
            if index % 3 == 1:
                record_attendance(
                    session, meeting_id=meeting.id, data=late, actor=actor, replace=False
                )
            mark_held(session, meeting_id=meeting.id, actor=actor)
            if index % 3 == 0:
                record_attendance(
                    session, meeting_id=meeting.id, data=late, actor=actor, replace=False
                )
        session.commit()
        return _events(session, ["meeting.held", "attendance.recorded"], networks)


STATUSES = (AttendanceStatus.present, AttendanceStatus.partial, AttendanceStatus.absent)
HOUR = timedelta(hours=1)


def _network(session: Session, *, series: bool) -> tuple[Network, Any, list[Member], Actor]:
    network = make_network(session)
    org = make_organisation(session, network, "Mölndal")
    members = [make_member(session, org, name) for name in ("Anna", "Bo", "Cia", "Dan")]
    series_id = None
    if series:
        template = {"external_url": "https://forms.office.com/r/x", "anonymous": False,
                    "open_days": 21}  # fmt: skip
        row = MeetingSeries(network_id=network.id, name="Serie", survey_template=template)
        session.add(row)
        session.flush()
        series_id = row.id
    return network, series_id, members, Actor(kind="system", network_id=network.id)


def _events(session: Session, types: list[str], networks: list[Any]) -> list[uuid.UUID]:
    query = (
        select(DomainEvent.id)
        .where(
            DomainEvent.type.in_(types),
            DomainEvent.network_id.in_([n.id for n, *_ in networks]),
            DomainEvent.consumed_at.is_(None),
        )
        .order_by(DomainEvent.position)
    )
    return list(session.scalars(query))


def opened_events(session_maker: sessionmaker[Session]) -> list[uuid.UUID]:
    with session_maker() as session:
        query = (
            select(DomainEvent.id)
            .where(DomainEvent.type == "survey.opened", DomainEvent.consumed_at.is_(None))
            .order_by(DomainEvent.position)
        )
        return list(session.scalars(query))


def consumed_statements(
    connection: Connection, session_maker: sessionmaker[Session], count: int
) -> tuple[int, int]:
    """Statements of one process_batch over `count` meetings' events, then of one over the
    survey.opened events that made."""
    events = held_meetings(session_maker, count)
    with counted(connection) as opening:
        process_batch(session_maker, events, reactions=SURVEYS)
    opened = opened_events(session_maker)
    assert len(opened) == count  # one of them opened before the meeting was marked held
    with counted(connection) as arming:
        process_batch(session_maker, opened, reactions=SURVEYS)
    with session_maker() as session:
        mails = session.scalars(
            select(Notification.id).where(Notification.kind == "survey_invitation")
        ).all()
    assert len(mails) >= 2 * count  # the work was done
    return len(opening), len(arming)


@time_machine.travel(MORNING, tick=False)
def test_statements_do_not_grow_with_the_meetings_in_a_batch(
    connection: Connection, session_maker: sessionmaker[Session]
) -> None:
    few = consumed_statements(connection, session_maker, 5)
    many = consumed_statements(connection, session_maker, 20)
    assert many == few


@time_machine.travel(MORNING, tick=False)
def test_a_batch_makes_what_its_events_one_by_one_make(
    connection: Connection, session_maker: sessionmaker[Session]
) -> None:
    events = held_meetings(session_maker, 7)
    one_by_one = connection.begin_nested()
    for event_id in events:
        process_batch(session_maker, [event_id], reactions=SURVEYS)
    for event_id in opened_events(session_maker):
        process_batch(session_maker, [event_id], reactions=SURVEYS)
    expected = snapshot(session_maker)
    one_by_one.rollback()

    process_batch(session_maker, events, reactions=SURVEYS)
    process_batch(session_maker, opened_events(session_maker), reactions=SURVEYS)
    batched = snapshot(session_maker)
    assert batched == expected
    assert len(batched["survey"]) == 7
    # Two attended each meeting; five of the seven had a late attendee, before or after.
    assert len(batched["survey_recipient"]) == len(batched["notification"]) == 7 * 2 + 5
    assert len(batched["timer"]) == 7 * (1 + 2)  # closing, and two reminders before

    with session_maker() as session:  # redelivered: the inbox skips them, nothing is made
        again = [
            *events,
            *session.scalars(select(DomainEvent.id).where(DomainEvent.type == "survey.opened")),
        ]
        session.execute(
            update(DomainEvent).where(DomainEvent.id.in_(again)).values(consumed_at=None)
        )
        session.commit()
    process_batch(session_maker, again, reactions=SURVEYS)
    assert snapshot(session_maker) == expected


def snapshot(session_maker: sessionmaker[Session]) -> dict[str, Any]:
    """The surveys' rows with their own ids replaced by the meeting each is for."""
    with session_maker() as session:
        surveys = list(session.scalars(select(Survey)))
        labels: dict[Any, str] = {s.id: f"survey<{s.meeting_id}>" for s in surveys}
        made = list(labels)
        rows = {
            "survey": _rows(session, select(Survey), labels),
            "survey_question": _rows(session, select(SurveyQuestion), labels),
            "survey_recipient": _rows(session, select(SurveyRecipient), labels),
            "timer": _rows(session, select(Timer).where(Timer.subject_id.in_(made)), labels),
            "event": [
                _row(e, labels, "position")
                for e in session.scalars(
                    select(DomainEvent)
                    .where(DomainEvent.aggregate_id.in_(made))
                    .order_by(DomainEvent.position)
                )
            ],
            "notification": _rows(
                session, select(Notification).where(Notification.subject_id.in_(made)), labels
            ),
            "inbox": len(
                session.scalars(
                    select(ProcessedEvent.event_id).where(
                        ProcessedEvent.consumer.in_(["surveys", "survey_reminders"])
                    )
                ).all()
            ),
        }
    return rows


def _rows(session: Session, query: Any, labels: dict[Any, str]) -> list[str]:
    return sorted(_row(row, labels) for row in session.scalars(query))


def _row(row: Any, labels: dict[Any, str], *skip: str) -> str:
    """The row's columns as text without its own id, generated ids as their labels."""
    skipped = {"id", *skip}
    values = {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skipped}
    text = repr(sorted(values.items()))
    for made, label in labels.items():
        text = text.replace(repr(made), label).replace(str(made), label)
    return text
