"""The coordinator's series cycle on pages: create, ask about weekdays, propose, send for silent
consent, read the replies, confirm; also regular series by rule and the 'kommun i fokus' order.

Every action says what happened and whom it reached; a refusal re-renders the page with the
message next to its field (400), and the route rolls the request's transaction back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.common import WebUrl
from schemas.series import ProposalOut
from services.api.deps import Db
from services.auth.models import UserAccount
from services.errors import DomainError
from services.meetings.audience import meeting_audience
from services.series import consent, links, polls, queries, rotation, service
from services.series.queries import SeriesState
from services.web import i18n, series_view
from services.web.pages import (
    Form,
    PageRoute,
    PageUser,
    PageWriter,
    actor,
    flash_and_go,
    render,
    say,
)
from services.web.series_forms import (
    WEEKDAYS,
    Parsed,
    patch_form,
    poll_form,
    proposal_form,
    recurring_form,
    rotation_form,
    send_form,
    series_form,
    service_error,
)

router = APIRouter(route_class=PageRoute)
REFUSED = 400
_WEB_URL: TypeAdapter[str] = TypeAdapter(WebUrl)


@router.get("/serier/ny", response_class=HTMLResponse)
def new_series_page(request: Request, user: PageWriter) -> HTMLResponse:
    return render(request, "series_new.html", {"user": user, "v": {}})


@router.post("/serier/ny", response_class=HTMLResponse)
def create_series(request: Request, db: Db, user: PageWriter, form: Form) -> Response:
    """Step 1: the series itself; the planning page comes next."""
    parsed = series_form(form, i18n.lang_of(request))
    if parsed.errors:
        context = {"user": user, "v": parsed.values, "errors": parsed.errors}
        return render(request, "series_new.html", context, status=REFUSED)
    series = service.create_series(db, data=parsed.data, actor=actor(user))
    return flash_and_go(request, "series_created", f"/serier/{series.id}", name=series.name)


@router.get("/serier/{series_id}", response_class=HTMLResponse)
def series_page(request: Request, series_id: uuid.UUID, db: Db, user: PageUser) -> Response:
    return _page(request, db, user, series_id)


@router.get("/serier/{series_id}/enkat/resultat", response_class=HTMLResponse)
def poll_results(request: Request, series_id: uuid.UUID, db: Db, user: PageUser) -> Response:
    """The poll's tally alone, for htmx to refresh while answers come in."""
    results = polls.poll_results(db, series_id=series_id, actor=actor(user))
    context = {"results": results, "slot_labels": _labeller(request)}
    return render(request, "_series_poll_results.html", context)


def _labeller(request: Request) -> Callable[[list[str]], str]:
    """Half-day tokens as words in the page's language, for the templates."""
    lang = i18n.lang_of(request)
    return lambda tokens: series_view.labels(tokens, lang)


