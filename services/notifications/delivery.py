"""Delivery scan: claim a few due rows, then per mail `sending` → network call → `sent`.

Short transactions on purpose, not one unit of work (see `claims.py`): the claim commits before
any network call, rendering reads in a session closed before sending, `sending` commits just
before the SMTP/Graph call and the outcome just after. A kill -9 leaves at most the message in
flight in doubt; after the lease it is settled (`failures.settle_doubtful`): sent again with the
Message-ID, UID, SEQUENCE and DTSTAMP fixed at its first rendering, never dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.graph import GraphAuthError, GraphPermanentError, GraphThrottled, GraphTransientError
from infra.mail import PermanentDeliveryError, TransientDeliveryError
from infra.settings import Settings
from services.errors import NotFound
from services.events.models import DeadLetter
from services.events.outbox import Publisher
from services.notifications import claims, failures
from services.notifications.batching import Part, render_batch
from services.notifications.claims import in_working_hours
from services.notifications.kinds import MailKinds, Reader
from services.notifications.links import Links
from services.notifications.mime import message_id_for
from services.notifications.models import Notification, NotificationStatus
from services.notifications.prepare import (
    Prepared,
    Recipient,
    Skip,
    prepare,
    reader_of,
    recipient_of,
)
from services.notifications.rendering import render_mail
from services.notifications.transports import Deferred, Outgoing, Transport
from services.people.models import DeliveryChannel

log = logging.getLogger("samverkan.delivery")
UNCERTAIN = failures.UNCERTAIN
__all__ = ["DeliveryReport", "Transports", "deliver_due", "in_working_hours", "retry_dead_letter"]
DEAD_LETTER_TASK = failures.DEAD_LETTER_TASK


@dataclass
class Transports:
    """SMTP for every network; Graph per network (built lazily) for microsoft365 networks."""

    smtp: Transport
    graph: Callable[[uuid.UUID], Transport] | None = None

    def for_channel(self, channel: DeliveryChannel, network_id: uuid.UUID) -> Transport:
        if channel == DeliveryChannel.microsoft365:
            if self.graph is None:
                raise GraphAuthError("Microsoft 365 not configured")  # for operators: English
            return self.graph(network_id)
        return self.smtp

    @contextmanager
    def session(self) -> Iterator[None]:
        """One SMTP connection for the whole scan, where the transport can keep one."""
        opener = getattr(self.smtp, "session", None)
        with opener() if opener is not None else contextlib.nullcontext():
            yield


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    suppressed: int = 0
    doubtful: int = 0  # rows found `sending` past the lease, settled by sending them again
    more: int = 0  # 1: the scan's time ran out with due rows left (start another at once)


@dataclass(frozen=True)
class Scan:
    """What one delivery scan works with."""

    factory: sessionmaker[Session]
    transports: Transports
    kinds: MailKinds
    settings: Settings
    now: datetime
    publisher: Publisher | None
    links: Links
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    started: float = field(default_factory=time.monotonic)

    def clock(self) -> datetime:
        """The scan's `now`, advanced by the time the scan has taken (leases stay honest)."""
        return self.now + timedelta(seconds=time.monotonic() - self.started)


def deliver_due(
    factory: sessionmaker[Session],
    transports: Transports,
    *,
    kinds: MailKinds,
    settings: Settings,
    now: datetime | None = None,
    publisher: Publisher | None = None,
) -> DeliveryReport:
    """One scan: settle doubt, then claim a few due rows at a time and send them one by one."""
    now = now or utcnow()
    report = DeliveryReport()
    lease = timedelta(seconds=settings.delivery_lease_s)
    report.doubtful = failures.settle_doubtful(
        factory, now=now, lease=lease, max_attempts=settings.task_max_retries, publisher=publisher
    )
    scan = Scan(factory, transports, kinds, settings, now, publisher, Links.from_settings(settings))
    budget = lease.total_seconds() / 4  # a scan's rows are long done before their claim ends
    seen: set[uuid.UUID] = set()
    with transports.session():
        while True:
            groups = claims.claim(
                factory, kinds, token=scan.token, now=scan.clock(),
                limit=settings.delivery_batch_size, lease=lease, seen=seen,
            )  # fmt: skip
            for group in groups:
                seen.update(group)
                _deliver_group(scan, group, report)
            if sum(map(len, groups)) < settings.delivery_batch_size:
                break
            if time.monotonic() - scan.started >= budget:
                report.more = 1
                break
    return report


def _deliver_group(scan: Scan, ids: list[uuid.UUID], report: DeliveryReport) -> None:
    factory, now, publisher = scan.factory, scan.now, scan.publisher
    try:
        outgoing, skipped = _build(scan, ids)
    except Exception as exc:  # a rendering bug: retrying will not help
        log.exception("notification could not be rendered", extra={"ids": [str(i) for i in ids]})
        report.failed += failures.fail(factory, ids, repr(exc), now=now, publisher=publisher)
        return
    if skipped:
        report.suppressed += failures.suppress(factory, skipped, now=now)
    if outgoing is None:
        return
    ids = list(outgoing.ids)
    if not claims.mark_sending(factory, outgoing, token=scan.token, at=scan.clock()):
        claims.release(factory, ids, token=scan.token)  # changed meanwhile: the next scan
        return
    try:
        transport = scan.transports.for_channel(outgoing.channel, outgoing.network_id)
        provider_id = transport.send(outgoing)
    except Exception as exc:
        _store_failure(scan, ids, exc, report)
    else:
        report.sent += claims.mark_sent(factory, ids, provider_id, scan.clock())


