"""Who a meeting concerns: its audience (steering and preparatory meetings: their group only),
and the substitutes named by members who declined."""

from __future__ import annotations

import uuid
from collections.abc import Collection

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
    return substitutes_of(session, [meeting_id]).get(meeting_id, [])


def substitutes_of(
    session: Session, meeting_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[Member]]:
    """`substitutes` of many meetings in one query, by meeting (each by member id)."""
    rows = session.execute(
        select(Rsvp.meeting_id, Member)
        .join(Rsvp, Rsvp.substitute_member_id == Member.id)
        .where(
            Rsvp.meeting_id.in_(meeting_ids),
            Rsvp.response == RsvpResponse.declined,
            Member.active.is_(True),
        )
        .order_by(Rsvp.meeting_id, Member.id)
    )
    found: dict[uuid.UUID, list[Member]] = {}
    for meeting_id, member in rows:
        found.setdefault(meeting_id, []).append(member)
    return found


def active_members_of(
    session: Session, network_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[Member]]:
    """Many networks' active members in one query, by network (each by id, as audiences are)."""
    query = (
        select(Member)
        .where(Member.network_id.in_(network_ids), Member.active.is_(True))
        .order_by(Member.network_id, Member.id)
    )
    found: dict[uuid.UUID, list[Member]] = {network_id: [] for network_id in network_ids}
    for member in session.scalars(query):
        found[member.network_id].append(member)
    return found


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
    lines = (attendee_line(m) for m in invitees(session, meeting, audience=audience))
    return [line for line in lines if line is not None]


def attendee_line(member: Member) -> InviteAttendee | None:
    """A member's ATTENDEE line; None for a malformed address (it must not block the others)."""
    role = {
        MemberRole.coordinator: AttendeeRole.chair,
        MemberRole.guest: AttendeeRole.optional,
    }.get(member.role, AttendeeRole.required)
    try:
        return InviteAttendee(name=member.name, email=member.email, role=role)
    except ValidationError:
        return None
