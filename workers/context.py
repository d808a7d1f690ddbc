"""Per-process resources of a worker or a CLI command: the session factory and the publisher
(made once), and the unit of work bound to them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import lru_cache

from celery import Celery
from sqlalchemy.orm import Session, sessionmaker

from infra.db import get_engine, session_factory
from services.events import outbox

DISPATCH_TASK = "events.dispatch"


class CeleryPublisher:
    """Publishes a batch of event ids as one `events.dispatch` message (ids only)."""

    def __init__(self, app: Celery | None = None) -> None:
        self._app = app

    def send(self, event_ids: Sequence[uuid.UUID]) -> None:
        if self._app is None:
            from workers.celery_app import app

            self._app = app
        self._app.send_task(DISPATCH_TASK, args=[[str(event_id) for event_id in event_ids]])


@lru_cache(maxsize=1)
def factory() -> sessionmaker[Session]:
    return session_factory(get_engine())


@lru_cache(maxsize=1)
def publisher() -> CeleryPublisher:
    return CeleryPublisher()


def unit_of_work() -> AbstractContextManager[Session]:
    """This process's transaction: commit, then publish what it recorded (the sweep retries)."""
    return outbox.unit_of_work(factory(), publisher())
