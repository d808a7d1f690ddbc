"""worker-kill: 2,000 meeting/minutes events; the worker is SIGKILLed mid-run and restarted."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

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
from tests.support.worker import wait_for

pytestmark = pytest.mark.chaos

HELD, FUTURE = 500, 500  # 3 events per held meeting + 1 per scheduled one = 2,000
KILL_AT = (0.2, 0.45, 0.7)  # fractions of all expected events consumed


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
    report(
        f"  {h.label}: {elapsed:.1f}s, kills={worker.kills}, backlog at kills={backlog_at_kill}, "
        f"sweeps={sweeper.runs} republished={sweeper.republished} {result.details}"
    )
    report(result.line(h.label))
    assert not errors, errors
    assert settled, f"events not all consumed\n{h.logs()}"
    assert worker.kills >= 3
    assert all(n > 0 for n in backlog_at_kill)
    assert (result.lost, result.duplicates) == (0, 0), result.details
