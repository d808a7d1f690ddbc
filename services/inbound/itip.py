"""iTIP answers in a mail (RFC 5546, RFC 6047): the REPLY or COUNTER a calendar sends back.

Pure: bytes in, plain values out. Calendars differ in what they leave out (Exchange sends no
ORGANIZER, Outlook writes MAILTO: in upper case), so only UID and ATTENDEE are required.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import Message
from typing import Any

from icalendar import Calendar

CALENDAR_TYPES = ("text/calendar", "application/ics")
ANSWERS = frozenset({"ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"})


def address(value: object) -> str:
    """'MAILTO:Anna@Kommun.SE' → 'anna@kommun.se' (scheme and case aside)."""
    text = str(value).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text.strip().lower()


@dataclass(frozen=True)
class AttendeeAnswer:
    email: str
    partstat: str
    delegated_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarAnswer:
    """One VEVENT of a REPLY or COUNTER: which meeting, which version, who said what."""

    method: str
    uid: str
    recurrence_id: datetime | None
    sequence: int
    stamp: datetime | None
    attendees: tuple[AttendeeAnswer, ...]
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    comment: str | None = None


def calendar_parts(message: Message) -> list[bytes]:
    """The iCalendar bodies of a mail (the text/calendar alternative, an .ics attachment)."""
    found: list[bytes] = []
    for part in message.walk():
        if part.get_content_type() in CALENDAR_TYPES:
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload not in found:
                found.append(payload)
    return found


def _instant(prop: Any) -> datetime | None:
    if prop is None:
        return None
    value = prop.dt
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


def _attendees(event: Any) -> tuple[AttendeeAnswer, ...]:
    raw = event.get("ATTENDEE")
    if raw is None:
        return ()
    result = []
    for attendee in raw if isinstance(raw, list) else [raw]:
        params = getattr(attendee, "params", {})
        delegated = params.get("DELEGATED-TO") or ()
        if isinstance(delegated, str):
            delegated = [d for d in delegated.split(",") if d.strip()]
        result.append(
            AttendeeAnswer(
                email=address(attendee),
                partstat=str(params.get("PARTSTAT", "NEEDS-ACTION")).upper(),
                delegated_to=tuple(address(d.strip().strip('"')) for d in delegated),
            )
        )
    return tuple(result)


def parse_answers(data: bytes) -> list[CalendarAnswer]:
    """The REPLY and COUNTER events in one iCalendar object; anything else yields nothing."""
    calendar = Calendar.from_ical(data)
    method = str(calendar.get("METHOD", "")).upper()
    if method not in ("REPLY", "COUNTER"):
        return []
    answers = []
    for event in calendar.walk("VEVENT"):
        uid = event.get("UID")
        if uid is None:
            continue
        comment = event.get("COMMENT")
        answers.append(
            CalendarAnswer(
                method=method,
                uid=str(uid),
                recurrence_id=_instant(event.get("RECURRENCE-ID")),
                sequence=int(event.get("SEQUENCE", 0)),
                stamp=_instant(event.get("DTSTAMP")),
                attendees=_attendees(event),
                starts_at=_instant(event.get("DTSTART")),
                ends_at=_instant(event.get("DTEND")),
                comment=str(comment) if comment is not None else None,
            )
        )
    return answers


def answers_in(message: Message) -> list[CalendarAnswer]:
    """Every REPLY/COUNTER in the mail; the same event in two parts counts once."""
    seen: dict[tuple[str, str, int, datetime | None], CalendarAnswer] = {}
    for data in calendar_parts(message):
        try:
            parsed = parse_answers(data)
        except ValueError:
            continue
        for answer in parsed:
            seen.setdefault((answer.method, answer.uid, answer.sequence, answer.stamp), answer)
    return list(seen.values())
