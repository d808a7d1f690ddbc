"""Microsoft 365 channel: meetings as events in the organiser mailbox, mail through sendMail,
attendee answers read back into RSVPs. One Graph call per meeting change, not per member."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.graph import (
    GraphAuthError,
    GraphMailbox,
    GraphPermanentError,
    GraphThrottled,
    GraphTransientError,
)
from infra.graph_limits import MailboxLimiter, MailboxLimits, Wait
from infra.graph_token import CallbackTokenBackend
from infra.settings import Settings
from schemas.graph import AttendeeResponse, GraphAttendee, GraphEvent, GraphMail, GraphRecipient
from services.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpResponse
from services.notifications.meeting_info import invite_attendees, invite_meeting
from services.notifications.mime import message_id_for
from services.notifications.models import GraphEventLink, GraphToken
from services.notifications.rendering import environment
from services.notifications.transports import Deferred, Outgoing
from services.people.models import Member, Network

log = logging.getLogger("samverkan.graph")


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
    ) -> None:
        self._factory = factory
        self.mailbox = mailbox
        self._settings = settings
        self._limiter = limiter

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
        if mail.meeting_id is not None:
            return self._sync_meeting(mail)
        message = GraphMail(
            subject=mail.rendered.subject,
            body_html=mail.rendered.html,
            to=[GraphRecipient(email=mail.recipient.email, name=mail.recipient.name)],
            headers={"X-Samverkan-Notification": mail.key[:200]},
        )
        with self._permit(recipients=1):
            self.mailbox.send_mail(message)
        return message_id_for(mail.key, self.mailbox.mailbox.rpartition("@")[2])

    def _sync_meeting(self, mail: Outgoing) -> str:
        """Create, update or cancel the event; the meeting row lock serialises concurrent rows."""
        assert mail.meeting_id is not None
        with self._factory.begin() as session:
            meeting = session.get(Meeting, mail.meeting_id, with_for_update=True)
            if meeting is None:
                raise GraphPermanentError("meeting is gone")
            link = session.get(GraphEventLink, meeting.id, with_for_update=True)
            sequence = meeting.ical_sequence if mail.sequence is None else mail.sequence
            if mail.kind == "meeting_cancelled":
                if link is None:
                    return "graph:none"
                if not link.cancelled:
                    with self._permit(recipients=self._attendee_count(session, meeting)):
                        self.mailbox.cancel_event(link.graph_event_id)
                    link.cancelled, link.sequence, link.updated_at = True, sequence, utcnow()
                return link.graph_event_id
            if link is None:
                event = self.graph_event(session, meeting)
                with self._permit(recipients=len(event.attendees)):
                    event_id = self.mailbox.create_event(event)
                session.add(
                    GraphEventLink(
                        meeting_id=meeting.id,
                        network_id=meeting.network_id,
                        graph_event_id=event_id,
                        sequence=sequence,
                        updated_at=utcnow(),
                    )
                )
                return event_id
            if not link.cancelled and (link.sequence < sequence or mail.substitute):
                event = self.graph_event(session, meeting)
                with self._permit(recipients=len(event.attendees)):
                    self.mailbox.update_event(link.graph_event_id, event)
                link.sequence, link.updated_at = max(link.sequence, sequence), utcnow()
            return link.graph_event_id

    def _attendee_count(self, session: Session, meeting: Meeting) -> int:
        return max(1, len(invite_attendees(session, meeting)))

    def graph_event(self, session: Session, meeting: Meeting) -> GraphEvent:
        info = invite_meeting(session, meeting, self._settings)
        macros = environment().get_template("_macros.html").make_module({"lang": "sv"})
        attendees = [
            GraphAttendee(email=a.email, name=a.name, required=a.role.value != "OPT-PARTICIPANT")
            for a in invite_attendees(session, meeting)
        ]
        if not attendees:
            raise GraphPermanentError("meeting has no attendees")
        return GraphEvent(
            subject=info.title[:255],
            body_html=str(macros.meeting(info)),  # type: ignore[attr-defined]
            start=info.starts_at,
            end=info.ends_at,
            timezone=self._settings.timezone,
            location=info.location,
            online_url=info.online_url,
            attendees=attendees,
            transaction_id=meeting.ical_uid[:255],
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
            raise GraphAuthError(
                "Microsoft 365 är inte konfigurerat / Microsoft 365 not configured"
            )
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
        cache[network_id] = GraphTransport(factory, graph, settings=settings, limiter=limiter)
        return cache[network_id]

    return for_network


def poll_responses(
    factory: sessionmaker[Session],
    transport_for: Callable[[uuid.UUID], GraphTransport],
    *,
    now: datetime | None = None,
) -> int:
    """Beat: read attendee answers of upcoming Graph events into RSVP rows; returns changes.

    A meeting Graph cannot answer now (429, 5xx, a limiter wait) is skipped until the next scan
    and the rest are still polled; after a 429 its mailbox gets no request until Retry-After
    has passed (in this scan, and through the limiter's pause in later ones)."""
    now = now or utcnow()
    with factory() as session:
        links = session.execute(
            select(
                GraphEventLink.meeting_id, GraphEventLink.network_id, GraphEventLink.graph_event_id
            )
            .join(Meeting, Meeting.id == GraphEventLink.meeting_id)
            .where(
                GraphEventLink.cancelled.is_(False),
                Meeting.status == MeetingStatus.scheduled,
                Meeting.ends_at > now - timedelta(days=1),
            )
            .order_by(Meeting.starts_at)
        ).all()
    changed = 0
    paused: dict[str, float] = {}  # mailbox -> monotonic time its Retry-After ends
    for meeting_id, network_id, event_id in links:
        mailbox = ""
        try:
            transport = transport_for(network_id)
            mailbox = transport.mailbox.mailbox
            if paused.get(mailbox, 0.0) > time.monotonic():
                raise Deferred(paused[mailbox] - time.monotonic(), "throttled")
            answers = transport.responses(event_id)
        except (Deferred, GraphThrottled, GraphTransientError, GraphPermanentError) as exc:
            wait = getattr(exc, "retry_after_seconds", None)
            if wait and mailbox:
                paused[mailbox] = max(paused.get(mailbox, 0.0), time.monotonic() + wait)
            log.warning(
                "graph poll skipped",
                extra={"meeting_id": str(meeting_id), "error": type(exc).__name__},
            )
            continue
        with factory.begin() as session:
            changed += apply_responses(session, meeting_id, network_id, answers, now=now)
    return changed


def apply_responses(
    session: Session,
    meeting_id: uuid.UUID,
    network_id: uuid.UUID,
    answers: list[AttendeeResponse],
    *,
    now: datetime,
) -> int:
    """An answer given in Outlook becomes the member's RSVP (no answer changes nothing)."""
    changed = 0
    for answer in answers:
        if answer.response == "needs_action":
            continue
        member = session.scalar(
            select(Member).where(
                Member.network_id == network_id, func.lower(Member.email) == answer.email.lower()
            )
        )
        if member is None:
            continue
        row = session.scalar(
            select(Rsvp).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id == member.id)
        )
        if row is None:
            row = Rsvp(meeting_id=meeting_id, member_id=member.id)
            session.add(row)
        if row.response != RsvpResponse(answer.response):
            row.response = RsvpResponse(answer.response)
            stamp = answer.responded_at
            row.responded_at = stamp if stamp is not None and stamp.tzinfo else now
            changed += 1
    session.flush()
    return changed
