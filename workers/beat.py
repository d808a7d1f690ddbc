"""The one beat schedule: every periodic scan, with its period in seconds."""

from __future__ import annotations

from typing import Any

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "outbox-sweep": {"task": "outbox.sweep", "schedule": 2.0},
    "timers-fire": {"task": "timers.fire", "schedule": 15.0},
    "notifications-deliver": {"task": "notifications.deliver", "schedule": 15.0},
    "inbound-read": {"task": "inbound.read", "schedule": 60.0},
    "graph-poll-responses": {"task": "graph.poll_responses", "schedule": 300.0},
    "digests-arm": {"task": "notifications.arm_digests", "schedule": 3600.0},
    "privacy-purge": {"task": "privacy.purge", "schedule": 86400.0},
}
