"""Domain errors: each carries a message a coordinator understands and maps to one HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base of errors raised by services; the API turns them into JSON with `status_code`."""

    status_code = 400
    code = "bad_request"  # machine-readable kind in the error body (schemas.common.Problem)

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class Invalid(DomainError):
    status_code = 422
    code = "invalid"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"
