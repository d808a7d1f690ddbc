"""Member-facing endpoints behind signed links: RSVP, survey, click redirect, feeds, unsubscribe.

Mounted at the root (the paths are those of services.notifications.links). Expired links answer
410 with how to get a fresh one, forged ones 403; in both cases nothing changes. A shell like the
rest of services/api: each endpoint verifies the link and calls its domain.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from schemas.member_links import (
    Answer,
    FreshLinkIn,
    Message,
    RsvpIn,
    RsvpMeeting,
    RsvpOut,
    RsvpPreviewOut,
    SurveyFormOut,
    SurveyIn,
    SurveyQuestionOut,
    UnsubscribePreviewOut,
)
from services import messages
from services.api.deps import AppSettings, Db, get_link_signer
from services.api.errors import request_language
from services.api.responses import FOUND, MEMBER_LINK, REFUSED, Responses, problems
from services.feeds import service as feeds
from services.meetings.rsvp import current_answer, parse_answer, respond, rsvp_target
from services.notifications import links
from services.notifications.preferences import OPTIONAL_PREFERENCES, link_member, unsubscribe
from services.people.links import LinkExpired, LinkScope, LinkSigner, MemberLink
from services.people.mail import send_fresh_link
from services.surveys.answers import record_click, submit_answers, survey_view
from services.web import mail_links

# Browsers opening a mail link get a page (services.web.mail_links); API clients get JSON.
router = APIRouter(tags=["member links"], route_class=mail_links.MailLinkRoute)
Signer = Annotated[LinkSigner, Depends(get_link_signer)]


def verified(signer: LinkSigner, token: str, scope: LinkScope) -> MemberLink:
    try:
        return signer.verify(token, scope=scope)
    except LinkExpired as exc:
        raise LinkExpired("links.expired_ask_fresh", path=links.FRESH_LINK_PATH) from exc


# A browser (Accept: text/html) gets the page instead of JSON.
HTML_TOO: dict[str, Any] = {"text/html": {}}


def page_or(model: type[BaseModel]) -> Responses:
    return {200: {"model": model, "content": HTML_TOO}}


@router.get(
    "/rsvp/{token}",
    response_model=RsvpPreviewOut,
    responses=page_or(RsvpPreviewOut) | MEMBER_LINK | FOUND,
)
def rsvp_preview(
    request: Request,
    token: str,
    db: Db,
    signer: Signer,
    answer: Annotated[Answer | None, Query()] = None,
) -> RsvpPreviewOut | Response:
    """Shows the meeting and the current answer; changes nothing (mail scanners follow GETs)."""
    member, meeting = rsvp_target(db, verified(signer, token, "rsvp"))
    if mail_links.wants_html(request):
        return mail_links.rsvp_page(
            request, db, token=token, member=member, meeting=meeting, answer=answer
        )
    row = current_answer(db, meeting.id, member.id)
    return RsvpPreviewOut(
        meeting=RsvpMeeting(id=meeting.id, title=meeting.title, starts_at=meeting.starts_at),
        current=row.response.value if row else "needs_action",
        answer=answer,
        confirm=messages.render("links.post_to_answer", {}, request_language(request)),
    )


@router.post("/rsvp/{token}", response_model=RsvpOut, responses=MEMBER_LINK | FOUND | REFUSED)
def rsvp_answer(
    token: str,
    db: Db,
    signer: Signer,
    body: RsvpIn | None = None,
    answer: Annotated[Answer | None, Query()] = None,
) -> RsvpOut:
    link = verified(signer, token, "rsvp")
    chosen = parse_answer((body.answer if body else None) or answer)
    result = respond(
        db,
        link=link,
        answer=chosen,
        substitute_member_id=body.substitute_member_id if body else None,
    )
    return RsvpOut(
        meeting_id=result.meeting_id,
        response=result.response.value,
        substitute_member_id=result.substitute_member_id,
    )


@router.get(
    "/survey/{token}",
    response_model=SurveyFormOut,
    responses=page_or(SurveyFormOut) | MEMBER_LINK | FOUND,
)
def survey_form(request: Request, token: str, db: Db, signer: Signer) -> SurveyFormOut | Response:
    view = survey_view(db, link=verified(signer, token, "survey"))
    if mail_links.wants_html(request):
        return mail_links.survey_page(request, view, token=token)
    return SurveyFormOut(
        title=view.survey.title,
        anonymous=view.survey.anonymous,
        open=view.is_open,
        answered=view.recipient.responded_at is not None,
        closes_at=view.survey.closes_at,
        questions=[
            SurveyQuestionOut(id=q.id, kind=q.kind.value, text=q.text) for q in view.questions
        ],
    )


@router.post(
    "/survey/{token}",
    status_code=201,
    response_model=Message,
    responses=MEMBER_LINK | FOUND | REFUSED,
)
def survey_answer(request: Request, token: str, body: SurveyIn, db: Db, signer: Signer) -> Message:
    submit_answers(db, link=verified(signer, token, "survey"), answers=body.answers)
    return _said(request, "links.thanks_for_answer")


@router.get(
    "/survey/{token}/go",
    response_class=RedirectResponse,
    status_code=303,
    responses={303: {"description": "On to the survey (Location)."}} | MEMBER_LINK | FOUND,
)
def survey_click(token: str, db: Db, signer: Signer) -> RedirectResponse:
    """Counts the click, then sends the member on to the external survey (or our form)."""
    url = record_click(db, link=verified(signer, token, "survey"))
    return RedirectResponse(url or links.SURVEY_PATH.format(token=token), status_code=303)


class CalendarResponse(Response):
    media_type = "text/calendar"


CALENDAR: Responses = {200: {"description": "An iCalendar feed.", "content": {"text/calendar": {}}}}


def _feed_response(body: bytes) -> Response:
    return CalendarResponse(content=body, headers={"Cache-Control": "private, max-age=900"})


@router.get(
    "/feed/member/{token}.ics",
    response_class=CalendarResponse,
    responses=CALENDAR | MEMBER_LINK,
)
def member_feed(token: str, db: Db, settings: AppSettings) -> Response:
    link = verified(links.feed_signer(settings), token, "feed")
    member = feeds.feed_member(db, link, network_feed=False)
    return _feed_response(feeds.member_feed(db, member, settings=settings))


@router.get(
    "/feed/network/{token}.ics",
    response_class=CalendarResponse,
    responses=CALENDAR | MEMBER_LINK,
)
def network_feed(token: str, db: Db, settings: AppSettings) -> Response:
    link = verified(links.feed_signer(settings), token, "feed")
    member = feeds.feed_member(db, link, network_feed=True)
    return _feed_response(feeds.network_feed(db, member, settings=settings))


@router.get(
    "/unsubscribe/{token}",
    response_model=UnsubscribePreviewOut,
    responses=page_or(UnsubscribePreviewOut) | MEMBER_LINK | FOUND,
)
def unsubscribe_preview(
    request: Request, token: str, db: Db, signer: Signer
) -> UnsubscribePreviewOut | Response:
    member = link_member(db, verified(signer, token, "unsubscribe"))
    if mail_links.wants_html(request):
        return mail_links.unsubscribe_page(request, token=token, member=member)
    prefs = member.notification_preferences or {}
    return UnsubscribePreviewOut(
        preferences={key: bool(prefs.get(key, True)) for key in OPTIONAL_PREFERENCES},
        confirm=messages.render("links.post_to_unsubscribe", {}, request_language(request)),
    )


@router.post("/unsubscribe/{token}", response_model=Message, responses=MEMBER_LINK | FOUND)
def unsubscribe_now(request: Request, token: str, db: Db, signer: Signer) -> Message:
    """RFC 8058 one-click: mail clients POST 'List-Unsubscribe=One-Click' here."""
    unsubscribe(db, link=verified(signer, token, "unsubscribe"))
    return _said(request, "links.reminders_off")


@router.post(
    links.FRESH_LINK_PATH, status_code=202, response_model=Message, responses=problems(503)
)
def fresh_link(request: Request, body: FreshLinkIn, db: Db, settings: AppSettings) -> Message:
    """A genuine but expired link may ask for a new member link, sent to the address on file."""
    send_fresh_link(db, token=body.token, secret=settings.secret_key.get_secret_value())
    return _said(request, "links.fresh_sent")


def _said(request: Request, message_code: str) -> Message:
    """A confirmation in the client's language (Accept-Language), else in both."""
    return Message(detail=messages.render(message_code, {}, request_language(request)))
