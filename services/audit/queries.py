"""Reads of the audit trail for the log page: the network's rows, newest first, filtered."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    """Who (as actor, or the person the row is about), what kind of object, and when."""

    person_id: uuid.UUID | None = None
    entity_type: str | None = None
    since: datetime | None = None  # inclusive, UTC
    until: datetime | None = None  # exclusive, UTC


def _where(network_id: uuid.UUID, rules: AuditFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [AuditEntry.network_id == network_id]
    if rules.person_id is not None:
        labels = [f"user:{rules.person_id}", f"member:{rules.person_id}"]
        where.append(or_(AuditEntry.actor.in_(labels), AuditEntry.entity_id == rules.person_id))
    if rules.entity_type:
        where.append(AuditEntry.entity_type == rules.entity_type)
    if rules.since is not None:
        where.append(AuditEntry.at >= rules.since)
    if rules.until is not None:
        where.append(AuditEntry.at < rules.until)
    return where


def audit_page(
    session: Session, network_id: uuid.UUID, rules: AuditFilter, *, page: int = 1
) -> tuple[list[AuditEntry], int]:
    """One page of the network's rows, newest first, and how many match in all."""
    where = _where(network_id, rules)
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
    query = (
        select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.at.desc(), AuditEntry.id)
        .offset((max(page, 1) - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return list(session.scalars(query)), total


def entity_types(session: Session, network_id: uuid.UUID) -> list[str]:
    """The kinds of object the network's log names (the filter offers only these)."""
    query = select(AuditEntry.entity_type).where(AuditEntry.network_id == network_id).distinct()
    return sorted(session.scalars(query))
