"""People's mail: the personal login link (a welcome for a new member, or a fresh link when an
old one has expired), sent only to the address on file."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.notifications import LoginLinkContext, MailKind
from services.notifications.kinds import MailPayload, MailSpec, Reader
from services.notifications.service import Mail, request_mail
from services.people.bounces import clear_failing
from services.people.links import LinkExpired, LinkInvalid, LinkSigner, MemberLink
from services.people.models import EmailStatus, Member

FRESH_LINK_WINDOW_S = 600  # one fresh link per member and ten minutes, however often asked
FRESH_LINK_TTL_S = int(timedelta(days=14).total_seconds())
PATIENT_MAX_AGE_S = 10 * 365 * 24 * 3600  # an expired link still proves who asks, for years


class LoginLinkMail(MailPayload):
    """A link to the member page; urgent, since someone is waiting for it."""

    kind = MailKind.login_link
    urgent = True
    reason: Literal["welcome", "expired_link"]
    ttl_s: int | None = None

    def context(self, reader: Reader) -> LoginLinkContext:
        ttl = self.ttl_s or reader.member.max_age_s
        return LoginLinkContext(
            **reader.common(),
            login_url=reader.member.member_page(),
            expires_in_minutes=max(1, ttl // 60),
            reason=self.reason,
        )


KINDS = (MailSpec(LoginLinkMail),)


def _send(session: Session, member: Member, payload: LoginLinkMail, key: str) -> None:
    mail = Mail(payload, key=key, member_id=member.id, subject_id=member.id)
    request_mail(session, network_id=member.network_id, mails=[mail])


def welcome(session: Session, member: Member) -> None:
    """A new member's first mail: their personal link (once per member)."""
    _send(session, member, LoginLinkMail(reason="welcome"), f"welcome:{member.id}")


def send_fresh_link(session: Session, *, token: str, secret: str) -> None:
    """A genuine but expired link may ask for a new member link, sent to the address on file;
    a forged or unknown one changes nothing (and the caller says the same either way)."""
    patient = LinkSigner(secret, max_age_s=PATIENT_MAX_AGE_S)
    try:
        link: MemberLink | None = patient.verify(token)
    except (LinkExpired, LinkInvalid):
        link = None
    member = session.get(Member, link.member_id) if link else None
    if member is None or not member.active or link is None or member.network_id != link.network_id:
        return
    if member.email_status == EmailStatus.failing:
        clear_failing(member)  # they read mail there after all: the fresh link may go out
    window = int(utcnow().timestamp()) // FRESH_LINK_WINDOW_S
    payload = LoginLinkMail(reason="expired_link", ttl_s=FRESH_LINK_TTL_S)
    _send(session, member, payload, f"login_link:{member.id}:{window}")
