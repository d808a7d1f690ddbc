"""One message from the organiser mailbox: a calendar answer becomes an RSVP, a bounce scores
the address, an auto-reply changes nothing, anything else waits for a person.

Each message is read once: its digest (Message-ID, else the bytes) is stored with what became
of it, in the same transaction as the effect, so a message read again changes nothing.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import Message
from email.utils import parseaddr

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.errors import Conflict, DomainError
from services.inbound.bounces import Bounce, is_auto_reply, read_bounce
from services.inbound.itip import AttendeeAnswer, CalendarAnswer, answers_in
from services.inbound.models import InboundKind, InboundMessage, InboundOutcome
from services.meetings.audience import is_invited
from services.meetings.models import Meeting, Rsvp, RsvpResponse
from services.meetings.rsvp import respond_from_calendar
from services.notifications.models import Notification
from services.people.bounces import record_bounce
from services.people.models import Member

PARTSTATS = {
    "ACCEPTED": RsvpResponse.accepted,
    "DECLINED": RsvpResponse.declined,
    "TENTATIVE": RsvpResponse.tentative,
    "DELEGATED": RsvpResponse.declined,  # they will not come; their delegate is invited
}


@dataclass(frozen=True)
class InboundRules:
    """What reading needs to know: the VERP local part and how long raw bounces are kept."""

    bounce_local_part: str = "bounce"
    raw_retention: timedelta = timedelta(days=90)

    @classmethod
    def from_settings(cls, settings: Settings) -> InboundRules:
        """The rules as configured (SAMVERKAN_BOUNCE_*)."""
        return cls(settings.bounce_local_part, timedelta(days=settings.bounce_raw_retention_days))


@dataclass
class Result:
    """What became of one message (stored as its InboundMessage row)."""

    kind: InboundKind
    outcome: InboundOutcome
    reason: str = ""
    network_id: uuid.UUID | None = None
    member_id: uuid.UUID | None = None
    meeting_id: uuid.UUID | None = None
    keep_raw: bool = False
    proposed: tuple[datetime | None, datetime | None] = (None, None)
    note: str | None = None


def digest_of(message: Message, raw: bytes) -> str:
    """The Message-ID names a message wherever it is filed; bytes only when it has none."""
    message_id = str(message.get("Message-ID") or "").strip()
    return hashlib.sha256(message_id.encode() if message_id else raw).hexdigest()


def read_message(
    session: Session, *, raw: bytes, rules: InboundRules, now: datetime
) -> tuple[InboundOutcome, bool]:
    """Understand and apply one message: its outcome, and False when it had been read before
    (then nothing changes and its first outcome is returned)."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    digest = digest_of(message, raw)
    seen = session.scalar(select(InboundMessage).where(InboundMessage.digest == digest))
    if seen is not None:
        return seen.outcome, False
    result = _understand(session, message, rules=rules, now=now)
    session.add(
        InboundMessage(
            digest=digest,
            network_id=result.network_id,
            kind=result.kind,
            outcome=result.outcome,
            reason=result.reason[:300],
            subject=_header(message, "Subject", 300),
            sender=parseaddr(str(message.get("From", "")))[1][:320] or None,
            member_id=result.member_id,
            meeting_id=result.meeting_id,
            proposed_starts_at=result.proposed[0],
            proposed_ends_at=result.proposed[1],
            note=" ".join(result.note.split())[:300] if result.note else None,
            raw=raw.decode("utf-8", "replace") if result.keep_raw else None,
            purge_after=now + rules.raw_retention if result.keep_raw else None,
            received_at=now,
        )
    )
    session.flush()
    return result.outcome, True


