"""Meetings and their answers, series links, and the mail and event engines' refusals."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "meetings.cannot_schedule": (
        "bara planerade möten kan schemaläggas",
        "only planned meetings can be scheduled",
    ),
    "meetings.cannot_reschedule": (
        "mötet kan inte flyttas i status '{status}'",
        "cannot be moved when {status}",
    ),
    "meetings.cannot_cancel": (
        "mötet kan inte ställas in i status '{status}'",
        "cannot be cancelled when {status}",
    ),
    "meetings.cannot_update": (
        "bara planerade eller schemalagda möten kan ändras, mötet är '{status}'",
        "only planned or scheduled meetings can be changed, this one is {status}",
    ),
    "meetings.cannot_hold": (
        "mötet måste vara schemalagt för att hållas",
        "must be scheduled before it is held",
    ),
    "meetings.cannot_approve_minutes": (
        "protokollet kan inte godkännas innan mötet hållits",
        "minutes cannot be approved before the meeting is held",
    ),
    "meetings.not_found": ("mötet finns inte", "no such meeting"),
    "rsvp.bad_answer": (
        "svaret ska vara accepted, tentative eller declined",
        "answer must be accepted, tentative or declined",
    ),
    "rsvp.closed": (
        "mötet går inte att svara på längre",
        "the meeting can no longer be answered",
    ),
    "rsvp.substitute_needs_decline": (
        "ersättare anges bara när du tackar nej",
        "a substitute goes with a decline",
    ),
    "rsvp.substitute_outside": (
        "ersättaren måste vara en aktiv medlem i din organisation",
        "the substitute must be an active member of your organisation",
    ),
    "consent.unknown_answer": (
        "okänt svar: passar eller passar-inte",
        "unknown answer",
    ),
    "consent.meeting_not_found": ("mötet finns inte", "the meeting does not exist"),
    "polls.not_found": ("enkäten finns inte", "the poll does not exist"),
    "polls.unknown_option": ("'{slot}' finns inte i enkäten", "is not an option of this poll"),
    "dead_letters.already_retried": (
        "meddelandet har redan skickats om",
        "this dead letter was already retried",
    ),
    "dead_letters.cannot_retry": (
        "meddelandet kan inte skickas om",
        "this dead letter cannot be retried",
    ),
    "delivery.no_failed_delivery": (
        "ingen sådan misslyckad leverans",
        "no such failed delivery",
    ),
    "delivery.notification_gone": ("notisen finns inte längre", "the notification is gone"),
}
