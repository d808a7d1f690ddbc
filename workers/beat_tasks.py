"""Periodic scans started by beat: outbox sweep and database timers."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from functools import lru_cache

import redis

from infra.clock import utcnow
from infra.settings import get_settings
from services.events.outbox import sweep
from services.events.timer_runner import fire_due_timers
from services.privacy.retention import purge_expired
from services.registry import REACTIONS
from workers.celery_app import app
from workers.context import factory, publisher, unit_of_work

log = logging.getLogger("samverkan.beat")
SCAN_KEY_PREFIX = "samverkan:scan:"  # read by services.api.metrics for /metrics
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


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
    fired = fire_due_timers(factory(), publisher(), reactions=REACTIONS, now=utcnow())
    record_scan("timers.fire", time.perf_counter() - started)
    return fired


@app.task(name="privacy.purge")
def privacy_purge() -> dict[str, int]:
    """Retention: old login attempts and old mails go (workers.beat: daily)."""
    settings = get_settings()
    started = time.perf_counter()
    with unit_of_work() as session:
        purged = purge_expired(
            session,
            now=utcnow(),
            login_attempt_days=settings.login_attempt_retention_days,
            notification_days=settings.notification_retention_days,
        )
    record_scan("privacy.purge", time.perf_counter() - started)
    return purged


def record_scan(name: str, seconds: float) -> None:
    """Log the scan and keep its last duration and run count in Redis (when the broker is Redis)."""
    log.info("scan finished", extra={"scan": name, "seconds": round(seconds, 4)})
    client = scan_store()
    if client is not None:
        store_scan(client, name, seconds)


def store_scan(client: redis.Redis, name: str, seconds: float) -> None:
    """Last duration, finish time and run count in one round trip; a Redis error is only logged."""
    key = f"{SCAN_KEY_PREFIX}{name}"
    try:
        pipe = client.pipeline(transaction=True)
        pipe.hset(key, mapping={"last_seconds": f"{seconds:.6f}", "last_at": f"{time.time():.3f}"})
        pipe.hincrby(key, "count", 1)
        pipe.execute()
    except redis.RedisError as exc:  # metrics must never fail a scan
        log.warning("scan stats not stored", extra={"scan": name, "error": type(exc).__name__})


@lru_cache(maxsize=1)
def scan_store() -> redis.Redis | None:
    url = get_settings().broker_url
    if not url.startswith(REDIS_SCHEMES):
        return None
    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
