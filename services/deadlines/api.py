"""REST endpoints for deadlines and application windows."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from sqlalchemy import select

from schemas.common import Moment, Page
from schemas.tasks import DeadlineIn, DeadlineOut, DeadlinePatch
from services.api.deps import Db, Reader, Writer
from services.api.params import Limit, Offset
from services.api.responses import FOUND, REFUSED, SIGNED_IN
from services.api.routing import TransactionalRoute
from services.deadlines import service
from services.deadlines.models import Deadline
from services.lookup import page_of

router = APIRouter(tags=["deadlines"], responses=SIGNED_IN, route_class=TransactionalRoute)


@router.get("/deadlines", response_model=Page[DeadlineOut])
def list_deadlines(
    db: Db,
    actor: Reader,
    closes_after: Moment | None = None,
    issuer_organisation_id: uuid.UUID | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[DeadlineOut]:
    query = select(Deadline).where(Deadline.network_id == actor.network_id)
    if closes_after is not None:
        query = query.where(Deadline.closes_at >= closes_after)
    if issuer_organisation_id is not None:
        query = query.where(Deadline.issuer_organisation_id == issuer_organisation_id)
    return page_of(
        db, query.order_by(Deadline.closes_at, Deadline.id), DeadlineOut, limit=limit, offset=offset
    )


@router.post("/deadlines", response_model=DeadlineOut, status_code=201, responses=REFUSED)
def create_deadline(data: DeadlineIn, db: Db, actor: Writer) -> Deadline:
    return service.register_deadline(db, data=data, actor=actor)


@router.get("/deadlines/{deadline_id}", response_model=DeadlineOut, responses=FOUND)
def get_deadline(deadline_id: uuid.UUID, db: Db, actor: Reader) -> Deadline:
    return service.get_deadline(db, deadline_id=deadline_id, actor=actor)


@router.patch("/deadlines/{deadline_id}", response_model=DeadlineOut, responses=FOUND | REFUSED)
def update_deadline(deadline_id: uuid.UUID, data: DeadlinePatch, db: Db, actor: Writer) -> Deadline:
    return service.update_deadline(db, deadline_id=deadline_id, data=data, actor=actor)


@router.delete("/deadlines/{deadline_id}", status_code=204, responses=FOUND)
def delete_deadline(deadline_id: uuid.UUID, db: Db, actor: Writer) -> None:
    """Withdraw: the deadline is removed with its timers, so no reminder about it goes out."""
    service.delete_deadline(db, deadline_id=deadline_id, actor=actor)
