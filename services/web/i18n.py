"""UI text, Swedish first: a small catalogue beats gettext for a few hundred strings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from starlette.requests import Request

from services import messages
from services.errors import DomainError
from services.notifications import formatting
from services.web import catalogue

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")

# key: (Swedish, English); the texts live in services/web/catalogue/, one module per area.
CATALOGUE: dict[str, tuple[str, str]] = catalogue.merged()

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "proposed": ("föreslaget", "proposed"),
    "planned": ("planerat", "planned"),
    "scheduled": ("schemalagt", "scheduled"),
    "held": ("hållet", "held"),
    "minutes_approved": ("protokoll godkänt", "minutes approved"),
    "open": ("öppen", "open"),
    "done": ("klar", "done"),
    "pending": ("väntar", "pending"),
    "sending": ("skickas", "sending"),
    "sent": ("skickat", "sent"),
    "failed": ("misslyckat", "failed"),
    "suppressed": ("stoppat", "suppressed"),
    "needs_action": ("inget svar", "no answer"),
    "accepted": ("kommer", "accepted"),
    "tentative": ("kanske", "tentative"),
    "declined": ("kommer inte", "declined"),
    "cancelled": ("inställt", "cancelled"),
}


def lang_of(request: Request) -> Lang:
    """The session's choice, else the browser's first preference if it is sv or en, else the
    configured default language (SAMVERKAN_DEFAULT_LANGUAGE)."""
    chosen = request.session.get("lang")
    if chosen in LANGS:
        return "en" if chosen == "en" else "sv"
    accept = request.headers.get("accept-language", "").lower()
    if accept.startswith("en"):
        return "en"
    if accept.startswith("sv"):
        return "sv"
    settings = getattr(request.app.state, "settings", None)
    return "en" if settings is not None and settings.default_language == "en" else "sv"


def in_language(message: str, lang: Lang) -> str:
    """The page's half of a contract's text written 'svenska / English' (schemas.common's
    refusals of form text), as a sentence; others as they are."""
    if " / " not in message:
        return message
    return _sentence(messages.half(message, lang))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def error_text(exc: DomainError, lang: Lang) -> str:
    """A service's refusal in the page's language, from the shared catalogue (services.messages)."""
    return _sentence(exc.text(lang))


def message(code: str, lang: Lang, **params: object) -> str:
    """A text of the shared catalogue (services.messages) on a page."""
    return _sentence(messages.render(code, params, lang))


def translate(key: str, lang: Lang, **params: object) -> str:
    """Unknown keys show as themselves, so a missing entry is visible but never breaks a page;
    `params` fill the text's {placeholders}."""
    pair = CATALOGUE.get(key) or STATUS_LABELS.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "sv" else pair[1]
    return text.format(**params) if params else text


def status_label(value: str, lang: Lang) -> str:
    """A status value: its own label first, so a status never shows a catalogue sentence
    that happens to share its key (a meeting's 'minutes_approved' or 'cancelled')."""
    pair = STATUS_LABELS.get(value)
    return translate(value, lang) if pair is None else pair[0 if lang == "sv" else 1]


def fmt_date(value: date | None, lang: Lang) -> str:
    return "" if value is None else formatting.format_date(value, lang)


def fmt_short(value: date | None, lang: Lang) -> str:
    return "" if value is None else formatting.format_short_date(value, lang)


def fmt_datetime(value: datetime | None, lang: Lang) -> str:
    return "" if value is None else formatting.format_datetime(value, lang)


def fmt_range(start: datetime, end: datetime, lang: Lang) -> str:
    """'onsdag 6 september 2023, 13:00–16:00'."""
    return formatting.format_range(start, end, lang)


_UNITS: dict[Lang, tuple[tuple[int, str, str], ...]] = {
    "sv": ((86400, "dag", "dagar"), (3600, "timme", "timmar"), (60, "minut", "minuter")),
    "en": ((86400, "day", "days"), (3600, "hour", "hours"), (60, "minute", "minutes")),
}


def fmt_duration(seconds: int, lang: Lang) -> str:
    """'14 dagar', '1 dag och 3 timmar', '8 hours': the two largest units, as people say it."""
    parts: list[str] = []
    rest = max(int(seconds), 60)
    for size, one, many in _UNITS[lang]:
        count, rest = divmod(rest, size)
        if count and len(parts) < 2:
            parts.append(f"{count} {one if count == 1 else many}")
        elif parts:
            break
    return f" {'och' if lang == 'sv' else 'and'} ".join(parts)
