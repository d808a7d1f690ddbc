"""Whatever is stored, invites, cancellations and feeds stay valid for strict iCalendar parsers."""

from __future__ import annotations

import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.feeds.service import member_feed
from services.meetings.audience import invite_attendees
from services.meetings.mail import meeting_facts
from services.meetings.models import MeetingStatus
from services.notifications.ics import build_invite, for_cancellation
from services.people.models import Network
from tests.support.factories import make_meeting, make_member, make_organisation

# Written to the database directly, as rows from before the API's checks (PostgreSQL takes no NUL).
AWKWARD = 'Anna\x07 "Q" Berg; Ale, GR: sam\x1bordnare\x0b\u2028 \x7fslut'


def strict_parse(ics: bytes) -> list[str]:
    """Parse with all three libraries; return the attendee names icalendar reads back."""
    text = ics.decode()
    IcsCalendarStream.calendar_from_ics(text)  # ical: pydantic-strict RFC 5545
    vobject.readOne(text)  # vobject: raises on malformed lines and parameters
    calendar = Calendar.from_ical(ics)
    return [
        str(attendee.params["CN"])
        for event in calendar.events
        for attendee in event.get("ATTENDEE", [])
    ]


def test_invite_cancel_and_feed_with_an_awkward_name_parse_strictly(
    db: Session, network: Network, settings: Settings
) -> None:
    org = make_organisation(db, network, "Ale")
    awkward = make_member(db, org, AWKWARD)
    make_member(db, org, "Omar Lind")
    meeting = make_meeting(
        db, network, status=MeetingStatus.scheduled, title='Träff\x07 "VT": plan; del 1, 2'
    )
    meeting.location = "Rum\x0b 3; plan 2"
    db.flush()
    organizer = ('Samordnare\x07 "GR"; Ale', settings.mail_from)
    info = meeting_facts(meeting).sent_as(0, organizer=organizer, network_name=network.name)
    attendees = invite_attendees(db, meeting)
    invite = build_invite(info, attendees, method="REQUEST")
    cancel = build_invite(for_cancellation(info), attendees, method="CANCEL")
    feed = member_feed(db, awkward, settings=settings)

    names = strict_parse(invite)
    assert strict_parse(cancel) == names
    strict_parse(feed)
    assert "Anna 'Q' Berg; Ale, GR: sam ordnare slut" in names
    assert all(ch.isprintable() for name in names for ch in name)
    assert b"\x07" not in invite + cancel + feed
