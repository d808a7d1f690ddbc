"""The audit trail: one row per write, ids and field names only (no personal data)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert
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
            **audit_row(
                actor=actor,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                network_id=network_id,
                details=details,
            )
        )
    )


def audit_row(
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None,
    network_id: uuid.UUID | None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An audit row's columns (its id and time are the columns' defaults): what
    `record_audit` adds and `insert_audit` writes."""
    return {
        "actor": actor.label,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "network_id": network_id,
        "details": details or {},
    }


def insert_audit(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Many `audit_row`s in one INSERT, no ORM object each."""
    if rows:
        session.execute(insert(cast(Table, AuditEntry.__table__)), rows)
