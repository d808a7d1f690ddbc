"""The one beat schedule: every periodic scan, with its period in seconds."""

from __future__ import annotations

from typing import Any

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "outbox-sweep": {"task": "outbox.sweep", "schedule": 2.0},
    "timers-fire": {"task": "timers.fire", "schedule": 15.0},
}
