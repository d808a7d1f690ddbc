"""Periodic scans started by beat: outbox sweep and database timers."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from infra.db import utcnow
from infra.settings import get_settings
from services.events.outbox import sweep
from services.events.timer_runner import fire_due_timers
from workers import consumers  # noqa: F401  (registers timer handlers too)
from workers.celery_app import app
from workers.context import factory, publisher

log = logging.getLogger("samverkan.beat")


@app.task(name="outbox.sweep")
def outbox_sweep() -> tuple[int, int]:
    settings = get_settings()
    started = time.perf_counter()
    result = sweep(
        factory(),
        publisher(),
        unpublished_after=timedelta(seconds=settings.outbox_sweep_after_s),
        unconsumed_after=timedelta(seconds=settings.outbox_redeliver_after_s),
    )
    record_scan("outbox.sweep", time.perf_counter() - started)
    return result


@app.task(name="timers.fire")
def timers_fire() -> int:
    started = time.perf_counter()
    fired = fire_due_timers(factory(), publisher(), now=utcnow())
    record_scan("timers.fire", time.perf_counter() - started)
    return fired


def record_scan(name: str, seconds: float) -> None:
    log.info("scan finished", extra={"scan": name, "seconds": round(seconds, 4)})
