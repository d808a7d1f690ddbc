"""The meeting consumers take a batch as one: the same rows as one event at a time, and a
statement count that does not grow with the number of meetings in the batch."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.events import MeetingCancelled, MeetingRescheduled
from schemas.meetings import RescheduleIn
from services.actors import Actor
from services.events.consumers import process_batch
from services.events.models import DomainEvent, Timer
from services.events.reactions import Reactions, marks_of
from services.events.service import record_event
from services.meetings.handlers import arm_reminders, send_invites, update_substitutes
from services.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
    Rsvp,
    RsvpResponse,
)
from services.meetings.service import cancel_meeting, reschedule_meeting, schedule_meeting
from services.notifications.models import GraphEventLink, Notification
from services.people.models import Member, MemberRole, Network
from services.series.models import MeetingSeries
from tests.support.factories import make_meeting, make_member, make_network, make_organisation
from tests.support.queries import counted

NOW = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)  # a working Tuesday, 10:00 in Stockholm
MEETINGS = Reactions(marks_of([send_invites, update_substitutes, arm_reminders]))


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    """Send-after, created-at and timer stamps depend on the instant: both runs share it."""
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class World:
    network: Network
    actor: Actor
    members: list[Member]
    series: MeetingSeries


def world(session: Session) -> World:
    """A network with a chair, a guest, a steering group, an inactive member, a bad address."""
    network = make_network(session)
    ale, lerum = (make_organisation(session, network, name) for name in ("Ale", "Lerum"))
    members = [
        make_member(session, ale, "Karin Samordnare", role=MemberRole.coordinator),
        make_member(session, ale, "Anna Styrgrupp", in_steering_group=True),
        make_member(session, lerum, "Omar Styrgrupp", in_steering_group=True),
        make_member(session, lerum, "Gästen", role=MemberRole.guest),
        make_member(session, lerum, "Sara Ersättare"),
        make_member(session, lerum, "Fel Adress", email="inte-en-adress"),
        make_member(session, ale, "Slutat", active=False),
    ]
    series = MeetingSeries(
        network_id=network.id, name="VT", default_online_url="https://video.example.org/vt"
    )
    session.add(series)
    session.flush()
    actor = Actor(kind="user", network_id=network.id, role="coordinator")
    return World(network, actor, members, series)


def meetings_of(session: Session, w: World, count: int) -> list[Meeting]:
    """`count` meetings of every kind of link: own, the series', Graph's Teams link, none."""
    found = []
    for index in range(count):
        fields: dict[str, Any] = {"title": f"Träff {index}", "location": "GR, Göteborg"}
        if index % 4 == 0:
            fields.update(kind=MeetingKind.steering, mode=MeetingMode.hybrid)
        elif index % 4 == 1:
            fields.update(series_id=w.series.id)
        elif index % 4 == 2:
            fields.update(mode=MeetingMode.digital)
        else:
            fields.update(online_url="https://teams.example.org/l/own")
        meeting = make_meeting(session, w.network, days_ahead=20 + index, **fields)
        session.add(AgendaItem(meeting_id=meeting.id, position=0, title="Kommun i fokus"))
        if index % 4 == 2:
            session.add(
                GraphEventLink(
                    meeting_id=meeting.id,
                    network_id=w.network.id,
                    graph_event_id=f"AAMk{index}",
                    join_url="https://teams.microsoft.com/l/meetup-join/x",
                    updated_at=NOW,
                )
            )
        found.append(meeting)
    session.flush()
    return found


def changes(session: Session, w: World, meetings: list[Meeting]) -> None:
    """Each scheduled; steering ones get a substitute and move; every third one is cancelled."""
    anna, sara = w.members[1], w.members[4]
    for meeting in meetings:
        schedule_meeting(session, meeting_id=meeting.id, actor=w.actor)
    for index, meeting in enumerate(meetings):
        if meeting.kind == MeetingKind.steering:
            session.add(
                Rsvp(
                    meeting_id=meeting.id,
                    member_id=anna.id,
                    response=RsvpResponse.declined,
                    substitute_member_id=sara.id,
                )
            )
        if index % 2 == 0:
            later = RescheduleIn(
                starts_at=meeting.starts_at + timedelta(days=1),
                ends_at=meeting.ends_at + timedelta(days=1),
            )
            reschedule_meeting(session, meeting_id=meeting.id, data=later, actor=w.actor)
        if index % 3 == 0:
            cancel_meeting(session, meeting_id=meeting.id, actor=w.actor, reason="Sjukdom")


def pending_events(session: Session) -> list[uuid.UUID]:
    query = select(DomainEvent.id).where(DomainEvent.consumed_at.is_(None))
    return list(session.scalars(query.order_by(DomainEvent.position)))


def effects(session: Session, meeting_ids: list[uuid.UUID]) -> tuple[list[Any], list[Any]]:
    """Every notification and timer of the meetings, all columns but the random ids."""
    mails = session.execute(
        select(
            Notification.idempotency_key,
            Notification.kind,
            Notification.network_id,
            Notification.recipient_member_id,
            Notification.channel,
            Notification.event_id,
            Notification.subject_id,
            Notification.context,
            Notification.status,
            Notification.send_after,
            Notification.created_at,
        )
        .where(Notification.subject_id.in_(meeting_ids))
        .order_by(Notification.idempotency_key)
    )
    timers = session.execute(
        select(Timer.key, Timer.kind, Timer.due_at, Timer.fired_at, Timer.cancelled_at)
        .where(Timer.subject_id.in_(meeting_ids))
        .order_by(Timer.key)
    )
    return [tuple(row) for row in mails], [tuple(row) for row in timers]


def test_a_batch_makes_the_rows_of_its_events_one_at_a_time(
    session_maker: sessionmaker[Session], connection: Connection
) -> None:
    with session_maker() as session:
        w = world(session)
        meetings = meetings_of(session, w, 14)
        for earlier in meetings[12:]:  # scheduled and armed in an earlier batch
            schedule_meeting(session, meeting_id=earlier.id, actor=w.actor)
        session.commit()
        process_batch(session_maker, pending_events(session), reactions=MEETINGS)
        changes(session, w, meetings[:12])
        moved, gone = meetings[12:]
        later = RescheduleIn(
            starts_at=moved.starts_at + timedelta(hours=2),
            ends_at=moved.ends_at + timedelta(hours=2),
        )
        reschedule_meeting(session, meeting_id=moved.id, data=later, actor=w.actor)
        cancel_meeting(session, meeting_id=gone.id, actor=w.actor)
        session.commit()
        ids = [m.id for m in meetings]
        events = pending_events(session)
    one_by_one = connection.begin_nested()
    for event_id in events:
        process_batch(session_maker, [event_id], reactions=MEETINGS)
    with session_maker() as session:
        expected = effects(session, ids)
    one_by_one.rollback()
    process_batch(session_maker, events, reactions=MEETINGS)
    with session_maker() as session:
        mails, timers = effects(session, ids)
    assert (mails, timers) == expected
    assert {row[1] for row in mails} == {"meeting_invite", "meeting_cancelled"}
    sara = w.members[4].id  # a substitute outside the steering group is told too
    assert any(row[0].startswith("meeting_cancelled") and row[3] == sara for row in mails)
    armed = {row[0].rsplit(":", 1)[1] for row in timers if row[4] is None}
    assert armed == {str(m.id) for m in meetings if m.status == MeetingStatus.scheduled}
    assert {row[0].rsplit(":", 1)[1] for row in timers if row[4] is not None} == {str(gone.id)}


def test_disarm_then_arm_in_one_batch_keeps_the_order(
    session_maker: sessionmaker[Session], connection: Connection
) -> None:
    """A cancellation followed by a move of the same meeting: the move re-arms only what moved
    (the same timers, at the same times, stay disarmed), in a batch as one at a time."""
    with session_maker() as session:
        w = world(session)
        meeting = meetings_of(session, w, 2)[1]
        schedule_meeting(session, meeting_id=meeting.id, actor=w.actor)
        session.commit()
        scheduled = pending_events(session)
    process_batch(session_maker, scheduled, reactions=MEETINGS)  # its reminders are armed
    with session_maker() as session:
        session.add(meeting)
        for payload in (
            MeetingCancelled(meeting_id=meeting.id, sequence=meeting.ical_sequence + 1),
            MeetingRescheduled(
                meeting_id=meeting.id,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                previous_starts_at=meeting.starts_at,
                previous_ends_at=meeting.ends_at,
                sequence=meeting.ical_sequence + 2,
            ),
        ):
            record_event(
                session,
                payload=payload,
                aggregate_type="meeting",
                aggregate_id=meeting.id,
                network_id=w.network.id,
                actor=w.actor,
            )
        session.commit()
        events = pending_events(session)
    one_by_one = connection.begin_nested()
    for event_id in events:
        process_batch(session_maker, [event_id], reactions=MEETINGS)
    with session_maker() as session:
        expected = effects(session, [meeting.id])
    one_by_one.rollback()
    process_batch(session_maker, events, reactions=MEETINGS)
    with session_maker() as session:
        assert effects(session, [meeting.id]) == expected
    assert expected[1]
    assert all(row[4] is not None for row in expected[1])  # the same timers stay disarmed


def statements_for(session_maker: sessionmaker[Session], connection: Connection, count: int) -> int:
    """The SQL statements of one batch: `count` meetings' changes (scheduled, moved,
    cancelled, a substitute told) in one process_batch."""
    with session_maker() as session:
        w = world(session)
        meetings = meetings_of(session, w, count)
        changes(session, w, meetings)
        session.commit()
        events = pending_events(session)
    with counted(connection) as statements:
        process_batch(session_maker, events, reactions=MEETINGS)
    with session_maker() as session:
        made = session.scalars(
            select(Notification.id).where(Notification.subject_id.in_([m.id for m in meetings]))
        )
        assert len(list(made)) > 4 * count  # every meeting's audience was told
    return len(statements)


def test_statements_do_not_grow_with_the_meetings_of_a_batch(
    session_maker: sessionmaker[Session], connection: Connection
) -> None:
    few = statements_for(session_maker, connection, 5)
    many = statements_for(session_maker, connection, 20)
    assert many == few
