"""Errors as Problem bodies with a human message; bad input is a 4xx, a database outage a 503."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from schemas.common import BEYOND_SCHEMA, FieldError, Problem
from schemas.notifications import Lang
from services import messages
from services.errors import DomainError

log = logging.getLogger("samverkan.api")
RETRY_AFTER_S = 5  # seconds a client should wait before retrying during a database outage


def database_unavailable(exc: BaseException) -> bool:
    """An outage rather than a bug: the database is unreachable or dropped the connection.
    The API and the pages both answer these with 503 and Retry-After."""
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def problem_response(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    field: str | None = None,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
    message_code: str | None = None,
    params: Mapping[str, object] | None = None,
) -> JSONResponse:
    """Every error body of the API, in the one documented shape; `message_code` and `params`
    appear only when there is a message code."""
    body = Problem(detail=detail, code=code, field=field, errors=errors)
    if message_code is not None:
        body.message_code = message_code
        body.params = {name: str(value) for name, value in (params or {}).items()}
    content = body.model_dump(mode="json", exclude_unset=True)
    return JSONResponse(status_code=status, content=content, headers=headers)


def request_language(request: Request) -> Lang | None:
    """sv or en as the client's Accept-Language asks; None (both languages) otherwise."""
    return messages.language_of(request.headers.get("accept-language", ""))


_PLACES = ("body", "query", "path", "header", "cookie")
_UNION_TAGS = ("constrained-", "function-", "lax-", "json-or-python")  # pydantic's member names


def _field_of(loc: Sequence[int | str]) -> str:
    """The dotted field path, without where it was sent and without pydantic's union tags."""
    parts = (str(p) for p in loc if p not in _PLACES)
    return ".".join(p for p in parts if not p.startswith(_UNION_TAGS))


def reason(error: Mapping[str, Any], lang: Lang | None = None) -> str:
    """One pydantic error in the coordinators' words (services.messages, `input.<type>`), in
    `lang` or both; our own validators' messages are written 'svenska / English'."""
    code = f"input.{error.get('type', '')}"
    message = str(error.get("msg", ""))
    if code not in messages.TEXTS:
        return messages.half(message.removeprefix("Value error, "), lang)
    try:
        return messages.render(code, error.get("ctx") or {}, lang)
    except (KeyError, IndexError, ValueError):
        return message


def beyond_schema(error: Mapping[str, Any]) -> bool:
    """A rule the OpenAPI cannot state: across fields (a model validator), or a plausible year."""
    kind = error.get("type")
    across_fields = kind == "value_error" and tuple(error.get("loc", ())) == ("body",)
    return across_fields or kind in BEYOND_SCHEMA


def field_errors(errors: Sequence[Mapping[str, Any]], lang: Lang | None = None) -> list[FieldError]:
    return [
        FieldError(
            field=_field_of(tuple(e.get("loc", ()))), message=reason(e, lang), code=e.get("type")
        )
        for e in errors
    ]


def install_error_handlers(app: FastAPI) -> None:
    install_last_resort_handler(app)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        field = None if exc.field is None else str(exc.field)  # e.g. a survey question's id
        return problem_response(
            exc.status_code,
            exc.text(request_language(request)),
            code=exc.code,
            field=field,
            message_code=exc.message_code,
            params=exc.params,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = request_language(request)
        errors = field_errors(exc.errors(), lang)
        summary = "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors)
        return problem_response(
            422,
            f"{messages.render('input.invalid', {}, lang)}: {summary}",
            code="invalid" if all(beyond_schema(e) for e in exc.errors()) else "validation_error",
            field=errors[0].field or None if errors else None,
            errors=errors,
        )

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
        log.info("integrity error: %s", type(exc.orig).__name__)
        return _edge(request, 409, "api.conflicting_data", code="conflict")

    @app.exception_handler(DBAPIError)  # OperationalError included
    async def database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        if database_unavailable(exc):
            log.warning("database unavailable: %s", type(exc.orig).__name__)
            return _unavailable(request)
        log.error("database error: %s", type(exc.orig).__name__)
        return _edge(request, 500, "api.internal", code="internal")


def install_last_resort_handler(app: FastAPI) -> None:
    """A bug is a 500 with a plain message; the traceback goes to the log, never to the client."""

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc, extra={"path": request.url.path})
        return _edge(request, 500, "api.internal_retry", code="internal")


def _edge(
    request: Request,
    status: int,
    message_code: str,
    *,
    code: str,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """An answer of the API's own (no service involved), worded from services.messages."""
    detail = messages.render(message_code, {}, request_language(request))
    return problem_response(status, detail, code=code, headers=headers)


def _unavailable(request: Request) -> JSONResponse:
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    return _edge(request, 503, "api.unavailable", code="unavailable", headers=headers)
