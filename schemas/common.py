"""Shared API shapes: clean text and bounded numbers at the edge, pages, and the error body."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Generic, Self, TypeVar

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    HttpUrl,
    Strict,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

T = TypeVar("T")

# PostgreSQL's bigint ends at 9.2e18; no list of a network comes near a million rows.
MAX_OFFSET = 1_000_000
MAX_LIMIT = 500
MAX_POSITION = 999  # agenda items, numbers and positions
MAX_ITEMS = 200  # list fields in a request body (aliases, entries, options)

# Control characters (Unicode Cc), line/paragraph separators and lone surrogates break mail
# headers, iCalendar lines and PostgreSQL (NUL); multi-line text may keep tabs and line breaks.
_LINE_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_TEXT_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# The same rules for clients, as ECMA-262 patterns (JSON Schema cannot name lone surrogates).
LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$"
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]*$"
LINE_MESSAGE = (
    "får inte innehålla radbrytningar eller andra styrtecken / "
    "must not contain line breaks or other control characters"
)
TEXT_MESSAGE = (
    "får inte innehålla styrtecken (radbrytning och tabb går bra) / "
    "must not contain control characters (line breaks and tabs are fine)"
)


def line_problem(value: str) -> str | None:
    """The message for text that may not be a single line of a form field, or None."""
    return LINE_MESSAGE if _LINE_BAD.search(value) else None


def text_problem(value: str) -> str | None:
    """The message for text that may not be multi-line text (notes, descriptions), or None."""
    return TEXT_MESSAGE if _TEXT_BAD.search(value.replace("\r\n", "\n")) else None


@dataclass(frozen=True)
class CleanText:
    """Annotated[str, CleanText(...)]: refuses control characters, normalises to NFC, bounds length.

    Written by hand because the length must hold after normalisation and the message must be a
    coordinator's, which pydantic's pattern constraint cannot give.
    """

    max_length: int
    min_length: int = 0
    multiline: bool = False
    pattern: str | None = None  # a stricter form (ECMA-262 and Python alike), with `message`
    message: str = "har fel form / has the wrong format"
    json_format: str | None = None  # the OpenAPI format, e.g. email

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = core_schema.str_schema(
            min_length=self.min_length or None, max_length=self.max_length
        )
        return core_schema.no_info_after_validator_function(self.clean, inner)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern or (TEXT_PATTERN if self.multiline else LINE_PATTERN)
        if self.json_format:
            json_schema["format"] = self.json_format
        return json_schema

    def clean(self, value: str) -> str:
        if self.multiline:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if (_TEXT_BAD if self.multiline else _LINE_BAD).search(value):
            message = TEXT_MESSAGE if self.multiline else LINE_MESSAGE
            raise PydanticCustomError("control_characters", message)
        value = unicodedata.normalize("NFC", value)
        if self.pattern and not re.match(self.pattern, value):
            raise PydanticCustomError("wrong_format", self.message)
        if len(value) > self.max_length:
            raise PydanticCustomError(
                "string_too_long",
                "högst {max_length} tecken / at most {max_length} characters",
                {"max_length": self.max_length},
            )
        return value


# The reusable text types of requests. Lines are names, titles, places; texts may span lines.
Name = Annotated[str, CleanText(200, min_length=1)]
Title = Annotated[str, CleanText(300, min_length=1)]
ShortLine = Annotated[str, CleanText(60)]
Line = Annotated[str, CleanText(300)]
Comment = Annotated[str, CleanText(2000, multiline=True)]
Description = Annotated[str, CleanText(10_000, multiline=True)]
# JSON true/false and whole numbers only: pydantic's lax mode would take 0, "yes" or "5".
Flag = Annotated[bool, Strict()]
# Bounds go before it, as in Annotated[int, Field(ge=1), WHOLE], or the OpenAPI loses them.
WHOLE = BeforeValidator(lambda v: _whole(v))
Whole = Annotated[int, WHOLE]
Position = Annotated[int, Field(ge=0, le=MAX_POSITION), WHOLE]


URL_MESSAGE = "ange en webbadress som börjar med https:// / not an http(s) URL"
# http(s), a host name whose last label starts with a letter, a short port, then no blanks.
_PCHAR = r"([A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
# RFC 3986 as the OpenAPI's format "uri" means it: http(s), a host name whose last label starts
# with a letter, a short port, then path, query and fragment of URI characters only.
URL_PATTERN = (
    r"^https?://([A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*(:[0-9]{1,4})?"
    rf"(/{_PCHAR}*)*(\?({_PCHAR}|[/?])*)?(#({_PCHAR}|[/?])*)?$"
)


def _whole(value: object) -> object:
    """A JSON integer, 7.0 included as JSON Schema counts it; no text, no true/false."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "ska vara ett heltal / must be a whole number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _web_address(value: str) -> str:
    """Only http(s) links reach mails and pages (a javascript: link would run in a browser)."""
    try:
        HttpUrl(value)
    except ValueError as exc:
        raise PydanticCustomError("url_parsing", URL_MESSAGE) from exc
    return value


