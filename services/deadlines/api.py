"""REST endpoints for deadlines and application windows."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime
from sqlalchemy import select

from schemas.common import Page
from schemas.tasks import DeadlineIn, DeadlineOut, DeadlinePatch
from services.api.deps import Db, Reader, Writer
from services.api.routing import TransactionalRoute
from services.deadlines import service
from services.deadlines.models import Deadline
from services.lookup import page_of

router = APIRouter(tags=["deadlines"], route_class=TransactionalRoute)


@router.get("/deadlines", response_model=Page[DeadlineOut])
def list_deadlines(
    db: Db,
    actor: Reader,
    closes_after: AwareDatetime | None = None,
    issuer_organisation_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[DeadlineOut]:
    query = select(Deadline).where(Deadline.network_id == actor.network_id)
    if closes_after is not None:
        query = query.where(Deadline.closes_at >= closes_after)
    if issuer_organisation_id is not None:
        query = query.where(Deadline.issuer_organisation_id == issuer_organisation_id)
    return page_of(
        db, query.order_by(Deadline.closes_at, Deadline.id), DeadlineOut, limit=limit, offset=offset
    )


@router.post("/deadlines", response_model=DeadlineOut, status_code=201)
def create_deadline(data: DeadlineIn, db: Db, actor: Writer) -> Deadline:
    return service.register_deadline(db, data=data, actor=actor)


@router.get("/deadlines/{deadline_id}", response_model=DeadlineOut)
def get_deadline(deadline_id: uuid.UUID, db: Db, actor: Reader) -> Deadline:
    return service.get_deadline(db, deadline_id=deadline_id, actor=actor)


@router.patch("/deadlines/{deadline_id}", response_model=DeadlineOut)
def update_deadline(deadline_id: uuid.UUID, data: DeadlinePatch, db: Db, actor: Writer) -> Deadline:
    return service.update_deadline(db, deadline_id=deadline_id, data=data, actor=actor)


@router.delete("/deadlines/{deadline_id}", status_code=204)
def delete_deadline(deadline_id: uuid.UUID, db: Db, actor: Writer) -> None:
    """Withdraw: the deadline is removed with its timers, so no reminder about it goes out."""
    service.delete_deadline(db, deadline_id=deadline_id, actor=actor)
