"""Microsoft 365 channel against the local Graph server: one call per meeting change, sendMail,
429 honoured through the row's send_after, attendee answers read back into RSVPs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.graph_limits import MailboxLimiter
from infra.settings import Settings
from schemas.meetings import RescheduleIn
from services.actors import Actor
from services.meetings.calendar_answers import poll_responses
from services.meetings.models import Rsvp, RsvpResponse
from services.meetings.service import cancel_meeting, reschedule_meeting, schedule_meeting
from services.notifications.delivery import Transports
from services.notifications.graph_channel import graph_transports
from services.notifications.models import (
    GraphEventLink,
    GraphToken,
    Notification,
    NotificationStatus,
)
from services.people.models import DeliveryChannel
from services.tasks.mail import TaskAssignedMail, task_facts, tell
from services.tasks.models import Task
from tests.integration.notifications.conftest import (
    add_meeting,
    deliver,
    local,
    run_consumers,
    working_morning,
)
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.graph_server import GraphServer, token_cache

TENANT, CLIENT, TOKEN = "tenant-1", "client-1", "seeded-token"
MAILBOX = "natverk@goteborgsregionen.example.org"


@pytest.fixture
def graph_server() -> Iterator[GraphServer]:
    with GraphServer(tokens={TOKEN}) as server:
        yield server


@pytest.fixture
def graph_settings(delivery_settings: Settings, graph_server: GraphServer) -> Settings:
    return delivery_settings.model_copy(
        update={
            "graph_tenant_id": TENANT,
            "graph_client_id": CLIENT,
            "graph_client_secret": SecretStr("secret-1"),
            "graph_base_url": graph_server.url,
        }
    )


@pytest.fixture
def graph_factory(session_maker: sessionmaker[Session], graph_settings: Settings):  # type: ignore[no-untyped-def]
    limiter = MailboxLimiter(
        redis.Redis.from_url("redis://127.0.0.1:6379/0"), prefix=f"test:{uuid.uuid4().hex}"
    )
    return graph_transports(session_maker, graph_settings, limiter=limiter)


def seed(session: Session):  # type: ignore[no-untyped-def]
    network = make_network(session)
    network.delivery_channel = DeliveryChannel.microsoft365
    network.organiser_mailbox = MAILBOX
    session.add(
        GraphToken(
            network_id=network.id,
            serialized=token_cache(TOKEN, client_id=CLIENT, tenant_id=TENANT),
            updated_at=datetime.now(UTC),
        )
    )
    org = make_organisation(session, network, "Kungälv")
    members = [make_member(session, org, n) for n in ("Anna", "Omar", "Li")]
    return network, members


def test_meeting_lifecycle_is_one_graph_call_per_change_and_answers_come_back(
    session_maker: sessionmaker[Session],
    graph_settings: Settings,
    graph_server: GraphServer,
    graph_factory,  # type: ignore[no-untyped-def]
    transports: Transports,
) -> None:
    transports = Transports(smtp=transports.smtp, graph=graph_factory)
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    with session_maker() as session:
        network, members = seed(session)
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        meeting = add_meeting(session, network, local(today + timedelta(days=30), 13))
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        session.commit()
        meeting_id = meeting.id
    run_consumers(session_maker)
    now = working_morning(today + timedelta(days=1))
    report = deliver(session_maker, transports, graph_settings, now)
    assert report.sent == 3
    creates = [
        r for r in graph_server.requests if r.method == "POST" and "calendar/events" in r.path
    ]
    assert len(creates) == 1
    body = creates[0].body
    assert body["transactionId"] == f"{meeting_id}@samverkan"
    assert sorted(a["emailAddress"]["address"] for a in body["attendees"]) == sorted(
        m.email for m in members
    )
    assert body["start"]["timeZone"] in ("W. Europe Standard Time", "Europe/Stockholm")
    with session_maker() as session:
        link = session.get(GraphEventLink, meeting_id)
        assert link is not None
        assert link.sequence == 0
        event_id = link.graph_event_id

    with session_maker() as session:
        moved = local(today + timedelta(days=31), 9)
        reschedule_meeting(
            session,
            meeting_id=meeting_id,
            data=RescheduleIn(starts_at=moved, ends_at=moved + timedelta(hours=2)),
            actor=actor,
        )
        session.commit()
    run_consumers(session_maker)
    deliver(session_maker, transports, graph_settings, now + timedelta(minutes=1))
    patches = [r for r in graph_server.requests if r.method == "PATCH"]
    assert [p.path.rsplit("/", 1)[-1] for p in patches] == [event_id]

    graph_server.respond(event_id, members[0].email, "accepted")
    graph_server.respond(event_id, members[1].email, "declined")
    assert poll_responses(session_maker, graph_factory, now=now) == 2
    with session_maker() as session:
        answers = {
            r.member_id: r.response
            for r in session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting_id))
        }
    assert answers == {
        members[0].id: RsvpResponse.accepted,
        members[1].id: RsvpResponse.declined,
    }

    with session_maker() as session:
        cancel_meeting(session, meeting_id=meeting_id, actor=actor)
        session.commit()
    run_consumers(session_maker)
    deliver(session_maker, transports, graph_settings, now + timedelta(minutes=2))
    cancels = [r for r in graph_server.requests if r.path.endswith("/cancel")]
    assert len(cancels) == 1
    assert graph_server.events[event_id]["isCancelled"] is True
    assert not any("sendMail" in r.path for r in graph_server.requests)


def test_send_mail_429_delays_the_retry_by_retry_after(
    session_maker: sessionmaker[Session],
    graph_settings: Settings,
    graph_server: GraphServer,
    graph_factory,  # type: ignore[no-untyped-def]
    transports: Transports,
) -> None:
    transports = Transports(smtp=transports.smtp, graph=graph_factory)
    with session_maker() as session:
        network, members = seed(session)
        task = Task(
            network_id=network.id,
            title="Skicka statistik",
            owner_member_id=members[0].id,
            due_date=(datetime.now(UTC) + timedelta(days=30)).date(),
        )
        session.add(task)
        session.flush()
        mail = TaskAssignedMail(task_id=task.id, task=task_facts(session, task))
        tell(session, task, mail, key=f"task_assigned:{task.id}", member_id=members[0].id)
        session.commit()
        row_id = session.scalars(
            select(Notification.id).where(Notification.subject_id == task.id)
        ).one()
    now = working_morning(datetime.now(UTC).date() + timedelta(days=1))
    graph_server.fail_next(1, 429, retry_after="7")
    report = deliver(session_maker, transports, graph_settings, now)
    assert report.retried == 1
    assert graph_server.sent_mail == []
    with session_maker() as session:
        row = session.get(Notification, row_id)
        assert row is not None
        assert row.status == NotificationStatus.pending
        assert row.send_after == now + timedelta(seconds=7)
    assert deliver(session_maker, transports, graph_settings, now + timedelta(seconds=6)).sent == 0
    assert len(graph_server.requests) == 1
    assert deliver(session_maker, transports, graph_settings, now + timedelta(seconds=7)).sent == 1
    assert len(graph_server.sent_mail) == 1
    sent = graph_server.sent_mail[0]
    assert sent["toRecipients"][0]["emailAddress"]["address"] == members[0].email
    assert "Skicka statistik" in sent["body"]["content"]
