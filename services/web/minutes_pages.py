"""Minutes: type or upload, review what was extracted (keep, edit or drop each row), approve."""

from __future__ import annotations

import uuid
from typing import Any, get_args

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from schemas.minutes import (
    AbsentAttendee,
    ActionItem,
    ActionKindName,
    AgendaItem,
    Attendance,
    DateKindName,
    Decision,
    MinutesDate,
    MinutesExtraction,
    PresentAttendee,
)
from services.api.deps import Db
from services.auth.models import UserAccount
from services.errors import DomainError
from services.meetings.models import Meeting
from services.meetings.queries import meeting_in
from services.minutes import service as minutes_service
from services.minutes.extraction import MinutesReadError, extract_minutes, read_minutes_bytes
from services.minutes.extraction.reader import MAX_BYTES
from services.minutes.followups import openings_without_closing
from services.people.models import Organisation
from services.people.queries import active_members_with_organisation, organisations
from services.people.registry import OrganisationRef
from services.web import i18n
from services.web.forms import Fields, local_date
from services.web.meeting_pages import meeting_context
from services.web.pages import Form, PageRoute, PageWriter, actor, render, see_other

router = APIRouter(route_class=PageRoute)
ACTION_KINDS: tuple[str, ...] = get_args(ActionKindName)
DATE_KINDS: tuple[str, ...] = get_args(DateKindName)


