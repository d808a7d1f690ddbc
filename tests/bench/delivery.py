"""bench delivery: notifications delivered into a local aiosmtpd sink, per second, against a
bare smtplib loop sending the same rendered messages over one connection to the same sink.

The engine runs as it does in production: `deliver_due` scans in several processes at once
(SKIP LOCKED claims, one SMTP session each, `sending`/`sent` per mail), rendering each mail
(Jinja2, .ics, MIME) on the way. The baseline replays the bytes the sink received.
"""

from __future__ import annotations

import multiprocessing
import smtplib
import time
from multiprocessing.queues import Queue as QueueType
from multiprocessing.synchronize import Event as EventType

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.db import make_engine, session_factory
from infra.settings import Settings
from services.events.consumers import process_batch
from services.events.models import DomainEvent
from services.events.outbox import unit_of_work
from services.meetings.service import cancel_meeting, schedule_meeting
from services.notifications.delivery import Transports, deliver_due
from services.notifications.models import Notification, NotificationStatus
from services.notifications.transports import SmtpTransport
from services.registry import MAIL_KINDS, REACTIONS
from tests.bench.common import Figure, bench_database, rate
from tests.chaos.support import seed
from tests.support.smtp_server import CapturingSmtpServer

KIND = "meeting_cancelled"  # urgent: goes out at any hour, so the bench runs at any hour


def queue_cancellations(factory: sessionmaker[Session], meetings: int) -> int:
    """Meetings scheduled and cancelled through the services: 6 cancellations each are due."""
    plan = seed(factory, networks=max(1, meetings // 10), held=0, future=meetings)
    for meeting_id, actor in plan.future:
        with unit_of_work(factory) as session:
            schedule_meeting(session, meeting_id=meeting_id, actor=actor)
            cancel_meeting(session, meeting_id=meeting_id, actor=actor)
    while True:
        with factory() as session:
            ids = list(
                session.scalars(select(DomainEvent.id).where(DomainEvent.consumed_at.is_(None)))
            )
        if not ids:
            break
        process_batch(factory, ids, reactions=REACTIONS)
    with factory.begin() as session:
        session.execute(delete(Notification).where(Notification.kind != KIND))
        return int(session.scalar(select(func.count()).select_from(Notification)) or 0)


def _sender(database_url: str, host: str, port: int, ready: QueueType, go: EventType) -> None:
    """One delivery process: connect, say so, wait for the start, scan until nothing is due."""
    settings = Settings(
        database_url=database_url, smtp_host=host, smtp_port=port, smtp_messages_per_minute=0
    )
    engine = make_engine(database_url)
    factory = session_factory(engine)
    transports = Transports(smtp=SmtpTransport.from_settings(settings))
    with factory() as session:  # a pooled connection ready, like a running worker's
        session.scalar(select(func.count()).select_from(Notification))
    ready.put(True)
    go.wait()
    while True:
        report = deliver_due(factory, transports, kinds=MAIL_KINDS, settings=settings)
        if not (report.sent or report.more or report.retried):
            break
    engine.dispose()


def _engine_run(database_url: str, smtp: CapturingSmtpServer, senders: int) -> float:
    context = multiprocessing.get_context("spawn")
    go, ready = context.Event(), context.Queue()
    processes = [
        context.Process(target=_sender, args=(database_url, smtp.host, smtp.port, ready, go))
        for _ in range(senders)
    ]
    for process in processes:
        process.start()
    for _ in processes:  # imports and connections are not what is measured
        ready.get(timeout=300)
    started = time.perf_counter()
    go.set()
    for process in processes:
        process.join(timeout=600)
    return time.perf_counter() - started


def _baseline_run(smtp: CapturingSmtpServer) -> tuple[int, float]:
    with smtp.lock:
        envelopes = list(smtp.envelopes)
    smtp.clear()  # takes the lock itself
    started = time.perf_counter()
    with smtplib.SMTP(smtp.host, smtp.port) as client:
        for envelope in envelopes:
            client.sendmail(envelope.mail_from, envelope.rcpt_tos, envelope.raw)
    return len(envelopes), time.perf_counter() - started


def run_delivery(database_url: str, factory: sessionmaker[Session], *, meetings: int) -> Figure:
    queued = queue_cancellations(factory, meetings)
    senders = 4
    with CapturingSmtpServer() as smtp:
        seconds = _engine_run(database_url, smtp, senders)
        with smtp.lock:
            arrived = len(smtp.messages)
        with factory() as session:
            sent = session.scalar(
                select(func.count()).where(Notification.status == NotificationStatus.sent)
            )
        replayed, baseline_seconds = _baseline_run(smtp)
    per_s = rate(arrived, seconds)
    baseline = rate(replayed, baseline_seconds)
    return Figure(
        "delivery",
        {
            "per_s": round(per_s, 1),
            "smtp_baseline_per_s": round(baseline, 1),
            "ratio": round(per_s / baseline, 2) if baseline else 0.0,
        },
        {"queued": queued, "arrived": arrived, "rows_sent": sent, "senders": senders},
    )


def run_delivery_bench(*, quick: bool) -> Figure:
    """In a database of its own: the bench's generated rows are none of its business."""
    with bench_database() as db:
        return run_delivery(db.url, db.factory, meetings=20 if quick else 100)


if __name__ == "__main__":  # just this line: python -m tests.bench.delivery [--quick]
    import sys

    print(run_delivery_bench(quick="--quick" in sys.argv).line(), flush=True)
