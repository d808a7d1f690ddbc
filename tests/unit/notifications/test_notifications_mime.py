"""MIME layout, method= parameter equality (RFC 6047) and the headers every mail carries."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage, Message

import pytest
from icalendar import Calendar

from schemas.notifications import IcsMethod, InviteAttendee, InviteMeeting, RenderedMail
from services.notifications.ics import build_invite, for_cancellation
from services.notifications.mime import build_message, ics_method, message_id_for

STAMP = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
RENDERED = RenderedMail(
    subject="Inbjudan: Nätverksträff, onsdag 6 september 2023",
    text="Hej Åsa!\n\nVälkommen.\n",
    html="<p>Hej Åsa!</p><p>Välkommen.</p>",
)
UNSUBSCRIBE = "https://samverkan.example.org/u/tok"


def message(ics: bytes | None, method: IcsMethod | None, key: str = "n-1") -> EmailMessage:
    return build_message(
        sender="Nätverket <natverk@samverkan.example.org>",
        to="Åsa Öberg <asa.oberg@lillaedet.example.se>",
        rendered=RENDERED,
        ics=ics,
        method=method,
        unsubscribe_url=UNSUBSCRIBE,
        message_id_domain="samverkan.example.org",
        idempotency_key=key,
        sent_at=STAMP,
    )


def reparse(msg: EmailMessage) -> EmailMessage:
    parsed = message_from_bytes(msg.as_bytes(policy=policy.SMTP), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


def invite(meeting: InviteMeeting, attendees: list[InviteAttendee], method: IcsMethod) -> bytes:
    subject = for_cancellation(meeting) if method == "CANCEL" else meeting
    return build_invite(subject, attendees, method=method, stamp=STAMP)


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_structure_and_method_parameter(
    meeting: InviteMeeting, attendees: list[InviteAttendee], method: IcsMethod
) -> None:
    ics = invite(meeting, attendees, method)
    msg = reparse(message(ics, method))
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    parts = list(alternative.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html", "text/calendar"]
    calendar_part = parts[2]
    assert calendar_part.get_param("method") == method
    assert calendar_part.get_content_charset() == "utf-8"
    assert calendar_part.get_content_disposition() is None  # inline, so clients show buttons
    inside = Calendar.from_ical(payload(calendar_part))
    assert inside["METHOD"] == calendar_part.get_param("method")
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_param("name") == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert payload(attachment) == ics
    assert payload(calendar_part) == ics


def test_text_and_html_round_trip_with_swedish_characters(
    meeting: InviteMeeting, attendees: list[InviteAttendee]
) -> None:
    msg = reparse(message(invite(meeting, attendees, "REQUEST"), "REQUEST"))
    assert msg["Subject"] == RENDERED.subject
    assert msg["To"].addresses[0].display_name == "Åsa Öberg"
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    assert text.get_content().replace("\r\n", "\n") == RENDERED.text
    assert html.get_content().strip() == RENDERED.html


def test_headers(meeting: InviteMeeting, attendees: list[InviteAttendee]) -> None:
    msg = reparse(message(invite(meeting, attendees, "REQUEST"), "REQUEST", key="invite:42:3:asa"))
    assert msg["Message-ID"] == message_id_for("invite:42:3:asa", "samverkan.example.org")
    assert msg["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Date"].datetime == STAMP


def test_message_id_is_deterministic_per_idempotency_key() -> None:
    one = message_id_for("invite:42:3:asa", "samverkan.example.org")
    assert one == message_id_for("invite:42:3:asa", "samverkan.example.org")
    assert one != message_id_for("invite:42:4:asa", "samverkan.example.org")
    assert one.startswith("<")
    assert one.endswith("@samverkan.example.org>")


def test_mail_without_calendar_is_plain_alternative() -> None:
    msg = reparse(message(None, None))
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"


def test_method_must_equal_the_method_inside(
    meeting: InviteMeeting, attendees: list[InviteAttendee]
) -> None:
    ics = invite(meeting, attendees, "CANCEL")
    assert ics_method(ics) == "CANCEL"
    with pytest.raises(ValueError, match="does not match"):
        message(ics, "REQUEST")


@pytest.mark.parametrize(("has_ics", "method"), [(True, None), (False, "REQUEST")])
def test_ics_and_method_go_together(
    meeting: InviteMeeting, has_ics: bool, method: IcsMethod | None
) -> None:
    ics = build_invite(meeting, [], method="REQUEST", stamp=STAMP) if has_ics else None
    with pytest.raises(ValueError, match="go together"):
        message(ics, method)
