"""From a notification row to its mail: who reads it, whether it is still wanted, what it says.

The row's payload was filled by the domain that asked for the mail; here the channel only adds
what depends on the reader (greeting, language, signed links) and runs the domain's check.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import cast

from sqlalchemy.orm import Session

from infra.settings import Settings
from schemas.enums import EmailStatus
from schemas.notifications import Lang, MailContext, MailKind
from services.notifications.ics import build_invite
from services.notifications.kinds import Invite, MailKinds, MemberLinks, Reader
from services.notifications.links import Links
from services.notifications.models import Notification
from services.notifications.preferences import wants
from services.people.models import DeliveryChannel, Member, Network


@dataclass(frozen=True)
class Recipient:
    """Where the mail goes and in which language; `member` is None for staff accounts."""

    name: str
    email: str
    lang: Lang
    member: Member | None


@dataclass(frozen=True)
class Prepared:
    """A mail ready to render; `invite` marks invites and cancellations (Graph syncs those)."""

    kind: MailKind
    context: MailContext
    invite: Invite | None = None
    ics: bytes | None = None


class Skip(Exception):
    """This notification no longer makes sense (task done, meeting cancelled, opted out)."""


def recipient_of(session: Session, row: Notification, kinds: MailKinds) -> Recipient:
    """The member (active, address working, not opted out) or staff account it goes to."""
    if row.recipient_member_id is not None:
        member = session.get(Member, row.recipient_member_id)
        if member is None or not member.active:
            raise Skip("recipient inactive or gone")
        if member.email_status == EmailStatus.failing:
            raise Skip("address marked failing")
        if not wants(member, kinds.spec(row.kind).payload.preference):
            raise Skip("turned off by the member")
        lang = cast(Lang, member.language if member.language in ("sv", "en") else "sv")
        return Recipient(member.name, member.email, lang, member)
    staff = kinds.staff(session, row.recipient_user_id) if row.recipient_user_id else None
    if staff is None or not staff.active:
        raise Skip("recipient inactive or gone")
    return Recipient(staff.name or staff.email, staff.email, "sv", None)


def organizer(network: Network, settings: Settings) -> tuple[str, str]:
    """Who sends invites: the organiser mailbox with Microsoft 365, else our sender address."""
    mailbox = network.organiser_mailbox or settings.graph_mailbox
    if network.delivery_channel == DeliveryChannel.microsoft365 and mailbox:
        return network.name, mailbox
    return network.name, settings.mail_from


def reader_of(
    session: Session,
    network_id: uuid.UUID,
    recipient: Recipient,
    *,
    links: Links,
    settings: Settings,
    now: datetime,
) -> Reader:
    """What the channel adds for this reader: greeting, signed links, footer, organiser."""
    network = session.get(Network, network_id)
    assert network is not None  # rows go with their network (ON DELETE CASCADE)
    member = recipient.member
    return Reader(
        name=recipient.name,
        lang=recipient.lang,
        network_name=network.name,
        unsubscribe_url=links.unsubscribe(member) if member else links.base_url + "/",
        member_page_url=links.member_page(member) if member else None,
        links=MemberLinks(links, member) if member else None,
        organizer=organizer(network, settings),
        now=now,
    )


def prepare(
    session: Session, row: Notification, reader: Reader, *, kinds: MailKinds, stamp: datetime
) -> Prepared:
    """Raise Skip when the mail is no longer wanted; otherwise what it says to this reader.

    The .ics keeps the UID, SEQUENCE and DTSTAMP stored at the first rendering (else `stamp`),
    so a resent invite is the identical iTIP message (RFC 5546 §2.1.5)."""
    if row.expires_at is not None and row.expires_at <= reader.now:
        raise Skip("expired")
    spec = kinds.spec(row.kind)
    if spec.payload.members_only and reader.links is None:
        raise Skip(f"{row.kind} is for members")
    payload = spec.payload.model_validate(row.context or {})
    if spec.check is not None:
        reason = spec.check(session, payload, row.recipient_member_id, reader.now)
        if reason is not None:
            raise Skip(reason)
    invite = payload.invite(reader)
    ics = None
    if invite is not None:
        if row.ical_uid is not None and row.ical_sequence is not None:
            fixed = {"uid": row.ical_uid, "sequence": row.ical_sequence}
            invite = replace(invite, meeting=invite.meeting.model_copy(update=fixed))
        ics = build_invite(
            invite.meeting,
            invite.attendees,
            method=invite.method,
            lang=reader.lang,
            stamp=row.dtstamp or stamp,
        )
    return Prepared(payload.kind, payload.context(reader), invite, ics)
