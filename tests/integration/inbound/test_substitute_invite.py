"""A DELEGATED-TO reply invites the delegate properly: their own REQUEST, same UID, over SMTP
with the VERP envelope sender that lets a bounce of it name the mail."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.meetings.models import Rsvp, RsvpResponse
from services.notifications.delivery import Transports
from services.notifications.models import Notification
from tests.integration.inbound.conftest import NOW, STEERING_UID, World, fixture, read
from tests.integration.notifications.conftest import calendar_of, deliver
from tests.integration.notifications.test_ics_strict_parsers import strict_parse
from tests.support.imap_server import ImapServer
from tests.support.smtp_server import CapturingSmtpServer


def test_a_delegate_named_in_a_reply_gets_a_valid_invite(
    session_maker: sessionmaker[Session],
    db: Session,
    imap: ImapServer,
    world: World,
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> None:
    imap.append(fixture("rfc5546_reply_delegated.eml"))  # David (steering) delegates to Eva

    assert read(session_maker, imap).applied == 1

    rows = {r.member_id: r for r in db.scalars(select(Rsvp))}
    assert rows[world.david.id].response == RsvpResponse.declined
    assert rows[world.david.id].substitute_member_id == world.eva.id
    assert rows[world.eva.id].response == RsvpResponse.needs_action  # in the RSVP list

    assert deliver(session_maker, transports, delivery_settings, NOW).sent == 1
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["eva.ek@ale.se"]
    [message] = smtp_server.messages
    method, calendar = calendar_of(message)
    [raw] = [
        p.get_payload(decode=True)
        for p in message.walk()
        if p.get_content_type() == "text/calendar"
    ]
    strict_parse(raw)  # the bytes as sent are valid for the strict parsers too
    assert method == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == STEERING_UID
    attendees = event.get("ATTENDEE")
    listed = [str(a).lower() for a in (attendees if isinstance(attendees, list) else [attendees])]
    assert "mailto:eva.ek@ale.se" in listed

    invite = db.scalar(select(Notification).where(Notification.recipient_member_id == world.eva.id))
    assert invite is not None
    assert envelope.mail_from == f"bounce+{invite.id.hex}@samverkan.example.org"  # VERP


def test_a_delegate_from_another_organisation_waits_for_a_person(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    world.eva.organisation_id = world.fredrik.organisation_id
    db.commit()
    imap.append(fixture("rfc5546_reply_delegated.eml"))

    assert read(session_maker, imap).for_person == 1
    assert list(db.scalars(select(Rsvp))) == []
