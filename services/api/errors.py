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
from services.errors import DomainError

log = logging.getLogger("samverkan.api")
RETRY_AFTER_S = 5  # seconds a client should wait before retrying during a database outage

# pydantic's reasons in the coordinators' words; {names} come from the error's context.
_REASONS = {
    "missing": "saknas / is required",
    "extra_forbidden": "okänt fält / unknown field",
    "string_type": "ska vara text / must be text",
    "string_unicode": "innehåller ogiltiga tecken / contains invalid characters",
    "string_too_short": "för kort, minst {min_length} tecken / too short, at least {min_length}",
    "string_too_long": "för långt, högst {max_length} tecken / too long, at most {max_length}",
    "string_pattern_mismatch": "har fel form / has the wrong format",
    "too_short": "för få, minst {min_length} / too few, at least {min_length}",
    "too_long": "för många, högst {max_length} / too many, at most {max_length}",
    "int_parsing": "ska vara ett heltal / must be a whole number",
    "int_type": "ska vara ett heltal / must be a whole number",
    "int_from_float": "ska vara ett heltal / must be a whole number",
    "greater_than_equal": "minst {ge} / at least {ge}",
    "greater_than": "större än {gt} / greater than {gt}",
    "less_than_equal": "högst {le} / at most {le}",
    "less_than": "mindre än {lt} / less than {lt}",
    "bool_parsing": "ska vara true eller false / must be true or false",
    "bool_type": "ska vara true eller false / must be true or false",
    "uuid_parsing": "ska vara ett id (UUID) / must be an id (UUID)",
    "uuid_type": "ska vara ett id (UUID) / must be an id (UUID)",
    "date_parsing": "ska vara ett datum (ÅÅÅÅ-MM-DD) / must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "ska vara ett datum (ÅÅÅÅ-MM-DD) / must be a date (YYYY-MM-DD)",
    "date_type": "ska vara ett datum (ÅÅÅÅ-MM-DD) / must be a date (YYYY-MM-DD)",
    "datetime_parsing": "ska vara en tidpunkt (ISO 8601) / must be a date and time (ISO 8601)",
    "datetime_from_date_parsing": "ska vara en tidpunkt (ISO 8601) / must be a date and time",
    "datetime_type": "ska vara en tidpunkt (ISO 8601) / must be a date and time (ISO 8601)",
    "timezone_aware": "ska ha en tidszon / must include a time zone",
    "enum": "ska vara en av {expected} / must be one of {expected}",
    "literal_error": "ska vara en av {expected} / must be one of {expected}",
    "list_type": "ska vara en lista / must be a list",
    "dict_type": "ska vara ett objekt / must be an object",
    "model_type": "ska vara ett objekt / must be an object",
    "model_attributes_type": "ska vara ett objekt / must be an object",
    "json_invalid": "ogiltig JSON / invalid JSON",
    "url_parsing": "ska vara en webbadress / must be a URL",
}


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
) -> JSONResponse:
    """Every error body of the API, in the one documented shape."""
    body = Problem(detail=detail, code=code, field=field, errors=errors)
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"), headers=headers)


_PLACES = ("body", "query", "path", "header", "cookie")
_UNION_TAGS = ("constrained-", "function-", "lax-", "json-or-python")  # pydantic's member names


def _field_of(loc: Sequence[int | str]) -> str:
    """The dotted field path, without where it was sent and without pydantic's union tags."""
    parts = (str(p) for p in loc if p not in _PLACES)
    return ".".join(p for p in parts if not p.startswith(_UNION_TAGS))


def reason(error: Mapping[str, Any]) -> str:
    """One pydantic error as Swedish / English; our own validators already speak both."""
    kind = str(error.get("type", ""))
    message = str(error.get("msg", ""))
    template = _REASONS.get(kind)
    if template is None:
        return message.removeprefix("Value error, ")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return message


def beyond_schema(error: Mapping[str, Any]) -> bool:
    """A rule the OpenAPI cannot state: across fields (a model validator), or a plausible year."""
    kind = error.get("type")
    across_fields = kind == "value_error" and tuple(error.get("loc", ())) == ("body",)
    return across_fields or kind in BEYOND_SCHEMA


def field_errors(errors: Sequence[Mapping[str, Any]]) -> list[FieldError]:
    return [
        FieldError(field=_field_of(tuple(e.get("loc", ()))), message=reason(e), code=e.get("type"))
        for e in errors
    ]


def install_error_handlers(app: FastAPI) -> None:
    install_last_resort_handler(app)

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        field = None if exc.field is None else str(exc.field)  # e.g. a survey question's id
        return problem_response(exc.status_code, exc.message, code=exc.code, field=field)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = field_errors(exc.errors())
        summary = "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors)
        return problem_response(
            422,
            f"ogiltig indata / invalid input: {summary}",
            code="invalid" if all(beyond_schema(e) for e in exc.errors()) else "validation_error",
            field=errors[0].field or None if errors else None,
            errors=errors,
        )

    @app.exception_handler(IntegrityError)
    async def integrity_error(_: Request, exc: IntegrityError) -> JSONResponse:
        log.info("integrity error: %s", type(exc.orig).__name__)
        detail = "krockar med befintliga data / conflicts with existing data"
        return problem_response(409, detail, code="conflict")

    @app.exception_handler(DBAPIError)  # OperationalError included
    async def database_error(_: Request, exc: DBAPIError) -> JSONResponse:
        if database_unavailable(exc):
            log.warning("database unavailable: %s", type(exc.orig).__name__)
            return _unavailable()
        log.error("database error: %s", type(exc.orig).__name__)
        return problem_response(500, "internt fel / internal error", code="internal")


def install_last_resort_handler(app: FastAPI) -> None:
    """A bug is a 500 with a plain message; the traceback goes to the log, never to the client."""

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc, extra={"path": request.url.path})
        return problem_response(500, "internt fel, försök igen / internal error", code="internal")


def _unavailable() -> JSONResponse:
    return problem_response(
        503,
        "databasen är inte nåbar, försök igen / database unavailable, retry",
        code="unavailable",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )
