"""Minutes, tasks, deadlines and surveys."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "minutes.needs_held_meeting": (
        "anteckningar kan bara sparas för hållna möten",
        "minutes need a held meeting",
    ),
    "minutes.already_approved": (
        "anteckningarna är redan godkända",
        "the minutes are already approved",
    ),
    "minutes.nothing_to_approve": (
        "det finns inga anteckningar att godkänna",
        "there are no minutes to approve",
    ),
    "minutes.unknown_organisation": (
        "okänd organisation '{name}'; kända: {known}",
        "unknown organisation '{name}'; known: {known}",
    ),
    "tasks.needs_owner": ("en uppgift behöver en ägare", "a task needs an owner"),
    "tasks.cancelled": ("uppgiften är struken", "the task was cancelled"),
    "tasks.due_in_past": (
        "förfallodagen {due} har redan passerat",
        "the due date {due} is in the past",
    ),
    "tasks.unknown_agenda_item": ("okänd dagordningspunkt", "unknown agenda item"),
    "tasks.not_found": ("uppgiften finns inte", "no such task"),
    "deadlines.exists": ("samma deadline finns redan", "this deadline already exists"),
    "deadlines.closes_before_opens": (
        "fönstret måste stänga efter att det öppnar",
        "the window must close after it opens (closes_at > opens_at)",
    ),
    "deadlines.closing_passed": (
        "stängningstiden har redan passerat",
        "the closing time has already passed",
    ),
    "surveys.not_found": ("enkäten finns inte", "no such survey"),
    "surveys.no_answers": ("svaren saknas", "no answers given"),
    "surveys.unknown_question": ("okänd fråga: {question}", "unknown question: {question}"),
    "surveys.scale": ("svara med en siffra 1–5", "answer with a number 1–5"),
    "surveys.text_expected": ("svaret ska vara text", "the answer must be text"),
    "surveys.too_long": ("högst {limit} tecken", "at most {limit} characters"),
    "surveys.closed": ("enkäten är stängd", "the survey is closed"),
    "surveys.already_answered": ("du har redan svarat", "you have already answered"),
}
