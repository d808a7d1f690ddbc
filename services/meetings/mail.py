"""Meetings' mail: invites and updated invites (with the .ics), cancellations, reminders.

The payload carries the meeting as it was when the mail was asked for and the SEQUENCE it
belongs to; at send time a check reads the meeting row: an invite for an older SEQUENCE, or
for a meeting no longer ahead, is not sent, nor a reminder to someone who declined since.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.enums import MeetingStatus, RsvpResponse
from schemas.notifications import (
    IcsMethod,
    InviteAttendee,
    InviteMeeting,
    MailKind,
    MeetingCancelledContext,
    MeetingFacts,
    MeetingInviteContext,
    MeetingReminderContext,
    RsvpLinks,
)
from services.meetings.audience import invite_attendees
from services.meetings.models import Meeting, MeetingMode, Rsvp
from services.notifications.kinds import Invite, MailPayload, MailSpec, Reader
from services.notifications.service import Mail, request_mail
from services.people.models import Member


def meeting_facts(meeting: Meeting) -> MeetingFacts:
    """The meeting as its mails and feeds show it (only an http(s) meeting link)."""
    url = meeting.join_url if (meeting.join_url or "").startswith("http") else None
    return MeetingFacts(
        uid=meeting.ical_uid,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.location,
        online_url=url,
        agenda=[item.title for item in meeting.agenda_items],
        teams=meeting.mode != MeetingMode.on_site
        and not (meeting.online_url or meeting.series_url),
    )


class _MeetingMail(MailPayload):
    members_only = False  # a staff account may receive them too (then without RSVP links)
    meeting_id: uuid.UUID
    sequence: int
    meeting: MeetingFacts

    def shown(self, reader: Reader) -> InviteMeeting:
        return self.meeting.sent_as(
            self.sequence, organizer=reader.organizer, network_name=reader.network_name
        )

    def rsvp(self, reader: Reader) -> RsvpLinks | None:
        return reader.links.rsvp(self.meeting_id) if reader.links else None


class _CalendarMail(_MeetingMail):
    attendees: list[InviteAttendee]
    substitute_for: bool = False

    def calendar(self, reader: Reader, method: IcsMethod) -> Invite:
        return Invite(
            method=method,
            meeting_id=self.meeting_id,
            meeting=self.shown(reader),
            attendees=self.attendees,
            substitute=self.substitute_for,
        )


class MeetingInviteMail(_CalendarMail):
    """An invite, or an updated one (SEQUENCE > 0), with RSVP links and a REQUEST .ics."""

    kind = MailKind.meeting_invite

    def context(self, reader: Reader) -> MeetingInviteContext:
        return MeetingInviteContext(
            **reader.common(), meeting=self.shown(reader), rsvp=self.rsvp(reader)
        )

    def invite(self, reader: Reader) -> Invite:
        return self.calendar(reader, "REQUEST")


class MeetingCancelledMail(_CalendarMail):
    """A cancellation with its CANCEL .ics; goes out at night too."""

    kind = MailKind.meeting_cancelled
    urgent = True
    reason: str | None = None

    def context(self, reader: Reader) -> MeetingCancelledContext:
        return MeetingCancelledContext(
            **reader.common(), meeting=self.shown(reader), reason=self.reason
        )

    def invite(self, reader: Reader) -> Invite:
        return self.calendar(reader, "CANCEL")


class MeetingReminderMail(_MeetingMail):
    """7 days / 1 day before: agenda, place and link, and the RSVP links again."""

    kind = MailKind.meeting_reminder
    batchable = True
    preference = "meeting_reminder"
    days_before: int = Field(ge=0)

    def context(self, reader: Reader) -> MeetingReminderContext:
        return MeetingReminderContext(
            **reader.common(),
            meeting=self.shown(reader),
            days_before=self.days_before,
            rsvp=self.rsvp(reader),
        )


def _ahead(session: Session, meeting_id: uuid.UUID, now: datetime) -> Meeting | str:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        return "meeting gone"
    if meeting.status != MeetingStatus.scheduled or meeting.starts_at <= now:
        return "meeting not upcoming"
    return meeting


def invite_current(
    session: Session, mail: MeetingInviteMail, member_id: uuid.UUID | None, now: datetime
) -> str | None:
    """An invite goes out while its meeting is ahead and no newer SEQUENCE was asked for."""
    meeting = _ahead(session, mail.meeting_id, now)
    if isinstance(meeting, str):
        return meeting
    return "superseded by a newer invite" if mail.sequence < meeting.ical_sequence else None


def cancellation_current(
    session: Session, mail: MeetingCancelledMail, member_id: uuid.UUID | None, now: datetime
) -> str | None:
    """A cancellation goes out whatever happened since, unless the meeting is gone."""
    return "meeting gone" if session.get(Meeting, mail.meeting_id) is None else None


def reminder_current(
    session: Session, mail: MeetingReminderMail, member_id: uuid.UUID | None, now: datetime
) -> str | None:
    """Not for a meeting that moved since (its re-armed timers remind again), nor a decliner."""
    meeting = _ahead(session, mail.meeting_id, now)
    if isinstance(meeting, str):
        return meeting
    if meeting.starts_at != mail.meeting.starts_at:
        return "the meeting moved"
    answer = session.scalar(
        select(Rsvp.response).where(Rsvp.meeting_id == meeting.id, Rsvp.member_id == member_id)
    )
    return "declined" if member_id and answer == RsvpResponse.declined else None


KINDS = (
    MailSpec(MeetingInviteMail, check=invite_current),
    MailSpec(MeetingCancelledMail, check=cancellation_current),
    MailSpec(MeetingReminderMail, check=reminder_current),
)


def calendar_mail(
    session: Session,
    meeting: Meeting,
    *,
    sequence: int,
    cancelled: bool = False,
    substitute: bool = False,
    audience: list[Member] | None = None,
    reason: str | None = None,
) -> MeetingInviteMail | MeetingCancelledMail:
    """The invite (or cancellation, with its reason) of `sequence`, with today's attendees."""
    fields = {
        "meeting_id": meeting.id,
        "sequence": sequence,
        "meeting": meeting_facts(meeting),
        "attendees": invite_attendees(session, meeting, audience=audience),
        "substitute_for": substitute,
    }
    if cancelled:
        return MeetingCancelledMail(**fields, reason=reason)
    return MeetingInviteMail(**fields)


def send_to(
    session: Session,
    meeting: Meeting,
    payload: MailPayload,
    member_ids: Iterable[uuid.UUID],
    *,
    key: str,
    event_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> int:
    """The same mail about `meeting` to each member, keyed `{key}:{member id}`."""
    mails = Mail.to_each(payload, member_ids, key=key, subject_id=meeting.id, event_id=event_id)
    return request_mail(session, network_id=meeting.network_id, mails=mails, now=now)


def change_key(kind: MailKind, event_id: uuid.UUID) -> str:
    """One invite, update or cancellation per meeting event (each member's copy adds its id)."""
    return f"{kind.value}:{event_id}"
