"""Every scan in the one beat schedule names a task a worker has (a typo would never run)."""

from __future__ import annotations

from workers.beat import BEAT_SCHEDULE
from workers.celery_app import app


def test_every_scheduled_task_is_registered() -> None:
    app.loader.import_default_modules()
    missing = [e["task"] for e in BEAT_SCHEDULE.values() if e["task"] not in app.tasks]
    assert missing == []
    assert BEAT_SCHEDULE["inbound-read"]["schedule"] == 60.0  # replies read every minute
