"""What every answer carries for the browser (CSP, no framing, no referrer), and the API's own
documentation behind a login: the schema maps every route, which is no one else's business."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.requests import Request as StarletteRequest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schemas.common import Problem
from services import messages
from services.api.deps import Db, Unauthenticated, session_user
from services.auth.service import user_for_token

# Our pages load their script and style from /static only (no inline script or style).
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI is FastAPI's page: its script and style come from a CDN and one inline script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs",)


class SecurityHeaders:
    """Pure ASGI (not BaseHTTPMiddleware): streamed answers and background tasks are untouched."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app, self.hsts = app, hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"].startswith(DOCS_PATHS) else PAGE_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                # Member links carry their token in the URL: never hand it to another site.
                headers.setdefault("Referrer-Policy", "no-referrer")
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    """Raised while the body streams in; an HTTPException, so FastAPI's body parsing passes it
    on as it is (other errors there become a 400)."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(status_code=413, detail=too_large_message(max_bytes))


def too_large_message(max_bytes: int) -> str:
    """Both languages: the limit is met before the request's language is known."""
    return messages.render("edge.request_too_large", {"mb": max_bytes / 1024 / 1024}, None)


PageAnswer = Callable[[StarletteRequest, int], Response]


class BodyLimit:
    """No request body over `max_bytes`: refused by its Content-Length before it is read, or
    as soon as a body without one grows past the limit (uploads are spooled to disk anyway).
    Outside /api the refusal is the pages' own (`page_answer`: an HTML page naming the limit)."""

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, page_answer: PageAnswer | None = None
    ) -> None:
        self.app, self.max_bytes, self.page_answer = app, max_bytes, page_answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response: Response
            if self.page_answer is not None and not scope["path"].startswith("/api"):
                response = self.page_answer(StarletteRequest(scope), self.max_bytes)
            else:
                body = Problem(detail=too_large_message(self.max_bytes), code="too_large")
                response = JSONResponse(body.model_dump(mode="json"), status_code=413)
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited, send)


docs_router = APIRouter(include_in_schema=False)


def _signed_in(request: Request, db: Db) -> bool:
    if request.app.state.settings.docs_public:
        return True
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return user_for_token(db, credentials.strip()) is not None
    user = session_user(request, db)
    return user is not None and user.active and not user.must_change_password


@docs_router.get("/openapi.json")
def openapi_schema(request: Request, db: Db) -> JSONResponse:
    """For signed-in accounts (or API tokens) unless `docs_public` is set."""
    if not _signed_in(request, db):
        raise Unauthenticated("access.log_in")
    schema: dict[str, Any] = request.app.openapi()
    return JSONResponse(schema)


@docs_router.get("/docs")
def swagger_ui(request: Request, db: Db) -> Response:
    """A browser that is not signed in is sent to the login page and back."""
    if not _signed_in(request, db):
        return RedirectResponse("/login?next=/docs", status_code=303)
    page: HTMLResponse = get_swagger_ui_html(openapi_url="/openapi.json", title="samverkan API")
    return page


def install_security(
    app: FastAPI, *, hsts: bool, max_request_bytes: int, page_answer: PageAnswer | None = None
) -> None:
    """The headers on every answer, the body limit and the documentation routes (FastAPI's own
    are turned off)."""
    app.add_middleware(BodyLimit, max_bytes=max_request_bytes, page_answer=page_answer)
    app.add_middleware(SecurityHeaders, hsts=hsts)
    app.include_router(docs_router)
