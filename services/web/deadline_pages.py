"""One deadline on its own page: correct it, choose who follows it, withdraw it (asked once)."""

from __future__ import annotations

import uuid
from datetime import time
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from schemas.common import WebUrl
from schemas.tasks import DeadlineFollowersIn, DeadlinePatch
from services.api.deps import Db
from services.auth.models import UserAccount
from services.deadlines import queries as deadline_queries
from services.deadlines.followers import set_deadline_followers
from services.deadlines.service import delete_deadline, update_deadline
from services.errors import DomainError
from services.people import queries as people_queries
from services.web import i18n
from services.web.forms import Fields, local_moment
from services.web.pages import (
    Form,
    PageRoute,
    PageUser,
    PageWriter,
    actor,
    flash_and_go,
    render,
    say,
)

router = APIRouter(route_class=PageRoute)
FIELDS = ("title", "opens", "closes", "closes_time", "organisation_id", "url", "description")
GROUPS = ("steering", "preparatory")
_WEB_URL: TypeAdapter[str] = TypeAdapter(WebUrl)


@router.get("/deadlines/{deadline_id}", response_class=HTMLResponse)
def deadline_page(request: Request, deadline_id: uuid.UUID, db: Db, user: PageUser) -> Response:
    return _page(request, db, user, deadline_id)


def _page(
    request: Request,
    db: Session,
    user: UserAccount,
    deadline_id: uuid.UUID,
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    deadline = deadline_queries.deadline_in(db, deadline_id, network_id=user.network_id)
    chosen = deadline_queries.chosen_followers(db, deadline)
    audience = len(deadline_queries.audience_of(db, deadline))
    closes = deadline.closes_at.astimezone(LOCAL_TZ)
    context: dict[str, Any] = {
        "user": user,
        "dl": deadline,
        "members": people_queries.active_members_with_organisation(db, user.network_id),
        "orgs": people_queries.organisations(db, user.network_id),
        "chosen": {str(m) for m in chosen},
        "everyone": not chosen,
        "followers_now": say(request, "followers_now", n=audience),
        "v": {
            "title": deadline.title,
            "opens": deadline.opens_at.astimezone(LOCAL_TZ).date().isoformat()
            if deadline.opens_at
            else "",
            "closes": closes.date().isoformat(),
            "closes_time": f"{closes:%H:%M}",
            "organisation_id": str(deadline.issuer_organisation_id or ""),
            "url": deadline.url or "",
            "description": deadline.description,
        },
        "errors": {},
    }
    context.update(extra)
    return render(request, "deadline.html", context, status=status)


@router.post("/deadlines/{deadline_id}", response_class=HTMLResponse)
def edit(
    request: Request, deadline_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """New title, dates, issuer, link or text; the reminders follow the new dates."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    values = {name: f.text(name, max_length=5000) for name in FIELDS}
    patch = read_deadline_form(db, user, f)
    if patch is None:
        return _page(request, db, user, deadline_id, 422, errors=f.errors, v=values)
    try:
        update_deadline(db, deadline_id=deadline_id, data=patch, actor=actor(user))
    except DomainError as exc:
        where = {"closes_at": "closes", "issuer_organisation_id": "organisation_id"}
        errors = {where.get(exc.field or "", "title"): i18n.error_text(exc, lang)}
        return _page(request, db, user, deadline_id, exc.status_code, errors=errors, v=values)
    n = len(deadline_queries.audience_of(db, deadline_queries.deadline_in(
        db, deadline_id, network_id=user.network_id
    )))  # fmt: skip
    return flash_and_go(request, "deadline_edited", f"/deadlines/{deadline_id}", n=n)


def read_deadline_form(
    db: Session, user: UserAccount, f: Fields, *, new: bool = False
) -> DeadlinePatch | None:
    """The deadline form (new or edit) as a patch, or None with the problems in f.errors.

    Dates as Swedes type them; a new deadline must also close in the future.
    """
    title = f.text("title", required=True)
    opens_day = f.day("opens")
    closes_day = f.day("closes", required=True)
    closes_clock = f.clock("closes_time") or time(23, 59)
    org_id = f.ident("organisation_id")
    url = f.text("url", max_length=1000)
    description = f.text("description", max_length=5000)
    if org_id and not people_queries.organisation_in(db, org_id, network_id=user.network_id):
        f.errors["organisation_id"] = i18n.translate("unknown_organisation", f.lang)
    if url:
        try:
            _WEB_URL.validate_python(url)
        except ValidationError:
            f.errors["url"] = i18n.translate("bad_url", f.lang)
    opens_at = local_moment(opens_day, time(0, 0)) if opens_day else None
    closes_at = local_moment(closes_day, closes_clock) if closes_day else None
    if closes_at is not None and "closes" not in f.errors:
        if opens_at is not None and closes_at <= opens_at:
            f.errors["closes"] = i18n.translate("closes_after_opens", f.lang)
        elif new and closes_at <= utcnow():
            f.errors["closes"] = i18n.translate("closes_in_past", f.lang)
    if f.errors or closes_at is None:
        return None
    return DeadlinePatch(
        title=title,
        description=description,
        opens_at=opens_at,
        closes_at=closes_at,
        issuer_organisation_id=org_id,
        url=url or None,
    )


@router.post("/deadlines/{deadline_id}/foljare", response_class=HTMLResponse)
def followers(
    request: Request, deadline_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Everyone, or groups, organisations and people; the reminders go to them only."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    everyone = f.text("who", max_length=10) != "chosen"
    data = DeadlineFollowersIn(
        everyone=everyone,
        groups=[g for g in GROUPS if g in form.getlist("group")],
        organisation_ids=f.ids("organisation"),
        member_ids=f.ids("member"),
    )
    try:
        audience = set_deadline_followers(db, deadline_id=deadline_id, data=data, actor=actor(user))
    except DomainError as exc:
        chosen = {str(m) for m in data.member_ids}
        return _page(
            request, db, user, deadline_id, exc.status_code,
            errors={"followers": i18n.error_text(exc, lang)}, everyone=False, chosen=chosen,
        )  # fmt: skip
    key = "followers_everyone" if everyone else "followers_chosen"
    return flash_and_go(request, key, f"/deadlines/{deadline_id}", n=len(audience))


@router.post("/deadlines/{deadline_id}/dra-tillbaka", response_class=HTMLResponse)
def withdraw(
    request: Request, deadline_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Withdraw: the page says how many followers are told, asks once, then tells them."""
    deadline = deadline_queries.deadline_in(db, deadline_id, network_id=user.network_id)
    title = deadline.title
    if form.get("confirm") != "1":
        n = len(deadline_queries.audience_of(db, deadline))
        question = say(request, "confirm_withdraw", n=n)
        return _page(request, db, user, deadline_id, confirm_withdraw=question)
    told = delete_deadline(db, deadline_id=deadline_id, actor=actor(user))
    key = "deadline_withdrawn" if told else "deadline_withdrawn_quietly"
    return flash_and_go(request, key, "/deadlines", n=len(told), title=title)
