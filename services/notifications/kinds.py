"""Mail kinds: what a domain puts in a notification row, and the one registry the channel reads.

A domain's `mail.py` declares each of its kinds as a `MailPayload` subclass, filled when the mail
is asked for, with everything the mail says except what depends on the reader; at send time the
channel adds that (`Reader`: greeting, language, signed links) and asks the payload for the
template context. `MailSpec` adds, where a rule needs the database at send time, a small check
of the domain's own table. `services.registry` gathers every domain's specs into `MailKinds`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from schemas.notifications import (
    IcsMethod,
    InviteAttendee,
    InviteMeeting,
    Lang,
    MailContext,
    MailKind,
    RsvpLinks,
)
from services.notifications.links import Links
from services.people.models import Member


class MailPayload(BaseModel):
    """One kind of mail; the class attributes are the kind's rules, the fields its content."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ClassVar[MailKind]
    urgent: ClassVar[bool] = False  # goes out at night too (cancellations, login links)
    batchable: ClassVar[bool] = False  # may share one mail with the reader's other reminders
    preference: ClassVar[str | None] = None  # the member's switch that turns it off
    members_only: ClassVar[bool] = True  # False: staff accounts may receive it too

    def context(self, reader: Reader) -> MailContext:
        """The template's input for this reader."""
        raise NotImplementedError

    def invite(self, reader: Reader) -> Invite | None:
        """The calendar object that goes with it (meetings' invites and cancellations)."""
        return None


@dataclass(frozen=True)
class MemberLinks:
    """The signed links of one member: the channel signs, the payload names scope and subject."""

    links: Links
    member: Member

    @property
    def max_age_s(self) -> int:
        return self.links.signer.max_age_s

    def member_page(self) -> str:
        return self.links.member_page(self.member)

    def rsvp(self, meeting_id: uuid.UUID) -> RsvpLinks:
        return self.links.rsvp(self.member, meeting_id)

    def survey(self, survey_id: uuid.UUID, *, external: bool) -> str:
        return self.links.survey(self.member, survey_id, external=external)

    def consent(self, meeting_id: uuid.UUID) -> tuple[str, str]:
        return self.links.consent(self.member, meeting_id)

    def poll_vote(self, poll_id: uuid.UUID, slot: str) -> str:
        return self.links.poll_vote(self.member, poll_id, slot)


@dataclass(frozen=True)
class Reader:
    """Who reads this mail, as the channel knows them when it sends."""

    name: str
    lang: Lang
    network_name: str | None
    unsubscribe_url: str
    member_page_url: str | None
    links: MemberLinks | None  # None for staff accounts
    organizer: tuple[str, str]  # (name, address) that invites come from
    now: datetime

    @property
    def member(self) -> MemberLinks:
        """The reader's signed links; kinds that are for members only may rely on them."""
        if self.links is None:
            raise LookupError("a staff account has no member links")
        return self.links

    def common(self) -> dict[str, Any]:
        """The fields every template context has (greeting, footer links)."""
        return {
            "recipient_name": self.name,
            "unsubscribe_url": self.unsubscribe_url,
            "member_page_url": self.member_page_url,
            "network_name": self.network_name,
        }


@dataclass(frozen=True)
class Invite:
    """A meeting's iTIP message: SMTP attaches it as .ics, Microsoft 365 syncs the event."""

    method: IcsMethod
    meeting_id: uuid.UUID
    meeting: InviteMeeting
    attendees: Sequence[InviteAttendee]
    substitute: bool = False


# A send-time check: the reason this mail is no longer wanted, or None; reads its domain's table.
Check = Callable[[Session, Any, uuid.UUID | None, datetime], str | None]


@dataclass(frozen=True)
class Staff:
    """A staff account as a recipient (coordinators get escalations)."""

    name: str
    email: str
    active: bool


StaffLookup = Callable[[Session, uuid.UUID], Staff | None]


@dataclass(frozen=True)
class MailSpec:
    """A kind as registered: its payload class and, if its rule needs one, a send-time check."""

    payload: type[MailPayload]
    check: Check | None = None


class MailKinds:
    """Every mail kind the service sends, each declared once by the domain that sends it."""

    def __init__(self, specs: Iterable[MailSpec], *, staff: StaffLookup) -> None:
        self._specs: dict[str, MailSpec] = {}
        for spec in specs:
            name = spec.payload.kind.value
            if name in self._specs:
                raise ValueError(f"mail kind {name!r} is declared twice")
            self._specs[name] = spec
        missing = sorted(set(MailKind) - set(self._specs))
        if missing:
            raise ValueError(f"mail kinds without a declaration: {', '.join(missing)}")
        self.staff = staff
        self.urgent = frozenset(n for n, s in self._specs.items() if s.payload.urgent)
        self.batchable = frozenset(n for n, s in self._specs.items() if s.payload.batchable)

    def spec(self, kind: str) -> MailSpec:
        return self._specs[kind]

    def names(self) -> list[str]:
        return list(self._specs)
