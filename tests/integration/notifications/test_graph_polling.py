"""Polling attendee answers survives Graph's 429 and 503 (local Graph server): the meeting Graph
refused is skipped, the others are still polled, and a 429's Retry-After keeps that mailbox
quiet, in the same scan and in the next ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.meetings.calendar_answers import poll_responses
from services.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpResponse
from services.notifications.models import GraphEventLink, GraphToken
from services.people.models import DeliveryChannel, Member, Network
from tests.integration.notifications.conftest import add_meeting
from tests.integration.notifications.test_graph_channel import (
    CLIENT,
    TENANT,
    TOKEN,
    graph_factory,
    graph_server,
    graph_settings,
)
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.graph_server import GraphServer, token_cache

__all__ = ["graph_factory", "graph_server", "graph_settings"]  # fixtures used below


def graph_network(session: Session, mailbox: str) -> tuple[Network, Member]:
    network = make_network(session)
    network.delivery_channel = DeliveryChannel.microsoft365
    network.organiser_mailbox = mailbox
    session.add(
        GraphToken(
            network_id=network.id,
            serialized=token_cache(TOKEN, client_id=CLIENT, tenant_id=TENANT),
            updated_at=datetime.now(UTC),
        )
    )
    member = make_member(session, make_organisation(session, network, "Kungälv"), "Anna")
    return network, member


def event_with_answer(
    session: Session, server: GraphServer, network: Network, member: Member, days: int
) -> tuple[Meeting, str]:
    """A scheduled meeting with its event on the Graph server, answered 'accepted' in Outlook."""
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
    meeting = add_meeting(session, network, starts, status=MeetingStatus.scheduled)
    body = {
        "transactionId": meeting.ical_uid,
        "subject": meeting.title,
        "attendees": [
            {"emailAddress": {"address": member.email, "name": member.name}, "type": "required"}
        ],
    }
    event_id = server._create(body).body["id"]
    server.respond(event_id, member.email, "accepted")
    session.add(
        GraphEventLink(
            meeting_id=meeting.id,
            network_id=network.id,
            graph_event_id=event_id,
            updated_at=datetime.now(UTC),
        )
    )
    return meeting, event_id


def gets(server: GraphServer, event_id: str) -> int:
    return sum(1 for r in server.requests if r.method == "GET" and event_id in r.path)


def answered(factory: sessionmaker[Session], meeting: Meeting) -> bool:
    with factory() as session:
        response = session.scalar(select(Rsvp.response).where(Rsvp.meeting_id == meeting.id))
    return response == RsvpResponse.accepted


def test_503_skips_that_meeting_and_the_scan_goes_on(
    session_maker: sessionmaker[Session],
    graph_server: GraphServer,
    graph_factory,  # type: ignore[no-untyped-def]
) -> None:
    with session_maker() as session:
        network, anna = graph_network(session, "natverk@ale.example.org")
        first, first_id = event_with_answer(session, graph_server, network, anna, days=5)
        second, second_id = event_with_answer(session, graph_server, network, anna, days=9)
        session.commit()
    graph_server.fail_next(1, 503)
    assert poll_responses(session_maker, graph_factory) == 1
    assert (answered(session_maker, first), answered(session_maker, second)) == (False, True)
    assert (gets(graph_server, first_id), gets(graph_server, second_id)) == (1, 1)
    assert poll_responses(session_maker, graph_factory) == 1  # the next scan picks it up
    assert answered(session_maker, first)


def test_429_quiets_the_mailbox_until_retry_after_and_other_mailboxes_go_on(
    session_maker: sessionmaker[Session],
    graph_server: GraphServer,
    graph_factory,  # type: ignore[no-untyped-def]
) -> None:
    with session_maker() as session:
        ale, anna = graph_network(session, "natverk@ale.example.org")
        lerum, omar = graph_network(session, "natverk@lerum.example.org")
        throttled, throttled_id = event_with_answer(session, graph_server, ale, anna, days=3)
        same_box, same_box_id = event_with_answer(session, graph_server, ale, anna, days=5)
        other_box, other_box_id = event_with_answer(session, graph_server, lerum, omar, days=7)
        session.commit()
    graph_server.fail_next(1, 429, retry_after="120")
    assert poll_responses(session_maker, graph_factory) == 1
    assert gets(graph_server, throttled_id) == 1
    assert gets(graph_server, same_box_id) == 0  # not before Retry-After has passed
    assert answered(session_maker, other_box)
    assert not answered(session_maker, same_box)
    assert not answered(session_maker, throttled)

    assert poll_responses(session_maker, graph_factory) == 0  # the next scan: still paused
    assert gets(graph_server, throttled_id) + gets(graph_server, same_box_id) == 1
    assert gets(graph_server, other_box_id) == 2