def _page(
    request: Request,
    db: Session,
    user: UserAccount,
    series_id: uuid.UUID,
    *,
    parsed: Parsed | None = None,
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    """The planning page: each step with its state, the posted values and errors kept."""
    who = actor(user)
    state = queries.series_state(db, series_id=series_id, actor=who)
    plan = state.plan
    results = polls.poll_results(db, series_id=series_id, actor=who) if state.poll else None
    report = None
    if plan is not None and plan.sent_at is not None:
        report = consent.consent_report(db, series_id=series_id, actor=who)
    lang = i18n.lang_of(request)
    context = {
        "user": user,
        "s": state.series,
        "state": state,
        "plan": plan,
        "rows": series_view.rows(state.meetings),
        "marks": series_view.term_marks(
            plan.term if plan else state.series.term, plan.region if plan else None
        ),
        "results": results,
        "report": report,
        "audience": queries.audience(  # once confirmed, those the proposal went to
            db, network_id=state.series.network_id, meetings=state.proposed or state.meetings
        ),
        "members": queries.poll_audience(db, network_id=state.series.network_id),
        "slots": series_view.slot_options(lang),
        "weekday_options": [o for o in series_view.slot_options(lang) if o[0] in WEEKDAYS],
        "slot_labels": _labeller(request),
        "places": _places(state),
        "v": _defaults(state) | (parsed.values if parsed else {}),
        "errors": parsed.errors if parsed else {},
        **extra,
    }
    return render(request, "series_plan.html", context, status=status)


def _defaults(state: SeriesState) -> dict[str, Any]:
    """What the forms show before anything is posted: the series' own values."""
    s = state.series
    return {
        "name": s.name,
        "description": s.description,
        "default_location": s.default_location or "",
        "series_online_url": s.default_online_url or "",
        "term": (state.plan.term if state.plan else s.term) or "",
        "count": "3",
        "duration": "180",
    }


def _places(state: SeriesState) -> dict[str, str]:
    """Each organisation's current place in the presenter order ('' when not presenting)."""
    order = state.series.presenter_rotation or []
    return {f"place-{org_id}": str(n) for n, org_id in enumerate(order, 1)}


def _refused(
    request: Request, db: Session, user: UserAccount, series_id: uuid.UUID, parsed: Parsed
) -> HTMLResponse:
    db.rollback()  # a refusal changes nothing, and the page reads what is stored
    return _page(request, db, user, series_id, parsed=parsed, status=REFUSED)


@router.post("/serier/{series_id}/uppgifter", response_class=HTMLResponse)
def update_series(
    request: Request, series_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    parsed = patch_form(form, i18n.lang_of(request))
    if parsed.errors:
        return _refused(request, db, user, series_id, parsed)
    service.update_series(db, series_id=series_id, data=parsed.data, actor=actor(user))
    return flash_and_go(request, "series_saved", f"/serier/{series_id}")


@router.post("/serier/{series_id}/enkat", response_class=HTMLResponse)
def open_poll(
    request: Request, series_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Step 2: ask every member which weekdays and half-days suit them."""
    lang = i18n.lang_of(request)
    parsed = poll_form(form, lang)
    if not parsed.errors:
        try:
            poll = polls.open_poll(db, series_id=series_id, data=parsed.data, actor=actor(user))
        except DomainError as exc:
            parsed.errors = service_error(exc, lang, "closes_on", "series_poll_refused")
    if parsed.errors:
        return _refused(request, db, user, series_id, parsed)
    n = queries.poll_audience(db, network_id=poll.network_id)
    return flash_and_go(request, "series_poll_opened", f"/serier/{series_id}#enkat", n=n)


@router.post("/serier/{series_id}/forslag", response_class=HTMLResponse)
def propose(
    request: Request, series_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Step 3: the proposed dates, shown with why the planner passed closer days over."""
    lang = i18n.lang_of(request)
    parsed = proposal_form(form, lang)
    proposal: ProposalOut | None = None
    if not parsed.errors:
        try:
            proposal = service.propose(db, series_id=series_id, data=parsed.data, actor=actor(user))
        except DomainError as exc:
            parsed.errors = service_error(exc, lang, "count", "series_propose_refused")
    if proposal is None:
        return _refused(request, db, user, series_id, parsed)
    db.flush()
    count = sum(1 for m in proposal.meetings if m.adjacent_to_id is None)
    flash = say(request, "series_proposed", n=count)
    skipped = series_view.skipped(proposal.explanations, proposal.meetings, lang)
    return _page(request, db, user, series_id, parsed=parsed, flash=flash, skipped=skipped)


@router.post("/serier/{series_id}/skicka", response_class=HTMLResponse)
def send_proposal(
    request: Request, series_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Step 4: first say who gets the proposal and ask once; then send it."""
    lang = i18n.lang_of(request)
    parsed = send_form(form, lang)
    state = queries.series_state(db, series_id=series_id, actor=actor(user))
    n = queries.audience(db, network_id=state.series.network_id, meetings=state.proposed)
    if not parsed.errors and not parsed.values["confirmed"]:
        context = {
            "user": user,
            "s": state.series,
            "n": n,
            "rows": series_view.rows(state.proposed),
        }
        context |= {"reply_by": parsed.data.reply_by, "v": parsed.values}
        context["groups"] = _groups(db, state)
        return render(request, "series_send.html", context)
    if not parsed.errors:
        try:
            service.send_proposal(db, series_id=series_id, data=parsed.data, actor=actor(user))
        except DomainError as exc:
            parsed.errors = service_error(exc, lang, "reply_by", "series_send_refused")
    if parsed.errors:
        return _refused(request, db, user, series_id, parsed)
    reply_by = i18n.fmt_date(parsed.data.reply_by, lang)
    return flash_and_go(request, "series_sent", f"/serier/{series_id}#svar", n=n, date=reply_by)


def _groups(db: Session, state: SeriesState) -> list[tuple[str, int]]:
    """Steering and preparatory dates reach their group only: how many that is, per group."""
    out = []
    for kind in ("steering", "preparatory"):
        dates = [m for m in state.proposed if m.kind.value == kind]
        if dates:
            out.append(
                (kind, queries.audience(db, network_id=state.series.network_id, meetings=dates))
            )
    return out


@router.post("/serier/{series_id}/bekrafta", response_class=HTMLResponse)
def confirm(
    request: Request, series_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """Step 5: confirm now the dates nobody objected to; their invites go out."""
    state = queries.series_state(db, series_id=series_id, actor=actor(user))
    if not state.sent:
        errors = {"confirm": i18n.translate("series_not_sent", i18n.lang_of(request))}
        return _refused(request, db, user, series_id, Parsed(errors=errors))
    try:
        confirmed = consent.close_consent(db, series_id=series_id, now=utcnow())
    except DomainError as exc:  # e.g. a date that has passed while the round was open
        errors = service_error(exc, i18n.lang_of(request), "confirm", "series_confirm_refused")
        return _refused(request, db, user, series_id, Parsed(errors=errors))
    meetings = queries.meetings_by_id(db, confirmed)
    n = queries.audience(db, network_id=state.series.network_id, meetings=meetings)
    key = "series_confirmed" if meetings else "series_confirmed_none"
    return flash_and_go(request, key, f"/serier/{series_id}#svar", n=len(meetings), m=n)


@router.post("/serier/{series_id}/aterkommande", response_class=HTMLResponse)
def create_recurring(
    request: Request, series_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """A regular series by rule: planned meetings, holidays and bridge days left out."""
    lang = i18n.lang_of(request)
    parsed = recurring_form(form, lang)
    out = None
    if not parsed.errors:
        try:
            out = service.create_recurring(
                db, series_id=series_id, data=parsed.data, actor=actor(user)
            )
        except DomainError as exc:
            parsed.errors = service_error(exc, lang, "rrule", "series_rule_refused")
    if out is None:
        return _refused(request, db, user, series_id, parsed)
    skipped = ", ".join(f"{i18n.fmt_date(d.starts_at, lang)} ({d.reason})" for d in out.skipped)
    key = "series_recurring_created" if skipped else "series_recurring_all"
    url = f"/serier/{series_id}#moten"
    return flash_and_go(request, key, url, n=len(out.meetings), skipped=skipped)


@router.post("/serier/{series_id}/rotation", response_class=HTMLResponse)
def set_rotation(
    request: Request, series_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """'Kommun i fokus': the organisations in presenting order, applied to the meetings."""
    lang = i18n.lang_of(request)
    state = queries.series_state(db, series_id=series_id, actor=actor(user))
    parsed = rotation_form(form, lang, [o.id for o in state.organisations])
    out = None
    if not parsed.errors:
        try:
            out = rotation.set_rotation(
                db, series_id=series_id, data=parsed.data, actor=actor(user)
            )
        except DomainError as exc:
            parsed.errors = service_error(exc, lang, "rotation", "series_bad_value")
    if out is None:
        return _refused(request, db, user, series_id, parsed)
    url = f"/serier/{series_id}#fokus"
    return flash_and_go(request, "series_rotation_saved", url, n=len(out.assignments))


@router.post("/serier/{series_id}/videolank", response_class=HTMLResponse)
def set_link(
    request: Request, series_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """The series' video link, once for all its meetings without their own; the scheduled ones
    ahead get the updated invite, after the page said to how many and asked once."""
    lang = i18n.lang_of(request)
    raw = str(form.get("series_online_url") or "").strip()
    values = {"series_online_url": raw}
    try:
        url = _WEB_URL.validate_python(raw) if raw else None
    except ValidationError:
        parsed = Parsed(
            values=values, errors={"series_online_url": i18n.translate("bad_url", lang)}
        )
        return _refused(request, db, user, series_id, parsed)
    state = queries.series_state(db, series_id=series_id, actor=actor(user))
    changing = state.series.default_online_url != url
    using = links.meetings_using_series_link(db, state.series) if changing else []
    n = sum(len(meeting_audience(db, meeting)) for meeting in using)
    if n and form.get("confirm") != "1":
        question = say(request, "confirm_series_link", n=n, meetings=len(using))
        return _page(
            request, db, user, series_id, parsed=Parsed(values=values), confirm_link=question
        )
    links.set_series_link(db, series_id=series_id, url=url, actor=actor(user))
    key = "series_link_saved" if n else "series_link_saved_quietly"
    return flash_and_go(request, key, f"/serier/{series_id}#uppgifter", n=n, meetings=len(using))
