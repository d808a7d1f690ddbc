"""Organisations and members, deadlines, series, surveys and sent mail: the registers."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from schemas.meetings import SurveyTemplateIn
from schemas.people import MemberIn, MemberPatch
from schemas.tasks import DeadlineIn
from services.api.deps import Db
from services.auth.models import UserAccount
from services.deadlines import queries as deadline_queries
from services.deadlines.service import register_deadline
from services.errors import Conflict, DomainError, NotFound
from services.meetings import queries as meeting_queries
from services.meetings.models import Meeting
from services.notifications import queries as notification_queries
from services.people import queries as people_queries
from services.people import service as people
from services.people.mail import welcome
from services.people.models import Member
from services.privacy.erase import is_erased
from services.surveys import queries as survey_queries
from services.surveys import stats as survey_stats
from services.surveys.service import parse_template, set_survey_template
from services.web import i18n
from services.web.deadline_pages import read_deadline_form
from services.web.forms import Fields
from services.web.pages import Form, PageRoute, PageUser, PageWriter, actor, render, see_other
from services.web.series_report import consent_reports

router = APIRouter(route_class=PageRoute)


@router.get("/organisationer", response_class=HTMLResponse)
def people_page(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    return _people(request, db, user, values={}, errors={})


def _people(
    request: Request,
    db: Session,
    user: UserAccount,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    orgs = people_queries.organisations(db, user.network_id)
    # an erased member's placeholder row only keeps the counts: nobody to show or reactivate
    members = [m for m in people_queries.members(db, user.network_id) if not is_erased(m)]
    by_org: dict[uuid.UUID, list[Member]] = {o.id: [] for o in orgs}
    for member in members:
        by_org.setdefault(member.organisation_id, []).append(member)
    context = {"user": user, "orgs": orgs, "by_org": by_org, "v": values, "errors": errors}
    return render(request, "people.html", context, status=status)


@router.post("/organisationer/medlemmar", response_class=HTMLResponse)
def invite_member(request: Request, db: Db, user: PageWriter, form: Form) -> Response:
    """A new member gets a welcome mail with their personal link."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    values = {
        "name": f.text("name"),
        "email": f.text("email"),
        "organisation_id": f.text("organisation_id"),
    }
    name, email = f.text("name", required=True, max_length=200), f.text("email", required=True)
    org_id = f.ident("organisation_id")
    if org_id is None and "organisation_id" not in f.errors:
        f.errors["organisation_id"] = i18n.translate("required", lang)
    if f.errors:
        return _people(request, db, user, values=values, errors=f.errors, status=422)
    try:
        data = MemberIn(name=name, email=email, organisation_id=org_id)
    except ValidationError:
        bad = i18n.translate("bad_email", lang)
        return _people(request, db, user, values=values, errors={"email": bad}, status=422)
    try:
        member = people.create_member(db, data=data, actor=actor(user))
    except DomainError as exc:
        db.rollback()
        errors = {exc.field or "email": i18n.error_text(exc, lang)}
        return _people(request, db, user, values=values, errors=errors, status=exc.status_code)
    welcome(db, member)
    request.session["flash"] = i18n.translate("saved", lang)
    return see_other("/organisationer")