def record_unreadable(session: Session, *, raw: bytes, now: datetime) -> None:
    """A message that broke the reader: listed for a person like one not understood."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    digest = digest_of(message, raw)
    if session.scalar(select(InboundMessage.id).where(InboundMessage.digest == digest)):
        return
    session.add(
        InboundMessage(
            digest=digest,
            kind=InboundKind.unknown,
            outcome=InboundOutcome.for_person,
            reason="not_readable",
            subject=_header(message, "Subject", 300),
            sender=parseaddr(str(message.get("From", "")))[1][:320] or None,
            received_at=now,
        )
    )
    session.flush()


def _header(message: Message, name: str, limit: int) -> str | None:
    value = message.get(name)
    if value is None:
        return None
    decoded = str(email.header.make_header(email.header.decode_header(str(value))))
    return " ".join(decoded.split())[:limit] or None


def _understand(
    session: Session, message: Message, *, rules: InboundRules, now: datetime
) -> Result:
    answers = answers_in(message)
    if answers:
        return _calendar(session, answers, now=now)
    bounce = read_bounce(message, local_part=rules.bounce_local_part)
    if bounce is not None:
        return _bounce(session, bounce, now=now)
    if is_auto_reply(message):
        return Result(InboundKind.auto_reply, InboundOutcome.ignored, "auto_reply")
    return Result(InboundKind.unknown, InboundOutcome.for_person, "not_understood")


def _calendar(session: Session, answers: list[CalendarAnswer], *, now: datetime) -> Result:
    """Every answer in the mail; the message waits for a person if any of them could not apply."""
    results = [_one_answer(session, answer, now=now) for answer in answers]
    for wanted in (InboundOutcome.for_person, InboundOutcome.applied):
        for result in results:
            if result.outcome == wanted:
                return result
    return results[0]


def _one_answer(session: Session, answer: CalendarAnswer, *, now: datetime) -> Result:
    meeting = session.scalar(select(Meeting).where(Meeting.ical_uid == answer.uid))
    if meeting is None:
        return Result(InboundKind.reply, InboundOutcome.for_person, "unknown_meeting")
    found = Result(InboundKind.reply, InboundOutcome.ignored, "", network_id=meeting.network_id)
    found.meeting_id = meeting.id
    if answer.method == "COUNTER":
        found.kind, found.outcome, found.reason = (
            InboundKind.counter,
            InboundOutcome.for_person,
            "counter",
        )
        members = [m for a in answer.attendees if (m := _attendee(session, meeting, a))]
        found.member_id = members[0].id if members else None
        found.proposed, found.note = (answer.starts_at, answer.ends_at), answer.comment
        return found
    for attendee in answer.attendees:
        _apply_attendee(session, meeting, answer, attendee, found, now=now)
    if not answer.attendees:
        found.outcome, found.reason = InboundOutcome.for_person, "not_an_attendee"
    return found


def _apply_attendee(
    session: Session,
    meeting: Meeting,
    answer: CalendarAnswer,
    attendee: AttendeeAnswer,
    found: Result,
    *,
    now: datetime,
) -> None:
    """One ATTENDEE line of a REPLY: recorded through rsvp, or the reason it was not."""
    member = _attendee(session, meeting, attendee)
    if member is None:
        found.outcome, found.reason = InboundOutcome.for_person, "not_an_attendee"
        return
    found.member_id = member.id
    response = PARTSTATS.get(attendee.partstat)
    if response is None:  # NEEDS-ACTION: nothing said yet
        found.reason = found.reason or "no_answer"
        return
    substitute_id = None
    if attendee.partstat == "DELEGATED":
        delegate = _member_by_email(session, meeting.network_id, attendee.delegated_to)
        if delegate is None:
            found.outcome, found.reason = InboundOutcome.for_person, "delegate_unknown"
            return
        substitute_id = delegate.id
    try:
        recorded = respond_from_calendar(
            session,
            member=member,
            meeting=meeting,
            answer=response,
            sequence=answer.sequence,
            stamp=answer.stamp,
            substitute_member_id=substitute_id,
            now=now,
        )
    except Conflict:  # raised before any write: a late answer to a meeting that is over
        found.reason = found.reason or "meeting_closed"
        return
    except DomainError as refused:  # raised before any write: a substitute the rules refuse
        found.outcome, found.reason = InboundOutcome.for_person, f"refused: {refused.code}"
        return
    if recorded is None:
        found.reason = found.reason or "older_than_recorded"
    elif found.outcome != InboundOutcome.for_person:
        found.outcome, found.reason = InboundOutcome.applied, attendee.partstat.lower()


def _member_by_email(
    session: Session, network_id: uuid.UUID, addresses: tuple[str, ...] | list[str]
) -> Member | None:
    if not addresses:
        return None
    return session.scalar(
        select(Member).where(
            Member.network_id == network_id,
            func.lower(Member.email).in_([a.lower() for a in addresses]),
        )
    )


def _attendee(session: Session, meeting: Meeting, attendee: AttendeeAnswer) -> Member | None:
    """The member behind an ATTENDEE line, if the meeting is theirs (invited or substitute)."""
    member = _member_by_email(session, meeting.network_id, [attendee.email])
    if member is None or not member.active:
        return None
    if is_invited(member, meeting):
        return member
    named = session.scalar(
        select(Rsvp.id).where(Rsvp.meeting_id == meeting.id, Rsvp.substitute_member_id == member.id)
    )
    return member if named is not None else None


def _bounce(session: Session, bounce: Bounce, *, now: datetime) -> Result:
    """Score each failed address (VERP names the member); delays and spam changes nothing."""
    found = Result(InboundKind.bounce, InboundOutcome.ignored, bounce.reason, keep_raw=True)
    members = _bounced_members(session, bounce)
    if members:
        found.network_id, found.member_id = members[0].network_id, members[0].id
    if bounce.not_a_bounce is not None:
        found.reason = f"{bounce.not_a_bounce}: {bounce.reason}"
        return found
    if not members:
        found.outcome, found.reason = InboundOutcome.for_person, "bounce_unknown_address"
        return found
    for member in members:
        if record_bounce(session, member=member, hard=bounce.hard, reason=bounce.reason, now=now):
            found.outcome = InboundOutcome.applied
    return found


def _bounced_members(session: Session, bounce: Bounce) -> list[Member]:
    """The notification's recipient (VERP), else every member with a failed address."""
    if bounce.notification_id is not None:
        row = session.get(Notification, bounce.notification_id)
        if row is not None and row.recipient_member_id is not None:
            member = session.get(Member, row.recipient_member_id)
            if member is not None:
                return [member]
    if not bounce.addresses:
        return []
    query = select(Member).where(func.lower(Member.email).in_(sorted(bounce.addresses)))
    return list(session.scalars(query.order_by(Member.id)))


def purge_raw(session: Session, *, now: datetime) -> int:
    """Raw bounces past their retention are erased; the row (what became of it) stays."""
    rows = list(
        session.scalars(
            select(InboundMessage).where(
                InboundMessage.purge_after.is_not(None), InboundMessage.purge_after <= now
            )
        )
    )
    for row in rows:
        row.raw, row.purge_after = None, None
    session.flush()
    return len(rows)
