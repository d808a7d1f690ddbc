"""Microsoft 365 channel: meetings as events in the organiser mailbox, mail as a draft with a
fixed internetMessageId that is then sent, attendee answers readable for the meetings domain.
One Graph call per meeting change, not per member (a retried create carries the same
transactionId, so Graph makes no second event). A mail in doubt is looked up in Sent Items
(and Drafts) by its id before it is sent again. Sessions are short and several on purpose: a
token is loaded or saved in its own, and an event change commits with its link row right after
the Graph call it records."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.graph import (
    GraphAuthError,
    GraphError,
    GraphMailbox,
    GraphPermanentError,
    GraphThrottled,
)
from infra.graph_limits import MailboxLimiter, MailboxLimits, Wait
from infra.graph_token import CallbackTokenBackend
from infra.settings import Settings
from schemas.graph import AttendeeResponse, GraphAttendee, GraphEvent, GraphMail, GraphRecipient
from services.notifications.kinds import Invite
from services.notifications.models import GraphEventLink, GraphToken
from services.notifications.rendering import environment
from services.notifications.transports import Deferred, Outgoing
from services.people.models import Network

log = logging.getLogger("samverkan.graph")
SEND_ID_HEADER = "X-Samverkan-Send-Id"
# Sent Items shows a sent message after a while: look again after these pauses (seconds).
SENT_ITEMS_WAITS = (0.0, 2.0, 4.0, 8.0)


def _one_at_a_time(session: Session, meeting_id: uuid.UUID) -> None:
    """Serialise the rows of one meeting (every recipient's row syncs the same event) with a
    transaction-scoped PostgreSQL advisory lock; SQLite has one writer at a time anyway."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(meeting_id.bytes[:8], "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(key)))


def token_backend(factory: sessionmaker[Session], network_id: uuid.UUID) -> CallbackTokenBackend:
    """python-o365's token cache stored in graph_token (one row per network)."""

    def load() -> str | None:
        with factory() as session:
            return session.scalar(
                select(GraphToken.serialized).where(GraphToken.network_id == network_id)
            )

    def save(serialized: str) -> None:
        with factory.begin() as session:
            row = session.get(GraphToken, network_id, with_for_update=True)
            if row is None:
                session.add(
                    GraphToken(network_id=network_id, serialized=serialized, updated_at=utcnow())
                )
            else:
                row.serialized, row.updated_at = serialized, utcnow()

    return CallbackTokenBackend(load, save)


def limiter_from_settings(settings: Settings) -> MailboxLimiter | None:
    """Limits shared by all workers through Redis; None when there is no Redis to share."""
    url = settings.redis_url or settings.broker_url
    if not url.startswith(("redis://", "rediss://", "unix://")):
        log.warning("no Redis for the Graph limits: sending unpaced")
        return None
    limits = MailboxLimits(
        messages_per_minute=settings.graph_messages_per_minute,
        recipients_per_day=settings.graph_recipients_per_day,
        max_concurrency=settings.graph_max_concurrency,
    )
    return MailboxLimiter(
        redis.Redis.from_url(url),
        limits,
        prefix=settings.graph_limits_prefix,
        timezone=settings.timezone,
    )


