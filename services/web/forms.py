"""Reading form fields into typed values, collecting one message per bad field."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

from starlette.datastructures import FormData, QueryParams

from infra.clock import LOCAL_TZ
from schemas.common import line_problem, text_problem
from services.web import i18n

# Dates outside these years are typos; at the edges of `date` they overflow in time-zone maths.
FIRST_YEAR, LAST_YEAR = 1900, 2200
MAX_LINE_FIELD = 1000  # longer fields are the pages' textareas


class Fields:
    """Typed access to a posted form; every failure is kept under its field name."""

    def __init__(self, form: FormData | QueryParams, lang: i18n.Lang) -> None:
        self.form = form
        self.lang = lang
        self.errors: dict[str, str] = {}

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        max_length: int = 300,
        multiline: bool | None = None,
    ) -> str:
        """The stripped field; refused as the API refuses it (schemas.common): controls, and
        line breaks outside multi-line fields (by default those longer than 1000 characters,
        the textareas)."""
        raw = self.form.get(name)
        value = raw.strip() if isinstance(raw, str) else ""
        if multiline is None:
            multiline = max_length > MAX_LINE_FIELD
        problem = text_problem(value) if multiline else line_problem(value)
        if problem:
            self.errors[name] = problem
        elif required and not value:
            self.errors[name] = i18n.translate("required", self.lang)
        elif len(value) > max_length:
            self.errors[name] = i18n.translate("too_long", self.lang, limit=max_length)
        return value[:max_length]

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.text(name, required=required, max_length=10)
        if not value:
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.errors[name] = i18n.translate("bad_date", self.lang)
            return None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.errors[name] = i18n.translate("bad_year", self.lang)
            return None
        return day

    def clock(self, name: str, *, required: bool = False) -> time | None:
        value = self.text(name, required=required, max_length=5)
        if not value:
            return None
        try:
            return time.fromisoformat(value)
        except ValueError:
            self.errors[name] = i18n.translate("bad_time", self.lang)
            return None

    def integer(self, name: str) -> int | None:
        value = self.text(name, max_length=6)
        if not value:
            return None
        if not value.isdigit():
            self.errors[name] = i18n.translate("whole_number", self.lang)
            return None
        return int(value)

    def ident(self, name: str) -> uuid.UUID | None:
        value = self.text(name, max_length=40)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.errors[name] = i18n.translate("invalid_choice", self.lang)
            return None

    def checked(self, name: str) -> bool:
        return self.form.get(name) not in (None, "", "0")

    def ids(self, name: str) -> list[uuid.UUID]:
        result = []
        for raw in self.form.getlist(name):
            try:
                result.append(uuid.UUID(str(raw)))
            except ValueError:
                continue
        return result


def local_moment(day: date, clock: time) -> datetime:
    """A Stockholm wall-clock time as an aware UTC datetime (DST handled by zoneinfo)."""
    return datetime.combine(day, clock, tzinfo=LOCAL_TZ).astimezone(UTC)


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()
