"""Words for mail kinds, background jobs and why a mail was stopped or failed, at display time.

The notification code records kinds as identifiers and reasons as technical English (the
`Skip("…")` strings of services/notifications/contexts.py, the failures of
services/notifications/failures.py and of the SMTP and Microsoft 365 adapters). Pages must show
neither, so they are worded here rather than in the code that sends mail.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from services.web.i18n import Lang

Pair = tuple[str, str]

KINDS: dict[str, Pair] = {
    "meeting_invite": ("Inbjudan till möte", "Meeting invitation"),
    "meeting_cancelled": ("Inställt möte", "Meeting cancelled"),
    "meeting_reminder": ("Påminnelse om möte", "Meeting reminder"),
    "task_assigned": ("Ny uppgift", "New task"),
    "task_reminder": ("Påminnelse om uppgift", "Task reminder"),
    "task_overdue": ("Försenad uppgift", "Overdue task"),
    "deadline_opens": ("Ansökan öppnar", "Application window opens"),
    "deadline_closing": ("Sista dagen närmar sig", "Deadline approaching"),
    "deadline_withdrawn": ("Tidsfrist tillbakadragen", "Deadline withdrawn"),
    "survey_invitation": ("Enkät efter mötet", "Survey after the meeting"),
    "survey_reminder": ("Påminnelse om enkät", "Survey reminder"),
    "weekly_digest": ("Veckosammanfattning", "Weekly digest"),
    "login_link": ("Inloggningslänk", "Login link"),
    "series_proposal": ("Förslag på mötestider", "Proposed meeting dates"),
    "series_poll": ("Fråga om vilka tider som passar", "Poll on suitable times"),
}
UNKNOWN_KIND: Pair = ("Annat utskick", "Other mail")

# Dead letters: "notification.deliver", "consumer:<name>" and "timer:<kind>".
CONSUMERS: dict[str, Pair] = {
    "followups": ("uppgifter och datum ur godkända protokoll", "tasks and dates from minutes"),
    "notifications": ("mejl om möten och uppgifter", "mail about meetings and tasks"),
    "meeting_invites": ("inbjudningar till möten", "meeting invitations"),
    "task_mail": ("mejl om uppgifter", "mail about tasks"),
    "task_reassigned_mail": ("mejl till ny ansvarig", "mail to a new owner"),
    "rotation": ("kommun i fokus till nästa möte", "the next meeting's presenter"),
    "surveys": ("enkät efter mötet", "survey after the meeting"),
    "meeting_reminders": ("påminnelser om möten", "meeting reminders"),
    "meeting_substitutes": ("ersättare till möten", "substitutes for meetings"),
    "survey_reminders": ("påminnelser om enkäter", "survey reminders"),
}
TIMERS: dict[str, Pair] = {
    "task.reminder_before": ("påminnelse om uppgift", "task reminder"),
    "task.reminder_due": ("påminnelse om uppgift", "task reminder"),
    "task.overdue": ("försenad uppgift", "overdue task"),
    "digest.weekly": ("veckosammanfattning", "weekly digest"),
    "meeting.reminder": ("påminnelse om möte", "meeting reminder"),
    "deadline.opens": ("ansökan öppnar", "application window opens"),
    "deadline.closing": ("påminnelse om sista dag", "deadline reminder"),
    "deadline.closes": ("ansökan stänger", "application window closes"),
    "survey.reminder": ("påminnelse om enkät", "survey reminder"),
    "survey.close": ("enkäten stängs", "survey closes"),
    "series.consent_due": ("svarstiden för mötesförslag går ut", "replies to proposed dates close"),
}
JOB: Pair = ("Bakgrundsjobb: {}", "Background job: {}")
UNKNOWN_JOB: Pair = ("okänt", "unknown")
DELIVERY_JOB: Pair = ("Utskick av mejl", "Mail delivery")

# Reasons a mail was not sent, word for word: the channel's Skip (services/notifications/prepare.py)
# and the send-time checks in the domains' mail.py.
SKIPPED: dict[str, Pair] = {
    "expired": ("Mejlet hann bli inaktuellt innan det skickades.", "The mail went stale unsent."),
    "the meeting moved": (
        "Mötet har flyttats; påminnelsen skickas för den nya tiden.",
        "The meeting moved; the reminder goes out for the new time.",
    ),
    "proposal withdrawn": ("Mötesförslaget är tillbakadraget.", "The proposal was withdrawn."),
    "consent round closed": (
        "Svarstiden för mötesförslaget har gått ut.",
        "The time to answer the proposed dates is over.",
    ),
    "superseded by a proposal with another reply-by date": (
        "Ett nyare mötesförslag med ett annat svarsdatum har ersatt det här.",
        "A newer proposal with another reply-by date replaced this one.",
    ),
    "no proposed dates left": (
        "Inga av de föreslagna datumen finns kvar.",
        "None of the proposed dates is left.",
    ),
    "poll closed or gone": (
        "Enkäten om mötesdagar är stängd eller borttagen.",
        "The poll about meeting days is closed or removed.",
    ),
    "recipient inactive or gone": (
        "Mottagaren är avaktiverad eller borttagen.",
        "The recipient is deactivated or removed.",
    ),
    "address marked failing": (
        "Adressen har studsat och skickas inte till förrän den är rättad.",
        "The address bounced and gets no mail until it is corrected.",
    ),
    "turned off by the member": (
        "Mottagaren har stängt av den här sortens mejl.",
        "The recipient turned this kind of mail off.",
    ),
    "meeting gone": ("Mötet finns inte längre.", "The meeting no longer exists."),
    "meeting not upcoming": (
        "Mötet är inte längre kommande (inställt, hållet eller passerat).",
        "The meeting is no longer upcoming (cancelled, held or past).",
    ),
    "declined": ("Mottagaren har tackat nej.", "The recipient has declined."),
    "superseded by a newer invite": (
        "En nyare inbjudan har ersatt den här.",
        "A newer invitation replaced this one.",
    ),
    "task no longer open": ("Uppgiften är inte längre öppen.", "The task is no longer open."),
    "due date passed: the overdue mails take over": (
        "Datumet har passerat; mejlen om försenad uppgift tar över.",
        "The due date has passed; the overdue mails take over.",
    ),
    "deadline passed or gone": (
        "Tidsfristen har passerat eller tagits bort.",
        "The deadline has passed or was removed.",
    ),
    "survey gone": ("Enkäten finns inte längre.", "The survey no longer exists."),
    "survey closed": ("Enkäten är stängd.", "The survey is closed."),
    "already answered": ("Mottagaren har redan svarat.", "The recipient has already answered."),
    "login links are for members": (
        "Inloggningslänkar skickas bara till medlemmar.",
        "Login links are only sent to members.",
    ),
    "digests are for members": (
        "Veckosammanfattningar skickas bara till medlemmar.",
        "Weekly digests are only sent to members.",
    ),
    "series mails are for members": (
        "Mötesförslag skickas bara till medlemmar.",
        "Proposed dates are only sent to members.",
    ),
    # services/notifications/failures.py: a worker died between "sending" and "sent".
    "uncertain: worker died while sending": (
        "Osäkert om mejlet kom fram: utskicket avbröts. Det skickas inte om av sig självt.",
        "Unsure whether the mail arrived: sending was interrupted. It is not resent by itself.",
    ),
    # services/notifications/failures.py: its sender died mid-send; it goes out again, same ids.
    "in doubt: its sender died while sending; sent again with the same ids": (
        "Utskicket avbröts. Mejlet skickas igen, som samma mejl, inom några minuter.",
        "Sending was interrupted. The mail is sent again, as the same mail, within minutes.",
    ),
    "SMTP authentication failed": (
        "E-postservern godtog inte tjänstens inloggning.",
        "The mail server did not accept the service's login.",
    ),
}
TECHNICAL: Pair = (
    "Tekniskt fel. Försök igen; hjälper det inte, be den som driftar tjänsten läsa loggen.",
    "Technical error. Try again; if that does not help, ask whoever runs the service to check "
    "the log.",
)


def _pick(pair: Pair, lang: Lang) -> str:
    return pair[0] if lang == "sv" else pair[1]


def kind_label(kind: str, lang: Lang) -> str:
    """'task_assigned' → 'Ny uppgift'."""
    return _pick(KINDS.get(kind, UNKNOWN_KIND), lang)


def job_label(task_name: str, lang: Lang) -> str:
    """A dead letter's task: mail delivery, an event consumer or a timer, in words."""
    if task_name == "notification.deliver":
        return _pick(DELIVERY_JOB, lang)
    prefix, _, name = task_name.partition(":")
    table = {"consumer": CONSUMERS, "timer": TIMERS}.get(prefix, {})
    return _pick(JOB, lang).format(_pick(table.get(name, UNKNOWN_JOB), lang))


