"""Meetings: list and create, schedule, mark held, invite status and taking attendance."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from schemas.meetings import AgendaItemPatch, AttendanceEntry, AttendanceIn, MeetingIn
from services.api.deps import Db, get_settings
from services.auth.models import UserAccount
from services.errors import DomainError
from services.meetings import agenda
from services.meetings import queries as meeting_queries
from services.meetings import service as meetings
from services.meetings.attendance import record_attendance
from services.meetings.audience import meeting_audience
from services.meetings.models import AttendanceStatus, MeetingMode
from services.people import queries as people_queries
from services.web import feed_links, i18n
from services.web.forms import Fields, local_moment
from services.web.pages import (
    Form,
    PageRoute,
    PageUser,
    PageWriter,
    actor,
    flash_and_go,
    render,
    see_other,
)

router = APIRouter(route_class=PageRoute)


@router.get("/moten", response_class=HTMLResponse)
def meeting_list(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    return _list_page(request, db, user, values={}, errors={})


def _list_page(
    request: Request,
    db: Session,
    user: UserAccount,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    rows = meeting_queries.meetings_of(db, user.network_id, newest_first=True)
    context = {"user": user, "meetings": rows, "v": values, "errors": errors}
    context["modes"] = [m.value for m in MeetingMode]
    context["network_feed"] = feed_links.network_feed_for(db, user, get_settings(request))
    return render(request, "meetings.html", context, status=status)


@router.post("/moten", response_class=HTMLResponse)
def create_meeting(request: Request, db: Db, user: PageWriter, form: Form) -> Response:
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    title = f.text("title", required=True)
    day = f.day("date", required=True)
    start, end = f.clock("start", required=True), f.clock("end", required=True)
    location = f.text("location")
    mode = f.text("mode") or MeetingMode.on_site.value
    if mode not in {m.value for m in MeetingMode}:
        f.errors["mode"] = i18n.translate("invalid_choice", lang)
    if start and end and end <= start:
        f.errors["end"] = i18n.translate("end_after_start", lang)
    values = {k: str(v) for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    if f.errors or day is None or start is None or end is None:
        return _list_page(request, db, user, values=values, errors=f.errors, status=422)
    data = MeetingIn(
        title=title,
        starts_at=local_moment(day, start),
        ends_at=local_moment(day, end),
        mode=MeetingMode(mode),
        location=location or None,
    )
    try:
        meeting = meetings.create_meeting(db, data=data, actor=actor(user))
    except DomainError as exc:
        db.rollback()
        where = "date" if exc.field == "starts_at" else (exc.field or "title")
        errors = {where: i18n.error_text(exc, lang)}
        return _list_page(request, db, user, values=values, errors=errors, status=exc.status_code)
    return see_other(f"/moten/{meeting.id}")


@router.get("/moten/{meeting_id}", response_class=HTMLResponse)
def meeting_page(request: Request, meeting_id: uuid.UUID, db: Db, user: PageUser) -> HTMLResponse:
    return render(request, "meeting.html", meeting_context(db, user, meeting_id))


def meeting_context(db: Session, user: UserAccount, meeting_id: uuid.UUID) -> dict[str, Any]:
    """Meeting, members with their RSVP and attendance, in four queries."""
    meeting = meeting_queries.meeting_in(db, meeting_id, network_id=user.network_id)
    return {
        "user": user,
        "m": meeting,
        "members": people_queries.active_members_with_organisation(db, user.network_id),
        "rsvps": meeting_queries.rsvps_by_member(db, meeting.id),
        "attendance": meeting_queries.attendance_by_member(db, meeting.id),
        "organisations": people_queries.organisations(db, user.network_id),
        "begun": meeting.starts_at <= utcnow(),  # held, attendance, minutes: not before it
        "move_values": _local_times(meeting.starts_at, meeting.ends_at),
        "edit_values": {
            "title": meeting.title,
            "mode": meeting.mode.value,
            "location": meeting.location or "",
            "online_url": meeting.online_url or "",
        },
        "modes": [m.value for m in MeetingMode],
        "new_item": {},
        "errors": {},
        "item_values": {},
    }


def _local_times(starts: datetime, ends: datetime) -> dict[str, str]:
    """The move form starts from the meeting's own date and times, as a Swede reads them."""
    start, end = starts.astimezone(LOCAL_TZ), ends.astimezone(LOCAL_TZ)
    return {
        "new_date": start.date().isoformat(),
        "new_start": f"{start:%H:%M}",
        "new_end": f"{end:%H:%M}",
    }


