"""The Celery app: settings for side-effecting tasks, broker-specific options, the beat schedule."""

from __future__ import annotations

import gc
from typing import Any

from celery import Celery, signals

from infra.settings import InsecureSecretKey, Settings, get_settings
from workers.beat import BEAT_SCHEDULE


def broker_options(settings: Settings) -> dict[str, Any]:
    """Redis needs one visibility timeout for broker and results; RabbitMQ needs confirms."""
    if settings.broker_url.startswith(("amqp", "pyamqp")):
        return {"confirm_publish": True}
    return {"visibility_timeout": settings.broker_visibility_timeout_s}


def make_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery("samverkan", broker=settings.broker_url, backend=settings.result_backend)
    options = broker_options(settings)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_default_queue=settings.queue_name,
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options=options,
        result_backend_transport_options=options,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        beat_schedule=BEAT_SCHEDULE,
        timezone="UTC",
        include=[
            "workers.dispatch",
            "workers.beat_tasks",
            "workers.delivery",
            "workers.inbound",
        ],
    )
    return app


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_insecure_secret(**_: Any) -> None:
    """Workers sign member links in mail: no start with a forgeable key. SystemExit, since
    Celery logs and swallows an ordinary exception raised by a signal handler."""
    try:
        get_settings().check_secret_key()
    except InsecureSecretKey as exc:
        raise SystemExit(str(exc)) from exc


@signals.worker_init.connect
@signals.worker_process_init.connect
def freeze_loaded_objects(**_: Any) -> None:
    """What start-up loaded lives as long as the process: kept out of the collector's reach, the
    full collections a batch triggers stop walking it (a third of the consumers' CPU before)."""
    gc.freeze()


app = make_celery()
