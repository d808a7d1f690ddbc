"""The settings page's test mail: sent at once through the network's channel, past the queue,
so the coordinator reads the transport's real answer. A probe, not a notification: it has no
row and no retry. The network is read in a short session of its own (as the Graph channel
does) before any network call."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid

from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.graph import GraphAuthError, GraphNotFound, GraphThrottled, GraphTransientError
from infra.mail import PermanentDeliveryError, TransientDeliveryError
from infra.settings import Settings
from schemas.notifications import RenderedMail
from services.notifications.graph_channel import graph_transports
from services.notifications.prepare import Recipient
from services.notifications.transports import Deferred, Outgoing, SmtpTransport, Transport
from services.people.models import DeliveryChannel, Network

log = logging.getLogger("samverkan.delivery")


@dataclass(frozen=True)
class TestMailResult:
    """What happened: `outcome` names the catalogue text the page shows (sent or why not)."""

    channel: DeliveryChannel
    outcome: str
    ok: bool


def _rendered(network_name: str, sent_at: datetime) -> RenderedMail:
    """A short bilingual text: who asked for it needs nothing else from it."""
    stamp = f"{sent_at:%Y-%m-%d %H.%M} UTC"
    text = (
        f"Det här är ett testmeddelande från {network_name} i samverkan ({stamp}).\n"
        "Om du läser det kommer utskicken fram. Du behöver inte göra något.\n\n"
        f"This is a test message from {network_name} in samverkan ({stamp}).\n"
        "If you can read it, mail gets through. Nothing else to do.\n"
    )
    html = "".join(f"<p>{line}</p>" for line in text.split("\n") if line)
    return RenderedMail(subject=f"Testmeddelande från {network_name}", text=text, html=html)


def _outcome(exc: Exception, channel: DeliveryChannel) -> str:
    """The transport's error as the kind of problem a coordinator can act on."""
    if channel == DeliveryChannel.smtp:
        if isinstance(exc, PermanentDeliveryError):
            return "test_mail_smtp_refused"
        if isinstance(exc, TransientDeliveryError) and "authentication" in str(exc):
            return "test_mail_smtp_auth"
        if isinstance(exc, TransientDeliveryError) and "connection" in str(exc):
            return "test_mail_smtp_unreachable"
        return "test_mail_smtp_later"
    if isinstance(exc, GraphNotFound):
        return "test_mail_graph_mailbox"
    if isinstance(exc, GraphAuthError) and "not configured" in str(exc):
        return "test_mail_graph_not_configured"
    if isinstance(exc, GraphAuthError):
        return "test_mail_graph_auth"
    if isinstance(exc, GraphThrottled | GraphTransientError | Deferred):
        return "test_mail_graph_later"
    return "test_mail_graph_refused"


def send_test_mail(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    network_id: uuid.UUID,
    to_email: str,
    to_name: str,
    smtp: Transport | None = None,
) -> TestMailResult:
    """Send one mail now and say how it went; nothing is stored, so nothing is left to undo."""
    with factory() as session:
        network = session.get(Network, network_id)
        if network is None:
            return TestMailResult(DeliveryChannel.smtp, "test_mail_no_network", False)
        channel, name = network.delivery_channel, network.name
    now = utcnow()
    domain = settings.mail_from.rpartition("@")[2] or "samverkan.local"
    mail = Outgoing(
        ids=(uuid.uuid4(),),
        network_id=network_id,
        network_name=name,
        channel=channel,
        key=f"test_mail:{network_id}:{now.isoformat()}",
        recipient=Recipient(name=to_name, email=to_email, lang="sv", member=None),
        rendered=_rendered(name, now),
        unsubscribe_url=settings.base_url.rstrip("/") + "/installningar",
        message_id=make_msgid(domain=domain),
        dtstamp=now,
    )
    try:
        if channel == DeliveryChannel.microsoft365:
            transport: Transport = graph_transports(factory, settings)(network_id)
        else:
            transport = smtp or SmtpTransport.from_settings(settings)
        transport.send(mail)
    except Exception as exc:  # every failure is the answer the page shows
        log.warning(
            "test mail failed",
            extra={"network_id": str(network_id), "error": type(exc).__name__},
        )
        return TestMailResult(channel, _outcome(exc, channel), False)
    return TestMailResult(channel, "test_mail_sent", True)
