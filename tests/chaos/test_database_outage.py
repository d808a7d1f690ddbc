"""database-outage: a private PostgreSQL stops for a few seconds mid-run.

While it is down the API answers 503 with Retry-After (never 500) and the workers retry; once it
is back, every event is processed exactly once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from infra.settings import Settings
from services.api.app import create_app
from services.auth.models import UserRole
from services.events.outbox import unit_of_work
from services.people.models import Network
from tests.chaos.support import (
    SHARED_BROKERS,
    Harness,
    PrivatePostgres,
    audit,
    expected_total_events,
    pipeline_counts,
    produce,
    running,
    seed,
    settle,
)
from tests.support.factories import PASSWORD, make_user
from tests.support.worker import wait_for

pytestmark = pytest.mark.chaos

HELD, FUTURE = 160, 160
OUTAGE_S = 5.0


def logged_in_client(h: Harness, network_id: object) -> TestClient:
    settings = Settings(
        database_url=h.database_url,
        broker_url=h.broker_url,
        queue_name=h.queue,
        secret_key="chaos-secret-key-0123456789abcdef",  # type: ignore[arg-type]
    )
    with unit_of_work(h.factory) as session:
        network = session.get(Network, network_id)
        assert network is not None
        email = make_user(session, network, UserRole.coordinator).email
    client = TestClient(create_app(settings, publisher=h.publisher))
    response = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def new_meeting_body() -> dict[str, str]:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    return {
        "title": "Under avbrottet",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
    }


def test_database_outage(
    broker_name: str,
    make_harness: Callable[..., Harness],
    private_postgres: PrivatePostgres,
    report: Callable[[str], None],
) -> None:
    h = make_harness(
        f"database-outage/{broker_name}",
        broker_url=SHARED_BROKERS[broker_name],
        private_postgres=private_postgres,
    )
    plan = seed(h.factory, networks=8, held=HELD, future=FUTURE)
    expected = expected_total_events(plan)
    client = logged_in_client(h, plan.held[0][1].network_id)
    worker = h.worker().start()
    half = slice(0, HELD // 2)
    rest = slice(HELD // 2, None)
    answers: dict[str, list[tuple[int, str | None]]] = {"read": [], "write": [], "ready": []}
    started = time.monotonic()
    with running(sweeper := h.sweeper()):
        produce(h.factory, h.publisher, plan, part=half, per_transaction=4)
        written, consumed, _ = pipeline_counts(h.factory)
        backlog = written - consumed
        private_postgres.stop("fast")
        down_at = time.monotonic()
        while time.monotonic() - down_at < OUTAGE_S:
            for kind, call in (
                ("read", lambda: client.get("/api/meetings")),
                ("write", lambda: client.post("/api/meetings", json=new_meeting_body())),
                ("ready", lambda: client.get("/readyz")),
            ):
                response = call()
                answers[kind].append((response.status_code, response.headers.get("retry-after")))
            time.sleep(0.5)
        assert client.get("/healthz").status_code == 200  # the process itself is alive
        private_postgres.start()
        wait_for(
            lambda: client.get("/api/meetings").status_code == 200,
            timeout=30,
            what="the API answering again",
        )
        produce(h.factory, h.publisher, plan, part=rest, per_transaction=4)
        settled, _ = settle(h.factory, expected_events=expected, timeout=180)
    elapsed = time.monotonic() - started
    result = audit(h.factory, plan)
    retries = worker.log_path.read_text(errors="replace").count("Retry in")
    statuses = {kind: sorted({status for status, _ in got}) for kind, got in answers.items()}
    report(
        f"  {h.label}: {elapsed:.1f}s, backlog at outage={backlog}, API while down={statuses}, "
        f"worker retries={retries}, sweeps={sweeper.runs} failed={sweeper.errors} "
        f"republished={sweeper.republished} {result.details}"
    )
    report(result.line(h.label))
    for kind, got in answers.items():
        assert got, kind
        assert all(status == 503 and retry for status, retry in got), (kind, got)
    assert backlog > 0, "nothing was in flight when the database stopped"
    assert retries > 0, f"the worker never retried\n{h.logs()}"
    assert settled, f"events not all consumed\n{h.logs()}"
    assert (result.lost, result.duplicates) == (0, 0), result.details
