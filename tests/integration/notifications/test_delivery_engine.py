"""The delivery engine: concurrent scans on a committed database send once; retries, bounces,
dead letters, and rows a dead worker left in `sending`: sent again with the same ids."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.db import make_engine, session_factory
from infra.settings import Settings
from services.events.models import DeadLetter, DomainEvent
from services.events.timer_runner import fire_due_timers
from services.meetings.models import MeetingStatus
from services.meetings.reminders import arm_meeting_reminders
from services.notifications.delivery import Transports, deliver_due, retry_dead_letter
from services.notifications.failures import UNCERTAIN
from services.notifications.models import Notification, NotificationStatus
from services.people.models import EmailStatus, Member
from services.registry import MAIL_KINDS, REACTIONS
from services.tasks.mail import TaskAssignedMail, task_facts, tell
from services.tasks.models import Task
from tests.integration.notifications.conftest import add_meeting, local, working_morning
from tests.integration.notifications.test_reminders import quiet_week
from tests.support.database import create_test_database, drop_test_database
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.smtp_server import CapturingSmtpServer


@pytest.fixture(scope="module")
def committed_factory() -> Iterator[sessionmaker[Session]]:
    from infra.migrate import upgrade

    name, url = create_test_database()
    upgrade(url)
    engine = make_engine(url)
    yield session_factory(engine)
    engine.dispose()
    drop_test_database(name)


def test_two_concurrent_scans_send_one_mail_per_member_and_reminder(
    committed_factory: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    meeting_day = quiet_week(today + timedelta(days=20), weekday=2, span=1)
    with committed_factory.begin() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Mölndal")
        emails = sorted(make_member(session, org, f"Medlem {i}").email for i in range(8))
        meeting = add_meeting(
            session, network, local(meeting_day, 13), status=MeetingStatus.scheduled
        )
        arm_meeting_reminders(session, meeting, now=datetime.now(UTC))
    now = local(meeting_day - timedelta(days=7), 8, 1)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def scan() -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(2):
                fire_due_timers(committed_factory, None, reactions=REACTIONS, now=now)
                deliver_due(
                    committed_factory,
                    transports,
                    kinds=MAIL_KINDS,
                    settings=delivery_settings,
                    now=now,
                )
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    got = sorted(str(m["To"].addresses[0].addr_spec) for m in smtp_server.messages)
    assert got == emails  # exactly one each
    with committed_factory() as session:
        statuses = set(
            session.scalars(
                select(Notification.status).where(Notification.network_id == network.id)
            )
        )
    assert statuses == {NotificationStatus.sent}


def _task_row(session: Session) -> tuple[Notification, Member]:
    network = make_network(session)
    org = make_organisation(session, network, "Alingsås")
    member = make_member(session, org, "Per Ström")
    task = Task(
        network_id=network.id,
        title="Skicka PP-bilderna",
        owner_member_id=member.id,
        due_date=(datetime.now(UTC) + timedelta(days=30)).date(),
    )
    session.add(task)
    session.flush()
    mail = TaskAssignedMail(task_id=task.id, task=task_facts(session, task))
    tell(session, task, mail, key=f"task_assigned:{task.id}:{member.id}", member_id=member.id)
    row = session.scalars(select(Notification).where(Notification.subject_id == task.id)).one()
    return row, member


def test_soft_bounce_retries_with_backoff_then_hard_bounce_marks_address_failing(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    with session_maker() as session:
        row, member = _task_row(session)
        session.commit()
    now = working_morning(datetime.now(UTC).date() + timedelta(days=1))
    smtp_server.fail_next("RCPT", 451)
    report = deliver_due(
        session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=now
    )
    assert report.retried == 1
    assert smtp_server.messages == []
    with session_maker() as session:
        again = session.get(Notification, row.id)
        assert again is not None
        assert again.status == NotificationStatus.pending
        assert again.attempts == 1
        assert again.send_after is not None
        assert again.send_after > now
        retry_at = again.send_after
    assert (
        deliver_due(
            session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=now
        ).sent
        == 0
    )

    smtp_server.fail_next("RCPT", 550)
    report = deliver_due(
        session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=retry_at
    )
    assert report.failed == 1
    assert smtp_server.messages == []
    with session_maker() as session:
        failed = session.get(Notification, row.id)
        assert failed is not None
        assert failed.status == NotificationStatus.failed
        assert session.get(Member, member.id).email_status == EmailStatus.failing  # type: ignore[union-attr]
        letter = session.scalars(select(DeadLetter).where(DeadLetter.subject_id == row.id)).one()
        assert letter.task_name == "notification.deliver"
        event = session.scalars(
            select(DomainEvent).where(
                DomainEvent.aggregate_id == row.id, DomainEvent.type == "notification.failed"
            )
        ).one()
        assert event.payload["notification_id"] == str(row.id)


def test_gives_up_after_max_attempts(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    settings = delivery_settings.model_copy(update={"task_max_retries": 2})
    with session_maker() as session:
        row, _ = _task_row(session)
        session.commit()
    now = working_morning(datetime.now(UTC).date() + timedelta(days=1))
    smtp_server.fail_next("DATA", 421, count=2)
    deliver_due(session_maker, transports, kinds=MAIL_KINDS, settings=settings, now=now)
    deliver_due(
        session_maker, transports, kinds=MAIL_KINDS, settings=settings, now=now + timedelta(hours=1)
    )
    with session_maker() as session:
        failed = session.get(Notification, row.id)
        assert failed is not None
        assert failed.status == NotificationStatus.failed
        assert failed.attempts == 2
        assert session.scalars(select(DeadLetter).where(DeadLetter.subject_id == row.id)).one()


def test_row_left_sending_past_the_lease_is_sent_again_with_the_same_message_id(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    now = working_morning(datetime.now(UTC).date() + timedelta(days=1))
    lease = timedelta(seconds=delivery_settings.delivery_lease_s)
    stamp = now - timedelta(hours=1)
    with session_maker() as session:
        row, _ = _task_row(session)
        row.status = NotificationStatus.sending  # its sender died during the SMTP call
        row.attempts = 1
        row.message_id = "<fixed-at-first-rendering@samverkan.example.org>"
        row.dtstamp = stamp
        row.updated_at = now - lease + timedelta(seconds=1)
        session.commit()
    within = deliver_due(
        session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=now
    )
    assert (within.doubtful, within.sent, smtp_server.messages) == (0, 0, [])
    later = now + timedelta(seconds=2)
    report = deliver_due(
        session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=later
    )
    assert (report.doubtful, report.sent) == (1, 1)
    assert [str(m["Message-ID"]) for m in smtp_server.messages] == [row.message_id]
    assert smtp_server.messages[0]["Date"].datetime == stamp.replace(microsecond=0)
    with session_maker() as session:
        settled = session.get(Notification, row.id)
        assert settled is not None
        assert settled.status == NotificationStatus.sent
        assert settled.attempts == 2
        assert settled.doubtful_since == now - lease + timedelta(seconds=1)
        assert not session.scalars(select(DeadLetter).where(DeadLetter.subject_id == row.id)).all()
    again = deliver_due(
        session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=later
    )
    assert (again.doubtful, again.sent, len(smtp_server.messages)) == (0, 0, 1)


def test_row_in_doubt_at_every_attempt_becomes_a_dead_letter_and_can_be_retried(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    now = working_morning(datetime.now(UTC).date() + timedelta(days=1))
    with session_maker() as session:
        row, _ = _task_row(session)
        row.status = NotificationStatus.sending  # its sender died at every attempt so far
        row.attempts = delivery_settings.task_max_retries
        row.updated_at = now - timedelta(minutes=11)
        session.commit()
    report = deliver_due(
        session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=now
    )
    assert report.doubtful == 1
    assert smtp_server.messages == []
    with session_maker() as session:
        flagged = session.get(Notification, row.id)
        assert flagged is not None
        assert flagged.status == NotificationStatus.failed
        assert flagged.last_error == UNCERTAIN
        letter = session.scalars(select(DeadLetter).where(DeadLetter.subject_id == row.id)).one()
        retry_dead_letter(session, dead_letter_id=letter.id, now=now)  # the dashboard's button
        session.commit()
    assert (
        deliver_due(
            session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=now
        ).sent
        == 1
    )
    assert len(smtp_server.messages) == 1
    assert (
        deliver_due(
            session_maker, transports, kinds=MAIL_KINDS, settings=delivery_settings, now=now
        ).sent
        == 0
    )
