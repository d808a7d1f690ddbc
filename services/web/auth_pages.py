"""Login, logout, "Byt lösenord" and the language switch for the coordinator's pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from services.api.deps import (
    AppSettings,
    Db,
    record_refusal,
    remote_address,
    session_user,
    sign_in,
    sign_out,
)
from services.auth.login import LoginLimits, authenticate, change_own_password
from services.auth.models import UserAccount
from services.auth.service import WRONG_LOGIN, WeakPassword
from services.errors import TooManyAttempts
from services.web import i18n
from services.web.pages import (
    Form,
    LoginRequired,
    PageRoute,
    field,
    render,
    safe_next,
    see_other,
)

router = APIRouter(route_class=PageRoute)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": safe_next(next), "email": ""})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, form: Form, db: Db, settings: AppSettings) -> Response:
    """Failed attempts are committed (not rolled back): they are what the rate limit counts."""
    lang = i18n.lang_of(request)
    raw = form.get("password")
    email, password = field(form, "email"), raw if isinstance(raw, str) else ""  # never stripped
    target = safe_next(field(form, "next"))
    context = {"next": target, "email": email}
    if not email or not password:
        errors = {}
        if not email:
            errors["email"] = i18n.translate("required", lang)
        if not password:
            errors["password"] = i18n.translate("required", lang)
        return render(request, "login.html", {**context, "errors": errors}, status=422)
    record_refusal(request)  # a failed attempt commits: the rate limit counts it
    try:
        user = authenticate(
            db,
            email=email,
            password=password,
            remote_addr=remote_address(request),
            limits=LoginLimits.of(settings),
        )
    except TooManyAttempts as exc:
        return render(
            request,
            "login.html",
            {**context, "errors": {"form": i18n.error_text(exc, lang)}},
            429,
        )
    if user is None:
        errors = {"password": i18n.message(WRONG_LOGIN, lang)}
        return render(request, "login.html", {**context, "errors": errors}, 422)
    sign_in(request, user)
    return see_other(target)


@router.post("/logout")
def logout(request: Request, form: Form, db: Db) -> Response:
    sign_out(request, db)
    return see_other("/login")


@router.get("/sprak/{lang}")
def switch_language(request: Request, lang: str, next: str = "/") -> Response:
    """A link, not a form: it only changes how this browser's pages are worded."""
    if lang in i18n.LANGS:
        request.session["lang"] = lang
    return see_other(safe_next(next))


def signed_in_user(request: Request, db: Db) -> UserAccount:
    """The session's account even while it must change its password (only this page needs it)."""
    user = session_user(request, db)
    if user is None or not user.active:
        raise LoginRequired()
    return user


SignedIn = Annotated[UserAccount, Depends(signed_in_user)]


@router.get("/losenord", response_class=HTMLResponse)
def password_form(request: Request, user: SignedIn, next: str = "/") -> HTMLResponse:
    return render(request, "password.html", {"user": user, "next": safe_next(next)})


@router.post("/losenord", response_class=HTMLResponse)
def password_change(
    request: Request, form: Form, db: Db, user: SignedIn, settings: AppSettings
) -> Response:
    """Errors go next to their fields; the passwords are never echoed back into the form."""
    lang = i18n.lang_of(request)
    target = safe_next(field(form, "next"))
    # Passwords are taken as typed: leading or trailing spaces are part of them.
    typed = {name: form.get(name) for name in ("current", "new", "repeat")}
    values = {name: value if isinstance(value, str) else "" for name, value in typed.items()}
    errors = {name: i18n.translate("required", lang) for name, value in values.items() if not value}
    if not errors:
        record_refusal(request)  # a wrong current password counts as a failed login
        try:
            change_own_password(
                db,
                user=user,
                current=values["current"],
                new=values["new"],
                repeated=values["repeat"],
                remote_addr=remote_address(request),
                limits=LoginLimits.of(settings),
            )
        except WeakPassword as exc:
            errors = {name: i18n.translate(code, lang) for name, code in exc.problems.items()}
        except TooManyAttempts as exc:
            errors = {"current": exc.message}
    if errors:
        context = {"user": user, "next": target, "errors": errors}
        return render(request, "password.html", context, status=422)
    sign_in(request, user, again=True)  # the change ended every session, this one continues
    request.session["flash"] = i18n.translate("password_changed", lang)
    return see_other(target)
