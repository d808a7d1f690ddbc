"""Domain errors: each carries a message code (texts in `services.messages`, Swedish and English)
with its parameters, and maps to one HTTP status; the edges word it in the reader's language."""

from __future__ import annotations

from schemas.notifications import Lang
from services import messages


class DomainError(Exception):
    """Base of errors raised by services; the API turns them into JSON with `status_code`.

    `DomainError("tasks.cancelled")` or `Invalid("surveys.too_long", field=key, limit=2000)`:
    a code of `services.messages` and its parameters; an unknown code fails where it is raised.
    """

    status_code = 400
    code = "bad_request"  # machine-readable kind in the error body (schemas.common.Problem)

    def __init__(self, message_code: str, *, field: str | None = None, **params: object) -> None:
        self.message_code = message_code
        self.params = params
        self.message = messages.render(message_code, params, None)  # both languages, for logs
        super().__init__(self.message)
        self.field = field

    def text(self, lang: Lang | None) -> str:
        """The message in one language (None: both, as 'svenska / English')."""
        return messages.render(self.message_code, self.params, lang)


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
