"""Errors as JSON with a human message; bad input is a 4xx, a database outage a 503."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from services.errors import DomainError

log = logging.getLogger("samverkan.api")
RETRY_AFTER_S = 5  # seconds a client should wait before retrying during a database outage


def database_unavailable(exc: BaseException) -> bool:
    """An outage rather than a bug: the database is unreachable or dropped the connection.
    The API and the pages both answer these with 503 and Retry-After."""
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _field_of(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body", "query", "path"))


def install_error_handlers(app: FastAPI) -> None:
    install_last_resort_handler(app)

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code, content={"detail": exc.message, "field": exc.field}
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field_of(tuple(err.get("loc", ()))), "message": str(err.get("msg", ""))}
            for err in exc.errors()
        ]
        summary = "; ".join(
            f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
        )
        return JSONResponse(
            status_code=422,
            content={"detail": f"ogiltig indata / invalid input: {summary}", "errors": errors},
        )

    @app.exception_handler(IntegrityError)
    async def integrity_error(_: Request, exc: IntegrityError) -> JSONResponse:
        log.info("integrity error: %s", type(exc.orig).__name__)
        return JSONResponse(
            status_code=409,
            content={"detail": "krockar med befintliga data / conflicts with existing data"},
        )

    @app.exception_handler(DBAPIError)  # OperationalError included
    async def database_error(_: Request, exc: DBAPIError) -> JSONResponse:
        if database_unavailable(exc):
            log.warning("database unavailable: %s", type(exc.orig).__name__)
            return _unavailable()
        log.error("database error: %s", type(exc.orig).__name__)
        return JSONResponse(status_code=500, content={"detail": "internt fel / internal error"})


def install_last_resort_handler(app: FastAPI) -> None:
    """A bug is a 500 with a plain message; the traceback goes to the log, never to the client."""

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc, extra={"path": request.url.path})
        return JSONResponse(
            status_code=500, content={"detail": "internt fel, försök igen / internal error"}
        )


def _unavailable() -> JSONResponse:
    return JSONResponse(
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_S)},
        content={"detail": "databasen är inte nåbar, försök igen / database unavailable, retry"},
    )
