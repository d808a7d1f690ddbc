"""Who changed what, when: every write through the API or CLI leaves one row."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from infra.clock import utcnow
from infra.db import Base, IdMixin, JsonType


class AuditEntry(IdMixin, Base):
    __tablename__ = "audit_entry"

    network_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID | None]
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
