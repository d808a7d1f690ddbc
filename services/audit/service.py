"""The audit trail: one row per write, ids and field names only (no personal data)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from services.actors import Actor
from services.audit.models import AuditEntry


def record_audit(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None,
    network_id: uuid.UUID | None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor=actor.label,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            network_id=network_id,
            details=details or {},
        )
    )
