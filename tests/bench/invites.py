"""bench invites: complete invite mails per second (Jinja2 text + HTML, .ics, MIME, bytes)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from schemas.notifications import (
    AttendeeRole,
    InviteAttendee,
    InviteMeeting,
    Lang,
    MailKind,
    MeetingInviteContext,
    RsvpLinks,
)
from services.notifications.ics import build_invite
from services.notifications.mime import build_message
from services.notifications.rendering import render_mail
from tests.bench.common import Figure, rate

BASE = "https://samverkan.example.org"


def _meeting(index: int) -> InviteMeeting:
    starts = datetime(2026, 9, 9, 11, 0, tzinfo=UTC) + timedelta(days=7 * (index % 20))
    return InviteMeeting(
        uid=f"meeting-{index}@samverkan.example.org",
        sequence=index % 3,
        title="Nätverksträff mottagande och integration",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        location="GR, Anders Personsgatan 8, Göteborg",
        online_url="https://teams.example.org/l/meetup-join/abc",
        agenda=["Inledning", "Kommun i fokus: Lilla Edet", "Etableringsuppdraget", "Övrigt"],
        organizer_name="Karin Samordnare",
        organizer_email="karin@goteborgsregionen.example.org",
        network_name="Nätverket mottagande och integration",
    )


def one_invite(index: int) -> bytes:
    """What delivery does per recipient: body in their language, .ics, MIME, serialised."""
    meeting = _meeting(index)
    attendee = InviteAttendee(
        name="Åsa Öberg", email=f"asa{index}@lillaedet.example.se", role=AttendeeRole.required
    )
    lang: Lang = "sv" if index % 10 else "en"
    rendered = render_mail(
        MailKind.meeting_invite,
        lang=lang,
        context=MeetingInviteContext(
            recipient_name=attendee.name,
            unsubscribe_url=f"{BASE}/u/tok{index}",
            member_page_url=f"{BASE}/me/tok{index}",
            network_name=meeting.network_name,
            meeting=meeting,
            rsvp=RsvpLinks(
                accept=f"{BASE}/rsvp/accept/{index}",
                tentative=f"{BASE}/rsvp/tentative/{index}",
                decline=f"{BASE}/rsvp/decline/{index}",
            ),
        ),
    )
    ics = build_invite(meeting, [attendee], method="REQUEST", lang=lang)
    message = build_message(
        sender="samverkan@example.org",
        to=attendee.email,
        rendered=rendered,
        ics=ics,
        method="REQUEST",
        unsubscribe_url=f"{BASE}/u/tok{index}",
        message_id_domain="samverkan.example.org",
        idempotency_key=f"meeting_invite:{index}",
    )
    return message.as_bytes()


def run_invites(*, seconds: float) -> Figure:
    one_invite(0)  # templates compiled, timezone data loaded
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        one_invite(count)
        count += 1
    return Figure(
        "invites", {"per_s": round(rate(count, time.perf_counter() - started), 1)}, {"mails": count}
    )
