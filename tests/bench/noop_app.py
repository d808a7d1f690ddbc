"""The baseline: a bare Celery no-op task on the same broker with samverkan's worker settings.

`make_celery()` gives the same acks_late, prefetch 1, serializer and transport options as the
real worker; the task only counts itself in Redis so the bench sees when all have run.
"""

from __future__ import annotations

from functools import lru_cache

import redis

from infra.settings import get_settings
from workers.celery_app import make_celery

NOOP_TASK = "bench.noop"

app = make_celery()
app.conf.include = []


@lru_cache(maxsize=1)
def _redis() -> redis.Redis:
    return redis.Redis.from_url(get_settings().broker_url)


@app.task(name=NOOP_TASK)
def noop(counter: str) -> None:
    _redis().incr(counter)