def failure_what(kind: str, what: str, lang: Lang) -> str:
    """The overview's failure rows: a notification's kind, or a dead letter's task name."""
    return kind_label(what, lang) if kind == "notification" else job_label(what, lang)


def _smtp_code(code: str, lang: Lang) -> str:
    """4xx is the server's "not now", 5xx its "no" (RFC 5321)."""
    if code.startswith("4"):
        return _pick(
            (
                f"E-postservern svarade med ett tillfälligt fel (kod {code}).",
                f"The mail server answered with a temporary error (code {code}).",
            ),
            lang,
        )
    return _pick(
        (
            f"E-postservern tog inte emot mejlet (kod {code}).",
            f"The mail server refused the mail (code {code}).",
        ),
        lang,
    )


def _refused(match: re.Match[str], lang: Lang) -> str:
    if match.group(1) == "some":
        return _pick(
            ("Några av mottagarna nekades av e-postservern.", "Some recipients were refused."),
            lang,
        )
    return _pick(
        (
            "Mottagarens adress nekades av e-postservern.",
            "The mail server refused the recipient's address.",
        ),
        lang,
    )


def _graph_status(match: re.Match[str], lang: Lang) -> str:
    """Microsoft 365 (Graph) answered with an HTTP status."""
    status = match.group(1)
    if status == "429":
        pair = ("Microsoft 365 begränsade antalet utskick.", "Microsoft 365 throttled sending.")
    elif status in ("401", "403"):
        pair = (
            "Microsoft 365 godtog inte tjänstens behörighet.",
            "Microsoft 365 did not accept the service's permissions.",
        )
    elif status == "404":
        pair = ("Händelsen finns inte i Microsoft 365.", "The event is gone in Microsoft 365.")
    elif status.startswith("5"):
        pair = ("Microsoft 365 svarade med ett tillfälligt fel.", "Microsoft 365 failed for now.")
    else:
        pair = (f"Microsoft 365 nekade (kod {status}).", f"Microsoft 365 refused (code {status}).")
    return _pick(pair, lang)


