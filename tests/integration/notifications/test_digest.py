"""The weekly digest over real SMTP: armed per network and week, asked for on Monday 08:00 with
each member's week, sent with their own links; a member who turned it off gets none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from services.deadlines.models import Deadline
from services.digest.handlers import arm_digests
from services.events.models import Timer
from services.events.timer_runner import fire_due_timers
from services.meetings.models import MeetingStatus
from services.notifications.delivery import Transports
from services.registry import REACTIONS
from services.surveys.models import Survey, SurveyRecipient
from services.tasks.models import Task
from tests.integration.notifications.conftest import add_meeting, deliver, local, to_addresses
from tests.integration.notifications.test_reminders import quiet_week
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.smtp_server import CapturingSmtpServer


def test_monday_digest_tells_each_member_their_week(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    monday = quiet_week(today + timedelta(days=7), weekday=0, span=1)
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Partille")
        anna = make_member(session, org, "Anna Digest")
        make_member(session, org, "Bo Tyst", notification_preferences={"weekly_digest": False})
        session.add_all(
            [
                Task(network_id=network.id, title="Skicka statistiken", owner_member_id=anna.id,
                     due_date=monday + timedelta(days=5)),
                Task(network_id=network.id, title="Boka lokal", owner_member_id=anna.id,
                     due_date=monday - timedelta(days=2)),
                Deadline(network_id=network.id, title="Ansökan §37a",
                         closes_at=local(monday + timedelta(days=20), 23, 59)),
            ]
        )  # fmt: skip
        meeting = add_meeting(
            session, network, local(monday + timedelta(days=9), 13),
            title="Nätverksträff i Partille", status=MeetingStatus.scheduled,
        )  # fmt: skip
        survey = Survey(
            meeting_id=meeting.id, title="Två frågor om förra träffen",
            opens_at=local(monday - timedelta(days=3), 9),
            closes_at=local(monday + timedelta(days=4), 23),
        )  # fmt: skip
        session.add(survey)
        session.flush()
        session.add(SurveyRecipient(survey_id=survey.id, member_id=anna.id))
        assert arm_digests(session, now=local(monday, 7)) >= 1
        session.commit()
        network_id, anna_email = network.id, anna.email
    with session_maker() as session:
        due = session.scalars(select(Timer.due_at).where(Timer.subject_id == network_id)).all()
    assert due == [local(monday, 8)]

    fire_due_timers(session_maker, None, reactions=REACTIONS, now=local(monday, 8))
    report = deliver(session_maker, transports, delivery_settings, local(monday, 8, 1))
    assert report.failed == 0
    assert to_addresses(smtp_server.messages) == [anna_email]
    mail = smtp_server.messages[0]
    week = monday.isocalendar().week
    assert str(mail["Subject"]) == f"Veckans sammanfattning, vecka {week}: 1 försenad"
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    for title in ("Skicka statistiken", "Boka lokal", "Ansökan §37a", "Nätverksträff i Partille"):
        assert title in text
    assert "Två frågor om förra träffen" in text
    assert "https://samverkan.example.org/survey/" in text
    assert "https://samverkan.example.org/m/" in text
