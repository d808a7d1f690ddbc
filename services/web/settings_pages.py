"""The network's settings: delivery channel, organiser mailbox, reminder days, quiet hours,
and a test mail that reports what the channel really answered."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from schemas.people import NetworkSettingsIn
from services.api.deps import AppSettings, Db
from services.auth.models import UserAccount
from services.deadlines.service import rearm_deadline_reminders
from services.errors import DomainError
from services.notifications.formatting import SendingWindow
from services.notifications.quiet_hours import window_of
from services.notifications.test_mail import send_test_mail
from services.people import queries as people_queries
from services.people.network_settings import (
    deadline_reminder_days,
    task_reminder_days,
    update_network_settings,
)
from services.tasks.service import rearm_task_reminders
from services.web import i18n
from services.web.forms import Fields
from services.web.pages import Form, PageRoute, PageWriter, actor, render, say, see_other

router = APIRouter(route_class=PageRoute)
CHANNELS = ("smtp", "microsoft365")


def _values(db: Session, user: UserAccount) -> dict[str, str]:
    """The form as stored, for a first visit."""
    network = people_queries.network_of(db, user.network_id)
    channel = network.delivery_channel.value if network else "smtp"
    window = window_of(network)
    return {
        "delivery_channel": channel,
        "organiser_mailbox": (network.organiser_mailbox or "") if network else "",
        "task_reminder_days": str(task_reminder_days(network)),
        "deadline_reminder_days": ", ".join(str(n) for n in deadline_reminder_days(network)),
        "send_from": f"{window.start:%H:%M}",  # what <input type="time"> takes
        "send_until": f"{window.end:%H:%M}",
        "send_on_weekends": "1" if window.weekends else "",
        "send_on_holidays": "1" if window.holidays else "",
    }


def window_rule(window: SendingWindow, lang: i18n.Lang) -> str:
    """'Utskick går ut vardagar 08.00–17.00.': the window in one sentence, times as Swedes
    write them."""
    key = {
        (False, False): "send_rule_working_days",
        (False, True): "send_rule_weekdays",
        (True, False): "send_rule_all_but_holidays",
        (True, True): "send_rule_every_day",
    }[(window.weekends, window.holidays)]
    return i18n.translate(key, lang, start=f"{window.start:%H.%M}", end=f"{window.end:%H.%M}")


def _window_now(db: Session, user: UserAccount) -> SendingWindow:
    return window_of(people_queries.network_of(db, user.network_id))


def _page(
    request: Request,
    db: Session,
    user: UserAccount,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    result: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "user": user,
        "v": values or _values(db, user),
        "errors": errors or {},
        "channels": CHANNELS,
        "result": result,
        "window_rule": window_rule(_window_now(db, user), i18n.lang_of(request)),
    }
    return render(request, "settings.html", context, status=status)


@router.get("/installningar", response_class=HTMLResponse)
def settings_page(request: Request, db: Db, user: PageWriter) -> HTMLResponse:
    return _page(request, db, user)


def _day_list(f: Fields, name: str) -> list[int]:
    """'14, 3' → [14, 3]; anything but whole numbers is one error on the field."""
    raw = f.text(name, max_length=100)
    parts = [p for p in raw.replace(";", ",").replace(" ", ",").split(",") if p]
    if not parts or not all(p.isdigit() for p in parts):
        f.errors[name] = i18n.translate("reminder_days_list", f.lang)
        return []
    return [int(p) for p in parts]


def _read(f: Fields) -> tuple[dict[str, str], NetworkSettingsIn | None]:
    """The posted form as typed settings; None when a field is wrong (kept in f.errors)."""
    names = ("delivery_channel", "organiser_mailbox", "task_reminder_days")
    values = {n: f.text(n, max_length=320) for n in (*names, "deadline_reminder_days")}
    values |= {n: f.text(n, max_length=5) for n in ("send_from", "send_until")}
    values |= {n: "1" if f.checked(n) else "" for n in ("send_on_weekends", "send_on_holidays")}
    if values["delivery_channel"] not in CHANNELS:
        f.errors["delivery_channel"] = i18n.translate("invalid_choice", f.lang)
    task_days = f.integer("task_reminder_days")
    deadline_days = _day_list(f, "deadline_reminder_days")
    send_from, send_until = f.clock("send_from"), f.clock("send_until")
    if f.errors:
        return values, None
    try:
        data = NetworkSettingsIn(
            delivery_channel=values["delivery_channel"],
            organiser_mailbox=values["organiser_mailbox"] or None,
            task_reminder_days=3 if task_days is None else task_days,
            deadline_reminder_days=deadline_days,
            send_from=send_from,
            send_until=send_until,
            send_on_weekends=bool(values["send_on_weekends"]),
            send_on_holidays=bool(values["send_on_holidays"]),
        )
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "delivery_channel"
            key = {"organiser_mailbox": "bad_email", "task_reminder_days": "task_days_range"}
            f.errors.setdefault(name, i18n.translate(key.get(name, "reminder_days_list"), f.lang))
        return values, None
    return values, data


@router.post("/installningar", response_class=HTMLResponse)
def save_settings(
    request: Request, db: Db, user: PageWriter, form: Form, settings: AppSettings
) -> Response:
    """Saved as one change; nobody is mailed about it, and the page says so (and the new
    sending window, when it changed)."""
    f = Fields(form, i18n.lang_of(request))
    values, data = _read(f)
    if data is None:
        return _page(request, db, user, values=values, errors=f.errors, status=422)
    before, window_before = _reminder_days(db, user), _window_now(db, user)
    try:
        update_network_settings(
            db, data=data, actor=actor(user), graph_mailbox=settings.graph_mailbox
        )
    except DomainError as exc:
        errors = {exc.field or "delivery_channel": i18n.error_text(exc, f.lang)}
        return _page(request, db, user, values=values, errors=errors, status=exc.status_code)
    if _reminder_days(db, user) == before:
        text = say(request, "settings_saved")
    else:
        tasks = rearm_task_reminders(db, network_id=user.network_id)
        deadlines = rearm_deadline_reminders(db, network_id=user.network_id)
        text = say(request, "settings_saved_rearmed", tasks=tasks, deadlines=deadlines)
    window = _window_now(db, user)
    if window != window_before:
        rule = window_rule(window, f.lang)
        text = f"{text} {say(request, 'send_window_changed', rule=rule)}"
    request.session["flash"] = text  # as flash_and_go, with the window's sentence added
    return see_other("/installningar")


def _reminder_days(db: Session, user: UserAccount) -> tuple[int, list[int]]:
    network = people_queries.network_of(db, user.network_id)
    return task_reminder_days(network), deadline_reminder_days(network)


@router.post("/installningar/testmeddelande", response_class=HTMLResponse)
def test_mail(
    request: Request, db: Db, user: PageWriter, form: Form, settings: AppSettings
) -> Response:
    """Sent now through the saved channel; the page shows the channel's own answer."""
    outcome = send_test_mail(
        request.app.state.sessionmaker,
        settings,
        network_id=user.network_id,
        to_email=user.email,
        to_name=user.name or user.email,
    )
    lang = i18n.lang_of(request)
    result = {
        "ok": outcome.ok,
        "text": i18n.translate(outcome.outcome, lang, email=user.email),
        "channel": outcome.channel.value,
    }
    # A failed probe is an answer (200), not a refused request: nothing was changed either way.
    return _page(request, db, user, result=result)