def _mail_address(value: str) -> str:
    """The address syntax the OpenAPI's format names; .test domains pass (tests, demos), the
    other reserved ones (.arpa, .invalid, .local, localhost, .onion) can never take mail."""
    try:
        checked = validate_email(
            value, check_deliverability=False, globally_deliverable=False, test_environment=True
        )
    except EmailNotValidError as exc:
        raise PydanticCustomError(
            "email", "ogiltig e-postadress / invalid e-mail address: {reason}", {"reason": str(exc)}
        ) from exc
    return checked.normalized


WebUrl = Annotated[
    str,
    CleanText(1000, pattern=URL_PATTERN, message=URL_MESSAGE, json_format="uri"),
    AfterValidator(_web_address),
]
Email = Annotated[
    str, CleanText(320, min_length=3, json_format="email"), AfterValidator(_mail_address)
]


def _written_out(value: object) -> object:
    """Dates and times come as ISO 8601 text; pydantic would take 0 or "0.5" as a Unix time."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError("iso_8601", ISO_MESSAGE)
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        raise PydanticCustomError("iso_8601", ISO_MESSAGE)
    return value


def _plausible(value: D) -> D:
    """Years outside 1900–2200 are typos, and at the edges of `date` time-zone maths overflow."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("date_out_of_range", YEAR_MESSAGE)
    return value


D = TypeVar("D", bound=date)
FIRST_YEAR, LAST_YEAR = 1900, 2200
ISO_MESSAGE = "skriv datum och tid enligt ISO 8601 / write dates and times as ISO 8601"
YEAR_MESSAGE = f"året ska vara {FIRST_YEAR}–{LAST_YEAR} / the year must be {FIRST_YEAR}–{LAST_YEAR}"
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
Day = Annotated[date, BeforeValidator(_written_out), AfterValidator(_plausible)]
Moment = Annotated[AwareDatetime, BeforeValidator(_written_out), AfterValidator(_plausible)]
# Error types of rules that JSON Schema cannot state: the API answers them with code "invalid".
BEYOND_SCHEMA = frozenset({"date_out_of_range"})


class ApiModel(BaseModel):
    """Reads attributes from ORM rows; rejects unknown fields in requests."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")


def _not_nullable(schema: dict[str, Any], cls: type[Any]) -> None:
    """In the OpenAPI, only CLEARABLE fields of a patch take null; the others may be left out."""
    clearable: frozenset[str] = getattr(cls, "CLEARABLE", frozenset())
    for name, prop in schema.get("properties", {}).items():
        variants = prop.get("anyOf")
        if name in clearable or not isinstance(variants, list):
            continue
        kept = [v for v in variants if v != {"type": "null"}]
        prop.pop("default", None)
        prop.pop("anyOf")
        if len(kept) == 1:
            prop.update(kept[0])
        else:
            prop["anyOf"] = kept


class PatchModel(ApiModel):
    """A partial update: a field left out stays as it is; null clears only the CLEARABLE ones."""

    model_config = ConfigDict(json_schema_extra=_not_nullable)
    CLEARABLE: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _null_only_where_it_clears(self) -> Self:
        for name in sorted(self.model_fields_set - self.CLEARABLE):
            if getattr(self, name) is None:
                raise ValueError(f"{name} kan inte tömmas / {name} cannot be null")
        return self


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class PageParams(BaseModel):
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class FieldError(BaseModel):
    """One refused field: where (dotted path, empty for the whole body) and why."""

    field: str
    message: str
    code: str | None = Field(default=None, description="Machine-readable reason, e.g. missing.")


class Problem(BaseModel):
    """The body of every 4xx and 5xx answer of the API."""

    detail: str = Field(
        description="What went wrong: in Swedish or English when Accept-Language starts with "
        "sv or en, else both as 'svenska / English'."
    )
    code: str | None = Field(default=None, description="Machine-readable kind, e.g. not_found.")
    field: str | None = Field(default=None, description="The field at fault, if one is.")
    errors: list[FieldError] | None = Field(
        default=None, description="Every refused field, for invalid input (422)."
    )
    message_code: str | None = Field(
        default=None,
        description="Which message `detail` is, e.g. tasks.cancelled; only on a service's "
        "refusal that has one.",
    )
    params: dict[str, str] | None = Field(
        default=None, description="The values the message names, with `message_code`."
    )