@router.post("/moten/{meeting_id}/schemalagg")
def schedule(
    request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Scheduling sends the invites: the page says to how many."""
    meeting = meetings.schedule_meeting(db, meeting_id=meeting_id, actor=actor(user))
    n = len(meeting_audience(db, meeting))
    return flash_and_go(request, "meeting_scheduled", f"/moten/{meeting_id}", n=n)


@router.post("/moten/{meeting_id}/hallet")
def held(request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form) -> Response:
    meetings.mark_held(db, meeting_id=meeting_id, actor=actor(user))
    return flash_and_go(request, "meeting_marked_held", f"/moten/{meeting_id}#attendance")


@router.post("/moten/{meeting_id}/narvaro", response_class=HTMLResponse)
def take_attendance(
    request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """One checkbox per member, absent by default; 'items' makes it present for those only."""
    f = Fields(form, i18n.lang_of(request))
    entries = []
    for member_id in f.ids("member"):
        items = [
            i.strip() for i in f.text(f"items-{member_id}", max_length=60).split(",") if i.strip()
        ]
        if items:
            status = AttendanceStatus.partial
        elif f.checked(f"present-{member_id}"):
            status = AttendanceStatus.present
        else:
            status = AttendanceStatus.absent
        entries.append(AttendanceEntry(member_id=member_id, status=status, items=items))
    try:
        record_attendance(
            db, meeting_id=meeting_id, data=AttendanceIn(entries=entries), actor=actor(user)
        )
    except DomainError as exc:
        db.rollback()
        context = meeting_context(db, user, meeting_id)
        context["errors"] = {"attendance": i18n.error_text(exc, i18n.lang_of(request))}
        return render(request, "meeting.html", context, status=exc.status_code)
    return see_other(f"/moten/{meeting_id}#attendance")


@router.post("/moten/{meeting_id}/punkter/{item_id}", response_class=HTMLResponse)
def edit_agenda_item(
    request: Request,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    db: Db,
    user: PageWriter,
    form: Form,
) -> Response:
    """Title, notes, presenting organisation and place in the order; errors beside the field."""
    f = Fields(form, i18n.lang_of(request))
    prefix = f"item-{item_id}-"
    title = f.text("title", required=True)
    notes = f.text("notes", max_length=5000)
    position = f.integer("position")
    presenter = f.ident("presenter")
    errors = {prefix + name: message for name, message in f.errors.items()}
    if not errors:
        data = AgendaItemPatch(
            title=title,
            notes=notes,
            presenter_organisation_id=presenter,
            **({"position": max(position - 1, 0)} if position is not None else {}),
        )
        try:
            agenda.update_agenda_item(
                db, meeting_id=meeting_id, item_id=item_id, data=data, actor=actor(user)
            )
        except DomainError as exc:
            db.rollback()
            field = {"presenter_organisation_id": "presenter"}.get(exc.field or "", exc.field)
            errors = {prefix + (field or "title"): i18n.error_text(exc, i18n.lang_of(request))}
    if errors:
        context = meeting_context(db, user, meeting_id)
        context["errors"] = errors
        values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
        context["item_values"] = {str(item_id): values}
        return render(request, "meeting.html", context, status=422)
    return see_other(f"/moten/{meeting_id}#agenda")


@router.post("/moten/{meeting_id}/punkter/{item_id}/ta-bort")
def delete_agenda_item(
    meeting_id: uuid.UUID, item_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    agenda.delete_agenda_item(db, meeting_id=meeting_id, item_id=item_id, actor=actor(user))
    return see_other(f"/moten/{meeting_id}#agenda")