@router.post("/moten/{meeting_id}/protokoll", response_class=HTMLResponse)
def upload(
    request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Typed text or an uploaded file becomes an extraction shown for review (nothing saved yet)."""
    lang = i18n.lang_of(request)
    meeting = meeting_in(db, meeting_id, network_id=user.network_id)
    text = Fields(form, lang).text("text", max_length=500_000)
    upload_file = form.get("file")
    errors: dict[str, str] = {}
    if isinstance(upload_file, UploadFile) and upload_file.filename:
        try:
            data = upload_file.file.read(MAX_BYTES + 1)
            text = read_minutes_bytes(data, upload_file.filename)
        except MinutesReadError as exc:
            errors["file"] = i18n.error_text(exc, lang)
    elif not text:
        errors["text"] = i18n.translate("required", lang)
    if errors:
        context = meeting_context(db, user, meeting_id)
        context.update(errors=errors, minutes_text=text)
        return render(request, "meeting.html", context, status=422)
    orgs = _organisations(db, user)
    extraction = extract_minutes(
        text,
        meeting_date=local_date(meeting.starts_at),
        organisations=[
            OrganisationRef(o.name, o.short_name, o.kind, tuple(o.aliases)) for o in orgs
        ],
    )
    return _review(request, db, user, meeting, extraction, text, orgs, errors={})


def _organisations(db: Session, user: UserAccount) -> list[Organisation]:
    return organisations(db, user.network_id)


def _review(
    request: Request,
    db: Session,
    user: UserAccount,
    meeting: Meeting,
    extraction: MinutesExtraction,
    text: str,
    orgs: list[Organisation],
    *,
    errors: dict[str, str],
    raw: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    people = active_members_with_organisation(db, user.network_id)
    context: dict[str, Any] = {
        "user": user,
        "people": people,
        "owner_choice": lambda a: owner_choice(a, [m.name for m, _ in people], orgs),
        "m": meeting,
        "x": extraction,
        "text": text,
        "orgs": orgs,
        "action_kinds": ACTION_KINDS,
        "date_kinds": DATE_KINDS,
        "errors": errors,
        "raw": raw or {},
        "n": _counts(extraction) if raw is None else _posted_counts(raw),
        "no_deadline": openings_without_closing(extraction),
    }
    return render(request, "minutes_review.html", context, status=status)


def owner_choice(action: ActionItem, people: list[str], orgs: list[Organisation]) -> str:
    """The picker's preselected owner: a known member first, else a known organisation."""
    name = (action.owner_name or "").strip().casefold()
    member = next((p for p in people if p.casefold() == name), None) if name else None
    if member is not None:
        return f"m:{member}"
    wanted = (action.owner_organisation or "").strip().casefold()
    for org in orgs if wanted else []:
        if wanted in {s.strip().casefold() for s in (org.name, org.short_name, *org.aliases)}:
            return f"o:{org.name}"
    return ""


def _counts(x: MinutesExtraction) -> dict[str, int]:
    """Rows per section; one blank action row lets the coordinator add what was missed."""
    return {
        "present": len(x.attendance.present),
        "absent": len(x.attendance.absent),
        "agenda": len(x.agenda),
        "decision": len(x.decisions),
        "action": len(x.action_items) + 1,
        "date": len(x.dates),
    }


def _posted_counts(raw: dict[str, str]) -> dict[str, int]:
    """On a failed review the same rows come back at the same positions, as posted."""
    counts = {}
    for section in ("present", "absent", "agenda", "decision", "action", "date"):
        value = raw.get(f"n_{section}", "0")
        counts[section] = min(int(value), 500) if value.isdigit() else 0
    return counts


@router.post("/moten/{meeting_id}/protokoll/granska", response_class=HTMLResponse)
def review(
    request: Request, meeting_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Save the rows the coordinator kept; 'approve' also approves (fires minutes.approved)."""
    lang = i18n.lang_of(request)
    meeting = meeting_in(db, meeting_id, network_id=user.network_id)
    f = Fields(form, lang)
    text = f.text("text", max_length=500_000)
    extraction = parse_review(f, meeting)
    raw = {k: v for k, v in form.items() if isinstance(v, str) and k not in ("csrf_token", "text")}
    if f.errors:
        orgs, blank = (
            _organisations(db, user),
            MinutesExtraction(meeting_date=extraction.meeting_date),
        )
        return _review(
            request, db, user, meeting, blank, text, orgs, errors=f.errors, raw=raw, status=422
        )
    who = actor(user)
    try:
        minutes_service.save_reviewed_minutes(
            db, meeting_id=meeting.id, extraction=extraction, actor=who, text=text
        )
        if form.get("action") == "approve":
            minutes_service.approve_minutes(db, meeting_id=meeting.id, actor=who)
    except DomainError as exc:
        db.rollback()
        meeting = meeting_in(db, meeting_id, network_id=user.network_id)
        orgs = _organisations(db, user)
        blank = MinutesExtraction(meeting_date=extraction.meeting_date)
        errors = {"form": i18n.error_text(exc, lang)}
        return _review(
            request,
            db,
            user,
            meeting,
            blank,
            text,
            orgs,
            errors=errors,
            raw=raw,
            status=exc.status_code,
        )
    key = "minutes_approved" if form.get("action") == "approve" else "minutes_saved"
    request.session["flash"] = i18n.translate(key, lang)
    return see_other(f"/moten/{meeting.id}#minutes")


def _rows(f: Fields, prefix: str) -> list[int]:
    """Indexes of the rows of one section the coordinator kept (unchecked 'keep' drops a row)."""
    count = f.integer(f"n_{prefix}") or 0
    return [i for i in range(min(count, 500)) if f.checked(f"{prefix}-{i}-keep")]


def parse_review(f: Fields, meeting: Meeting) -> MinutesExtraction:
    """The reviewed form back into the extractor's contract; bad fields land in `f.errors`."""
    present = [
        PresentAttendee(
            name=f.text(f"present-{i}-name"),
            organisation=f.text(f"present-{i}-org") or None,
            items=[s.strip() for s in f.text(f"present-{i}-items").split(",") if s.strip()],
        )
        for i in _rows(f, "present")
        if f.text(f"present-{i}-name")
    ]
    absent = [
        AbsentAttendee(
            name=f.text(f"absent-{i}-name"), organisation=f.text(f"absent-{i}-org") or None
        )
        for i in _rows(f, "absent")
        if f.text(f"absent-{i}-name")
    ]
    agenda = [
        AgendaItem(number=f.integer(f"agenda-{i}-number"), title=f.text(f"agenda-{i}-title"))
        for i in _rows(f, "agenda")
        if f.text(f"agenda-{i}-title")
    ]
    decisions = [
        Decision(
            item=f.integer(f"decision-{i}-item"), text=f.text(f"decision-{i}-text", max_length=5000)
        )
        for i in _rows(f, "decision")
        if f.text(f"decision-{i}-text")
    ]
    return MinutesExtraction(
        meeting_date=local_date(meeting.starts_at),
        attendance=Attendance(present=present, absent=absent),
        agenda=agenda,
        decisions=decisions,
        action_items=_action_rows(f),
        dates=_date_rows(f),
    )


def _action_rows(f: Fields) -> list[ActionItem]:
    """The kept action items that have a text; an unknown kind becomes 'other'."""
    actions = []
    for i in _rows(f, "action"):
        title = f.text(f"action-{i}-title")
        body = f.text(f"action-{i}-text", max_length=5000) or title
        if not body:
            continue
        kind = f.text(f"action-{i}-kind")
        owner = f.text(f"action-{i}-owner")
        actions.append(
            ActionItem(
                text=body,
                title=title or None,
                owner_organisation=owner[2:] if owner.startswith("o:") else None,
                owner_name=owner[2:] if owner.startswith("m:") else None,
                due=f.day(f"action-{i}-due"),
                kind=kind if kind in ACTION_KINDS else "other",
                item=f.integer(f"action-{i}-item"),
            )
        )
    return actions


def _date_rows(f: Fields) -> list[MinutesDate]:
    """The kept dates; a kept row without a date is an error in `f.errors`."""
    dates = []
    for i in _rows(f, "date"):
        day = f.day(f"date-{i}-date", required=True)
        kind = f.text(f"date-{i}-kind")
        clock = f.clock(f"date-{i}-time")
        if day is not None:
            dates.append(
                MinutesDate(
                    date=day,
                    time=clock.strftime("%H:%M") if clock else None,
                    kind=kind if kind in DATE_KINDS else "other",
                    text=f.text(f"date-{i}-text", max_length=2000) or f.text(f"date-{i}-title"),
                    title=f.text(f"date-{i}-title") or None,
                )
            )
    return dates
