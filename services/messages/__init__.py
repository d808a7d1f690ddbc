"""What the services say to people, Swedish and English, by code: the one catalogue both edges
(the API's Problem bodies, the pages) translate domain errors with.

A domain raises `Conflict("tasks.cancelled")` or `Invalid("surveys.too_long", field=key,
limit=2000)`; the code names a pair of texts here, `{name}` placeholders are the error's
parameters. Written by hand rather than gettext: a few hundred short texts, two languages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter

from schemas.notifications import Lang
from services.messages import access, content, edge, people, planning, series

TEXTS: dict[str, tuple[str, str]] = {
    **access.TEXTS,
    **content.TEXTS,
    **edge.TEXTS,
    **people.TEXTS,
    **planning.TEXTS,
    **series.TEXTS,
}
CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")  # area.what, e.g. tasks.cancelled


def is_code(text: str) -> bool:
    """A message code ('area.what') rather than a text."""
    return CODE.fullmatch(text) is not None


def placeholders(code: str) -> set[str]:
    """The parameters both texts of a code name."""
    return {
        name.split(".")[0].split("[")[0]
        for text in TEXTS[code]
        for _, name, _, _ in Formatter().parse(text)
        if name
    }


@dataclass(frozen=True)
class Phrase:
    """A parameter that is itself a text of the catalogue ('en PNG-bild' / 'a PNG image'),
    worded in the same language as the message around it, with its own parameters."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


def render(code: str, params: Mapping[str, object], lang: Lang | None) -> str:
    """The text in one language, or both as 'svenska / English' when the language is unknown."""
    if lang is None:
        return f"{render(code, params, 'sv')} / {render(code, params, 'en')}"
    text = TEXTS[code][0 if lang == "sv" else 1]
    worded = {
        name: render(value.code, value.params, lang) if isinstance(value, Phrase) else value
        for name, value in params.items()
    }
    return text.format(**worded)


def half(message: str, lang: Lang | None) -> str:
    """One language of a contract's own text written 'svenska / English' (schemas/ imports
    nothing of ours, so its validators cannot name a code); others as they are."""
    swedish, separator, english = message.partition(" / ")
    if not separator or lang is None:
        return message
    return (swedish if lang == "sv" else english).strip()


def language_of(accept_language: str) -> Lang | None:
    """The first language of an Accept-Language header if it is sv or en, else None (both)."""
    first = accept_language.split(",")[0].split(";")[0].strip().lower()
    primary = first.split("-")[0]
    return "sv" if primary == "sv" else "en" if primary == "en" else None
