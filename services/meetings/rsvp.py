"""RSVP from a signed mail link or a calendar's REPLY: accept, tentative, decline (optionally
naming a substitute). Both end in the same row, which reminders and silent consent read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import MeetingStatus, RsvpResponse
from services.actors import Actor
from services.audit.service import record_audit
from services.errors import Conflict, Invalid, NotFound
from services.meetings.audience import is_invited
from services.meetings.mail import calendar_mail, send_to
from services.meetings.models import Meeting, Rsvp
from services.people.links import LinkInvalid, MemberLink, is_current
from services.people.models import Member

ANSWERS = {r.value: r for r in RsvpResponse if r != RsvpResponse.needs_action}
# A proposed date is answered too: a calendar decline of it objects in silent consent.
ANSWERABLE = frozenset({MeetingStatus.proposed, MeetingStatus.scheduled})


@dataclass(frozen=True)
class RsvpResult:
    """What an answer recorded (the API echoes it)."""

    meeting_id: uuid.UUID
    member_id: uuid.UUID
    response: RsvpResponse
    substitute_member_id: uuid.UUID | None


def parse_answer(value: str | None) -> RsvpResponse:
    """accepted / tentative / declined; anything else is a 422 naming the field."""
    if value not in ANSWERS:
        raise Invalid(
            "rsvp.bad_answer",
            field="answer",
        )
    return ANSWERS[value]


def rsvp_target(session: Session, link: MemberLink) -> tuple[Member, Meeting]:
    """The member and meeting an rsvp link names; both must still belong together."""
    if link.scope != "rsvp" or link.subject_id is None:
        raise LinkInvalid("links.other_purpose")
    member = session.get(Member, link.member_id)
    meeting = session.get(Meeting, link.subject_id)
    if member is None or meeting is None or member.network_id != link.network_id:
        raise NotFound("meetings.not_found")
    if not member.active or not is_current(member, link):
        raise LinkInvalid("links.invalid")
    if meeting.network_id != member.network_id:
        raise NotFound("meetings.not_found")
    if not (is_invited(member, meeting) or _is_substitute(session, meeting.id, member.id)):
        raise NotFound("meetings.not_found")
    return member, meeting


def current_answer(session: Session, meeting_id: uuid.UUID, member_id: uuid.UUID) -> Rsvp | None:
    """The member's RSVP row for the meeting, if they have one."""
    return session.scalar(
        select(Rsvp).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id == member_id)
    )


def accept_from_consent(
    session: Session, *, meeting_id: uuid.UUID, member_ids: list[uuid.UUID], now: datetime
) -> int:
    """A member who said a proposed date works is counted as coming once it is confirmed;
    an answer they gave since (link or calendar) is kept."""
    carried = 0
    for member_id in member_ids:
        row = current_answer(session, meeting_id, member_id)
        if row is None:
            row = Rsvp(meeting_id=meeting_id, member_id=member_id)
            session.add(row)
        elif row.response != RsvpResponse.needs_action:
            continue
        row.response, row.responded_at = RsvpResponse.accepted, now
        carried += 1
    session.flush()
    return carried


def respond(
    session: Session,
    *,
    link: MemberLink,
    answer: RsvpResponse,
    substitute_member_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> RsvpResult:
    """Record the answer; a substitute (decline only, same organisation) gets the invite."""
    now = now or utcnow()
    member, meeting = rsvp_target(session, link)
    if meeting.status not in ANSWERABLE or meeting.ends_at <= now:
        raise Conflict("rsvp.closed")
    substitute = None
    if substitute_member_id is not None:
        if answer != RsvpResponse.declined:
            raise Invalid(
                "rsvp.substitute_needs_decline",
                field="substitute_member_id",
            )
        substitute = session.get(Member, substitute_member_id)
        if (
            substitute is None
            or not substitute.active
            or substitute.id == member.id
            or substitute.organisation_id != member.organisation_id
        ):
            raise Invalid(
                "rsvp.substitute_outside",
                field="substitute_member_id",
            )
    row = current_answer(session, meeting.id, member.id)
    if row is None:
        row = Rsvp(meeting_id=meeting.id, member_id=member.id)
        session.add(row)
    row.response, row.responded_at = answer, now
    row.reply_sequence = row.reply_stamp = None  # the calendar path stores its own below
    row.substitute_member_id = substitute.id if substitute else None
    session.flush()
    if substitute is not None:
        invite_substitute(session, meeting, substitute, now=now)
    record_audit(
        session,
        actor=Actor(kind="member", id=member.id, network_id=member.network_id),
        action="rsvp",
        entity_type="meeting",
        entity_id=meeting.id,
        network_id=member.network_id,
        details={"response": answer.value, "substitute": bool(substitute)},
    )
    return RsvpResult(meeting.id, member.id, answer, row.substitute_member_id)


def respond_from_calendar(
    session: Session,
    *,
    member: Member,
    meeting: Meeting,
    answer: RsvpResponse,
    sequence: int,
    stamp: datetime | None,
    substitute_member_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> RsvpResult | None:
    """A calendar's REPLY, through the link's rules; None when an answer given later stands
    (RFC 5546 §2.1.5: a higher SEQUENCE wins, then a later DTSTAMP)."""
    now = now or utcnow()
    row = current_answer(session, meeting.id, member.id)
    if row is not None and _newer_than(row, sequence, stamp):
        return None
    link = MemberLink(member.id, member.network_id, "rsvp", meeting.id)
    result = respond(
        session, link=link, answer=answer, substitute_member_id=substitute_member_id, now=now
    )
    row = current_answer(session, meeting.id, member.id)
    assert row is not None  # respond has just written it
    row.reply_sequence, row.reply_stamp = sequence, stamp
    row.responded_at = stamp if stamp is not None and stamp <= now else now
    session.flush()
    return result


def _newer_than(row: Rsvp, sequence: int, stamp: datetime | None) -> bool:
    """Whether the recorded answer was given after the REPLY (sequence, stamp)."""
    if row.response == RsvpResponse.needs_action:
        return False
    if row.reply_sequence is not None:
        if sequence != row.reply_sequence:
            return sequence < row.reply_sequence
        return stamp is None or (row.reply_stamp is not None and stamp <= row.reply_stamp)
    # the last answer came from a link: the REPLY counts only if it was written after it
    return stamp is None or (row.responded_at is not None and stamp <= row.responded_at)


def invite_substitute(
    session: Session, meeting: Meeting, substitute: Member, *, now: datetime
) -> None:
    """The substitute gets the current invite (its own row: the key names them and the sequence)."""
    if current_answer(session, meeting.id, substitute.id) is None:
        session.add(Rsvp(meeting_id=meeting.id, member_id=substitute.id))
        session.flush()
    if is_invited(substitute, meeting):
        return  # already in the audience: the regular invite reaches them
    mail = calendar_mail(session, meeting, sequence=meeting.ical_sequence, substitute=True)
    key = f"meeting_invite:substitute:{meeting.id}:{meeting.ical_sequence}"
    send_to(session, meeting, mail, [substitute.id], key=key, now=now)


def _is_substitute(session: Session, meeting_id: uuid.UUID, member_id: uuid.UUID) -> bool:
    return (
        session.scalar(
            select(Rsvp.id).where(
                Rsvp.meeting_id == meeting_id,
                Rsvp.substitute_member_id == member_id,
                Rsvp.response == RsvpResponse.declined,
            )
        )
        is not None
    )
