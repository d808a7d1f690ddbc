"""Teams links in a Microsoft 365 network, through the real python-o365 code against the local
Graph server: a digital meeting is created as an online meeting, the join link Graph returns is
stored and shown, and it stays with the meeting (and its mails) through a reschedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from schemas.meetings import RescheduleIn
from services.actors import Actor
from services.meetings.mail import meeting_facts
from services.meetings.models import Meeting, MeetingMode
from services.meetings.service import reschedule_meeting, schedule_meeting
from services.notifications.delivery import Transports
from services.notifications.models import GraphEventLink
from tests.integration.notifications.conftest import add_meeting, deliver, local, run_consumers
from tests.integration.notifications.conftest import working_morning as morning
from tests.integration.notifications.test_graph_channel import (
    graph_factory,
    graph_server,
    graph_settings,
    seed,
)
from tests.support.graph_server import GraphServer

__all__ = ["graph_factory", "graph_server", "graph_settings"]  # fixtures used by name


def _schedule(factory: sessionmaker[Session], mode: MeetingMode) -> tuple[Meeting, Actor]:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    with factory() as session:
        network, _ = seed(session)
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        starts = local(today + timedelta(days=30), 13)
        meeting = add_meeting(session, network, starts, mode=mode, location="Digitalt via Teams")
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        session.commit()
        return meeting, actor


def test_a_digital_meeting_becomes_a_teams_meeting_and_keeps_its_link(
    session_maker: sessionmaker[Session],
    graph_settings: Settings,
    graph_server: GraphServer,
    graph_factory,  # type: ignore[no-untyped-def]
    transports: Transports,
) -> None:
    transports = Transports(smtp=transports.smtp, graph=graph_factory)
    meeting, actor = _schedule(session_maker, MeetingMode.digital)
    run_consumers(session_maker)
    now = morning(datetime.now(UTC).astimezone(LOCAL_TZ).date() + timedelta(days=1))
    assert deliver(session_maker, transports, graph_settings, now).sent == 3
    creates = [r for r in graph_server.requests if r.method == "POST" and "events" in r.path]
    assert len(creates) == 1
    assert creates[0].body["isOnlineMeeting"] in (True, "true")  # python-o365 sends "true"
    assert creates[0].body["onlineMeetingProvider"] == "teamsForBusiness"
    with session_maker() as session:
        link = session.get(GraphEventLink, meeting.id)
        assert link is not None
        join = graph_server.events[link.graph_event_id]["onlineMeeting"]["joinUrl"]
        assert link.join_url == join
        stored = session.get(Meeting, meeting.id)
        assert stored is not None
        assert stored.join_url == join
        assert meeting_facts(stored).online_url == join  # reminders and later invites carry it

    with session_maker() as session:
        moved = local(datetime.now(UTC).astimezone(LOCAL_TZ).date() + timedelta(days=32), 9)
        data = RescheduleIn(starts_at=moved, ends_at=moved + timedelta(hours=2))
        reschedule_meeting(session, meeting_id=meeting.id, data=data, actor=actor)
        session.commit()
    run_consumers(session_maker)
    deliver(session_maker, transports, graph_settings, now + timedelta(minutes=1))
    patches = [r for r in graph_server.requests if r.method == "PATCH"]
    assert len(patches) == 1
    assert patches[0].body["isOnlineMeeting"] in (True, "true")
    assert join.replace("&", "&amp;") in patches[0].body["body"]["content"]
    event = graph_server.events[link.graph_event_id]
    assert event["onlineMeeting"]["joinUrl"] == join  # the same Teams meeting, moved
    with session_maker() as session:
        assert session.get(GraphEventLink, meeting.id).join_url == join  # type: ignore[union-attr]


def test_a_meeting_on_site_is_no_online_meeting(
    session_maker: sessionmaker[Session],
    graph_settings: Settings,
    graph_server: GraphServer,
    graph_factory,  # type: ignore[no-untyped-def]
    transports: Transports,
) -> None:
    transports = Transports(smtp=transports.smtp, graph=graph_factory)
    meeting, _ = _schedule(session_maker, MeetingMode.on_site)
    run_consumers(session_maker)
    now = morning(datetime.now(UTC).astimezone(LOCAL_TZ).date() + timedelta(days=1))
    deliver(session_maker, transports, graph_settings, now)
    creates = [r for r in graph_server.requests if r.method == "POST" and "events" in r.path]
    assert creates[0].body["isOnlineMeeting"] in (False, "false")
    assert not [r for r in graph_server.requests if r.method == "GET" and "/events/" in r.path]
    with session_maker() as session:
        assert session.get(GraphEventLink, meeting.id).join_url is None  # type: ignore[union-attr]
