"""Moving, cancelling and editing a meeting on its page: who will be told is shown first, then
asked once."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from schemas.enums import MeetingMode, MeetingStatus
from schemas.meetings import AgendaItemIn, MeetingPatch, RescheduleIn
from services.api.deps import Db
from services.errors import DomainError
from services.meetings import agenda
from services.meetings import service as meetings
from services.meetings.audience import meeting_audience
from services.meetings.models import Meeting
from services.web import i18n
from services.web.forms import Fields, local_moment
from services.web.meeting_pages import meeting_context
from services.web.pages import Form, PageRoute, PageWriter, actor, flash_and_go, render, say

router = APIRouter(route_class=PageRoute)
MOVE_FIELDS = ("new_date", "new_start", "new_end")
EDIT_FIELDS = ("title", "mode", "location", "online_url")
CLEARED_WHEN_EMPTY = {"location", "online_url"}


def told(db: Session, meeting: Meeting) -> int:
    """How many get a changed invite or a cancellation: only a scheduled meeting was sent."""
    if meeting.status != MeetingStatus.scheduled:
        return 0
    return len(meeting_audience(db, meeting))


def _page(request: Request, context: dict[str, Any], status: int = 200, **extra: Any) -> Response:
    context.update(extra)
    return render(request, "meeting.html", context, status=status)


@router.post("/moten/{meeting_id}/flytta")
def reschedule(
    request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """New date and times; a scheduled meeting's attendees get the changed invite."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    day = f.day("new_date", required=True)
    start, end = f.clock("new_start", required=True), f.clock("new_end", required=True)
    if start and end and end <= start:
        f.errors["new_end"] = i18n.translate("end_after_start", lang)
    values = {k: str(form.get(k) or "") for k in MOVE_FIELDS}
    context = meeting_context(db, user, meeting_id)
    if f.errors or day is None or start is None or end is None:
        return _page(request, context, 422, errors=f.errors, move_values=values)
    data = RescheduleIn(starts_at=local_moment(day, start), ends_at=local_moment(day, end))
    n = told(db, context["m"])
    if n and form.get("confirm") != "1":
        when = i18n.fmt_range(data.starts_at, data.ends_at, lang)
        question = say(request, "confirm_move", n=n, when=when)
        return _page(request, context, move_values=values, confirm_move=question)
    try:
        meetings.reschedule_meeting(db, meeting_id=meeting_id, data=data, actor=actor(user))
    except DomainError as exc:
        errors = {"new_date": i18n.error_text(exc, lang)}
        return _page(request, context, exc.status_code, errors=errors, move_values=values)
    key = "meeting_moved" if n else "meeting_moved_quietly"
    return flash_and_go(request, key, f"/moten/{meeting_id}", n=n)


@router.post("/moten/{meeting_id}/stall-in")
def cancel(
    request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Cancel; a scheduled meeting's attendees get a cancellation (same UID) in their calendar."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    reason = f.text("reason", max_length=300)
    context = meeting_context(db, user, meeting_id)
    if f.errors:
        return _page(request, context, 422, errors=f.errors, cancel_reason=reason or "")
    n = told(db, context["m"])
    if n and form.get("confirm") != "1":
        question = say(request, "confirm_cancel", n=n)
        return _page(request, context, cancel_reason=reason or "", confirm_cancel=question)
    try:
        meetings.cancel_meeting(db, meeting_id=meeting_id, actor=actor(user), reason=reason)
    except DomainError as exc:
        errors = {"reason": i18n.error_text(exc, lang)}
        return _page(request, context, exc.status_code, errors=errors, cancel_reason=reason or "")
    key = "meeting_cancelled" if n else "meeting_cancelled_quietly"
    return flash_and_go(request, key, f"/moten/{meeting_id}", n=n)


@router.post("/moten/{meeting_id}/andra")
def edit(request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form) -> Response:
    """Title, kind, place and video link; a scheduled meeting's attendees get the updated invite
    (SEQUENCE + 1, as a move sends it), after the page asked once."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    values = {
        k: f.text(k, required=k == "title", max_length=1000 if k == "online_url" else 300)
        for k in EDIT_FIELDS
    }
    if values["mode"] not in {m.value for m in MeetingMode}:
        f.errors["mode"] = i18n.translate("invalid_choice", lang)
    context = meeting_context(db, user, meeting_id)
    patch = None if f.errors else _patch(context["m"], values, f.errors, lang)
    if patch is None:
        return _page(request, context, 422, errors=f.errors, edit_values=values)
    if not patch.model_fields_set:
        return flash_and_go(request, "meeting_unchanged", f"/moten/{meeting_id}")
    what = ", ".join(
        i18n.translate(f"field_{k}", lang) for k in EDIT_FIELDS if k in patch.model_fields_set
    )
    n = told(db, context["m"])
    if n and form.get("confirm") != "1":
        question = say(request, "confirm_edit", n=n, what=what)
        return _page(request, context, edit_values=values, confirm_edit=question)
    try:
        meetings.update_meeting(db, meeting_id=meeting_id, data=patch, actor=actor(user))
    except DomainError as exc:
        errors = {exc.field if exc.field in EDIT_FIELDS else "title": i18n.error_text(exc, lang)}
        return _page(request, context, exc.status_code, errors=errors, edit_values=values)
    key = "meeting_edited" if n else "meeting_edited_quietly"
    return flash_and_go(request, key, f"/moten/{meeting_id}", n=n, what=what)


def _patch(
    meeting: Meeting, values: dict[str, str], errors: dict[str, str], lang: i18n.Lang
) -> MeetingPatch | None:
    """Only the fields that differ go into the patch, so an unchanged form re-sends nothing."""
    changes: dict[str, Any] = {}
    for key in EDIT_FIELDS:
        value: str | None = values[key] or (None if key in CLEARED_WHEN_EMPTY else values[key])
        current = getattr(meeting, key)
        if (current.value if isinstance(current, MeetingMode) else current) != value:
            changes[key] = value
    try:
        return MeetingPatch(**changes)
    except ValidationError as exc:
        for problem in exc.errors():
            name = str(problem["loc"][0]) if problem["loc"] else "title"
            errors[name] = i18n.translate(
                "bad_url" if name == "online_url" else "form_errors", lang
            )
        return None


@router.post("/moten/{meeting_id}/punkter")
def add_item(
    request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """A new item last on the agenda (the first one too); a sent invite follows, asked once."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    title = f.text("new_title", required=True)
    notes = f.text("new_notes", max_length=5000)
    presenter = f.ident("new_presenter")
    values = {k: str(form.get(k) or "") for k in ("new_title", "new_notes", "new_presenter")}
    context = meeting_context(db, user, meeting_id)
    if f.errors:
        return _page(request, context, 422, errors=f.errors, new_item=values)
    n = told(db, context["m"])
    if n and form.get("confirm") != "1":
        question = say(request, "confirm_item", n=n)
        return _page(request, context, new_item=values, confirm_item=question)
    data = AgendaItemIn(title=title, notes=notes, presenter_organisation_id=presenter)
    try:
        agenda.add_agenda_item(db, meeting_id=meeting_id, data=data, actor=actor(user))
    except DomainError as exc:
        field = "new_presenter" if exc.field == "presenter_organisation_id" else "new_title"
        errors = {field: i18n.error_text(exc, lang)}
        return _page(request, context, exc.status_code, errors=errors, new_item=values)
    key = "item_added" if n else "item_added_quietly"
    return flash_and_go(request, key, f"/moten/{meeting_id}#agenda", n=n, title=title)
