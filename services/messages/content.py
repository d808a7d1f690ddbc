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
    "minutes.file_unreadable": ("Filen kan inte läsas", "cannot read the file ({reason})"),
    "minutes.file_empty": ("Filen är tom", "the file is empty"),
    "minutes.file_type": (
        "Filtypen {suffix} stöds inte ({supported})",
        "file type {suffix} is not supported (use {supported})",
    ),
    "minutes.file_without_text": ("Filen innehåller ingen text", "the file contains no text"),
    "minutes.file_too_large": (
        "Filen är för stor ({mb:.1f} MB); tillåtet: {supported}, högst {limit_mb} MB",
        "the file is too large ({mb:.1f} MB); accepted: {supported}, at most {limit_mb} MB",
    ),
    "minutes.docx_unpacks_large": (
        "Word-filen packas upp till {mb:.0f} MB (högst {max_mb} MB); tillåtet: {supported}, "
        "högst {limit_mb} MB",
        "the .docx unpacks to {mb:.0f} MB (at most {max_mb} MB); accepted: {supported}, at most "
        "{limit_mb} MB",
    ),
    "minutes.docx_unpacks_often": (
        "Word-filen packas upp {times} gånger (högst {max_times}); tillåtet: {supported}, "
        "högst {limit_mb} MB",
        "the .docx unpacks {times} times (at most {max_times}); accepted: {supported}, at most "
        "{limit_mb} MB",
    ),
    "minutes.pdf_too_many_pages": (
        "PDF-filen har {pages} sidor (högst {max_pages}); tillåtet: {supported}, "
        "högst {limit_mb} MB",
        "the PDF has {pages} pages (at most {max_pages}); accepted: {supported}, at most "
        "{limit_mb} MB",
    ),
    "minutes.file_not_text": ("Filen är {kind}, inte text", "the file is {kind}, not text"),
    "minutes.file_binary": (
        "Filen ser ut att vara binär, inte text",
        "the file looks binary, not text",
    ),
    "minutes.file_encoding": (
        "Filen är inte läsbar text (okänd teckenkodning)",
        "the file is not readable text (not valid {codec})",
    ),
    "minutes.file_not_docx": ("Filen är {kind}, inte .docx", "the file is {kind}, not .docx"),
    "minutes.docx_damaged": ("Word-filen är trasig", "the .docx file is damaged"),
    "minutes.docx_without_document": (
        "Filen heter .docx men är ett zip-arkiv utan Word-dokument",
        "the .docx is a zip archive without a Word document in it",
    ),
    "minutes.docx_unreadable": ("Word-filen kan inte läsas", "the .docx file cannot be read"),
    "minutes.file_not_pdf": (
        "Filen är inte en PDF; tillåtet: {supported}",
        "the file is not a PDF; accepted: {supported}",
    ),
    "minutes.pdf_unreadable": (
        "PDF-filen kan inte läsas; tillåtet: {supported}",
        "the PDF file cannot be read; accepted: {supported}",
    ),
    "minutes.kind.png": ("en PNG-bild", "a PNG image"),
    "minutes.kind.jpeg": ("en JPEG-bild", "a JPEG image"),
    "minutes.kind.gif": ("en GIF-bild", "a GIF image"),
    "minutes.kind.pdf": ("en PDF", "a PDF"),
    "minutes.kind.zip": ("ett zip-arkiv", "a zip archive"),
    "minutes.kind.doc": ("ett gammalt Office-dokument (.doc)", "a legacy Office file (.doc)"),
    "minutes.kind.program": ("ett program", "an executable"),
    "minutes.kind.not_word": ("inte ett Word-dokument", "not a Word document"),
    "tasks.needs_owner": ("en uppgift behöver en ägare", "a task needs an owner"),
    "tasks.cancelled": ("uppgiften är struken", "the task was cancelled"),
    "tasks.due_in_past": (
        "förfallodagen {due} har redan passerat",
        "the due date {due} is in the past",
    ),
    "tasks.unknown_agenda_item": ("okänd dagordningspunkt", "unknown agenda item"),
    "tasks.not_found": ("uppgiften finns inte", "no such task"),
    "deadlines.exists": ("samma deadline finns redan", "this deadline already exists"),
    "deadlines.no_followers": (
        "välj minst en grupp, organisation eller person som ska följa",
        "choose at least one group, organisation or person to follow it",
    ),
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