def _gave_up(match: re.Match[str], lang: Lang) -> str:
    attempts, cause = match.group(1), reason_label(match.group(2), lang)
    return _pick(
        (f"Gav upp efter {attempts} försök. {cause}", f"Gave up after {attempts} tries. {cause}"),
        lang,
    )


PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str], Lang], str]]] = [
    (re.compile(r"^gave up after (\d+) attempts: (.*)$", re.S), _gave_up),
    (
        re.compile(r"^deferred \d+s: "),
        lambda m, lang: _pick(
            (
                "Väntar: gränsen för hur mycket som får skickas är nådd för stunden.",
                "Waiting: the sending limit is reached for now.",
            ),
            lang,
        ),
    ),
    (
        re.compile(r"^(?:SMTP server answered )?([45]\d\d)\b"),
        lambda m, lang: _smtp_code(m[1], lang),
    ),
    (re.compile(r"^(all|some) recipients refused"), _refused),
    (
        re.compile(r"^\w+ is for members$"),
        lambda m, lang: _pick(
            ("Det här mejlet skickas bara till medlemmar.", "This mail goes to members only."),
            lang,
        ),
    ),
    (
        re.compile(r"^SMTP connection failed"),
        lambda m, lang: _pick(
            ("Kunde inte nå e-postservern.", "Could not reach the mail server."), lang
        ),
    ),
    (re.compile(r"^Graph [^:]*: HTTP (\d{3})"), _graph_status),
    (
        re.compile(r"^Graph [^:]*: (?:no response|\w*(?:Error|Timeout))$"),
        lambda m, lang: _pick(
            ("Kunde inte nå Microsoft 365.", "Could not reach Microsoft 365."), lang
        ),
    ),
    (
        re.compile(r"^Graph [^:]*: "),
        lambda m, lang: _pick(
            ("Microsoft 365 tog inte emot utskicket.", "Microsoft 365 did not take the mail."), lang
        ),
    ),
    (re.compile(r"^unknown kind "), lambda m, lang: _pick(UNKNOWN_KIND, lang)),
]


def reason_label(text: str | None, lang: Lang) -> str:
    """Why a mail was stopped, is waiting or failed, as a sentence; '' when nothing went wrong."""
    if not text:
        return ""
    text = text.strip()
    known = SKIPPED.get(text)
    if known is not None:
        return _pick(known, lang)
    for pattern, word in PATTERNS:
        match = pattern.match(text)
        if match:
            return word(match, lang)
    return _pick(TECHNICAL, lang)
