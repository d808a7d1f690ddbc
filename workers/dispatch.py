"""events.dispatch: run the consumers over a batch of event ids; dead-letter what keeps failing."""

from __future__ import annotations

import random
import uuid

from celery import Task
from sqlalchemy.exc import OperationalError

from infra.settings import get_settings
from services.events.consumers import ConsumerFailed, process_batch
from services.events.dead_letters import record_consumer_failures
from services.registry import REACTIONS
from workers.celery_app import app
from workers.context import DISPATCH_TASK, factory, publisher, unit_of_work

MAX_RETRIES = get_settings().task_max_retries
DRAIN = 200  # other pending events a message may take along (see process_batch)


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with full jitter, capped at five minutes."""
    return random.uniform(0, min(300.0, 2.0 ** (retries + 1)))


@app.task(name=DISPATCH_TASK, bind=True, max_retries=MAX_RETRIES)
def dispatch(self: Task, event_ids: list[str]) -> int:  # type: ignore[type-arg]
    ids = [uuid.UUID(event_id) for event_id in event_ids]
    try:
        return process_batch(
            factory(), ids, reactions=REACTIONS, publisher=publisher(), drain=DRAIN
        )
    except OperationalError as exc:  # database away: try again later, the sweep is the backstop
        raise self.retry(exc=exc, countdown=backoff_seconds(self.request.retries)) from exc
    except ConsumerFailed as exc:
        if self.request.retries < MAX_RETRIES:
            failed = sorted({str(event_id) for _, event_id, _ in exc.failures})
            raise self.retry(
                args=(failed,), exc=exc, countdown=backoff_seconds(self.request.retries)
            ) from exc
        _dead_letter(exc, attempts=self.request.retries + 1)
        return 0


def _dead_letter(exc: ConsumerFailed, *, attempts: int) -> None:
    """Rows carry the event's network, so the coordinator sees them (and can retry them)."""
    with unit_of_work() as session:
        record_consumer_failures(session, exc.failures, attempts=attempts)
