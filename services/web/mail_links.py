"""Pages behind the links in members' mails: RSVP, survey and unsubscribe, for browsers.

The mail links are GETs of services.api.member_links; when a browser asks for HTML those render
the pages here. A GET only shows (mail scanners follow links); the page's one form posts to the
routes below, which record and say thanks. API clients keep getting JSON on the same GET paths.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from infra.clock import utcnow
from services.api.deps import Db, get_link_signer
from services.api.routing import Endpoint
from services.auth.service import LinkSigner
from services.errors import Invalid
from services.meetings.models import Meeting, MeetingStatus, RsvpResponse
from services.meetings.rsvp import ANSWERS, current_answer, parse_answer, respond, rsvp_target
from services.notifications import links
from services.notifications.preferences import OPTIONAL_PREFERENCES, link_member, unsubscribe
from services.people.models import Member
from services.people.queries import colleagues_of
from services.surveys.answers import SurveyView, submit_answers, survey_view, validate_answers
from services.surveys.models import QuestionKind
from services.web import i18n
from services.web.pages import Form, PageRoute, render

Signer = Annotated[LinkSigner, Depends(get_link_signer)]
RSVP_FORM_PATH = links.RSVP_PATH + "/svar"
SURVEY_FORM_PATH = links.SURVEY_PATH + "/svar"
UNSUBSCRIBE_FORM_PATH = links.UNSUBSCRIBE_PATH + "/bekrafta"
HTML_TYPES = ("text/html", "application/xhtml+xml")


def wants_html(request: Request) -> bool:
    """A browser (text/html preferred over JSON); API clients send application/json or */*."""
    html_q = json_q = 0.0
    for part in request.headers.get("accept", "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media.lower() in HTML_TYPES:
            html_q = max(html_q, q)
        elif media.lower() == "application/json":
            json_q = max(json_q, q)
    return html_q > 0 and html_q >= json_q


class MailLinkRoute(PageRoute):
    """For browsers, errors of mail-link GETs are pages (as on the dashboard); for APIs, JSON."""

    def get_route_handler(self) -> Endpoint:
        page = super().get_route_handler()
        plain = super(PageRoute, self).get_route_handler()

        async def handler(request: Request) -> Any:
            return await (page if wants_html(request) else plain)(request)

        return handler


router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _lang(request: Request) -> i18n.Lang:
    return i18n.lang_of(request)


def _done(request: Request, message: str) -> HTMLResponse:
    return render(request, "mail_done.html", {"message": message})


# RSVP


def rsvp_page(
    request: Request,
    db: Session,
    *,
    token: str,
    member: Member,
    meeting: Meeting,
    answer: str | None = None,
    errors: dict[str, str] | None = None,
    substitute: str = "",
    status: int = 200,
) -> HTMLResponse:
    row = current_answer(db, meeting.id, member.id)
    answerable = meeting.status == MeetingStatus.scheduled and meeting.ends_at > utcnow()
    chosen = ANSWERS.get(answer or "")
    order = [RsvpResponse.accepted, RsvpResponse.tentative, RsvpResponse.declined]
    if chosen is not None:
        order = [chosen, *(r for r in order if r != chosen)]
    context: dict[str, Any] = {
        "member": member,
        "meeting": meeting,
        "current": row.response.value if row else RsvpResponse.needs_action.value,
        "answerable": answerable,
        "chosen": chosen.value if chosen else None,
        "order": [r.value for r in order],
        "colleagues": colleagues_of(db, member),
        "substitute": substitute,
        "action": RSVP_FORM_PATH.format(token=token),
        "errors": errors or {},
    }
    return render(request, "mail_rsvp.html", context, status=status)


@router.post(RSVP_FORM_PATH, response_class=HTMLResponse)
def rsvp_submit(request: Request, token: str, db: Db, signer: Signer, form: Form) -> HTMLResponse:
    link = signer.verify(token, scope="rsvp")
    member, meeting = rsvp_target(db, link)
    raw_answer = _text(form, "response")
    raw_substitute = _text(form, "substitute_member_id")
    try:
        answer = parse_answer(raw_answer)
        substitute = _uuid(raw_substitute, "substitute_member_id")
        respond(db, link=link, answer=answer, substitute_member_id=substitute)
    except Invalid as exc:
        field = exc.field or "answer"
        return rsvp_page(
            request,
            db,
            token=token,
            member=member,
            meeting=meeting,
            answer=raw_answer,
            errors={field: i18n.error_text(exc, i18n.lang_of(request))},
            substitute=raw_substitute,
            status=422,
        )
    return _done(request, i18n.translate(f"thanks_{answer.value}", _lang(request)))


# Survey


def survey_page(
    request: Request,
    view: SurveyView,
    *,
    token: str,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "survey": view.survey,
        "questions": view.questions,
        "is_open": view.is_open,
        "answered": view.recipient.responded_at is not None,
        "scale": range(1, 6),
        "values": values or {},
        "action": SURVEY_FORM_PATH.format(token=token),
        "external": links.SURVEY_CLICK_PATH.format(token=token)
        if view.survey.external_url
        else None,
        "errors": errors or {},
    }
    return render(request, "mail_survey.html", context, status=status)


def _survey_answers(
    view: SurveyView, form: FormData, lang: i18n.Lang
) -> tuple[dict[str, str], dict[str, str]]:
    """The form's answers and the errors per question (scale questions must be answered)."""
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in view.questions:
        key = str(question.id)
        value = _text(form, f"q-{key}")
        if not value:
            if question.kind == QuestionKind.scale:
                errors[key] = i18n.translate("required", lang)
            continue
        try:  # the service's own check, one question at a time, so each error sits by its field
            validate_answers(view.questions, {key: value})
        except Invalid as exc:
            errors[key] = i18n.error_text(exc, lang)
        answers[key] = value
    return answers, errors


@router.post(SURVEY_FORM_PATH, response_class=HTMLResponse)
def survey_submit(request: Request, token: str, db: Db, signer: Signer, form: Form) -> HTMLResponse:
    link = signer.verify(token, scope="survey")
    view = survey_view(db, link=link)
    answers, errors = _survey_answers(view, form, _lang(request))
    if view.is_open and view.recipient.responded_at is None:
        if not errors and not answers:
            errors["answers"] = i18n.translate("no_answers", _lang(request))
        if errors:
            return survey_page(
                request, view, token=token, errors=errors, values=answers, status=422
            )
    submit_answers(db, link=link, answers=answers)  # closed or already answered: 409 page
    return _done(request, i18n.translate("thanks_survey", _lang(request)))


# Unsubscribe


def unsubscribe_page(request: Request, *, token: str, member: Member) -> HTMLResponse:
    prefs = member.notification_preferences or {}
    context = {
        "member": member,
        "already": not any(prefs.get(key, True) for key in OPTIONAL_PREFERENCES),
        "action": UNSUBSCRIBE_FORM_PATH.format(token=token),
    }
    return render(request, "mail_unsubscribe.html", context)


@router.post(UNSUBSCRIBE_FORM_PATH, response_class=HTMLResponse)
def unsubscribe_submit(
    request: Request, token: str, db: Db, signer: Signer, form: Form
) -> HTMLResponse:
    link = signer.verify(token, scope="unsubscribe")
    link_member(db, link)
    unsubscribe(db, link=link)
    return _done(request, i18n.translate("thanks_unsubscribe", _lang(request)))


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _uuid(value: str, field: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Invalid("forms.bad_choice", field=field) from None
