"""API tokens in the browser: the account's tokens for the network it works in, a new one
(shown once, never stored in clear) and revoking one."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from infra.clock import utcnow
from services.api.deps import AppSettings, Db
from services.auth import queries as auth_queries
from services.auth.models import UserAccount
from services.auth.service import create_api_token, revoke_api_token
from services.web import i18n
from services.web.pages import (
    Form,
    PageRoute,
    PageUser,
    PageWriter,
    actor,
    field,
    flash_and_go,
    render,
)

router = APIRouter(route_class=PageRoute)
PAGE = "/api-nycklar"
NAME_MAX = 100


def _page(
    request: Request,
    db: Session,
    user: UserAccount,
    *,
    max_days: int,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    new_token: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "user": user,
        "tokens": auth_queries.tokens_of(db, account_id=user.id, network_id=user.network_id),
        "max_days": max_days,
        "v": values or {"days": str(max_days)},
        "errors": errors or {},
        "new_token": new_token,
        "now": utcnow(),
    }
    return render(request, "tokens.html", context, status=status)


@router.get(PAGE, response_class=HTMLResponse)
def tokens_page(request: Request, db: Db, user: PageUser, settings: AppSettings) -> HTMLResponse:
    return _page(request, db, user, max_days=settings.api_token_max_age_days)


@router.post(PAGE, response_class=HTMLResponse)
def new_token(
    request: Request, db: Db, user: PageWriter, form: Form, settings: AppSettings
) -> HTMLResponse:
    """The token is on this one answer only (not in a flash: the session cookie keeps those)."""
    lang, max_days = i18n.lang_of(request), settings.api_token_max_age_days
    values = {"name": field(form, "name"), "days": field(form, "days")}
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = i18n.translate("required", lang)
    elif len(values["name"]) > NAME_MAX:
        errors["name"] = i18n.translate("token_name_too_long", lang, limit=NAME_MAX)
    days = int(values["days"]) if values["days"].isdigit() else 0
    if not 1 <= days <= max_days:
        errors["days"] = i18n.translate("token_days_range", lang, limit=max_days)
    if errors:
        return _page(request, db, user, max_days=max_days, values=values, errors=errors, status=422)
    expires_at = utcnow() + timedelta(days=days)
    token = create_api_token(db, user=user, name=values["name"], expires_at=expires_at)
    return _page(request, db, user, max_days=max_days, new_token=token)


@router.post(PAGE + "/{token_id}/aterkalla", response_class=HTMLResponse)
def revoke(request: Request, token_id: uuid.UUID, db: Db, user: PageUser, form: Form) -> Response:
    """The account's own token (a coordinator may revoke any in the network); works at once."""
    row = revoke_api_token(db, token_id=token_id, actor=actor(user))
    return flash_and_go(request, "token_revoked", PAGE, name=row.name)
