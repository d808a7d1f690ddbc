"""The audit log page: the network's rows in words, newest first, filtered and paged."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from services.api.deps import Db
from services.audit import queries as audit_queries
from services.audit.models import AuditEntry
from services.auth import queries as auth_queries
from services.deadlines import queries as deadline_queries
from services.meetings import queries as meeting_queries
from services.people import queries as people_queries
from services.tasks import queries as task_queries
from services.web import i18n
from services.web.forms import Fields, local_moment
from services.web.pages import PageRoute, PageWriter, render

router = APIRouter(route_class=PageRoute)
FILTERS = ("person", "object", "from", "to")


@dataclass(frozen=True)
class Names:
    """Who the actor labels and object ids are, read once per page."""

    people: dict[str, str]  # "user:<id>" / "member:<id>" → name
    objects: dict[uuid.UUID, str]  # member, organisation, meeting, series, deadline → name
    accounts: list[tuple[uuid.UUID, str]]
    members: list[tuple[uuid.UUID, str]]


def _names(db: Session, network_id: uuid.UUID) -> Names:
    accounts = [(a.id, a.name or a.email) for a in auth_queries.accounts_of(db, network_id)]
    members = [(m.id, m.name) for m in people_queries.members(db, network_id)]
    people = {f"user:{i}": n for i, n in accounts} | {f"member:{i}": n for i, n in members}
    objects: dict[uuid.UUID, str] = dict(members)
    objects |= {o.id: o.name for o in people_queries.organisations(db, network_id)}
    objects |= {
        m.id: m.title for m in meeting_queries.meetings_of(db, network_id, newest_first=True)
    }
    objects |= {s.id: s.name for s in meeting_queries.series_of(db, network_id)}
    objects |= {d.id: d.title for d, _ in deadline_queries.deadlines_with_issuer(db, network_id)}
    return Names(people, objects, accounts, members)


def _known(key: str, lang: i18n.Lang, fallback: str) -> str:
    """A catalogue text, or the fallback's: never an identifier on the page."""
    text = i18n.translate(key, lang)
    return i18n.translate(fallback, lang) if text == key else text


def who(entry: AuditEntry, names: Names, lang: i18n.Lang) -> str:
    if entry.actor == "system":
        return i18n.translate("audit_by_system", lang)
    if entry.actor == "member":
        return i18n.translate("audit_by_member_link", lang)
    return names.people.get(entry.actor) or i18n.translate("audit_by_gone", lang)


def what(entry: AuditEntry, names: Names, lang: i18n.Lang) -> str:
    """'ändrade medlemmen Bo Berg (e-post, namn)': verb, object, its name, the fields."""
    verb = _known(f"audit_verb_{entry.action}", lang, "audit_verb_other")
    noun = _known(f"audit_obj_{entry.entity_type}", lang, "audit_obj_other")
    name = names.objects.get(entry.entity_id) if entry.entity_id else None
    kept = entry.details.get("title") if isinstance(entry.details, dict) else None
    if name is None and isinstance(kept, str):
        name = kept  # a withdrawn deadline is gone, but its row kept the title
    text = f"{verb} {noun}" + (f" {name}" if name else "")
    fields = entry.details.get("fields") if isinstance(entry.details, dict) else None
    if isinstance(fields, list):
        labels = [i18n.translate(f"audit_field_{f}", lang) for f in fields]
        shown = [
            label for f, label in zip(fields, labels, strict=True) if label != f"audit_field_{f}"
        ]
        if shown:
            text += f" ({', '.join(shown)})"
    return text


def _filter(f: Fields) -> audit_queries.AuditFilter:
    since, until = f.day("from"), f.day("to")
    if since and until and until < since:
        f.errors["to"] = i18n.translate("audit_to_after_from", f.lang)
    return audit_queries.AuditFilter(
        person_id=f.ident("person"),
        entity_type=f.text("object", max_length=40) or None,
        since=local_moment(since, time(0, 0)) if since else None,
        until=local_moment(until + timedelta(days=1), time(0, 0)) if until else None,
    )


@router.get("/logg", response_class=HTMLResponse)
def audit_log(request: Request, db: Db, user: PageWriter) -> HTMLResponse:
    """Coordinators read their own network's log (the query filters by it)."""
    lang = i18n.lang_of(request)
    f = Fields(request.query_params, lang)
    values = {name: f.text(name, max_length=40) for name in FILTERS}
    rules = _filter(f)
    page = max(f.integer("sida") or 1, 1)
    f.errors.pop("sida", None)
    rows, total = (
        ([], 0) if f.errors else audit_queries.audit_page(db, user.network_id, rules, page=page)
    )
    names = _names(db, user.network_id)
    tasks = [e.entity_id for e in rows if e.entity_type == "task" and e.entity_id]
    names.objects.update(task_queries.titles_of(db, user.network_id, tasks))
    pages = max(math.ceil(total / audit_queries.PER_PAGE), 1)
    kept = {k: v for k, v in values.items() if v}
    context: dict[str, Any] = {
        "user": user,
        "v": values,
        "errors": f.errors,
        "entries": [(e, who(e, names, lang), what(e, names, lang)) for e in rows],
        "total": total,
        "page": page,
        "pages": pages,
        "newer": f"/logg?{urlencode({**kept, 'sida': page - 1})}" if page > 1 else None,
        "older": f"/logg?{urlencode({**kept, 'sida': page + 1})}" if page < pages else None,
        "accounts": names.accounts,
        "members": names.members,
        "kinds": audit_queries.entity_types(db, user.network_id),
    }
    return render(request, "audit.html", context, status=422 if f.errors else 200)
