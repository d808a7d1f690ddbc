"""delivery-api-kill: the whole path for real — API process, beat process, worker process — and
the worker SIGKILLed while it delivers.

Meetings are scheduled and cancelled through the HTTP API (uvicorn, publishing to the broker);
the real `celery beat` starts the delivery scans; the worker sends through a rate-limited relay
(so delivery takes long enough to be hit) and is killed three times while the sink fills.
Counted at the SMTP sink: every member of each network gets each cancellation (lost=0), never
under two Message-IDs (duplicates=0); copies under the same Message-ID are reported as resent.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.auth.models import UserRole
from services.meetings.models import Meeting
from services.notifications.models import Notification, NotificationStatus
from services.people.models import Member, Network
from tests.chaos.sink import Logical, SinkReader, count
from tests.chaos.support import SHARED_BROKERS, Harness, seed
from tests.support.factories import PASSWORD, make_user
from tests.support.smtp_server import CapturingSmtpServer, free_port
from tests.support.worker import PROJECT_ROOT, CeleryProcess, wait_for

pytestmark = pytest.mark.chaos

NETWORKS, MEETINGS = 4, 40  # 6 members per network: 240 cancellations
KILL_AT = (0.2, 0.45, 0.7)  # fractions of the cancellations received at the sink
RATE_PER_MINUTE = 1200  # the relay's limit: 20 mails a second across all senders
LEASE_S = 3


def test_delivery_api_kill(
    broker_name: str, make_harness: Callable[..., Harness], report: Callable[[str], None]
) -> None:
    h = make_harness(f"delivery-api-kill/{broker_name}", broker_url=SHARED_BROKERS[broker_name])
    seed(h.factory, networks=NETWORKS, held=0, future=MEETINGS)
    logins = coordinators(h.factory)
    expected = expected_cancellations(h.factory)
    assert len(expected) == MEETINGS * 6
    with CapturingSmtpServer() as smtp:
        sink = SinkReader(smtp.messages, smtp.lock)
        settings = {
            "SAMVERKAN_SMTP_HOST": smtp.host,
            "SAMVERKAN_SMTP_PORT": str(smtp.port),
            "SAMVERKAN_DELIVERY_BATCH_SIZE": "5",
            "SAMVERKAN_DELIVERY_LEASE_S": str(LEASE_S),
            "SAMVERKAN_SMTP_MESSAGES_PER_MINUTE": str(RATE_PER_MINUTE),
            "SAMVERKAN_REDIS_URL": SHARED_BROKERS["redis"],
            "SAMVERKAN_GRAPH_LIMITS_PREFIX": f"chaos:{h.queue}",
        }
        worker = h.worker(**settings).start()
        beat = CeleryProcess(worker.env, h.workdir / "beat.log", beat=True).start()
        started = time.monotonic()
        try:
            with api_process(worker.env, h.workdir / "api.log") as api:
                for email, meetings in logins.items():
                    schedule_and_cancel(api, email, meetings)
            kills_at = []
            for fraction in KILL_AT:
                wait_for(
                    lambda f=fraction: cancellations_in(sink) >= f * len(expected),  # type: ignore[misc]
                    timeout=120,
                    what=f"{fraction:.0%} of the cancellations at the sink",
                    interval=0.1,
                    worker=worker,
                )
                kills_at.append(cancellations_in(sink))
                worker.kill_and_restart()
            wait_for(
                lambda: count(expected, sink.read()).lost == 0 and unfinished(h.factory) == 0,
                timeout=150,
                what="every cancellation received and every row settled",
                worker=worker,
            )
        finally:
            beat.stop()
        elapsed = time.monotonic() - started
        result = count(expected, sink.read())
    report(
        f"  {h.label}: {elapsed:.1f}s, kills={worker.kills}, at sink at kills={kills_at}, "
        f"smtp messages={result.received}"
    )
    report(result.line(h.label))
    assert worker.kills == len(KILL_AT)
    assert (result.lost, result.duplicates) == (0, 0), result


def coordinators(factory: sessionmaker[Session]) -> dict[str, list[uuid.UUID]]:
    """A coordinator account per network, with the network's meetings."""
    with factory.begin() as session:
        networks = session.execute(select(Meeting.network_id, Meeting.id)).all()
        by_network: dict[uuid.UUID, list[uuid.UUID]] = {}
        for network_id, meeting_id in networks:
            by_network.setdefault(network_id, []).append(meeting_id)
        logins: dict[str, list[uuid.UUID]] = {}
        for network_id, meetings in by_network.items():
            network = session.get(Network, network_id)
            assert network is not None
            user = make_user(session, network, UserRole.coordinator)
            logins[user.email] = meetings
    return logins


def expected_cancellations(factory: sessionmaker[Session]) -> set[Logical]:
    """Every active member of a meeting's network gets its cancellation (not asked of rows)."""
    with factory() as session:
        rows = session.execute(
            select(Member.email, Meeting.ical_uid)
            .join(Meeting, Meeting.network_id == Member.network_id)
            .where(Member.active.is_(True))
        ).all()
    return {(email.lower(), uid, "CANCEL") for email, uid in rows}


@contextmanager
def api_process(env: dict[str, str], log_path: Path) -> Iterator[httpx.Client]:
    """`uvicorn services.api.asgi:app`, the production entry point, on a free port."""
    port = free_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "services.api.asgi:app", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)

        def up() -> bool:
            try:
                return client.get("/healthz").status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(up, timeout=60, what=f"the API on port {port} (log: {log_path})")
        yield client
    finally:
        process.terminate()
        process.wait(timeout=20)


def schedule_and_cancel(api: httpx.Client, email: str, meetings: list[uuid.UUID]) -> None:
    api.cookies.clear()
    login = api.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    for meeting_id in meetings:
        for action in ("schedule", "cancel"):
            answer = api.post(f"/api/meetings/{meeting_id}/{action}", headers=headers)
            assert answer.status_code == 200, answer.text


def cancellations_in(sink: SinkReader) -> int:
    return sum(r.method == "CANCEL" for r in sink.read())


def unfinished(factory: sessionmaker[Session]) -> int:
    """Cancellation rows still pending or in flight."""
    with factory() as session:
        query = select(func.count()).where(
            Notification.kind == "meeting_cancelled",
            Notification.status.in_([NotificationStatus.pending, NotificationStatus.sending]),
        )
        return int(session.scalar(query) or 0)
