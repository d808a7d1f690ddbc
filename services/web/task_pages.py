"""Tasks: a filterable, sortable list with bulk actions, and CSV / Excel-friendly export."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from schemas.tasks import TaskIn, TaskPatch
from services.api.deps import Db
from services.auth.models import UserAccount
from services.errors import DomainError
from services.lookup import paginate
from services.meetings.models import Meeting
from services.meetings.queries import meetings_of
from services.people import queries as people_queries
from services.people.models import Member, Organisation
from services.series.planning.calendar_rules import today_in_stockholm
from services.tasks.models import Task, TaskStatus
from services.tasks.queries import told_of_task
from services.tasks.service import create_task, task_query, today_local, update_task
from services.web import i18n
from services.web.forms import Fields
from services.web.pages import (
    Form,
    PageRoute,
    PageUser,
    PageWriter,
    actor,
    flash_and_go,
    render,
)

router = APIRouter(route_class=PageRoute)
SORTS = ("due_date", "-due_date", "title", "-title", "status", "-status", "created_at")
FILTERS = ("organisation", "owner", "status", "overdue", "meeting", "due_from", "due_to", "sort")
MAX_ROWS = 1000  # export
PAGE_SIZE = 100  # the list on screen


@dataclass
class Lookups:
    members: dict[uuid.UUID, Member]
    orgs: dict[uuid.UUID, Organisation]
    meetings: dict[uuid.UUID, Meeting]

    def org_of(self, task: Task) -> str:
        org_id = task.owner_organisation_id
        if org_id is None and task.owner_member_id in self.members:
            org_id = self.members[task.owner_member_id].organisation_id
        org = self.orgs.get(org_id) if org_id else None
        return org.short_name if org else ""

    def owner_of(self, task: Task) -> str:
        member = self.members.get(task.owner_member_id) if task.owner_member_id else None
        return member.name if member else ""


def lookups(db: Session, network_id: uuid.UUID) -> Lookups:
    """Names for ids in three queries, whatever the number of tasks."""
    members = people_queries.members(db, network_id)
    orgs = people_queries.organisations(db, network_id)
    meetings = meetings_of(db, network_id, newest_first=True)
    return Lookups({m.id: m for m in members}, {o.id: o for o in orgs}, {m.id: m for m in meetings})


def filtered(
    db: Session,
    user: UserAccount,
    params: QueryParams,
    lang: i18n.Lang,
    *,
    limit: int = MAX_ROWS,
    offset: int = 0,
) -> tuple[list[Task], int, dict[str, str], dict[str, str]]:
    """Tasks matching the query string; a bad value is reported next to its filter, not fatal."""
    f = Fields(params, lang)
    status = f.text("status")
    sort = f.text("sort") or "due_date"
    query = task_query(
        network_id=user.network_id,
        organisation_id=f.ident("organisation"),
        owner_member_id=f.ident("owner"),
        status=TaskStatus(status) if status in {s.value for s in TaskStatus} else None,
        overdue=True if f.checked("overdue") else None,
        meeting_id=f.ident("meeting"),
        due_from=f.day("due_from"),
        due_to=f.day("due_to"),
        today=today_local(),
        order_by=sort if sort in SORTS else "due_date",
    )
    values = {name: f.text(name) for name in FILTERS}
    rows, total = paginate(db, query, limit=limit, offset=offset)
    return rows, total, values, f.errors


def _page_number(raw: str | None) -> int:
    """Page 1 for anything that is not a positive whole number (a link, not a form)."""
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else 1


@router.get("/uppgifter", response_class=HTMLResponse)
def task_list(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    return _page(request, db, user, errors={})


def _page(
    request: Request,
    db: Session,
    user: UserAccount,
    *,
    errors: dict[str, str],
    status: int = 200,
    new_task: dict[str, str] | None = None,
) -> HTMLResponse:
    lang = i18n.lang_of(request)
    page = _page_number(request.query_params.get("sida"))
    tasks, total, values, filter_errors = filtered(
        db, user, request.query_params, lang, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    pages = max(1, -(-total // PAGE_SIZE))
    others = [(k, v) for k, v in request.query_params.multi_items() if k != "sida"]
    context: dict[str, Any] = {
        "user": user,
        "tasks": tasks,
        "v": values,
        "errors": {**filter_errors, **errors},
        "lk": lookups(db, user.network_id),
        "today": today_local(),
        "statuses": [s.value for s in TaskStatus],
        "query": request.url.query,
        "total": total,
        "page": page,
        "pages": pages,
        "page_query": urlencode(others),
        "nt": new_task or {},
    }
    return render(request, "tasks.html", context, status=status)


@router.post("/uppgifter/bulk", response_class=HTMLResponse)
def bulk(request: Request, db: Db, user: PageWriter, form: Form) -> Response:
    """Reassign, move the due date or mark done: all selected tasks in one transaction."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    ids, op = f.ids("task"), f.text("op")
    patch: TaskPatch | None = None
    owner_name = ""
    if not ids:
        f.errors["task"] = i18n.translate("select_a_task", lang)
    if op == "reassign":
        owner = f.ident("new_owner")
        member = people_queries.member_in(db, owner, network_id=user.network_id) if owner else None
        if member is None:
            f.errors["new_owner"] = i18n.translate("required", lang)
        else:
            patch = TaskPatch(
                owner_member_id=member.id, owner_organisation_id=member.organisation_id
            )
            owner_name = member.name
    elif op == "due":
        due = f.day("new_due", required=True)
        patch = TaskPatch(due_date=due) if due else None
    elif op == "done":
        patch = TaskPatch(status=TaskStatus.done)
    else:
        f.errors["op"] = i18n.translate("required", lang)
    if f.errors or patch is None:
        return _page(request, db, user, errors=f.errors, status=422)
    try:
        for task_id in ids:
            update_task(db, task_id=task_id, data=patch, actor=actor(user))
    except DomainError as exc:
        db.rollback()
        return _page(
            request,
            db,
            user,
            errors={"op": i18n.error_text(exc, i18n.lang_of(request))},
            status=exc.status_code,
        )
    back = f.text("back", max_length=2000)
    url = "/uppgifter" + (f"?{back}" if back else "")
    new_due = i18n.fmt_date(patch.due_date, lang) if patch.due_date else ""
    return flash_and_go(request, f"bulk_{op}", url, n=len(ids), owner=owner_name, due=new_due)


