"""The OpenAPI as the contract: the Problem body in FastAPI's place, and an honest 405."""

from __future__ import annotations

import json
from typing import Any, cast

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException
from starlette.routing import Match

from services import messages
from services.api.errors import problem_response, request_language
from services.api.responses import INVALID_INPUT
from services.web.pages import unrouted_error

_FASTAPI_422 = "#/components/schemas/HTTPValidationError"
_PROBLEM = "#/components/schemas/Problem"
_UNREADABLE = {
    "description": "The body could not be read (not UTF-8, or not the declared type).",
    "content": {"application/json": {"schema": {"$ref": _PROBLEM}}},
}


_TOO_LARGE = {
    "description": "The body is larger than max_request_bytes (services.api.security.BodyLimit).",
    "content": {"application/json": {"schema": {"$ref": _PROBLEM}}},
}


def contract_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema with its default 422 body (HTTPValidationError) replaced by Problem."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    # FastAPI adds the 422 answer to every route with input; our handler answers a Problem.
    text = json.dumps(schema).replace(f'"{_FASTAPI_422}"', f'"{_PROBLEM}"')
    schema = cast(dict[str, Any], json.loads(text))
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            for status, response in responses.items():
                if status[0] in "45" and _PROBLEM in json.dumps(response.get("content", {})):
                    # a feed's errors are JSON, not its text/calendar: Problem bodies always are
                    response["content"] = {"application/json": {"schema": {"$ref": _PROBLEM}}}
            if "422" in responses:
                responses["422"]["description"] = INVALID_INPUT
            if "requestBody" in operation:  # a body that is not JSON (or not UTF-8) at all
                responses.setdefault("400", _UNREADABLE)
                responses.setdefault("413", _TOO_LARGE)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    app.openapi_schema = schema
    return schema


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path; Starlette's 405 names the first route's."""
    methods: set[str] = set()
    scope = dict(request.scope, method="GET")
    for route in request.app.router.routes:
        match, _ = route.matches(scope)
        route_methods = getattr(route, "methods", None)
        if match != Match.NONE and route_methods:
            methods |= set(route_methods)
    return sorted(methods)


_ROUTING = {  # status: (message code in services.messages, Problem code)
    400: ("api.bad_request", "bad_request"),
    404: ("api.not_found", "not_found"),
    405: ("api.method_not_allowed", "method_not_allowed"),
}


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no route, wrong method, unreadable body) as Problem bodies; a 405
    lists in Allow all methods of the path. Browsers outside /api get the pages' HTML."""
    if not isinstance(exc, HTTPException):  # registered for HTTPException only
        raise exc
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    html = "text/html" in request.headers.get("accept", "")
    if html and not request.url.path.startswith("/api"):
        return await unrouted_error(request, HTTPException(exc.status_code, exc.detail, headers))
    if exc.status_code not in _ROUTING:
        return problem_response(exc.status_code, str(exc.detail), headers=headers)
    message_code, code = _ROUTING[exc.status_code]
    detail = messages.render(message_code, {}, request_language(request))
    return problem_response(exc.status_code, detail, code=code, headers=headers)


def install_contract(app: FastAPI) -> None:
    app.openapi = lambda: contract_openapi(app)  # type: ignore[method-assign]
    app.add_exception_handler(HTTPException, http_error)
