"""The coordinator's weekly page: what is overdue, who has not answered, what closes soon."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from infra.clock import utcnow
from services.actors import Actor
from services.api.deps import Db
from services.audit.service import record_audit
from services.errors import Conflict, NotFound
from services.events import dead_letters
from services.notifications import delivery, failures
from services.tasks.service import today_local
from services.web import charts, i18n, queries
from services.web.pages import Form, PageRoute, PageUser, PageWriter, actor, render, see_other

router = APIRouter(route_class=PageRoute)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    lang = i18n.lang_of(request)
    now, today = utcnow(), today_local()
    data = queries.overview(db, user.network_id, now=now, today=today)
    chart = charts.bar_chart(
        [charts.Bar(row.organisation, row.attended) for row in data.attendance],
        total=data.meetings_held,
        title=i18n.translate("attendance_chart", lang),
    )
    spans = [
        charts.Span(
            w.title,
            w.opens_at.date() if w.opens_at else None,
            w.closes_at.date(),
            f"{i18n.fmt_short(w.opens_at, lang) + ' – ' if w.opens_at else ''}"
            f"{i18n.fmt_short(w.closes_at, lang)}",
        )
        for w in data.windows
    ]
    timeline = charts.timeline(
        spans,
        today=today,
        title=i18n.translate("windows", lang),
        today_label=i18n.translate("today", lang),
    )
    return render(
        request,
        "overview.html",
        {"user": user, "o": data, "chart": chart, "timeline": timeline, "today": today, "now": now},
    )


@router.post("/misslyckade/{kind}/{item_id}/retry")
def retry(kind: str, item_id: uuid.UUID, db: Db, user: PageWriter, form: Form) -> Response:
    """Send a failed mail or a dead-lettered message round again."""
    if kind == "notification":
        retry_notification(db, item_id, actor(user))
    else:
        retry_dead_letter(db, item_id, actor(user))
    return see_other("/#failures")


def retry_notification(session: Session, notification_id: uuid.UUID, who: Actor) -> None:
    """Back to pending, due now: the delivery scan picks it up again."""
    failures.retry_failed(session, notification_id=notification_id, actor=who)


def retry_dead_letter(session: Session, letter_id: uuid.UUID, who: Actor) -> None:
    """Marking it retried lets the outbox sweep republish its event (or re-arms its timer); a
    failed delivery's letter sends its mail again; one already retried stays as it is."""
    try:
        dead_letters.retry_dead_letter(session, letter_id=letter_id, actor=who)
    except Conflict as exc:  # refused after finding the letter in the actor's network
        if exc.message_code == "dead_letters.cannot_retry":
            _resend_failed_delivery(session, letter_id, who)


def _resend_failed_delivery(session: Session, letter_id: uuid.UUID, who: Actor) -> None:
    """A failed delivery's letter: its mail pending again, as the delivery engine retries it."""
    try:
        delivery.retry_dead_letter(session, dead_letter_id=letter_id)
    except NotFound:  # neither an event's, a timer's nor a delivery's: nothing to send again
        return
    record_audit(
        session,
        actor=who,
        action="retry",
        entity_type="dead_letter",
        entity_id=letter_id,
        network_id=who.network_id,
    )
