"""What the delivery engine hands to a channel, and the SMTP channel (mail + .ics)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from email.utils import formataddr
from typing import Protocol

from infra.mail import SmtpSender
from infra.settings import Settings
from schemas.notifications import RenderedMail
from services.notifications.kinds import Invite
from services.notifications.mime import build_message, verp_address
from services.notifications.prepare import Recipient
from services.people.models import DeliveryChannel


class Deferred(Exception):
    """A channel limit is exhausted: try again after `seconds` (does not count as an attempt)."""

    def __init__(self, seconds: float, reason: str) -> None:
        super().__init__(f"deferred {seconds:.0f}s: {reason}")
        self.seconds = seconds
        self.reason = reason


@dataclass(frozen=True)
class Outgoing:
    """One mail (possibly several batched notification rows) for one recipient."""

    ids: tuple[uuid.UUID, ...]
    network_id: uuid.UUID
    network_name: str
    channel: DeliveryChannel
    key: str
    recipient: Recipient
    rendered: RenderedMail
    unsubscribe_url: str
    invite: Invite | None = None
    ics: bytes | None = None


class Transport(Protocol):
    """Sends one Outgoing and returns the provider id (Message-ID, Graph event id)."""

    def send(self, mail: Outgoing) -> str: ...


class SmtpTransport:
    """SMTP relay: the mail with text, HTML and (for invites) the iTIP .ics."""

    def __init__(
        self,
        sender: SmtpSender,
        *,
        mail_from: str,
        bounce_local_part: str = "bounce",
        bounce_domain: str | None = None,
    ) -> None:
        self._sender = sender
        self._from = mail_from
        self._domain = mail_from.rpartition("@")[2] or "samverkan.local"
        self._bounce = (bounce_local_part, bounce_domain or self._domain)

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpTransport:
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        sender = SmtpSender(
            host=settings.smtp_host,
            port=settings.smtp_port,
            starttls=settings.smtp_starttls,
            user=settings.smtp_user,
            password=password,
        )
        return cls(
            sender,
            mail_from=settings.mail_from,
            bounce_local_part=settings.bounce_local_part,
            bounce_domain=settings.bounce_domain,
        )

    def send(self, mail: Outgoing) -> str:
        message = build_message(
            sender=formataddr((mail.network_name, self._from)),
            to=formataddr((mail.recipient.name, mail.recipient.email)),
            rendered=mail.rendered,
            ics=mail.ics,
            method=mail.invite.method if mail.invite else None,
            unsubscribe_url=mail.unsubscribe_url,
            message_id_domain=self._domain,
            idempotency_key=mail.key,
        )
        local, domain = self._bounce
        envelope = verp_address(mail.ids[0], local_part=local, domain=domain)
        return self._sender.send(message, envelope_from=envelope)
