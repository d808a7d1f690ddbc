"""Moving and cancelling a meeting on its page: who will be told is shown first, then asked once."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from schemas.enums import MeetingStatus
from schemas.meetings import RescheduleIn
from services.api.deps import Db
from services.errors import DomainError
from services.meetings import service as meetings
from services.meetings.audience import meeting_audience
from services.meetings.models import Meeting
from services.web import i18n
from services.web.forms import Fields, local_moment
from services.web.meeting_pages import meeting_context
from services.web.pages import Form, PageRoute, PageWriter, actor, flash_and_go, render, say

router = APIRouter(route_class=PageRoute)
MOVE_FIELDS = ("new_date", "new_start", "new_end")


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
