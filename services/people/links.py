"""Signed, expiring member links: one member, one purpose (scope), optionally one subject.

Members have no passwords; every link in a mail carries one of these tokens. They live with the
people they name, so the mail channel can sign links without depending on staff accounts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from services.errors import Forbidden
from services.people.models import Member

LinkScope = Literal["member", "rsvp", "survey", "feed", "unsubscribe", "poll"]


@dataclass(frozen=True)
class MemberLink:
    """What a verified token says: whose it is, for what, and about which subject."""

    member_id: uuid.UUID
    network_id: uuid.UUID
    scope: LinkScope
    subject_id: uuid.UUID | None
    version: int = 0  # the member's link_version when signed (links before versions: 0)


class LinkSigner:
    """Signed, expiring member links (itsdangerous): scoped to one member and one purpose."""

    def __init__(self, secret: str, *, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="samverkan-member-link")
        self.max_age_s = max_age_s

    def sign(self, member: Member, *, scope: LinkScope, subject_id: uuid.UUID | None = None) -> str:
        subject = str(subject_id or "")
        payload = [str(member.id), str(member.network_id), scope, subject, member.link_version or 0]
        return str(self._serializer.dumps(payload))

    def verify(self, token: str, *, scope: LinkScope | None = None) -> MemberLink:
        """Raises LinkExpired or LinkInvalid; never says more about a forged token."""
        try:
            raw = self._serializer.loads(token, max_age=self.max_age_s)
        except SignatureExpired as exc:
            raise LinkExpired("links.expired") from exc
        except BadSignature as exc:
            raise LinkInvalid("links.invalid") from exc
        try:
            member_id, network_id, link_scope, subject, *version = raw
            link = MemberLink(
                member_id=uuid.UUID(member_id),
                network_id=uuid.UUID(network_id),
                scope=link_scope,
                subject_id=uuid.UUID(subject) if subject else None,
                version=int(version[0]) if version else 0,
            )
        except (TypeError, ValueError, IndexError) as exc:
            raise LinkInvalid("links.invalid") from exc
        # Exactly its purpose: a mail's member-page link opens neither a feed nor an RSVP.
        if scope is not None and link.scope != scope:
            raise LinkInvalid("links.other_purpose")
        return link


def is_current(member: Member, link: MemberLink) -> bool:
    """The link is still the member's: same network, signed since their links were revoked."""
    return member.network_id == link.network_id and (member.link_version or 0) == link.version


def linked_member(session: Session, link: MemberLink) -> Member:
    """The active member a verified link names, if it is still theirs; else LinkInvalid."""
    member = session.get(Member, link.member_id)
    if member is None or not member.active or not is_current(member, link):
        raise LinkInvalid("links.invalid")
    return member


def revoke_member_links(member: Member) -> None:
    """Every link signed for the member so far stops working (the e-mail changed, or asked)."""
    member.link_version = (member.link_version or 0) + 1


class LinkInvalid(Forbidden):
    """Forged, garbled or for another purpose (403)."""

    code = "link_invalid"


class LinkExpired(Forbidden):
    """Genuine but too old (410): a fresh link can be asked for."""

    status_code = 410
    code = "link_expired"
