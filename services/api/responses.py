"""The error answers of the API as OpenAPI `responses=`, so the documentation lists what happens.

Each route names the statuses it can really answer: the dependency kind gives 401/403 (who asks)
and 503 (the database), a path id 404, a state rule 409; 422 comes with every route that takes
input (services.api.openapi puts the Problem body in FastAPI's place).
"""

from __future__ import annotations

from typing import Any

from schemas.common import Problem

Responses = dict[int | str, dict[str, Any]]

INVALID_INPUT = (
    "Invalid input: code validation_error breaks the schema (the fields are in `errors`); "
    "code invalid breaks a rule the schema cannot state, such as an id that does not exist."
)
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer"},
    }
}
_DESCRIPTIONS = {
    400: "Malformed request.",
    401: "Not signed in: no or an invalid API token or session.",
    403: "Not allowed: a viewer writing, a one-time password to change, a missing CSRF token, "
    "or a forged member link.",
    404: "The id does not exist in the caller's network.",
    409: "Refused in the current state, or conflicts with existing data.",
    410: "The member link has expired; POST /link/fresh with it for a new one.",
    413: "The request body is larger than max_request_bytes.",
    422: INVALID_INPUT,
    429: "Too many failed attempts; wait 15 minutes.",
    503: "The database is unavailable; retry after Retry-After seconds.",
}


def problems(*statuses: int) -> Responses:
    """OpenAPI responses of these statuses, each with the Problem body."""
    result: Responses = {}
    for status in statuses:
        entry: dict[str, Any] = {"model": Problem, "description": _DESCRIPTIONS[status]}
        if status == 503:
            entry["headers"] = _RETRY_AFTER
        result[status] = entry
    return result


SIGNED_IN = problems(401, 403, 503)  # Reader / Writer: who asks, and the database
FOUND = problems(404)  # a path id looked up in the caller's network
REFUSED = problems(409)  # a state rule or a duplicate
MEMBER_LINK = problems(403, 410, 503)  # signed member links: forged, expired; the database
