"""delivery-kill: mail goes out over real SMTP while the delivering worker is SIGKILLed.

Counted at the SMTP sink, whatever the rows say: every recipient gets their cancellation
(lost=0), never under two Message-IDs (duplicates=0). The message in flight at a kill is sent
again after the lease with the same Message-ID, UID and SEQUENCE (reported as resent=N).
Urgent cancellations are used because they are sent at any hour; ordinary mail waits for
working hours.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from celery import Celery
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.events.consumers import process_batch
from services.events.models import DomainEvent
from services.events.outbox import unit_of_work
from services.meetings.service import cancel_meeting, schedule_meeting
from services.notifications.models import Notification, NotificationStatus
from services.registry import REACTIONS
from tests.chaos.sink import SinkReader, count, expected_calendar_mail
from tests.chaos.support import SHARED_BROKERS, Harness, seed
from tests.support.smtp_server import CapturingSmtpServer
from tests.support.worker import wait_for
from workers.celery_app import make_celery

pytestmark = pytest.mark.chaos

MEETINGS = 50  # 6 members each: 300 cancellation mails
KILL_AT = (0.2, 0.45, 0.7)  # fractions of the mails handled
LEASE_S = 3  # a row left "sending" this long is in doubt and sent again
KIND = "meeting_cancelled"


def test_delivery_kill(
    broker_name: str, make_harness: Callable[..., Harness], report: Callable[[str], None]
) -> None:
    h = make_harness(f"delivery-kill/{broker_name}", broker_url=SHARED_BROKERS[broker_name])
    total = cancellations(h.factory)
    expected = expected_calendar_mail(h.factory, kind=KIND, method="CANCEL")
    assert len(expected) == total
    with CapturingSmtpServer() as smtp, scanning(h) as scans:
        worker = h.worker(
            SAMVERKAN_SMTP_HOST=smtp.host,
            SAMVERKAN_SMTP_PORT=str(smtp.port),
            SAMVERKAN_DELIVERY_BATCH_SIZE="5",
            SAMVERKAN_DELIVERY_LEASE_S=str(LEASE_S),
            SAMVERKAN_SMTP_MESSAGES_PER_MINUTE="6000",
            SAMVERKAN_GRAPH_LIMITS_PREFIX=f"chaos:{h.queue}",
        )
        worker.start()
        started = time.monotonic()
        handled_at_kill = []
        for fraction in KILL_AT:
            wait_for(
                lambda f=fraction: handled(h.factory) >= f * total,  # type: ignore[misc]
                timeout=120,
                what=f"{fraction:.0%} of the mails handled",
                interval=0.02,
            )
            handled_at_kill.append(handled(h.factory))
            worker.kill_and_restart()
        wait_for(
            lambda: unfinished(h.factory) == 0,
            timeout=120,
            what="every mail sent or settled",
            worker=worker,
        )
        elapsed = time.monotonic() - started
        sink = SinkReader(smtp.messages, smtp.lock)
        received, plain = sink.read(), sink.plain
    result = count(expected, received)
    states = row_states(h.factory)
    report(
        f"  {h.label}: {elapsed:.1f}s, kills={worker.kills}, handled at kills="
        f"{handled_at_kill}, scans={scans.sent}, smtp messages={result.received} rows={states}"
    )
    report(result.line(h.label))
    assert worker.kills == len(KILL_AT)
    assert plain == 0
    assert (result.lost, result.duplicates) == (0, 0), result
    assert states == {NotificationStatus.sent.value: total}, states


def cancellations(factory: sessionmaker[Session]) -> int:
    """Meetings scheduled and cancelled through the services; only the cancellations stay due."""
    plan = seed(factory, networks=5, held=0, future=MEETINGS)
    for meeting_id, actor in plan.future:
        with unit_of_work(factory) as session:
            schedule_meeting(session, meeting_id=meeting_id, actor=actor)
        with unit_of_work(factory) as session:
            cancel_meeting(session, meeting_id=meeting_id, actor=actor)
    while ids := pending_events(factory):
        process_batch(factory, ids, reactions=REACTIONS)
    with factory.begin() as session:  # invites wait for working hours; this test is about mail
        session.execute(delete(Notification).where(Notification.kind != KIND))
        count = session.scalar(select(func.count()).select_from(Notification))
    assert count == MEETINGS * 6
    return int(count or 0)


def pending_events(factory: sessionmaker[Session]) -> list[uuid.UUID]:
    with factory() as session:
        return list(
            session.scalars(select(DomainEvent.id).where(DomainEvent.consumed_at.is_(None)))
        )


def handled(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        query = select(func.count()).where(Notification.status != NotificationStatus.pending)
        return int(session.scalar(query) or 0)


def unfinished(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        query = select(func.count()).where(
            Notification.status.in_([NotificationStatus.pending, NotificationStatus.sending])
        )
        return int(session.scalar(query) or 0)


class Scans(threading.Thread):
    """The beat's delivery schedule, faster: a `notifications.deliver` message every 0.2 s."""

    def __init__(self, app: Celery) -> None:
        super().__init__(daemon=True, name="delivery-beat")
        self.app, self.halt, self.sent = app, threading.Event(), 0

    def run(self) -> None:
        while not self.halt.wait(0.2):
            self.app.send_task("notifications.deliver")
            self.sent += 1


@contextmanager
def scanning(h: Harness) -> Iterator[Scans]:
    scans = Scans(make_celery(Settings(broker_url=h.broker_url, queue_name=h.queue)))
    scans.start()
    try:
        yield scans
    finally:
        scans.halt.set()
        scans.join(timeout=10)


def row_states(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        rows = session.execute(
            select(Notification.status, func.count()).group_by(Notification.status)
        ).all()
    return {str(status.value): int(n) for status, n in rows}
