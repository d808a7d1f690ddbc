"""A consumer batch's meeting mails: every table read once for the batch, one INSERT for all.

Handling a batch must do exactly what handling its events one at a time in order does: each
event reads the meeting as it is now, so the events of one meeting in a batch share its row,
audience, substitutes and facts; only the SEQUENCE, kind, reason and key differ per event.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schemas.events import MeetingCancelled, MeetingRescheduled, MeetingScheduled
from schemas.notifications import InviteAttendee, MeetingFacts
from services.events.reactions import Event
from services.meetings.audience import (
    active_members_of,
    attendee_line,
    is_invited,
    substitutes_of,
)
from services.meetings.mail import (
    MeetingCancelledMail,
    MeetingInviteMail,
    change_key,
    meeting_facts,
)
from services.meetings.models import Meeting
from services.notifications.service import Mail, request_mails
from services.people.models import Member

MeetingChange = MeetingScheduled | MeetingRescheduled | MeetingCancelled


def load_meetings(
    session: Session, meeting_ids: Collection[uuid.UUID], *, for_mail: bool = False
) -> dict[uuid.UUID, Meeting]:
    """The meetings by id; `for_mail` loads what facts read (agenda, series, Graph) per table."""
    query = select(Meeting).where(Meeting.id.in_(meeting_ids))
    if for_mail:
        query = query.options(
            selectinload(Meeting.agenda_items),
            selectinload(Meeting.series),
            selectinload(Meeting.graph_event),
        )
    return {meeting.id: meeting for meeting in session.scalars(query)}


@dataclass
class MeetingMails:
    """What a batch's calendar mails need, each computed once per meeting or member."""

    meetings: dict[uuid.UUID, Meeting]
    members: dict[uuid.UUID, list[Member]]  # a network's active members, by id
    subs: dict[uuid.UUID, list[Member]]  # a meeting's named substitutes
    _audience: dict[uuid.UUID, list[Member]] = field(default_factory=dict)
    _facts: dict[uuid.UUID, MeetingFacts] = field(default_factory=dict)
    _attendees: dict[uuid.UUID, list[InviteAttendee]] = field(default_factory=dict)
    _lines: dict[uuid.UUID, InviteAttendee | None] = field(default_factory=dict)

    def audience(self, meeting: Meeting) -> list[Member]:
        """`meeting_audience`: the network's active members the meeting is for, by id."""
        if meeting.id not in self._audience:
            members = self.members.get(meeting.network_id, [])
            self._audience[meeting.id] = [m for m in members if is_invited(m, meeting)]
        return self._audience[meeting.id]

    def outside(self, meeting: Meeting) -> list[Member]:
        """The meeting's substitutes who are not in its audience."""
        return [s for s in self.subs.get(meeting.id, []) if not is_invited(s, meeting)]

    def facts(self, meeting: Meeting) -> MeetingFacts:
        """`meeting_facts`, built once for all the meeting's events in the batch."""
        if meeting.id not in self._facts:
            self._facts[meeting.id] = meeting_facts(meeting)
        return self._facts[meeting.id]

    def attendees(self, meeting: Meeting) -> list[InviteAttendee]:
        """`invite_attendees`: the audience, then substitutes; each address validated once."""
        if meeting.id not in self._attendees:
            people = {m.id: m for m in self.audience(meeting)}
            for sub in self.subs.get(meeting.id, []):
                people.setdefault(sub.id, sub)
            lines = [self._line(m) for m in people.values()]
            self._attendees[meeting.id] = [line for line in lines if line is not None]
        return self._attendees[meeting.id]

    def _line(self, member: Member) -> InviteAttendee | None:
        """A member's ATTENDEE line, its address validated once for the whole batch."""
        if member.id not in self._lines:
            self._lines[member.id] = attendee_line(member)
        return self._lines[member.id]

    def mail(
        self, meeting: Meeting, change: MeetingChange, *, substitute: bool
    ) -> MeetingInviteMail | MeetingCancelledMail:
        """`calendar_mail` of the event's SEQUENCE (a cancellation with its reason)."""
        fields = {
            "meeting_id": meeting.id,
            "sequence": change.sequence,
            "meeting": self.facts(meeting),
            "attendees": self.attendees(meeting),
            "substitute_for": substitute,
        }
        if isinstance(change, MeetingCancelled):
            return MeetingCancelledMail(**fields, reason=change.reason)
        return MeetingInviteMail(**fields)


def tell_all(
    session: Session, events: Sequence[Event[MeetingChange]], *, substitutes_only: bool
) -> int:
    """Each event's invite or cancellation to its audience (or substitutes): one INSERT."""
    ids = {event.aggregate_id for event in events}
    subs = substitutes_of(session, ids)
    if substitutes_only:
        ids &= subs.keys()  # no substitute named: nobody to tell, nothing to read
        if not ids:
            return 0
    meetings = load_meetings(session, ids, for_mail=True)
    networks = {meeting.network_id for meeting in meetings.values()}
    batch = MeetingMails(meetings, active_members_of(session, networks), subs)
    by_network: dict[uuid.UUID, list[Mail]] = {}
    for event in events:
        meeting = meetings.get(event.aggregate_id)
        if meeting is None:
            continue
        people = batch.outside(meeting) if substitutes_only else batch.audience(meeting)
        if not people:  # no rows either way; the mail need not be built
            continue
        mail = batch.mail(meeting, event.payload, substitute=substitutes_only)
        mails = Mail.to_each(
            mail,
            [m.id for m in people],
            key=change_key(mail.kind, event.event_id),
            subject_id=meeting.id,
            event_id=event.event_id,
        )
        by_network.setdefault(meeting.network_id, []).extend(mails)
    return request_mails(session, by_network=by_network)
