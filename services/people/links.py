"""Signed, expiring member links: one member, one purpose (scope), optionally one subject.

Members have no passwords; every link in a mail carries one of these tokens. They live with the
people they name, so the mail channel can sign links without depending on staff accounts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

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


class LinkSigner:
    """Signed, expiring member links (itsdangerous): scoped to one member and one purpose."""

    def __init__(self, secret: str, *, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="samverkan-member-link")
        self.max_age_s = max_age_s

    def sign(self, member: Member, *, scope: LinkScope, subject_id: uuid.UUID | None = None) -> str:
        payload = [str(member.id), str(member.network_id), scope, str(subject_id or "")]
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
            member_id, network_id, link_scope, subject = raw
            link = MemberLink(
                member_id=uuid.UUID(member_id),
                network_id=uuid.UUID(network_id),
                scope=link_scope,
                subject_id=uuid.UUID(subject) if subject else None,
            )
        except (TypeError, ValueError) as exc:
            raise LinkInvalid("links.invalid") from exc
        if scope is not None and link.scope not in (scope, "member"):
            raise LinkInvalid("links.other_purpose")
        return link


class LinkInvalid(Forbidden):
    """Forged, garbled or for another purpose (403)."""

    code = "link_invalid"


class LinkExpired(Forbidden):
    """Genuine but too old (410): a fresh link can be asked for."""

    status_code = 410
    code = "link_expired"
