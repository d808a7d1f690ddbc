"""broker-restart: the broker loses its messages mid-run; the outbox sweep republishes them.

Redis: a private redis-server (no persistence) is SIGKILLed and started again on the same port,
and later its data is flushed (FLUSHALL). Only one restart per run: a second connection loss
soon after a reconnect crashes the Celery 5.7/kombu 5.7 Redis consumer ("Unrecoverable error:
AttributeError 'NoneType' object has no attribute 'hostname'"), a library bug for which the
worker needs a process supervisor. RabbitMQ: restarting a private RabbitMQ is slow, so the shared
one keeps running and our queue is purged mid-run (twice), which loses the ready messages.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
import redis

from tests.chaos.support import (
    SHARED_BROKERS,
    Harness,
    PrivateRedis,
    audit,
    expected_total_events,
    pipeline_counts,
    produce,
    purge_queue,
    running,
    seed,
    settle,
)
from tests.support.worker import wait_for

pytestmark = pytest.mark.chaos

HELD, FUTURE = 200, 200
LOSE_AT = (0.25, 0.55)  # fractions of all expected events consumed


def test_broker_restart(
    broker_name: str,
    make_harness: Callable[..., Harness],
    report: Callable[[str], None],
    request: pytest.FixtureRequest,
) -> None:
    private: PrivateRedis | None = None
    if broker_name == "redis":
        private = request.getfixturevalue("private_redis")
        broker_url = private.url
    else:
        broker_url = SHARED_BROKERS[broker_name]
    h = make_harness(f"broker-restart/{broker_name}", broker_url=broker_url)
    plan = seed(h.factory, networks=10, held=HELD, future=FUTURE)
    expected = expected_total_events(plan)
    h.worker().start()
    errors: list[BaseException] = []

    def producer_main() -> None:
        try:
            produce(h.factory, h.publisher, plan, per_transaction=4)
        except BaseException as exc:
            errors.append(exc)

    lost_messages: list[int] = []
    started = time.monotonic()
    with running(sweeper := h.sweeper()):
        producer = threading.Thread(target=producer_main, daemon=True)
        producer.start()
        for fraction in LOSE_AT:
            wait_for(
                lambda f=fraction: pipeline_counts(h.factory)[1] >= f * expected,  # type: ignore[misc]
                timeout=150,
                what=f"{fraction:.0%} of events consumed",
                interval=0.1,
            )
            if private is not None:
                client = redis.Redis.from_url(private.url)
                lost_messages.append(int(client.llen(h.queue)) + int(client.hlen("unacked")))
                if fraction == LOSE_AT[0]:
                    private.stop()
                    time.sleep(2.0)
                    private.start()
                else:
                    client.flushall()
                client.close()
            else:
                lost_messages.append(purge_queue(h.broker_url, h.queue))
        producer.join(timeout=150)
        settled, _ = settle(h.factory, expected_events=expected, timeout=150)
    elapsed = time.monotonic() - started
    result = audit(h.factory, plan)
    report(
        f"  {h.label}: {elapsed:.1f}s, messages lost by the broker={lost_messages}, "
        f"sweeps={sweeper.runs} failed={sweeper.errors} published={sweeper.published} "
        f"republished={sweeper.republished} "
        f"{result.details}"
    )
    report(result.line(h.label))
    assert not errors, errors
    assert settled, f"events not all consumed\n{h.logs()}"
    assert sum(lost_messages) > 0, "the broker had nothing to lose: no chaos happened"
    assert (result.lost, result.duplicates) == (0, 0), result.details
