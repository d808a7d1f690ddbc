"""A member's data for the coordinator: exported (JSON or a readable page) or erased."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse

from services.api.deps import Db, Writer
from services.api.responses import FOUND
from services.api.routing import TransactionalRoute
from services.privacy.erase import erase_member
from services.privacy.export import export_page, member_export

router = APIRouter(tags=["privacy"], route_class=TransactionalRoute)


@router.get(
    "/members/{member_id}/export",
    responses=FOUND | {200: {"content": {"application/json": {}, "text/html": {}}}},
)
def export_member(
    member_id: uuid.UUID,
    db: Db,
    actor: Writer,
    format: Annotated[Literal["json", "html"], Query()] = "json",
) -> Any:
    """Everything held about the member (the audit notes that an export was made)."""
    data = member_export(db, member_id=member_id, actor=actor)
    if format == "html":
        return HTMLResponse(export_page(data))
    return JSONResponse(data, headers={"Content-Disposition": "attachment; filename=export.json"})


@router.post("/members/{member_id}/erase", status_code=204, responses=FOUND)
def erase(member_id: uuid.UUID, db: Db, actor: Writer) -> None:
    """Irreversible: contact data, mails and links go; minutes, tasks and answers stay with a
    nameless placeholder, and the network's statistics keep their counts."""
    erase_member(db, member_id=member_id, actor=actor)
