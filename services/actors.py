"""Who is acting: a coordinator or viewer account, a member through a signed link, or the system."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

ActorKind = Literal["user", "member", "system"]


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: uuid.UUID | None = None
    network_id: uuid.UUID | None = None
    role: str | None = None

    @property
    def label(self) -> str:
        """A log- and audit-safe reference: ids only, never names or addresses."""
        return self.kind if self.id is None else f"{self.kind}:{self.id}"

    @property
    def can_write(self) -> bool:
        return self.kind == "system" or (self.kind == "user" and self.role == "coordinator")


SYSTEM = Actor(kind="system")
