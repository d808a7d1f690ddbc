"""double-delivery: every message is published twice and out of order; effects as if once."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.chaos.support import (
    SHARED_BROKERS,
    DoublingPublisher,
    Harness,
    audit,
    expected_total_events,
    produce,
    running,
    seed,
    settle,
)

pytestmark = pytest.mark.chaos

HELD, FUTURE = 120, 120


def test_double_delivery(
    broker_name: str, make_harness: Callable[..., Harness], report: Callable[[str], None]
) -> None:
    h = make_harness(f"double-delivery/{broker_name}", broker_url=SHARED_BROKERS[broker_name])
    plan = seed(h.factory, networks=8, held=HELD, future=FUTURE)
    expected = expected_total_events(plan)
    doubled = DoublingPublisher(h.publisher)
    h.worker(app_module="tests.chaos.doubling_app").start()
    started = time.monotonic()
    with running(sweeper := h.sweeper(doubled)):
        produce(h.factory, doubled, plan, per_transaction=20)
        settled, _ = settle(h.factory, expected_events=expected, timeout=150)
    elapsed = time.monotonic() - started
    result = audit(h.factory, plan)
    report(
        f"  {h.label}: {elapsed:.1f}s, messages from the test process={doubled.messages}, "
        f"sweeps={sweeper.runs} republished={sweeper.republished} {result.details}"
    )
    report(result.line(h.label))
    assert settled, f"events not all consumed\n{h.logs()}"
    assert doubled.messages >= 2 * plan.meeting_events / 8  # pieces of at most 8 ids, each twice
    assert (result.lost, result.duplicates) == (0, 0), result.details
