"""Delivery scan: claim due rows (SKIP LOCKED), mark them sending, send, mark sent — never twice.

A row is `sending` from the claim's commit until the outcome is stored. A row left `sending` past
the lease (a worker died mid-send) is not resent: it may have gone out, so it becomes a failed
row plus a dead letter with a retry button.

Short transactions on purpose, not one unit of work: the claim commits before the network call
(so a concurrent scan skips those rows and no lock is held while SMTP or Graph answers), the
rendering reads in a session closed before sending, and each outcome commits on its own.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.graph import GraphAuthError, GraphPermanentError, GraphThrottled, GraphTransientError
from infra.mail import PermanentDeliveryError, TransientDeliveryError
from infra.settings import Settings
from services.errors import NotFound
from services.events.models import DeadLetter
from services.events.outbox import Publisher
from services.notifications import failures
from services.notifications.batching import Part, render_batch
from services.notifications.formatting import next_send_time
from services.notifications.kinds import MailKinds, Reader
from services.notifications.links import Links
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
UNCERTAIN = "uncertain: worker died while sending"
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


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    suppressed: int = 0
    uncertain: int = 0


def in_working_hours(now: datetime) -> bool:
    return next_send_time(now, urgent=False) <= now


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


def deliver_due(
    factory: sessionmaker[Session],
    transports: Transports,
    *,
    kinds: MailKinds,
    settings: Settings,
    now: datetime | None = None,
    publisher: Publisher | None = None,
) -> DeliveryReport:
    """One scan: flag stale sends, claim what is due, send each group, store each outcome."""
    now = now or utcnow()
    report = DeliveryReport()
    lease = timedelta(seconds=settings.delivery_lease_s)
    report.uncertain = failures.flag_stale(factory, now=now, lease=lease, publisher=publisher)
    links = Links.from_settings(settings)
    scan = Scan(factory, transports, kinds, settings, now, publisher, links)
    for group in claim_due(factory, kinds, now=now, limit=settings.delivery_batch_size):
        _deliver_group(scan, group, report)
    return report


def claim_due(
    factory: sessionmaker[Session], kinds: MailKinds, *, now: datetime, limit: int
) -> list[list[uuid.UUID]]:
    """Lock due pending rows, mark them sending (+1 attempt), commit; return send groups."""
    with factory.begin() as session:
        query = select(Notification).where(
            Notification.status == NotificationStatus.pending,
            or_(Notification.send_after.is_(None), Notification.send_after <= now),
        )
        if not in_working_hours(now):  # quiet hours: only urgent mail goes out
            query = query.where(Notification.kind.in_(kinds.urgent))
        rows = list(
            session.scalars(
                query.order_by(Notification.send_after, Notification.created_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        # Core UPDATE: an ORM "no change" to updated_at would let onupdate stamp the wall clock.
        session.execute(
            update(Notification)
            .where(Notification.id.in_([row.id for row in rows]))
            .values(
                status=NotificationStatus.sending,
                attempts=Notification.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        groups: dict[tuple[object, ...], list[uuid.UUID]] = {}
        for row in rows:
            who = row.recipient_member_id or row.recipient_user_id
            key = (who, row.channel) if row.kind in kinds.batchable else (row.id,)
            groups.setdefault(key, []).append(row.id)
    return list(groups.values())


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
    try:
        transport = scan.transports.for_channel(outgoing.channel, outgoing.network_id)
        provider_id = transport.send(outgoing)
    except Exception as exc:
        _store_failure(scan, ids, exc, report)
    else:
        report.sent += _mark_sent(factory, ids, provider_id, now)


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
                prepared.append((row, prepare(session, row, reader, kinds=scan.kinds)))
            except Skip as skip:
                skipped[row.id] = str(skip)
        outgoing = _outgoing(prepared, recipient, reader) if prepared else None
        session.rollback()
    return outgoing, skipped


def _outgoing(
    prepared: list[tuple[Notification, Prepared]], recipient: Recipient, reader: Reader
) -> Outgoing:
    """One mail: a single part renders alone; several become one batch with a combined key."""
    first_row, first = prepared[0]
    if len(prepared) == 1:
        rendered = render_mail(first.kind, lang=recipient.lang, context=first.context)
        key = first_row.idempotency_key
    else:
        parts = [Part(p.kind, p.context) for _, p in prepared]
        rendered = render_batch(parts, lang=recipient.lang)
        joined = "|".join(sorted(r.idempotency_key for r, _ in prepared))
        key = "batch:" + hashlib.sha256(joined.encode()).hexdigest()
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
    )


def _attempts(factory: sessionmaker[Session], row_id: uuid.UUID) -> int:
    with factory() as session:
        return int(
            session.scalar(select(Notification.attempts).where(Notification.id == row_id)) or 1
        )


def _mark_sent(
    factory: sessionmaker[Session], ids: list[uuid.UUID], provider_id: str, now: datetime
) -> int:
    with factory.begin() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id.in_(ids), Notification.status == NotificationStatus.sending)
            .values(
                status=NotificationStatus.sent,
                provider_id=provider_id[:300],
                sent_at=now,
                last_error=None,
                updated_at=now,
            )
        )
    return int(getattr(result, "rowcount", 0) or 0)


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
