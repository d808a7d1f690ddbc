"""'Mina uppgifter': a member's own tasks, meetings, surveys and settings, via a signed link."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from infra.clock import utcnow
from services.actors import Actor
from services.api.deps import AppSettings, Db, get_link_signer
from services.audit.service import record_audit
from services.auth.service import LinkSigner, MemberLink
from services.errors import Invalid, NotFound
from services.meetings.queries import answers_of, upcoming_for
from services.meetings.rsvp import parse_answer, respond
from services.notifications import links
from services.people.links import linked_member
from services.people.mail import send_fresh_link
from services.people.models import Member
from services.people.queries import colleagues_of
from services.surveys.queries import unanswered_surveys
from services.tasks.queries import done_tasks_of, open_tasks_of, own_task_for_update
from services.tasks.service import complete_task
from services.web import feed_links, i18n
from services.web.forms import Fields
from services.web.pages import Form, PageRoute, field, render, see_other

router = APIRouter(route_class=PageRoute)
Signer = Annotated[LinkSigner, Depends(get_link_signer)]
PREFERENCES = ("task_reminder", "meeting_reminder", "weekly_digest")
PREFERENCE_LABELS = {  # each preference's catalogue key on the page
    "task_reminder": "notif_reminders",
    "meeting_reminder": "notif_meetings",
    "weekly_digest": "notif_digest",
}


def link_member(token: str, db: Db, signer: Signer) -> Member:
    """The member a general ('member') link was signed for; expired links raise LinkExpired."""
    link = signer.verify(token, scope="member")
    return linked_member(db, link)


LinkMember = Annotated[Member, Depends(link_member)]


def member_actor(member: Member) -> Actor:
    return Actor(kind="member", id=member.id, network_id=member.network_id)


@router.get("/m/{token}", response_class=HTMLResponse)
def member_page(
    request: Request, token: str, db: Db, member: LinkMember, signer: Signer, settings: AppSettings
) -> HTMLResponse:
    """Open and recently done tasks, coming meetings with the member's answer, open surveys."""
    now = utcnow()
    meetings = upcoming_for(db, member, now=now)
    surveys = unanswered_surveys(db, member.id, now=now)
    survey_links = {  # our form, or the click-counting redirect to an external survey
        s.id: (links.SURVEY_CLICK_PATH if s.external_url else links.SURVEY_PATH).format(
            token=signer.sign(member, scope="survey", subject_id=s.id)
        )
        for s in surveys
    }
    context: dict[str, Any] = {
        "member": member,
        "token": token,
        "open_tasks": open_tasks_of(db, member),
        "done_tasks": done_tasks_of(db, member),
        "meetings": meetings,
        "rsvps": answers_of(db, member.id, [m.id for m in meetings]),
        "surveys": surveys,
        "survey_links": survey_links,
        "colleagues": colleagues_of(db, member),
        "feeds": feed_links.member_feeds(settings, member),  # long-lived: calendars poll
        "prefs": {key: member.notification_preferences.get(key, True) for key in PREFERENCES},
        "pref_keys": PREFERENCE_LABELS,
        "today": now.date(),
    }
    return render(request, "member.html", context)


@router.post("/m/{token}/uppgift/{task_id}/klar")
def mark_done(
    request: Request, token: str, task_id: uuid.UUID, db: Db, member: LinkMember, form: Form
) -> Response:
    """Only the member's own tasks; anything else is 'not found', never 'forbidden'."""
    task = own_task_for_update(db, member, task_id)
    if task is None:
        raise NotFound("tasks.not_found")
    comment = Fields(form, i18n.lang_of(request)).text("comment", max_length=2000)
    complete_task(db, task=task, actor=member_actor(member), comment=comment or None)
    request.session["flash"] = i18n.translate("saved", i18n.lang_of(request))
    return see_other(f"/m/{token}#tasks")


@router.post("/m/{token}/svar/{meeting_id}")
def rsvp(
    request: Request, token: str, meeting_id: uuid.UUID, db: Db, member: LinkMember, form: Form
) -> Response:
    """Accept, maybe or decline (optionally naming a substitute): the mail link's rules, through
    rsvp.respond (invited only, scheduled and not over, substitute from the same organisation)."""
    answer = parse_answer(field(form, "response") or None)
    substitute = field(form, "substitute_member_id")
    try:
        substitute_id = uuid.UUID(substitute) if substitute else None
    except ValueError:
        raise Invalid("forms.bad_choice", field="substitute_member_id") from None
    link = MemberLink(
        member.id, member.network_id, "rsvp", subject_id=meeting_id, version=member.link_version
    )
    respond(db, link=link, answer=answer, substitute_member_id=substitute_id)
    request.session["flash"] = i18n.translate("saved", i18n.lang_of(request))
    return see_other(f"/m/{token}#meetings")


@router.post("/m/{token}/installningar")
def settings_form(request: Request, token: str, db: Db, member: LinkMember, form: Form) -> Response:
    f = Fields(form, i18n.lang_of(request))
    member.notification_preferences = {key: f.checked(key) for key in PREFERENCES}
    language = f.text("language")
    if language in i18n.LANGS:
        member.language = language
    _audit(db, member, "update_preferences", "member", member.id)
    request.session["flash"] = i18n.translate("saved", i18n.lang_of(request))
    return see_other(f"/m/{token}#settings")


@router.post("/m/ny-lank", response_class=HTMLResponse)
def fresh_link(request: Request, db: Db, settings: AppSettings, form: Form) -> HTMLResponse:
    """An expired (but genuine) link may ask for a new one, sent only to the address on file.

    Any scope will do: the expired link may be a mail's RSVP, survey or unsubscribe link."""
    secret = settings.secret_key.get_secret_value()
    send_fresh_link(db, token=str(form.get("token") or ""), secret=secret)
    return render(request, "link_problem.html", {"sent": True, "token": ""})


def _audit(db: Session, member: Member, action: str, entity: str, entity_id: uuid.UUID) -> None:
    record_audit(
        db,
        actor=member_actor(member),
        action=action,
        entity_type=entity,
        entity_id=entity_id,
        network_id=member.network_id,
    )