NEW_TASK_FIELDS = ("nt_title", "nt_description", "nt_owner", "nt_due")


@router.post("/uppgifter/ny", response_class=HTMLResponse)
def new_task(request: Request, db: Db, user: PageWriter, form: Form) -> Response:
    """A task made by hand; its owner is told by mail as when it comes from the minutes."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    title = f.text("nt_title", required=True)
    description = f.text("nt_description", max_length=10_000)
    due = f.day("nt_due", required=True)
    member_id, org_id = _owner(db, user, f)
    values = {k: str(form.get(k) or "") for k in NEW_TASK_FIELDS}
    if f.errors or due is None or (member_id is None and org_id is None):
        return _page(request, db, user, errors=f.errors, status=422, new_task=values)
    data = TaskIn(
        title=title,
        description=description,
        owner_member_id=member_id,
        owner_organisation_id=org_id,
        due_date=due,
    )
    try:
        task = create_task(db, data=data, actor=actor(user))
    except DomainError as exc:
        db.rollback()
        where = {"due_date": "nt_due"}.get(exc.field or "", "nt_owner")
        errors = {where: i18n.error_text(exc, lang)}
        return _page(request, db, user, errors=errors, status=exc.status_code, new_task=values)
    told = told_of_task(db, task)
    if told is None:
        org = (
            people_queries.organisation_in(db, org_id, network_id=user.network_id)
            if org_id
            else None
        )
        return flash_and_go(
            request, "task_created_untold", "/uppgifter", title=title, org=org.name if org else ""
        )
    return flash_and_go(request, "task_created", "/uppgifter", title=title, owner=told.name)


def _owner(db: Session, user: UserAccount, f: Fields) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The picker's "m:<id>" is a member (with their organisation), "o:<id>" an organisation."""
    kind, _, raw = f.text("nt_owner", required=True, max_length=40).partition(":")
    try:
        ident = uuid.UUID(raw)
    except ValueError:
        f.errors.setdefault("nt_owner", i18n.translate("required", f.lang))
        return None, None
    if kind == "m":
        member = people_queries.member_in(db, ident, network_id=user.network_id)
        if member is not None and member.active:
            return member.id, member.organisation_id
    elif kind == "o":
        org = people_queries.organisation_in(db, ident, network_id=user.network_id)
        if org is not None:
            return None, org.id
    f.errors["nt_owner"] = i18n.translate("invalid_choice", f.lang)
    return None, None


def _cell(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@router.get("/uppgifter/export")
def export(request: Request, db: Db, user: PageUser, format: str = "csv") -> Response:
    """CSV (comma, UTF-8) or Excel-friendly (semicolon, UTF-8 with BOM, CRLF) with the filters."""
    lang = i18n.lang_of(request)
    tasks, _, _, _ = filtered(db, user, request.query_params, lang)
    lk, today = lookups(db, user.network_id), today_local()
    excel = format == "excel"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(
        [
            "title",
            "status",
            "due_date",
            "overdue",
            "organisation",
            "owner",
            "meeting",
            "completed_at",
            "comment",
        ]
    )
    for task in tasks:
        meeting = lk.meetings.get(task.source_meeting_id) if task.source_meeting_id else None
        overdue = task.status == TaskStatus.open and task.due_date < today
        row = [
            task.title,
            task.status.value,
            task.due_date.isoformat(),
            "yes" if overdue else "no",
            lk.org_of(task),
            lk.owner_of(task),
            meeting.title if meeting else "",
            task.completed_at.isoformat() if task.completed_at else "",
            task.completion_comment or "",
        ]
        writer.writerow([_cell(str(value)) for value in row])
    body = ("\ufeff" if excel else "") + buffer.getvalue()
    name = f"uppgifter-{today_in_stockholm().isoformat()}{'-excel' if excel else ''}.csv"
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