def _store_failure(
    scan: Scan, ids: list[uuid.UUID], exc: Exception, report: DeliveryReport
) -> None:
    """Retry later, fail for good, or (unexpected) fail without ever resending."""
    factory, now, publisher, urgent = scan.factory, scan.now, scan.publisher, scan.kinds.urgent
    if isinstance(exc, Deferred):
        report.retried += failures.retry(
            factory, ids, exc.seconds, str(exc), now, urgent=urgent, counted=False
        )
    elif isinstance(exc, GraphThrottled):
        report.retried += failures.retry(
            factory, ids, exc.retry_after_seconds, str(exc), now, urgent=urgent,
            publisher=publisher,
        )  # fmt: skip
    elif isinstance(exc, TransientDeliveryError | GraphTransientError):
        delay = failures.backoff(_attempts(factory, ids[0]), scan.settings)
        if isinstance(exc, GraphTransientError) and exc.retry_after_seconds:
            delay = max(delay, exc.retry_after_seconds)
        report.retried += failures.retry(
            factory, ids, delay, str(exc), now, urgent=urgent,
            max_attempts=scan.settings.task_max_retries, publisher=publisher,
        )  # fmt: skip
    elif isinstance(exc, PermanentDeliveryError):
        report.failed += failures.fail(
            factory, ids, str(exc), now=now, publisher=publisher, address_failing=True
        )
    elif isinstance(exc, GraphPermanentError):
        report.failed += failures.fail(factory, ids, str(exc), now=now, publisher=publisher)
    else:  # unexpected: the mail may or may not have gone, never resend
        log.exception("delivery failed unexpectedly", exc_info=exc)
        report.failed += failures.fail(factory, ids, repr(exc), now=now, publisher=publisher)


def _build(scan: Scan, ids: list[uuid.UUID]) -> tuple[Outgoing | None, dict[uuid.UUID, str]]:
    """Load, check and render in a read-only session (closed before any network call)."""
    skipped: dict[uuid.UUID, str] = {}
    with scan.factory() as session:
        rows = list(
            session.scalars(
                select(Notification)
                .where(Notification.id.in_(ids))
                .order_by(Notification.created_at)
            )
        )
        try:
            recipient = recipient_of(session, rows[0], scan.kinds)
        except Skip as skip:
            return None, {row.id: str(skip) for row in rows}
        reader = reader_of(
            session, rows[0].network_id, recipient,
            links=scan.links, settings=scan.settings, now=scan.now,
        )  # fmt: skip
        prepared: list[tuple[Notification, Prepared]] = []
        for row in rows:
            try:
                prepared.append(
                    (row, prepare(session, row, reader, kinds=scan.kinds, stamp=scan.now))
                )
            except Skip as skip:
                skipped[row.id] = str(skip)
        outgoing = _outgoing(prepared, recipient, reader, scan.now) if prepared else None
        session.rollback()
    return outgoing, skipped


def _outgoing(
    prepared: list[tuple[Notification, Prepared]],
    recipient: Recipient,
    reader: Reader,
    now: datetime,
) -> Outgoing:
    """One mail: a single part renders alone; several become one batch with a combined key.

    Its Message-ID and Date are the ones stored at the first rendering, if it had one."""
    first_row, first = prepared[0]
    if len(prepared) == 1:
        rendered = render_mail(first.kind, lang=recipient.lang, context=first.context)
        key = first_row.idempotency_key
    else:
        parts = [Part(p.kind, p.context) for _, p in prepared]
        rendered = render_batch(parts, lang=recipient.lang)
        joined = "|".join(sorted(r.idempotency_key for r, _ in prepared))
        key = "batch:" + hashlib.sha256(joined.encode()).hexdigest()
    domain = reader.organizer[1].rpartition("@")[2] or "samverkan.local"
    return Outgoing(
        ids=tuple(r.id for r, _ in prepared),
        network_id=first_row.network_id,
        network_name=reader.network_name or "samverkan",
        channel=first_row.channel,
        key=key,
        recipient=recipient,
        rendered=rendered,
        unsubscribe_url=first.context.unsubscribe_url,
        invite=first.invite,
        ics=first.ics,
        message_id=first_row.message_id or message_id_for(key, domain),
        dtstamp=first_row.dtstamp or now,
        doubtful_since=min(
            (r.doubtful_since for r, _ in prepared if r.doubtful_since is not None), default=None
        ),
    )


def _attempts(factory: sessionmaker[Session], row_id: uuid.UUID) -> int:
    with factory() as session:
        return int(
            session.scalar(select(Notification.attempts).where(Notification.id == row_id)) or 1
        )


def retry_dead_letter(
    session: Session, *, dead_letter_id: uuid.UUID, now: datetime | None = None
) -> Notification:
    """The dashboard's retry button for a failed notification: pending again, sent at once."""
    now = now or utcnow()
    letter = session.get(DeadLetter, dead_letter_id, with_for_update=True)
    if letter is None or letter.task_name != DEAD_LETTER_TASK or letter.subject_id is None:
        raise NotFound("delivery.no_failed_delivery")
    row = session.get(Notification, letter.subject_id, with_for_update=True)
    if row is None:
        raise NotFound("delivery.notification_gone")
    if row.status == NotificationStatus.failed:
        row.status = NotificationStatus.pending
        row.send_after = now
        row.attempts = 0
        row.last_error = None
        row.updated_at = now
    letter.retried_at = letter.retried_at or now
    session.flush()
    return row
