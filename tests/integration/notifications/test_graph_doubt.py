"""Microsoft 365 mail and events in doubt (their sender died mid-send), against the local Graph
server: looked up in Sent Items by the fixed internetMessageId (which lags), a leftover draft
sent, a missing one created and sent; a retried event create makes no second event."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import redis
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.graph_limits import MailboxLimiter
from infra.settings import Settings
from services.actors import Actor
from services.meetings.service import schedule_meeting
from services.notifications.delivery import Transports
from services.notifications.graph_channel import SEND_ID_HEADER, GraphTransport, graph_transports
from services.notifications.models import GraphEventLink, Notification, NotificationStatus
from services.tasks.mail import TaskAssignedMail, task_facts, tell
from services.tasks.models import Task
from tests.integration.notifications.conftest import (
    add_meeting,
    deliver,
    local,
    run_consumers,
    working_morning,
)
from tests.integration.notifications.test_graph_channel import graph_server, graph_settings, seed
from tests.support.graph_server import GraphServer

__all__ = ["graph_server", "graph_settings"]  # fixtures used below
WAITS = (0.0, 0.3, 0.6)


@pytest.fixture
def graph_factory(
    session_maker: sessionmaker[Session], graph_settings: Settings
) -> Callable[[uuid.UUID], GraphTransport]:
    limiter = MailboxLimiter(
        redis.Redis.from_url("redis://127.0.0.1:6379/0"), prefix=f"test:{uuid.uuid4().hex}"
    )
    return graph_transports(session_maker, graph_settings, limiter=limiter, sent_items_waits=WAITS)


def _task_mail(session_maker: sessionmaker[Session]) -> uuid.UUID:
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
        return session.scalars(
            select(Notification.id).where(Notification.subject_id == task.id)
        ).one()


def _died_sending(session_maker: sessionmaker[Session], ids: list[uuid.UUID], at: datetime) -> None:
    """What a kill -9 during the Graph call leaves: the rows `sending`, their ids fixed."""
    with session_maker.begin() as session:
        session.execute(
            update(Notification)
            .where(Notification.id.in_(ids))
            .values(status=NotificationStatus.sending, updated_at=at, sent_at=None)
        )


def _lookups(server: GraphServer, folder: str) -> int:
    return sum(r.method == "GET" and f"mailFolders/{folder}/" in r.path for r in server.requests)


def test_mail_in_doubt_found_in_lagging_sent_items_is_not_sent_again(
    session_maker: sessionmaker[Session],
    graph_settings: Settings,
    graph_server: GraphServer,
    graph_factory: Callable[[uuid.UUID], GraphTransport],
    transports: Transports,
) -> None:
    transports = Transports(smtp=transports.smtp, graph=graph_factory)
    row_id = _task_mail(session_maker)
    now = working_morning(datetime.now(UTC).date() + timedelta(days=1))
    graph_server.sent_items_delay_s = 0.5  # Exchange shows it in Sent Items a little later
    assert deliver(session_maker, transports, graph_settings, now).sent == 1
    sent = graph_server.sent_mail[0]
    with session_maker() as session:
        message_id = session.get(Notification, row_id).message_id  # type: ignore[union-attr]
    assert sent["internetMessageId"] == message_id
    headers = {h["name"]: h["value"] for h in sent["internetMessageHeaders"]}
    assert headers[SEND_ID_HEADER] == message_id
    _died_sending(session_maker, [row_id], now)  # killed after the send, before `sent`
    later = now + timedelta(seconds=graph_settings.delivery_lease_s + 1)
    report = deliver(session_maker, transports, graph_settings, later)
    assert (report.doubtful, report.sent) == (1, 1)
    assert len(graph_server.sent_mail) == 1
    assert _lookups(graph_server, "sentitems") >= 2  # the first look came too early
    assert _lookups(graph_server, "drafts") == 0
    with session_maker() as session:
        row = session.get(Notification, row_id)
        assert row is not None
        assert (row.status, row.provider_id) == (NotificationStatus.sent, message_id)


def test_mail_in_doubt_sends_its_leftover_draft_or_a_new_one_with_the_same_id(
    session_maker: sessionmaker[Session],
    graph_settings: Settings,
    graph_server: GraphServer,
    graph_factory: Callable[[uuid.UUID], GraphTransport],
    transports: Transports,
) -> None:
    transports = Transports(smtp=transports.smtp, graph=graph_factory)
    first, second = _task_mail(session_maker), _task_mail(session_maker)
    now = working_morning(datetime.now(UTC).date() + timedelta(days=1))
    fixed = {first: "<left-as-draft@goteborgsregionen.example.org>", second: "<never@x.example>"}
    with session_maker.begin() as session:
        for row_id, message_id in fixed.items():
            session.execute(
                update(Notification).where(Notification.id == row_id).values(message_id=message_id)
            )
    graph_server.drafts["AAMkDleft"] = {
        "id": "AAMkDleft",
        "isDraft": True,
        "internetMessageId": fixed[first],
        "toRecipients": [{"emailAddress": {"address": "anna@example.org"}}],
    }  # the draft was created, then its sender died before sending it
    _died_sending(session_maker, [first, second], now)
    later = now + timedelta(seconds=graph_settings.delivery_lease_s + 1)
    report = deliver(session_maker, transports, graph_settings, later)
    assert (report.doubtful, report.sent) == (2, 2)
    assert sorted(m["internetMessageId"] for m in graph_server.sent_mail) == sorted(fixed.values())
    assert graph_server.drafts == {}
    creates = [
        r for r in graph_server.requests if r.method == "POST" and r.path.endswith("/messages")
    ]
    assert len(creates) == 1  # only the one without a draft
    assert creates[0].body["internetMessageId"] == fixed[second]


def test_invite_in_doubt_after_the_event_was_made_creates_no_second_event(
    session_maker: sessionmaker[Session],
    graph_settings: Settings,
    graph_server: GraphServer,
    graph_factory: Callable[[uuid.UUID], GraphTransport],
    transports: Transports,
) -> None:
    transports = Transports(smtp=transports.smtp, graph=graph_factory)
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    with session_maker() as session:
        network, _ = seed(session)
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        meeting = add_meeting(session, network, local(today + timedelta(days=30), 13))
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        session.commit()
        meeting_id = meeting.id
    run_consumers(session_maker)
    now = working_morning(today + timedelta(days=1))
    assert deliver(session_maker, transports, graph_settings, now).sent == 3
    with session_maker.begin() as session:  # killed after Graph made the event, before commit
        session.execute(delete(GraphEventLink).where(GraphEventLink.meeting_id == meeting_id))
        ids = list(
            session.scalars(select(Notification.id).where(Notification.kind == "meeting_invite"))
        )
    _died_sending(session_maker, ids, now)
    later = now + timedelta(seconds=graph_settings.delivery_lease_s + 1)
    report = deliver(session_maker, transports, graph_settings, later)
    assert (report.doubtful, report.sent) == (3, 3)
    creates = [r for r in graph_server.requests if r.path.endswith("/calendar/events")]
    assert len(creates) == 2
    assert {r.body["transactionId"] for r in creates} == {f"{meeting_id}@samverkan"}
    assert len(graph_server.events) == 1
    with session_maker() as session:
        link = session.get(GraphEventLink, meeting_id)
        assert link is not None
        assert link.graph_event_id == next(iter(graph_server.events))