class GraphTransport:
    """The Microsoft 365 channel of one network."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        mailbox: GraphMailbox,
        *,
        settings: Settings,
        limiter: MailboxLimiter | None,
        sent_items_waits: Sequence[float] = SENT_ITEMS_WAITS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._factory = factory
        self.mailbox = mailbox
        self._settings = settings
        self._limiter = limiter
        self._waits, self._sleep = tuple(sent_items_waits), sleep

    @contextmanager
    def _permit(self, *, recipients: int, messages: int = 1) -> Iterator[None]:
        if self._limiter is None:
            yield
            return
        got = self._limiter.acquire(self.mailbox.mailbox, recipients=recipients, messages=messages)
        if isinstance(got, Wait):
            raise Deferred(got.seconds, got.reason)
        with got:
            yield

    def send(self, mail: Outgoing) -> str:
        if mail.invite is not None:
            return self._sync_meeting(mail.network_id, mail.invite)
        message = GraphMail(
            subject=mail.rendered.subject,
            body_html=mail.rendered.html,
            to=[GraphRecipient(email=mail.recipient.email, name=mail.recipient.name)],
            headers={"X-Samverkan-Notification": mail.key[:200], SEND_ID_HEADER: mail.message_id},
        )
        draft = None
        if mail.doubtful_since is not None:
            if self._in_sent_items(mail.message_id):
                return mail.message_id  # it did go out before its sender died
            with self._permit(recipients=0, messages=0):
                draft = self.mailbox.find_message("drafts", mail.message_id)
        with self._permit(recipients=1):
            if draft is None:
                draft = self.mailbox.create_draft(message, internet_message_id=mail.message_id)
            self.mailbox.send_draft(draft)
        return mail.message_id

    def _in_sent_items(self, message_id: str) -> bool:
        """Whether Sent Items holds it, asking again with growing pauses (Sent Items lags)."""
        for wait in self._waits:
            self._sleep(wait)
            with self._permit(recipients=0, messages=0):
                if self.mailbox.find_message("sentitems", message_id) is not None:
                    return True
        return False

    def _sync_meeting(self, network_id: uuid.UUID, invite: Invite) -> str:
        """Create, update or cancel the event; rows of one meeting take their turn (a lock)."""
        with self._factory.begin() as session:
            _one_at_a_time(session, invite.meeting_id)
            link = session.get(GraphEventLink, invite.meeting_id, with_for_update=True)
            sequence = invite.meeting.sequence
            if invite.method == "CANCEL":
                if link is None:
                    return "graph:none"
                if not link.cancelled:
                    with self._permit(recipients=max(1, len(invite.attendees))):
                        self.mailbox.cancel_event(link.graph_event_id)
                    link.cancelled, link.sequence, link.updated_at = True, sequence, utcnow()
                return link.graph_event_id
            if link is None:
                event = self.graph_event(invite)
                with self._permit(recipients=len(event.attendees)):
                    event_id = self.mailbox.create_event(event)
                session.add(
                    GraphEventLink(
                        meeting_id=invite.meeting_id,
                        network_id=network_id,
                        graph_event_id=event_id,
                        sequence=sequence,
                        join_url=self._join_url(event, event_id),
                        updated_at=utcnow(),
                    )
                )
                return event_id
            if not link.cancelled and (link.sequence < sequence or invite.substitute):
                event = self.graph_event(invite)
                with self._permit(recipients=len(event.attendees)):
                    self.mailbox.update_event(link.graph_event_id, event)
                link.sequence, link.updated_at = max(link.sequence, sequence), utcnow()
                link.join_url = link.join_url or self._join_url(event, link.graph_event_id)
            return link.graph_event_id

    def _join_url(self, event: GraphEvent, event_id: str) -> str | None:
        """The Teams link Graph made, read back once (python-o365's save keeps only the id)."""
        if not event.online_meeting:
            return None
        try:
            with self._permit(recipients=0, messages=0):
                return self.mailbox.join_url(event_id)
        except (GraphError, Deferred):  # the event stands; the next update reads the link
            log.warning("teams join link not read", extra={"graph_event": event_id})
            return None

    def graph_event(self, invite: Invite) -> GraphEvent:
        info = invite.meeting
        macros = environment().get_template("_macros.html").make_module({"lang": "sv"})
        attendees = [
            GraphAttendee(email=a.email, name=a.name, required=a.role.value != "OPT-PARTICIPANT")
            for a in invite.attendees
        ]
        if not attendees:
            raise GraphPermanentError("meeting has no attendees")
        return GraphEvent(
            online_meeting=info.teams,
            subject=info.title[:255],
            body_html=str(macros.meeting(info)),  # type: ignore[attr-defined]
            start=info.starts_at,
            end=info.ends_at,
            timezone=self._settings.timezone,
            location=info.location,
            online_url=info.online_url,
            attendees=attendees,
            transaction_id=info.uid[:255],
        )

    def responses(self, event_id: str) -> list[AttendeeResponse]:
        """An attendee poll; a 429 pauses the mailbox in the limiter, so other workers and the
        next scans wait out Retry-After too (deliveries keep their own send_after retry)."""
        try:
            with self._permit(recipients=0, messages=0):
                return self.mailbox.attendee_responses(event_id)
        except GraphThrottled as exc:
            if self._limiter is not None:
                self._limiter.pause(self.mailbox.mailbox, exc.retry_after_seconds)
            raise


def graph_transports(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    limiter: MailboxLimiter | None = None,
    authority_url: str | None = None,
    sent_items_waits: Sequence[float] = SENT_ITEMS_WAITS,
) -> Callable[[uuid.UUID], GraphTransport]:
    """Per-network GraphTransport, built once per process."""
    cache: dict[uuid.UUID, GraphTransport] = {}

    def for_network(network_id: uuid.UUID) -> GraphTransport:
        if network_id in cache:
            return cache[network_id]
        with factory() as session:
            network = session.get(Network, network_id)
            mailbox = (network.organiser_mailbox if network else None) or settings.graph_mailbox
        secret = settings.graph_client_secret
        if not (settings.graph_tenant_id and settings.graph_client_id and secret and mailbox):
            raise GraphAuthError("Microsoft 365 not configured")  # for operators: English
        graph = GraphMailbox(
            tenant_id=settings.graph_tenant_id,
            client_id=settings.graph_client_id,
            client_secret=secret.get_secret_value(),
            mailbox=mailbox,
            token_backend=token_backend(factory, network_id),
            base_url=settings.graph_base_url,
            timezone=settings.timezone,
            authority_url=authority_url or settings.graph_authority_url,
        )
        cache[network_id] = GraphTransport(
            factory, graph, settings=settings, limiter=limiter, sent_items_waits=sent_items_waits
        )
        return cache[network_id]

    return for_network
