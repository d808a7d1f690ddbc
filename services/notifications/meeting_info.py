"""A meeting as invites, feeds and Graph show it: organiser, attendees (with substitutes)."""

from __future__ import annotations

import uuid

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.settings import Settings
from schemas.notifications import AttendeeRole, InviteAttendee, InviteMeeting
from services.meetings.models import Meeting, Rsvp, RsvpResponse
from services.notifications.service import meeting_audience
from services.people.models import DeliveryChannel, Member, MemberRole, Network


def organizer(network: Network, settings: Settings) -> tuple[str, str]:
    """Who sends invites: the organiser mailbox with Microsoft 365, else our sender address."""
    mailbox = network.organiser_mailbox or settings.graph_mailbox
    if network.delivery_channel == DeliveryChannel.microsoft365 and mailbox:
        return network.name, mailbox
    return network.name, settings.mail_from


def invite_meeting(
    session: Session, meeting: Meeting, settings: Settings, *, sequence: int | None = None
) -> InviteMeeting:
    network = session.get(Network, meeting.network_id)
    assert network is not None
    name, email = organizer(network, settings)
    url = meeting.online_url if (meeting.online_url or "").startswith("http") else None
    return InviteMeeting(
        uid=meeting.ical_uid,
        sequence=meeting.ical_sequence if sequence is None else sequence,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.location,
        online_url=url,
        agenda=[item.title for item in meeting.agenda_items],
        organizer_name=name,
        organizer_email=email,
        network_name=network.name,
    )


def substitutes(session: Session, meeting_id: uuid.UUID) -> list[Member]:
    """Members named as substitutes by someone who declined."""
    return list(
        session.scalars(
            select(Member)
            .join(Rsvp, Rsvp.substitute_member_id == Member.id)
            .where(
                Rsvp.meeting_id == meeting_id,
                Rsvp.response == RsvpResponse.declined,
                Member.active.is_(True),
            )
        )
    )


def invitees(session: Session, meeting: Meeting) -> list[Member]:
    """The audience (steering meetings: their group only) plus named substitutes."""
    people = {m.id: m for m in meeting_audience(session, meeting)}
    for sub in substitutes(session, meeting.id):
        people.setdefault(sub.id, sub)
    return list(people.values())


def invite_attendees(session: Session, meeting: Meeting) -> list[InviteAttendee]:
    result = []
    for member in invitees(session, meeting):
        role = {
            MemberRole.coordinator: AttendeeRole.chair,
            MemberRole.guest: AttendeeRole.optional,
        }.get(member.role, AttendeeRole.required)
        try:
            result.append(InviteAttendee(name=member.name, email=member.email, role=role))
        except ValidationError:  # a malformed address on file must not block the others
            continue
    return result
