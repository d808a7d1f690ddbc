"""Loading rows by id within one network, so no caller can reach another network's data."""

from __future__ import annotations

import uuid
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from schemas.common import Page
from services.errors import DomainError, Invalid, NotFound


class NetworkScoped(Protocol):
    id: Any
    network_id: Any


M = TypeVar("M", bound=NetworkScoped)
T = TypeVar("T", bound=BaseModel)


def get_in_network(
    session: Session,
    model: type[M],
    object_id: uuid.UUID,
    *,
    network_id: uuid.UUID | None,
    label: str,
    for_update: bool = False,
    missing: type[DomainError] = NotFound,
) -> M:
    """The row, if it belongs to the network; otherwise `missing` (never a hint it exists).

    A plain read uses the session's identity map first, so a batch that checks the same
    organisation a hundred times queries it once.
    """
    row = session.get(model, object_id, with_for_update=True if for_update else None)
    if row is None or row.network_id != network_id:
        raise missing("lookup.not_in_network", label=label, id=object_id)
    return row


def get_referenced(
    session: Session,
    model: type[M],
    object_id: uuid.UUID,
    *,
    network_id: uuid.UUID | None,
    label: str,
) -> M:
    """An id the request body names: unknown is invalid input (422), not a missing page (404)."""
    return get_in_network(
        session, model, object_id, network_id=network_id, label=label, missing=Invalid
    )


def page_of(
    session: Session, query: Select[Any], out: type[T], *, limit: int, offset: int
) -> Page[T]:
    """A page of `query` rendered through the API model `out`."""
    rows, total = paginate(session, query, limit=limit, offset=offset)
    return Page(
        items=[out.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


def paginate(
    session: Session, query: Select[Any], *, limit: int, offset: int
) -> tuple[list[Any], int]:
    """One page of `query` plus the total count (two queries, whatever the page size)."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = list(session.scalars(query.limit(limit).offset(offset)))
    return rows, total
