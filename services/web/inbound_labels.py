"""Words for what became of a message in the organiser mailbox (services/inbound records short
identifiers: 'counter', 'not_an_attendee', 'refused: conflict'), worded at display time."""

from __future__ import annotations

from services.web.i18n import Lang

Pair = tuple[str, str]

REASONS: dict[str, Pair] = {
    "counter": (
        "Föreslår en annan tid (inte införd: svara personen).",
        "Proposes another time (not applied: answer them).",
    ),
    "not_an_attendee": (
        "Kalendersvar från någon som inte är inbjuden (kanske vidarebefordrad inbjudan).",
        "Calendar reply from someone not invited (perhaps a forwarded invite).",
    ),
    "unknown_meeting": (
        "Kalendersvar på ett möte som inte finns här.",
        "Calendar reply to a meeting that is not here.",
    ),
    "delegate_unknown": (
        "Delegerat till en adress som inte är medlem.",
        "Delegated to an address that is no member.",
    ),
    "refused": (
        "Svaret kunde inte registreras: ersättaren är inte en aktiv medlem i samma organisation.",
        "The answer could not be recorded: the substitute is no active member of the same "
        "organisation.",
    ),
    "bounce_unknown_address": (
        "Studs för en adress som ingen medlem har.",
        "Bounce for an address no member has.",
    ),
    "not_understood": ("Vanligt mejl: läs och svara.", "Ordinary mail: read and answer."),
    "not_readable": (
        "Meddelandet gick inte att läsa; öppna det i brevlådan.",
        "The message could not be read; open it in the mailbox.",
    ),
}
KINDS: dict[str, Pair] = {
    "reply": ("Kalendersvar", "Calendar reply"),
    "counter": ("Förslag på ny tid", "Counter proposal"),
    "bounce": ("Studs", "Bounce"),
    "auto_reply": ("Autosvar", "Auto-reply"),
    "unknown": ("Mejl", "Mail"),
}
UNKNOWN: Pair = ("Behöver läsas av en person.", "Needs a person to read it.")


def _pick(pair: Pair, lang: Lang) -> str:
    return pair[0] if lang == "sv" else pair[1]


def inbound_reason(reason: str, lang: Lang) -> str:
    """'refused: conflict' → the 'refused' sentence; unknown reasons still read as words."""
    return _pick(REASONS.get(reason.partition(":")[0], UNKNOWN), lang)


def inbound_kind(kind: str, lang: Lang) -> str:
    """'counter' → 'Förslag på ny tid'."""
    return _pick(KINDS.get(kind, KINDS["unknown"]), lang)
