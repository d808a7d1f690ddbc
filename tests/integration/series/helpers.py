"""Helpers shared by the series planning tests."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from services.auth.service import LinkScope
from services.events.models import DomainEvent
from services.people.models import Member


class SignFn(Protocol):
    def __call__(
        self, member: Member, scope: LinkScope, subject: uuid.UUID | None, *, age_s: int = 0
    ) -> str: ...


def count_events(db: Session, kind: str, aggregate_id: uuid.UUID | None = None) -> int:
    query = select(func.count()).select_from(DomainEvent).where(DomainEvent.type == kind)
    if aggregate_id is not None:
        query = query.where(DomainEvent.aggregate_id == aggregate_id)
    return db.scalar(query) or 0


def local_day(moment: datetime | str) -> date:
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return value.astimezone(LOCAL_TZ).date()
