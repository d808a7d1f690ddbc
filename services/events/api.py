"""Dead letters through the API: the network's failed messages, and a retry for coordinators."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter

from schemas.common import ApiModel, Page
from services.api.deps import Db, Reader, Writer
from services.api.params import Limit, Offset
from services.api.responses import FOUND, REFUSED, SIGNED_IN
from services.api.routing import TransactionalRoute
from services.events import dead_letters
from services.events.models import DeadLetter
from services.lookup import page_of

router = APIRouter(tags=["dead letters"], responses=SIGNED_IN, route_class=TransactionalRoute)


class DeadLetterOut(ApiModel):
    id: uuid.UUID
    task_name: str
    event_id: uuid.UUID | None
    subject_id: uuid.UUID | None
    error: str
    attempts: int
    failed_at: datetime
    retried_at: datetime | None


@router.get("/dead-letters", response_model=Page[DeadLetterOut])
def list_dead_letters(
    db: Db, actor: Reader, limit: Limit = 50, offset: Offset = 0
) -> Page[DeadLetterOut]:
    """The caller's network only; not yet retried first, then newest first."""
    query = dead_letters.dead_letters_query(actor.network_id)
    return page_of(db, query, DeadLetterOut, limit=limit, offset=offset)


@router.post(
    "/dead-letters/{letter_id}/retry", response_model=DeadLetterOut, responses=FOUND | REFUSED
)
def retry_dead_letter(letter_id: uuid.UUID, db: Db, actor: Writer) -> DeadLetter:
    """Republish its event through the outbox (or re-arm its timer); 409 if already retried."""
    return dead_letters.retry_dead_letter(db, letter_id=letter_id, actor=actor)
