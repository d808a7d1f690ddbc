"""Pages behind the links of series mails: a GET only shows what a click would record (mail
scanners follow links), the page's one POST button records it and says thank you."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from schemas.series import ConsentIn
from services.api.deps import Db, get_link_signer
from services.auth.service import LinkExpired, LinkInvalid, LinkScope, LinkSigner
from services.errors import Invalid, NotFound
from services.meetings.models import Meeting
from services.meetings.queries import find_meeting, series_in
from services.notifications.links import CONSENT_OBJECTS, CONSENT_PATH, CONSENT_WORKS, POLL_PATH
from services.people.models import Member
from services.series.access import member_link, plan_of
from services.series.consent import record_consent
from services.series.mail import slot_label
from services.series.models import PreferencePoll
from services.series.polls import record_vote
from services.series.queries import consent_given, poll_in
from services.web import i18n
from services.web.forms import Fields
from services.web.pages import Form, PageRoute, error_page, render

router = APIRouter(route_class=PageRoute)
Signer = Annotated[LinkSigner, Depends(get_link_signer)]
ANSWERS = {CONSENT_WORKS: True, CONSENT_OBJECTS: False}


class LinkProblem(Exception):
    """The link is forged or expired: a page that says so, and nothing changes."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status, self.key = status, key


def _verified(db: Db, signer: LinkSigner, token: str, scope: LinkScope) -> tuple[Any, ...]:
    try:
        return member_link(db, signer, token, scope)
    except LinkExpired as exc:
        raise LinkProblem(410, "link_expired_ask") from exc
    except LinkInvalid as exc:
        raise LinkProblem(403, "link_invalid") from exc


def _problem(request: Request, problem: LinkProblem) -> HTMLResponse:
    return error_page(request, problem.status, i18n.translate(problem.key, i18n.lang_of(request)))


def _answer(value: object) -> bool:
    if not isinstance(value, str) or value not in ANSWERS:
        raise Invalid("consent.unknown_answer", field="svar")
    return ANSWERS[value]


def _meeting(db: Db, member: Member, meeting_id: Any) -> Meeting:
    meeting = find_meeting(db, meeting_id, network_id=member.network_id)
    if meeting is None or meeting.series_id is None:
        raise NotFound("consent.meeting_not_found")
    return meeting


@router.get(CONSENT_PATH, response_class=HTMLResponse)
def consent_page(
    request: Request, token: str, db: Db, signer: Signer, svar: str = CONSENT_OBJECTS
) -> HTMLResponse:
    """Shows the date and the answer the click chose; changes nothing."""
    try:
        member, meeting_id, _ = _verified(db, signer, token, "rsvp")
    except LinkProblem as problem:
        return _problem(request, problem)
    meeting = _meeting(db, member, meeting_id)
    plan = plan_of(db, meeting.series_id) if meeting.series_id else None
    current = consent_given(db, meeting_id=meeting.id, member_id=member.id)
    context = {
        "kind": "consent",
        "member": member,
        "meeting": meeting,
        "works": _answer(svar),
        "svar": svar,
        "current": current,
        "reply_by": plan.reply_by if plan else None,
        "action": CONSENT_PATH.format(token=token),
    }
    return render(request, "series_answer.html", context)


@router.post(CONSENT_PATH, response_class=HTMLResponse)
def consent_answer(
    request: Request, token: str, db: Db, signer: Signer, form: Form
) -> HTMLResponse:
    """Records the answer (a later one replaces it) and thanks the member."""
    try:
        member, meeting_id, actor = _verified(db, signer, token, "rsvp")
    except LinkProblem as problem:
        return _problem(request, problem)
    f = Fields(form, i18n.lang_of(request))
    works = _answer(f.text("svar"))
    comment = f.text("comment", max_length=2000) or None
    record_consent(
        db,
        member=member,
        meeting_id=meeting_id,
        data=ConsentIn(works=works, comment=comment),
        actor=actor,
    )
    meeting = _meeting(db, member, meeting_id)
    return render(request, "series_thanks.html", {"meeting": meeting, "works": works})


@router.get(POLL_PATH, response_class=HTMLResponse)
def poll_page(request: Request, token: str, db: Db, signer: Signer, slot: str) -> HTMLResponse:
    """Shows the option the click chose; changes nothing."""
    try:
        member, poll_id, _ = _verified(db, signer, token, "poll")
    except LinkProblem as problem:
        return _problem(request, problem)
    poll = _poll(db, member, poll_id, slot)
    series = series_in(db, poll.series_id, network_id=member.network_id)
    context = {
        "kind": "poll",
        "member": member,
        "series": series,
        "slot": slot,
        "label": slot_label(slot, i18n.lang_of(request)),
        "closes_on": poll.closes_on,
        "action": POLL_PATH.format(token=token),
    }
    return render(request, "series_answer.html", context)


@router.post(POLL_PATH, response_class=HTMLResponse)
def poll_vote(request: Request, token: str, db: Db, signer: Signer, form: Form) -> HTMLResponse:
    try:
        member, poll_id, actor = _verified(db, signer, token, "poll")
    except LinkProblem as problem:
        return _problem(request, problem)
    slot = Fields(form, i18n.lang_of(request)).text("slot")
    _poll(db, member, poll_id, slot)
    record_vote(db, member=member, poll_id=poll_id, slot=slot, suits=True, actor=actor)
    label = slot_label(slot, i18n.lang_of(request))
    return render(request, "series_thanks.html", {"label": label})


def _poll(db: Db, member: Member, poll_id: Any, slot: str) -> PreferencePoll:
    poll = poll_in(db, poll_id, network_id=member.network_id)
    if poll is None:
        raise NotFound("polls.not_found")
    if slot not in poll.options:
        raise Invalid("polls.unknown_option", slot=slot)
    return poll