@router.post("/organisationer/medlemmar/{member_id}", response_class=HTMLResponse)
def change_member(
    request: Request, member_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Deactivate, reactivate or move a member to another organisation."""
    member = people_queries.member_in(db, member_id, network_id=user.network_id)
    if member is not None and is_erased(member):  # reactivated, the placeholder would get mail
        raise NotFound("people.unknown_member")
    f = Fields(form, i18n.lang_of(request))
    op = f.text("op")
    if op == "deactivate":
        patch = MemberPatch(active=False)
    elif op == "activate":
        patch = MemberPatch(active=True)
    else:
        # An unknown or foreign organisation is a form error next to the select, not a 404 page.
        posted = f.text("organisation_id", max_length=40)
        target = f.ident("organisation_id")
        org = (
            people_queries.organisation_in(db, target, network_id=user.network_id)
            if target
            else None
        )
        if org is None:
            message = i18n.translate("unknown_organisation" if posted else "required", f.lang)
            errors = {f"move-{member_id}": message}
            return _people(request, db, user, values={}, errors=errors, status=422)
        patch = MemberPatch(organisation_id=org.id)
    people.update_member(db, member_id=member_id, data=patch, actor=actor(user))
    request.session["flash"] = i18n.translate("saved", f.lang)
    return see_other("/organisationer")


@router.get("/deadlines", response_class=HTMLResponse)
def deadlines(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    return _deadlines(request, db, user, values={"closes_time": "23:59"}, errors={})


def _deadlines(
    request: Request,
    db: Session,
    user: UserAccount,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    rows = deadline_queries.deadlines_with_issuer(db, user.network_id)
    orgs = people_queries.organisations(db, user.network_id)
    context = {"user": user, "rows": rows, "orgs": orgs, "v": values, "errors": errors}
    return render(request, "deadlines.html", context, status=status)


DEADLINE_FIELDS = (
    "title",
    "opens",
    "closes",
    "closes_time",
    "organisation_id",
    "url",
    "description",
)


@router.post("/deadlines", response_class=HTMLResponse)
def create_deadline(request: Request, db: Db, user: PageWriter, form: Form) -> Response:
    """A deadline or application window; register_deadline arms its reminder timers."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    values = {name: f.text(name, max_length=5000) for name in DEADLINE_FIELDS}
    patch = read_deadline_form(db, user, f, new=True)
    if patch is None:
        return _deadlines(request, db, user, values=values, errors=f.errors, status=422)
    data = DeadlineIn.model_validate(patch.model_dump())
    try:
        register_deadline(db, data=data, actor=actor(user))
    except DomainError as exc:
        db.rollback()
        message = (
            i18n.translate("deadline_exists", lang)
            if isinstance(exc, Conflict)
            else i18n.error_text(exc, lang)
        )
        errors = {"title": message}
        return _deadlines(request, db, user, values=values, errors=errors, status=exc.status_code)
    request.session["flash"] = i18n.translate("saved", lang)
    return see_other("/deadlines")


@router.get("/serier", response_class=HTMLResponse)
def series(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    """Each series with its meetings, in two queries."""
    all_series = meeting_queries.series_of(db, user.network_id)
    meetings: dict[uuid.UUID | None, list[Meeting]] = {}
    for meeting in meeting_queries.meetings_of(db, user.network_id, newest_first=False):
        meetings.setdefault(meeting.series_id, []).append(meeting)
    reports = consent_reports(db, all_series, actor(user))
    context = {"user": user, "series": all_series, "meetings": meetings, "reports": reports}
    return render(request, "series.html", context)


@router.get("/enkater", response_class=HTMLResponse)
def surveys(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    return _surveys(request, db, user, values={}, errors={})


def _surveys(
    request: Request,
    db: Session,
    user: UserAccount,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    """Rates per survey and per organisation, 1–5 averages, and each series' survey settings."""
    all_series = meeting_queries.series_of(db, user.network_id)
    averages: dict[uuid.UUID, list[survey_stats.ScaleAverage]] = {}
    for average in survey_stats.scale_averages(db, network_id=user.network_id):
        averages.setdefault(average.survey_id, []).append(average)
    context: dict[str, Any] = {
        "user": user,
        "rates": survey_queries.survey_rates(db, user.network_id),
        "by_org": survey_stats.response_rates_by_organisation(db, network_id=user.network_id),
        "averages": averages,
        "series": [(s, parse_template(s.survey_template)) for s in all_series],
        "v": values,
        "errors": errors,
    }
    return render(request, "surveys.html", context, status=status)


@router.post("/enkater/installningar", response_class=HTMLResponse)
def save_survey_template(request: Request, db: Db, user: PageWriter, form: Form) -> Response:
    """A series' survey: external link (http/https) or our questions, anonymous, open days."""
    lang = i18n.lang_of(request)
    f = Fields(form, lang)
    values = {n: f.text(n, max_length=1000) for n in ("series_id", "external_url", "open_days")}
    values["anonymous"] = "1" if f.checked("anonymous") else ""
    series_id = f.ident("series_id")
    series = (
        meeting_queries.series_in(db, series_id, network_id=user.network_id) if series_id else None
    )
    if series is None:
        f.errors["series_id"] = i18n.translate("unknown_series", lang)
    open_days = f.integer("open_days")
    try:
        data = SurveyTemplateIn(
            external_url=values["external_url"] or None,
            anonymous=f.checked("anonymous"),
            open_days=7 if open_days is None else open_days,
        )
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "external_url"
            key = "bad_url" if name == "external_url" else "open_days_range"
            f.errors.setdefault(name, i18n.translate(key, lang))
    if f.errors or series is None:
        return _surveys(request, db, user, values=values, errors=f.errors, status=422)
    set_survey_template(db, series_id=series.id, data=data, actor=actor(user))
    request.session["flash"] = i18n.translate("saved", lang)
    return see_other("/enkater")


@router.get("/post", response_class=HTMLResponse)
def sent_mail(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    """What the service sent or tried to send (in the embedded mode: what the catcher got)."""
    rows, total = notification_queries.sent_mails(db, user.network_id)
    return render(request, "mail.html", {"user": user, "rows": rows, "total": total})
