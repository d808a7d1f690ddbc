"""What the bulk generator is asked for, and what it reports back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Plan:
    """How much to generate; defaults give a realistic mid-size network."""

    networks: int = 10
    years: int = 2
    members_per_network: int = 20
    tasks_per_meeting: int = 10
    overdue_share: float = 0.15
    notification_days: int = 400
    seed: int = 1
    today: date | None = None
    chunk_networks: int = 20


@dataclass
class Generated:
    """What was written: row counts per table, the networks, and how long it took."""

    counts: dict[str, int] = field(default_factory=dict)
    network_ids: list[uuid.UUID] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def tasks(self) -> int:
        return self.counts.get("task", 0)
