"""What the delivery engine hands to a channel, and the SMTP channel (mail + .ics)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr
from typing import Protocol

import redis

from infra.graph_limits import MailboxLimiter, MailboxLimits, Wait
from infra.mail import SmtpSender
from infra.settings import Settings
from schemas.notifications import RenderedMail
from services.notifications.kinds import Invite
from services.notifications.mime import build_message, verp_address
from services.notifications.prepare import Recipient
from services.people.models import DeliveryChannel

log = logging.getLogger("samverkan.delivery")


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
    message_id: str
    dtstamp: datetime  # the Date header (and the .ics DTSTAMP), fixed at the first rendering
    invite: Invite | None = None
    ics: bytes | None = None
    doubtful_since: datetime | None = None  # a sender died mid-send: it may have gone out


class Transport(Protocol):
    """Sends one Outgoing and returns the provider id (Message-ID, Graph event id)."""

    def send(self, mail: Outgoing) -> str: ...


class Pacer(Protocol):
    """A relay's rate limit: wait briefly for a slot, or raise Deferred when it is far off."""

    def take(self) -> None: ...


class RelayPacer:
    """The relay's messages per minute across all workers: the Graph limiter's Redis sliding
    window, keyed by relay. A slot within `max_wait_s` is waited for, a later one defers."""

    def __init__(
        self,
        limiter: MailboxLimiter,
        relay: str,
        *,
        max_wait_s: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._limiter, self._relay = limiter, relay
        self._max_wait, self._sleep = max_wait_s, sleep

    @classmethod
    def from_settings(cls, settings: Settings) -> RelayPacer | None:
        """None when unlimited, or when there is no Redis to share the count through."""
        url = settings.redis_url or settings.broker_url
        if settings.smtp_messages_per_minute <= 0:
            return None
        if not url.startswith(("redis://", "rediss://", "unix://")):
            log.warning("no Redis for the SMTP rate limit: sending unpaced")
            return None
        limits = MailboxLimits(
            messages_per_minute=settings.smtp_messages_per_minute,
            recipients_per_day=10**9,
            max_concurrency=10**6,  # a slot is given back at once: only the rate counts
        )
        limiter = MailboxLimiter(
            redis.Redis.from_url(url), limits, prefix=settings.graph_limits_prefix + ":smtp"
        )
        return cls(limiter, f"{settings.smtp_host}:{settings.smtp_port}")

    def take(self) -> None:
        while True:
            got = self._limiter.acquire(self._relay, recipients=0, messages=1)
            if not isinstance(got, Wait):
                got.release()
                return
            if got.seconds > self._max_wait:
                raise Deferred(got.seconds, got.reason)
            self._sleep(got.seconds)


class SmtpTransport:
    """SMTP relay: the mail with text, HTML and (for invites) the iTIP .ics."""

    def __init__(
        self,
        sender: SmtpSender,
        *,
        mail_from: str,
        bounce_local_part: str = "bounce",
        bounce_domain: str | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self._sender = sender
        self._from = mail_from
        self._domain = mail_from.rpartition("@")[2] or "samverkan.local"
        self._bounce = (bounce_local_part, bounce_domain or self._domain)
        self._pacer = pacer

    @contextmanager
    def session(self) -> Iterator[None]:
        """One SMTP connection for a whole scan (reconnects by itself when it breaks)."""
        with self._sender.session():
            yield

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
            pacer=RelayPacer.from_settings(settings),
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
            message_id=mail.message_id,
            sent_at=mail.dtstamp,
        )
        if self._pacer is not None:
            self._pacer.take()
        local, domain = self._bounce
        envelope = verp_address(mail.ids[0], local_part=local, domain=domain)
        return self._sender.send(message, envelope_from=envelope)
