"""Page plumbing: templates, who is asking, CSRF-checked forms, and errors rendered as HTML."""

from __future__ import annotations

import logging
import re
from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from services.actors import Actor
from services.api.deps import (
    Db,
    abandon_transaction,
    actor_of,
    check_csrf,
    csrf_token,
    session_user,
)
from services.api.errors import RETRY_AFTER_S, database_unavailable
from services.api.routing import Endpoint, TransactionalRoute
from services.auth.models import UserAccount, UserRole
from services.auth.service import LinkExpired, LinkInvalid
from services.errors import DomainError, Forbidden
from services.web import i18n, inbound_labels, mail_labels

log = logging.getLogger("samverkan.web")
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
_NAMES_AN_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


class LoginRequired(Exception):
    """No coordinator session: pages answer with a redirect to the login form."""


class PasswordChangeRequired(Exception):
    """Signed in with a one-time password: pages answer with a redirect to "Byt lösenord"."""


class AdministratorOnly(Exception):
    """An administrator without a role in any network: network pages send them to theirs."""


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Every page gets the language, its translator and formatters, and the CSRF token."""
    lang = i18n.lang_of(request)
    base: dict[str, Any] = {
        "lang": lang,
        "t": partial(i18n.translate, lang=lang),
        "st": partial(i18n.status_label, lang=lang),
        "d": partial(i18n.fmt_date, lang=lang),
        "sd": partial(i18n.fmt_short, lang=lang),
        "dt": partial(i18n.fmt_datetime, lang=lang),
        "when": partial(i18n.fmt_range, lang=lang),
        "mail_kind": partial(mail_labels.kind_label, lang=lang),
        "mail_reason": partial(mail_labels.reason_label, lang=lang),
        "failure_what": partial(mail_labels.failure_what, lang=lang),
        "inbound_reason": partial(inbound_labels.inbound_reason, lang=lang),
        "inbound_kind": partial(inbound_labels.inbound_kind, lang=lang),
        "csrf": csrf_token(request),
        "path": request.url.path,
        "errors": {},
        "user": None,
        "flash": request.session.pop("flash", None),
    }
    base.update(context or {})
    base["errors"] = {k: i18n.in_language(str(v), lang) for k, v in base["errors"].items()}
    if isinstance(base.get("message"), str):
        base["message"] = i18n.in_language(base["message"], lang)
    response: HTMLResponse = TEMPLATES.TemplateResponse(request, template, base, status_code=status)
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A plain page with a message a person can act on; never a stack trace."""
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def too_large_page(request: Request, max_bytes: int) -> HTMLResponse:
    """A body over the limit on a page: an HTML page in the reader's language naming the limit
    (the API answers JSON)."""
    lang = i18n.lang_of(request)
    text = i18n.message("edge.request_too_large", lang, mb=max_bytes / 1024 / 1024)
    return error_page(request, 413, text)


class PageRoute(TransactionalRoute):
    """Errors on pages become HTML: a login redirect, or the message on an error page.

    The page answers the error itself, so the exception never reaches the request's unit of
    work: it is rolled back here first, whatever the handler had changed.
    """

    def get_route_handler(self) -> Endpoint:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except Exception as exc:
                abandon_transaction(request)
                return _error_response(request, exc)

        return handler


def _error_response(request: Request, exc: Exception) -> Response:
    """The page a person sees for an error a page handler raised."""
    lang = i18n.lang_of(request)
    if isinstance(exc, LoginRequired):
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    if isinstance(exc, PasswordChangeRequired):
        return see_other(f"/losenord?next={quote(request.url.path)}")
    if isinstance(exc, AdministratorOnly):
        return see_other("/admin/natverk")
    if isinstance(exc, LinkExpired):
        context = {"expired": True, "token": request.path_params.get("token", "")}
        return render(request, "link_problem.html", context, status=410)
    if isinstance(exc, LinkInvalid):
        return render(request, "link_problem.html", {"token": ""}, status=403)
    if isinstance(exc, DomainError):
        return error_page(request, exc.status_code, _page_message(exc, lang))
    if isinstance(exc, RequestValidationError | ValidationError):  # a model built from a form
        return error_page(request, 400, i18n.translate("form_errors", lang))
    if isinstance(exc, HTTPException) and exc.status_code == 413:  # the body limit, streamed
        return too_large_page(request, request.app.state.settings.max_request_bytes)
    if isinstance(exc, HTTPException):
        key = "not_found" if exc.status_code == 404 else "internal"
        return error_page(request, exc.status_code, i18n.translate(key, lang))
    if database_unavailable(exc):
        log.warning("database unavailable", extra={"path": request.url.path})
        page = error_page(request, 503, i18n.translate("unavailable", lang))
        page.headers["Retry-After"] = str(RETRY_AFTER_S)
        return page
    log.exception("page failed", exc_info=exc, extra={"path": request.url.path})
    return error_page(request, 500, i18n.translate("internal", lang))


def _page_message(exc: DomainError, lang: i18n.Lang) -> str:
    """A service message that names an id is for the API: the page says in words what is gone."""
    if not _NAMES_AN_ID.search(exc.message):
        return i18n.error_text(exc, lang)
    return i18n.translate("not_found" if exc.status_code == 404 else "gone", lang)


async def unrouted_error(request: Request, exc: Exception) -> Response:
    """A mistyped address or missing file outside the page routes: an HTML page for browsers,
    FastAPI's JSON for the API and for clients that do not ask for HTML."""
    if not isinstance(exc, HTTPException):  # registered for HTTPException only
        raise exc
    accepts_html = "text/html" in request.headers.get("accept", "")
    if request.url.path.startswith("/api") or not accepts_html:
        return await http_exception_handler(request, exc)
    key = "not_found" if exc.status_code in (404, 405) else "internal"
    return error_page(request, exc.status_code, i18n.translate(key, i18n.lang_of(request)))


def page_user(request: Request, db: Db) -> UserAccount:
    """The coordinator or viewer of this browser session (pages never accept API tokens)."""
    user = session_user(request, db)
    if user is None or not user.active:
        raise LoginRequired()
    if user.must_change_password:
        raise PasswordChangeRequired()
    if not user.memberships:
        raise AdministratorOnly() if user.is_admin else Forbidden("access.no_network")
    return user


PageUser = Annotated[UserAccount, Depends(page_user)]


def page_writer(user: PageUser) -> UserAccount:
    """Viewers read; only coordinators change anything."""
    if user.role != UserRole.coordinator:
        raise Forbidden("access.coordinators_only")
    return user


PageWriter = Annotated[UserAccount, Depends(page_writer)]


async def checked_form(request: Request) -> FormData:
    """The posted form, after its CSRF token matched the session's."""
    form = await request.form()
    token = form.get("csrf_token")
    check_csrf(request, token if isinstance(token, str) else None)
    return form


Form = Annotated[FormData, Depends(checked_form)]


def actor(user: UserAccount) -> Actor:
    return actor_of(user)


def field(form: FormData, name: str) -> str:
    """A text field, stripped; files and missing fields read as empty."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site relative paths, so a crafted link cannot redirect elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def say(request: Request, key: str, **values: Any) -> str:
    """A catalogue sentence with its numbers filled in; 'ett möte' vs '3 möten' by count."""
    lang = i18n.lang_of(request)
    n = values.get("n")
    text = i18n.translate(f"{key}_one" if n == 1 else key, lang)
    return text.format(**values)


def flash_and_go(request: Request, key: str, url: str, **values: Any) -> RedirectResponse:
    """What happened and who was told, shown once on the next page (see base.html)."""
    request.session["flash"] = say(request, key, **values)
    return see_other(url)
