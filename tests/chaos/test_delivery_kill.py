"""delivery-kill: mail goes out over real SMTP while the delivering worker is SIGKILLed.

No mail may be sent twice and none may be silently dropped. A notification whose worker died
between claiming it and recording the outcome may or may not have gone out: it is never resent
but flagged "uncertain" (a failed row with a dead letter the coordinator can retry), so the
audit counts it as processed, not lost. Urgent cancellations are used because they are sent at
any hour; ordinary mail waits for working hours.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from celery import Celery
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.events.consumers import process_batch
from services.events.models import DeadLetter, DomainEvent
from services.events.outbox import unit_of_work
from services.meetings.service import cancel_meeting, schedule_meeting
from services.notifications.delivery import UNCERTAIN
from services.notifications.mime import message_id_for
from services.notifications.models import Notification, NotificationStatus
from services.registry import REACTIONS
from tests.chaos.support import SHARED_BROKERS, Harness, seed
from tests.support.smtp_server import CapturingSmtpServer
from tests.support.worker import wait_for
from workers.celery_app import make_celery

pytestmark = pytest.mark.chaos

MEETINGS = 50  # 6 members each: 300 cancellation mails
KILL_AT = (0.2, 0.45, 0.7)  # fractions of the mails handled
LEASE_S = 3  # a row left "sending" this long is flagged uncertain
KIND = "meeting_cancelled"


def test_delivery_kill(make_harness: Callable[..., Harness], report: Callable[[str], None]) -> None:
    h = make_harness("delivery-kill", broker_url=SHARED_BROKERS["redis"])
    expected = cancellations(h.factory)
    with CapturingSmtpServer() as smtp, scanning(h) as scans:
        worker = h.worker(
            SAMVERKAN_SMTP_HOST=smtp.host,
            SAMVERKAN_SMTP_PORT=str(smtp.port),
            SAMVERKAN_DELIVERY_BATCH_SIZE="5",
            SAMVERKAN_DELIVERY_LEASE_S=str(LEASE_S),
        )
        worker.start()
        started = time.monotonic()
        handled_at_kill = []
        for fraction in KILL_AT:
            wait_for(
                lambda f=fraction: handled(h.factory) >= f * expected,  # type: ignore[misc]
                timeout=120,
                what=f"{fraction:.0%} of the mails handled",
                interval=0.02,
            )
            handled_at_kill.append(handled(h.factory))
            worker.kill_and_restart()
        wait_for(
            lambda: unfinished(h.factory) == 0,
            timeout=120,
            what="every mail sent or flagged",
            worker=worker,
        )
        elapsed = time.monotonic() - started
        with smtp.lock:
            ids = Counter(str(m["Message-ID"]) for m in smtp.messages)
    result = audit(h.factory, ids, domain=Settings().mail_from.split("@")[-1])
    report(
        f"  delivery-kill: {elapsed:.1f}s, kills={worker.kills}, handled at kills="
        f"{handled_at_kill}, scans={scans.sent}, smtp messages={sum(ids.values())} {result}"
    )
    report(
        f"chaos delivery-kill: events={expected} processed={result['sent'] + result['uncertain']} "
        f"lost={result['lost']} duplicates={result['duplicates']}"
    )
    assert worker.kills == len(KILL_AT)
    assert result["sent"] + result["uncertain"] == expected, result
    assert (result["lost"], result["duplicates"]) == (0, 0), result
    assert result["uncertain_without_dead_letter"] == 0, result


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


def audit(factory: sessionmaker[Session], received: Counter[str], *, domain: str) -> dict[str, int]:
    """Per row: sent with its mail received once, or uncertain with a dead letter; else lost."""
    with factory() as session:
        rows = session.execute(
            select(
                Notification.id,
                Notification.status,
                Notification.idempotency_key,
                Notification.last_error,
            )
        ).all()
        lettered = set(session.scalars(select(DeadLetter.subject_id)))
    sent = [r for r in rows if r.status == NotificationStatus.sent]
    uncertain = [
        r
        for r in rows
        if r.status == NotificationStatus.failed and (r.last_error or "") == UNCERTAIN
    ]
    arrived = {message_id_for(r.idempotency_key, domain) for r in sent} & set(received)
    return {
        "sent": len(sent),
        "uncertain": len(uncertain),
        "uncertain_without_dead_letter": sum(r.id not in lettered for r in uncertain),
        # neither sent nor flagged, or marked sent though its mail never arrived
        "lost": len(rows) - len(uncertain) - len(arrived),
        "duplicates": sum(n - 1 for n in received.values()),
    }
