"""A member's personal data for the coordinator: export it (JSON download or a readable page)
and erase it, asking once first and saying afterwards what went (services/privacy)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from services.api.deps import Db
from services.auth.models import UserAccount
from services.errors import NotFound
from services.people import queries as people_queries
from services.privacy.erase import PLACEHOLDER, erase_member
from services.privacy.export import export_page, member_export
from services.web.pages import (
    Form,
    PageRoute,
    PageWriter,
    actor,
    field,
    flash_and_go,
    render,
)

router = APIRouter(route_class=PageRoute)
PAGE = "/organisationer/medlemmar/{member_id}/personuppgifter"


def _page(
    request: Request,
    db: Session,
    user: UserAccount,
    member_id: uuid.UUID,
    *,
    asking: bool,
    status: int = 200,
) -> HTMLResponse:
    member = people_queries.member_in(db, member_id, network_id=user.network_id)
    if member is None:
        raise NotFound("lookup.not_in_network", label="member", id=member_id)
    names = people_queries.organisation_names(db, [member.organisation_id])
    context: dict[str, Any] = {
        "user": user,
        "member": member,
        "organisation": names.get(member.organisation_id, ""),
        "erased": member.name == PLACEHOLDER,
        "asking": asking,
        "base": PAGE.format(member_id=member.id),
    }
    return render(request, "privacy.html", context, status=status)


@router.get(PAGE, response_class=HTMLResponse)
def privacy_page(
    request: Request, member_id: uuid.UUID, db: Db, user: PageWriter, radera: str = ""
) -> HTMLResponse:
    """`?radera=1` is the question before the erase: what goes, what stays."""
    return _page(request, db, user, member_id, asking=radera == "1")


@router.get(PAGE + "/export.json")
def export_json(member_id: uuid.UUID, db: Db, user: PageWriter) -> JSONResponse:
    """A download (the audit notes that an export was made, not what it held)."""
    data = member_export(db, member_id=member_id, actor=actor(user))
    disposition = f"attachment; filename=personuppgifter-{member_id.hex[:8]}.json"
    return JSONResponse(data, headers={"Content-Disposition": disposition})


@router.get(PAGE + "/export.html", response_class=HTMLResponse)
def export_html(member_id: uuid.UUID, db: Db, user: PageWriter) -> HTMLResponse:
    """The same data as a readable page, to print or to hand over."""
    data = member_export(db, member_id=member_id, actor=actor(user))
    return HTMLResponse(export_page(data))


@router.post(PAGE + "/radera", response_class=HTMLResponse)
def erase(request: Request, member_id: uuid.UUID, db: Db, user: PageWriter, form: Form) -> Response:
    """Only after the question was answered (confirm=1); otherwise the question again (422)."""
    if field(form, "confirm") != "1":
        return _page(request, db, user, member_id, asking=True, status=422)
    erase_member(db, member_id=member_id, actor=actor(user))
    return flash_and_go(request, "member_erased", "/organisationer")
