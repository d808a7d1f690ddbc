"""The Celery app for the double-delivery test: what the worker itself publishes goes out twice.

`celery -A tests.chaos.doubling_app worker` imports this module before forking its pool, so the
per-process publisher that `workers.dispatch` uses (cached in `workers.context`) is the doubled one.
"""

from __future__ import annotations

from tests.chaos.support import DoublingPublisher
from workers import context
from workers.celery_app import app
from workers.context import CeleryPublisher

_doubled = DoublingPublisher(CeleryPublisher(app), seed=13)
context.publisher().send = _doubled.send  # type: ignore[method-assign]

__all__ = ["app"]
