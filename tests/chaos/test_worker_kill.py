"""worker-kill: 2,000 meeting/minutes events; the worker is SIGKILLed mid-run and restarted.

Counted twice: the pipeline's rows (support.audit), and at the SMTP sink: the invites the
killed workers queued for the first SINK_MEETINGS scheduled meetings (a fixed sample, so the
run stays within minutes) are delivered at a fixed working-day morning (the hour of the run
does not matter) and every member of those meetings' networks must receive their invite
exactly once, under one Message-ID.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

import pytest
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from services.meetings.models import Meeting
from services.notifications.delivery import Transports, deliver_due
from services.notifications.formatting import is_working_day
from services.notifications.models import Notification
from services.notifications.transports import SmtpTransport
from services.people.models import Member
from services.registry import MAIL_KINDS
from tests.chaos.sink import Logical, SinkCount, SinkReader, count
from tests.chaos.support import (
    SHARED_BROKERS,
    Harness,
    audit,
    expected_total_events,
    pipeline_counts,
    produce,
    running,
    seed,
    settle,
)
from tests.support.smtp_server import CapturingSmtpServer
from tests.support.worker import wait_for

pytestmark = pytest.mark.chaos

HELD, FUTURE = 500, 500  # 3 events per held meeting + 1 per scheduled one = 2,000
KILL_AT = (0.2, 0.45, 0.7)  # fractions of all expected events consumed
SINK_MEETINGS = 50  # their invites (6 members each) are delivered and counted at the sink


@pytest.mark.timeout(600)
def test_worker_kill(
    broker_name: str, make_harness: Callable[..., Harness], report: Callable[[str], None]
) -> None:
    h = make_harness(f"worker-kill/{broker_name}", broker_url=SHARED_BROKERS[broker_name])
    plan = seed(h.factory, networks=25, held=HELD, future=FUTURE)
    assert plan.meeting_events == 2000
    expected = expected_total_events(plan)
    worker = h.worker().start()
    errors: list[BaseException] = []

    def producer_main() -> None:
        try:
            produce(h.factory, h.publisher, plan)
        except BaseException as exc:
            errors.append(exc)

    started = time.monotonic()
    backlog_at_kill: list[int] = []
    with running(sweeper := h.sweeper()):
        producer = threading.Thread(target=producer_main, daemon=True)
        producer.start()
        for fraction in KILL_AT:
            wait_for(
                lambda f=fraction: pipeline_counts(h.factory)[1] >= f * expected,  # type: ignore[misc]
                timeout=150,
                what=f"{fraction:.0%} of events consumed",
                interval=0.1,
            )
            written, consumed, _ = pipeline_counts(h.factory)
            backlog_at_kill.append(written - consumed)
            worker.kill_and_restart()
        producer.join(timeout=150)
        settled, _ = settle(h.factory, expected_events=expected, timeout=150)
    elapsed = time.monotonic() - started
    result = audit(h.factory, plan)
    worker.stop()
    sample = sorted(m for m, _ in plan.future)[:SINK_MEETINGS]
    sink = deliver_invites(h.factory, h.database_url, sample)
    report(
        f"  {h.label}: {elapsed:.1f}s, kills={worker.kills}, backlog at kills={backlog_at_kill}, "
        f"sweeps={sweeper.runs} republished={sweeper.republished} {result.details}"
    )
    report(result.line(h.label))
    report(sink.line(f"{h.label} (at the sink)"))
    assert (sink.lost, sink.duplicates, sink.resent) == (0, 0, 0), sink
    assert not errors, errors
    assert settled, f"events not all consumed\n{h.logs()}"
    assert worker.kills >= 3
    assert all(n > 0 for n in backlog_at_kill)
    assert (result.lost, result.duplicates) == (0, 0), result.details


def deliver_invites(
    factory: sessionmaker[Session], database_url: str, scheduled: list[uuid.UUID]
) -> SinkCount:
    """Send the invites the pipeline queued for `scheduled` into a sink; count what arrives.

    Every other queued mail is removed first: it is counted as rows by the audit above."""
    day = datetime.now(UTC).astimezone(LOCAL_TZ).date() + timedelta(days=2)
    while not is_working_day(day):
        day += timedelta(days=1)
    now = datetime.combine(day, clock_time(10), tzinfo=LOCAL_TZ).astimezone(UTC)
    with factory() as session:
        rows = session.execute(
            select(Member.email, Meeting.ical_uid)
            .join(Meeting, Meeting.network_id == Member.network_id)
            .where(Meeting.id.in_(scheduled), Member.active.is_(True))
        ).all()
    expected: set[Logical] = {(email.lower(), uid, "REQUEST") for email, uid in rows}
    with factory.begin() as session:
        session.execute(
            delete(Notification).where(
                or_(
                    Notification.kind != "meeting_invite", Notification.subject_id.not_in(scheduled)
                )
            )
        )
    with CapturingSmtpServer() as smtp:
        settings = Settings(
            database_url=database_url,
            smtp_host=smtp.host,
            smtp_port=smtp.port,
            smtp_messages_per_minute=0,
            delivery_batch_size=200,
        )
        transports = Transports(smtp=SmtpTransport.from_settings(settings))
        while True:
            done = deliver_due(factory, transports, kinds=MAIL_KINDS, settings=settings, now=now)
            if not (done.sent or done.more or done.suppressed):
                break
        sink = SinkReader(smtp.messages, smtp.lock)
        received = [r for r in sink.read() if r.method == "REQUEST"]
    return count(expected, received)
