"""SmtpSender against a real aiosmtpd server: MIME and .ics arrive intact; 4xx/5xx classified."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage, Message

import pytest
from icalendar import Calendar, Event

from infra.mail import PermanentDeliveryError, SmtpSender, TransientDeliveryError
from schemas.notifications import (
    IcsMethod,
    InviteAttendee,
    InviteMeeting,
    MeetingCancelledContext,
    MeetingInviteContext,
    RsvpLinks,
)
from services.notifications.ics import build_invite, for_cancellation, revise
from services.notifications.mime import build_message
from services.notifications.rendering import render_mail
from tests.support.smtp_server import CapturingSmtpServer, free_port, smtp_server_fixture

BASE = "https://samverkan.example.org"
MEMBER = InviteAttendee(name="Åsa Öberg", email="asa.oberg@lillaedet.example.se")
MEETING = InviteMeeting(
    uid="meeting-42@samverkan.example.org",
    title="Nätverksträff mottagande och integration",
    starts_at=datetime(2026, 3, 27, 12, 0, tzinfo=UTC),  # 13:00 CET, two days before DST
    ends_at=datetime(2026, 3, 27, 15, 0, tzinfo=UTC),
    location="GR, Göteborg",
    online_url="https://teams.example.org/l/meetup-join/abc",
    agenda=["Inledning", "Kommun i fokus: Lilla Edet"],
    organizer_name="Karin Samordnare",
    organizer_email="karin@goteborgsregionen.example.org",
)

smtp_server = pytest.fixture(smtp_server_fixture)


@pytest.fixture
def sender(smtp_server: CapturingSmtpServer) -> SmtpSender:
    return SmtpSender(host=smtp_server.host, port=smtp_server.port, timeout=5)


def mail(meeting: InviteMeeting, method: IcsMethod, key: str) -> EmailMessage:
    common = {"recipient_name": MEMBER.name, "unsubscribe_url": f"{BASE}/u/tok"}
    if method == "REQUEST":
        rsvp = RsvpLinks(accept=f"{BASE}/r/a", tentative=f"{BASE}/r/t", decline=f"{BASE}/r/d")
        rendered = render_mail(
            "meeting_invite",
            lang="sv",
            context=MeetingInviteContext(**common, meeting=meeting, rsvp=rsvp),
        )
    else:
        rendered = render_mail(
            "meeting_cancelled",
            lang="sv",
            context=MeetingCancelledContext(**common, meeting=meeting),
        )
    return build_message(
        sender="Nätverket <natverk@samverkan.example.org>",
        to=f"{MEMBER.name} <{MEMBER.email}>",
        rendered=rendered,
        ics=build_invite(meeting, [MEMBER], method=method),
        method=method,
        unsubscribe_url=f"{BASE}/u/tok",
        message_id_domain="samverkan.example.org",
        idempotency_key=key,
    )


def payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


def start_of(event: Event) -> datetime:
    start = event.start
    assert isinstance(start, datetime)
    return start


def captured_event(message: EmailMessage) -> tuple[str, Event, Calendar]:
    """The method= parameter, the inline VEVENT, and the attached calendar."""
    calendar_part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    attachment = next(p for p in message.walk() if p.get_filename() == "invite.ics")
    inline = Calendar.from_ical(payload(calendar_part))
    attached = Calendar.from_ical(payload(attachment))
    assert inline.to_ical() == attached.to_ical()
    assert inline["METHOD"] == calendar_part.get_param("method")
    return str(calendar_part.get_param("method")), inline.events[0], attached


def test_invite_arrives_intact(smtp_server: CapturingSmtpServer, sender: SmtpSender) -> None:
    message_id = sender.send(mail(MEETING, "REQUEST", "invite:42:0:asa"))
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["Message-ID"] == message_id
    assert smtp_server.envelopes[0].rcpt_tos == [MEMBER.email]
    assert (
        received["Subject"]
        == "Inbjudan: Nätverksträff mottagande och integration, fredag 27 mars 2026"
    )
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    method, event, calendar = captured_event(received)
    assert method == "REQUEST"
    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/Stockholm"]
    assert event["UID"] == MEETING.uid
    assert start_of(event).astimezone(UTC) == MEETING.starts_at
    assert start_of(event).hour == 13
    plain = received.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "fredag 27 mars 2026, 13:00–16:00" in plain.get_content()


def test_reschedule_across_dst_then_cancel(
    smtp_server: CapturingSmtpServer, sender: SmtpSender
) -> None:
    moved_start = MEETING.starts_at + timedelta(days=3)  # Monday 30 March: CEST now
    moved = revise(
        MEETING,
        MEETING.model_copy(
            update={"starts_at": moved_start, "ends_at": moved_start + timedelta(hours=3)}
        ),
    )
    sender.send(mail(MEETING, "REQUEST", "invite:42:0"))
    sender.send(mail(moved, "REQUEST", "invite:42:1"))
    sender.send(mail(for_cancellation(moved), "CANCEL", "cancel:42:2"))
    events = [captured_event(m) for m in smtp_server.messages]
    assert [method for method, _, _ in events] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {e["UID"] for _, e, _ in events} == {MEETING.uid}
    sequences = [e.sequence for _, e, _ in events]
    assert sequences == sorted(set(sequences))  # strictly increasing
    assert events[2][1]["STATUS"] == "CANCELLED"
    # 12:00 UTC was 13:00 on Friday (CET); 12:00 UTC on Monday is 14:00 (CEST).
    assert start_of(events[1][1]).hour == 14
    assert start_of(events[1][1]).astimezone(UTC) == moved_start


@pytest.mark.parametrize(
    ("stage", "code", "error"),
    [
        ("RCPT", 550, PermanentDeliveryError),  # no such mailbox: hard bounce
        ("RCPT", 450, TransientDeliveryError),  # greylisting / mailbox busy
        ("RCPT", 552, TransientDeliveryError),  # RFC 5321: 552 on RCPT means "try later"
        ("DATA", 554, PermanentDeliveryError),  # rejected as spam / policy
        ("DATA", 451, TransientDeliveryError),  # local error in processing
    ],
)
def test_failures_are_classified(
    smtp_server: CapturingSmtpServer,
    sender: SmtpSender,
    stage: str,
    code: int,
    error: type[Exception],
) -> None:
    smtp_server.fail_next(stage, code)  # type: ignore[arg-type]
    with pytest.raises(error) as caught:
        sender.send(mail(MEETING, "REQUEST", "invite:42:0:asa"))
    assert getattr(caught.value, "code", None) == code
    assert smtp_server.messages == []
    # The failure was for one attempt only: the retry goes through.
    sender.send(mail(MEETING, "REQUEST", "invite:42:0:asa"))
    assert len(smtp_server.messages) == 1


def test_refused_recipient_is_reported(
    smtp_server: CapturingSmtpServer, sender: SmtpSender
) -> None:
    smtp_server.fail_next("RCPT", 550, text="5.1.1 No such user")
    with pytest.raises(PermanentDeliveryError) as caught:
        sender.send(mail(MEETING, "REQUEST", "k"))
    assert caught.value.refused == {MEMBER.email: (550, "5.1.1 No such user")}
    assert caught.value.partial is False


def test_repeated_failures_until_exhausted(
    smtp_server: CapturingSmtpServer, sender: SmtpSender
) -> None:
    smtp_server.fail_next("DATA", 421, count=2)
    for _ in range(2):
        with pytest.raises(TransientDeliveryError):
            sender.send(mail(MEETING, "REQUEST", "k"))
    sender.send(mail(MEETING, "REQUEST", "k"))
    assert len(smtp_server.messages) == 1


def test_unreachable_server_is_transient() -> None:
    sender = SmtpSender(host="127.0.0.1", port=free_port(), timeout=2)
    with pytest.raises(TransientDeliveryError, match="connection failed"):
        sender.send(mail(MEETING, "REQUEST", "k"))


def test_server_as_context_manager() -> None:
    with CapturingSmtpServer() as server:
        SmtpSender(host=server.host, port=server.port, timeout=5).send(
            mail(MEETING, "REQUEST", "k")
        )
        assert len(server.messages) == 1


def test_fixture_helper_stops_the_server() -> None:
    generator: Iterator[CapturingSmtpServer] = smtp_server_fixture()
    server = next(generator)
    port = server.port
    with pytest.raises(StopIteration):
        next(generator)
    with pytest.raises(TransientDeliveryError):
        SmtpSender(host="127.0.0.1", port=port, timeout=2).send(mail(MEETING, "REQUEST", "k"))


def test_a_session_sends_many_messages_over_one_connection(
    smtp_server: CapturingSmtpServer, sender: SmtpSender
) -> None:
    with sender.session():
        for n in range(5):
            sender.send(mail(MEETING, "REQUEST", f"k{n}"))
    assert [e.session for e in smtp_server.envelopes] == [1, 1, 1, 1, 1]
    for n in range(2):  # outside a session: one connection per message, as before
        sender.send(mail(MEETING, "REQUEST", f"single{n}"))
    assert [e.session for e in smtp_server.envelopes][5:] == [2, 3]


def test_a_refused_message_leaves_the_session_usable(
    smtp_server: CapturingSmtpServer, sender: SmtpSender
) -> None:
    smtp_server.fail_next("RCPT", 450)
    with sender.session():
        with pytest.raises(TransientDeliveryError):
            sender.send(mail(MEETING, "REQUEST", "first"))
        sender.send(mail(MEETING, "REQUEST", "second"))
        smtp_server.fail_next("DATA", 554)
        with pytest.raises(PermanentDeliveryError):
            sender.send(mail(MEETING, "REQUEST", "third"))
        sender.send(mail(MEETING, "REQUEST", "fourth"))
    assert [e.session for e in smtp_server.envelopes] == [1, 1]
    assert len(smtp_server.messages) == 2


def test_a_session_reconnects_when_the_relay_dropped_the_connection() -> None:
    server = CapturingSmtpServer().start()
    sender = SmtpSender(host=server.host, port=server.port, timeout=5)
    try:
        with sender.session():
            sender.send(mail(MEETING, "REQUEST", "before"))
            server.stop()  # the relay goes away, closing the idle connection
            server.start()
            sender.send(mail(MEETING, "REQUEST", "after"))
            sender.send(mail(MEETING, "REQUEST", "again"))
        assert len(server.messages) == 3
        assert [e.session for e in server.envelopes] == [1, 2, 2]
    finally:
        server.stop()
