"""Who a meeting concerns: its audience (steering and preparatory meetings: their group only),
and the substitutes named by members who declined."""

from __future__ import annotations

import uuid

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.enums import MeetingKind, MemberRole, RsvpResponse
from schemas.notifications import AttendeeRole, InviteAttendee
from services.meetings.models import Meeting, Rsvp
from services.people.models import Member


def is_invited(member: Member, meeting: Meeting) -> bool:
    """Steering and preparatory meetings are for their groups only; network meetings for all."""
    if meeting.kind == MeetingKind.steering:
        return member.in_steering_group
    if meeting.kind == MeetingKind.preparatory:
        return member.in_preparatory_group
    return member.active


def meeting_audience(
    session: Session, meeting: Meeting, *, skip_declined: bool = False
) -> list[Member]:
    """The network's active members the meeting is for (by id), optionally without decliners."""
    active = select(Member).where(Member.network_id == meeting.network_id, Member.active.is_(True))
    members = [m for m in session.scalars(active.order_by(Member.id)) if is_invited(m, meeting)]
    if not skip_declined:
        return members
    declined = set(
        session.scalars(
            select(Rsvp.member_id).where(
                Rsvp.meeting_id == meeting.id, Rsvp.response == RsvpResponse.declined
            )
        )
    )
    return [m for m in members if m.id not in declined]


def substitutes(session: Session, meeting_id: uuid.UUID) -> list[Member]:
    """Active members named as substitutes by someone who declined."""
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


def invitees(
    session: Session, meeting: Meeting, *, audience: list[Member] | None = None
) -> list[Member]:
    """The audience (pass it when it is at hand) plus named substitutes."""
    listed = audience if audience is not None else meeting_audience(session, meeting)
    people = {m.id: m for m in listed}
    for sub in substitutes(session, meeting.id):
        people.setdefault(sub.id, sub)
    return list(people.values())


def invite_attendees(
    session: Session, meeting: Meeting, *, audience: list[Member] | None = None
) -> list[InviteAttendee]:
    """The ATTENDEE lines of the meeting's .ics (and its Microsoft 365 event)."""
    result = []
    for member in invitees(session, meeting, audience=audience):
        role = {
            MemberRole.coordinator: AttendeeRole.chair,
            MemberRole.guest: AttendeeRole.optional,
        }.get(member.role, AttendeeRole.required)
        try:
            result.append(InviteAttendee(name=member.name, email=member.email, role=role))
        except ValidationError:  # a malformed address on file must not block the others
            continue
    return result
