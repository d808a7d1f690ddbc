"""meeting.held → the surveys consumer opens the survey and invites who was there; reminders
before it closes reach only those who have not answered. Real SMTP, explicit clocks: the test
travels to a working-day morning, since quiet hours hold survey mail back at night."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.actors import Actor
from services.events.timer_runner import fire_due_timers
from services.meetings.models import Attendance, AttendanceStatus, MeetingStatus
from services.meetings.service import mark_held
from services.notifications.delivery import Transports
from services.notifications.formatting import next_send_time
from services.registry import REACTIONS
from services.surveys.models import Survey, SurveyRecipient
from tests.integration.notifications.conftest import (
    add_meeting,
    deliver,
    run_consumers,
    to_addresses,
)
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.smtp_server import CapturingSmtpServer

# A Wednesday at 10:00 in Stockholm (09:00 UTC), no holiday: survey mail may go out at once.
WORKING_MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@time_machine.travel(WORKING_MORNING, tick=True)
def test_held_meeting_invites_attendees_and_reminds_only_those_who_have_not_answered(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=4)
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Mölndal")
        anna, bo, cia, _dan = (make_member(session, org, n) for n in ("Anna", "Bo", "Cia", "Dan"))
        meeting = add_meeting(session, network, started, status=MeetingStatus.scheduled)
        for member, status in (
            (anna, AttendanceStatus.present),
            (bo, AttendanceStatus.partial),
            (cia, AttendanceStatus.absent),
        ):  # Dan: no attendance at all
            session.add(Attendance(meeting_id=meeting.id, member_id=member.id, status=status))
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        mark_held(session, meeting_id=meeting.id, actor=actor)
        session.commit()
        meeting_id = meeting.id
    run_consumers(session_maker)  # meeting.held → surveys: open + invite
    run_consumers(session_maker)  # survey.opened → survey_reminders: arm the timers
    with session_maker() as session:
        survey = session.scalars(select(Survey).where(Survey.meeting_id == meeting_id)).one()
        invited = set(
            session.scalars(
                select(SurveyRecipient.member_id).where(SurveyRecipient.survey_id == survey.id)
            )
        )
    assert invited == {anna.id, bo.id}
    smtp_server.clear()
    deliver(session_maker, transports, delivery_settings, datetime.now(UTC))
    assert to_addresses(smtp_server.messages) == sorted([anna.email, bo.email])

    with session_maker() as session:  # Anna answers before the first reminder
        recipient = session.scalars(
            select(SurveyRecipient).where(
                SurveyRecipient.survey_id == survey.id, SurveyRecipient.member_id == anna.id
            )
        ).one()
        recipient.responded_at = survey.opens_at + timedelta(hours=1)
        session.commit()
    for days in (3, 1):
        smtp_server.clear()
        when = survey.closes_at - timedelta(days=days) + timedelta(minutes=1)
        fire_due_timers(session_maker, None, reactions=REACTIONS, now=when)
        deliver(session_maker, transports, delivery_settings, next_send_time(when, urgent=False))
        assert to_addresses(smtp_server.messages) == [bo.email], days
    smtp_server.clear()
    after = survey.closes_at + timedelta(minutes=1)
    fire_due_timers(session_maker, None, reactions=REACTIONS, now=after)
    deliver(session_maker, transports, delivery_settings, after)
    assert smtp_server.messages == []
    with session_maker() as session:
        assert session.get(Survey, survey.id).status.value == "closed"  # type: ignore[union-attr]
