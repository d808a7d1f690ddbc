"""Invites over real SMTP: MIME and .ics as a calendar sees them, through reschedule and cancel."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from schemas.meetings import AgendaItemIn, RescheduleIn
from services.actors import Actor
from services.meetings.agenda import add_agenda_item
from services.meetings.models import MeetingKind
from services.meetings.service import cancel_meeting, reschedule_meeting, schedule_meeting
from services.notifications.delivery import Transports
from services.notifications.models import Notification, NotificationStatus
from services.people.models import MemberRole
from tests.integration.notifications.conftest import (
    add_meeting,
    calendar_of,
    deliver,
    local,
    run_consumers,
    to_addresses,
    working_morning,
)
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.smtp_server import CapturingSmtpServer


def dst_change_after(day: date) -> date:
    """The next Sunday on which Stockholm changes between CET and CEST."""
    while True:
        day += timedelta(days=1)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=LOCAL_TZ)
        before = noon - timedelta(days=1)
        if noon.utcoffset() != before.utcoffset():
            return day


def seed(session: Session):  # type: ignore[no-untyped-def]
    network = make_network(session, "Nätverket mottagande och integration")
    ale = make_organisation(session, network, "Ale")
    lerum = make_organisation(session, network, "Lerum")
    chair = make_member(session, ale, "Karin Samordnare", role=MemberRole.coordinator)
    anna = make_member(session, ale, "Anna Andersson", in_steering_group=True)
    omar = make_member(session, lerum, "Omar Lind")
    actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
    return network, (chair, anna, omar), actor


def test_invite_reschedule_across_dst_and_cancel(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    change = dst_change_after(today + timedelta(days=10))
    with session_maker() as session:
        network, (chair, anna, omar), actor = seed(session)
        first = local(change - timedelta(days=3), 13)  # before the clock change
        meeting = add_meeting(
            session, network, first, location="GR, Göteborg",
            online_url="https://teams.example.org/l/abc",
        )  # fmt: skip
        add_agenda_item(
            session, meeting_id=meeting.id, data=AgendaItemIn(title="Kommun i fokus"), actor=actor
        )
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        session.commit()
        meeting_id, uid = meeting.id, meeting.ical_uid
    run_consumers(session_maker)
    now = working_morning(today + timedelta(days=1))
    report = deliver(session_maker, transports, delivery_settings, now)
    assert report.sent == 3
    assert to_addresses(smtp_server.messages) == sorted([chair.email, anna.email, omar.email])
    message = next(m for m in smtp_server.messages if m["To"].addresses[0].addr_spec == anna.email)
    assert message["List-Unsubscribe"].startswith("<https://samverkan.example.org/unsubscribe/")
    method, cal = calendar_of(message)
    assert method == "REQUEST" == str(cal["METHOD"])
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 0
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert event["DTSTART"].dt.astimezone(LOCAL_TZ).hour == 13
    assert event["DTSTART"].dt.astimezone(UTC) == first
    assert "mailto:natverk@samverkan.example.org" in str(event["ORGANIZER"]).lower()
    attendees = {str(a).lower(): a.params for a in event["ATTENDEE"]}
    assert attendees[f"mailto:{chair.email}"]["ROLE"] == "CHAIR"
    assert attendees[f"mailto:{anna.email}"]["PARTSTAT"] == "NEEDS-ACTION"
    assert attendees[f"mailto:{anna.email}"]["RSVP"] == "TRUE"
    assert "Kommun i fokus" in str(event["DESCRIPTION"])
    assert "https://teams.example.org/l/abc" in str(event["DESCRIPTION"])
    assert "/rsvp/" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    # Move it across the DST change: same UID, SEQUENCE 1, still 13:00 local.
    smtp_server.clear()
    moved = local(change + timedelta(days=2), 13)
    with session_maker() as session:
        reschedule_meeting(
            session,
            meeting_id=meeting_id,
            data=RescheduleIn(starts_at=moved, ends_at=moved + timedelta(hours=3)),
            actor=actor,
        )
        session.commit()
    run_consumers(session_maker)
    deliver(session_maker, transports, delivery_settings, now + timedelta(minutes=5))
    assert len(smtp_server.messages) == 3
    method, cal = calendar_of(smtp_server.messages[0])
    event = cal.walk("VEVENT")[0]
    assert method == "REQUEST"
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].dt.astimezone(LOCAL_TZ).hour == 13
    assert event["DTSTART"].dt.astimezone(UTC) == moved
    assert moved.astimezone(LOCAL_TZ).utcoffset() != first.astimezone(LOCAL_TZ).utcoffset()

    # Cancel: METHOD:CANCEL, higher SEQUENCE, STATUS:CANCELLED, same UID.
    smtp_server.clear()
    with session_maker() as session:
        cancel_meeting(session, meeting_id=meeting_id, actor=actor, reason="Sjukdom")
        session.commit()
    run_consumers(session_maker)
    deliver(session_maker, transports, delivery_settings, now + timedelta(minutes=10))
    assert len(smtp_server.messages) == 3
    method, cal = calendar_of(smtp_server.messages[0])
    event = cal.walk("VEVENT")[0]
    assert method == "CANCEL" == str(cal["METHOD"])
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"
    text = smtp_server.messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Sjukdom" in text  # the reason the coordinator gave goes along

    # Nothing is left to send, nothing is sent twice.
    smtp_server.clear()
    deliver(session_maker, transports, delivery_settings, now + timedelta(minutes=20))
    assert smtp_server.messages == []


def test_steering_meeting_goes_only_to_its_group(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    with session_maker() as session:
        network, (_, anna, _), actor = seed(session)
        meeting = add_meeting(
            session, network, local(today + timedelta(days=20), 9), kind=MeetingKind.steering
        )
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        session.commit()
    run_consumers(session_maker)
    deliver(session_maker, transports, delivery_settings, working_morning(today + timedelta(1)))
    assert to_addresses(smtp_server.messages) == [anna.email]
    with session_maker() as session:
        rows = session.scalars(select(Notification).where(Notification.subject_id == meeting.id))
        assert {r.status for r in rows} == {NotificationStatus.sent}


def test_invite_at_night_waits_for_working_hours(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    with session_maker() as session:
        network, _, actor = seed(session)
        meeting = add_meeting(session, network, local(today + timedelta(days=20), 9))
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        session.commit()
    run_consumers(session_maker)
    morning = working_morning(today + timedelta(days=1))
    night = morning.astimezone(LOCAL_TZ).replace(hour=22).astimezone(UTC)
    assert deliver(session_maker, transports, delivery_settings, night).sent == 0
    assert smtp_server.messages == []
    next_day = working_morning(night.astimezone(LOCAL_TZ).date() + timedelta(days=1))
    assert deliver(session_maker, transports, delivery_settings, next_day).sent == 3
    assert Calendar  # imported for the parsing helpers' types


def test_invite_in_doubt_is_resent_as_the_identical_itip_message(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    with session_maker() as session:
        network, (_, anna, _), actor = seed(session)
        meeting = add_meeting(session, network, local(today + timedelta(days=20), 9))
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        session.commit()
    run_consumers(session_maker)
    now = working_morning(today + timedelta(days=1))
    assert deliver(session_maker, transports, delivery_settings, now).sent == 3
    first = next(m for m in smtp_server.messages if m["To"].addresses[0].addr_spec == anna.email)
    with session_maker.begin() as session:  # killed after SMTP accepted it, before `sent`
        row = session.scalars(
            select(Notification).where(
                Notification.kind == "meeting_invite", Notification.recipient_member_id == anna.id
            )
        ).one()
        row.status, row.updated_at = NotificationStatus.sending, now
    later = now + timedelta(hours=2)  # past the lease; DTSTAMP must not become "later"
    report = deliver(session_maker, transports, delivery_settings, later)
    assert (report.doubtful, report.sent) == (1, 1)
    assert len(smtp_server.messages) == 4
    again = smtp_server.messages[-1]
    assert again["To"].addresses[0].addr_spec == anna.email
    assert (again["Message-ID"], again["Date"]) == (first["Message-ID"], first["Date"])
    (_, one), (_, two) = calendar_of(first), calendar_of(again)
    assert one.to_ical() == two.to_ical()  # same UID, SEQUENCE, DTSTAMP and content
    assert two.walk("VEVENT")[0]["DTSTAMP"].dt == now.replace(microsecond=0)
