"""iCalendar invites (iTIP REQUEST/CANCEL, RFC 5545/5546) and per-member ICS feeds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import TRANSP, Calendar, Event, vCalAddress

from infra.clock import LOCAL_TZ, utcnow
from schemas.notifications import (
    FeedMeeting,
    FeedTask,
    IcsMethod,
    InviteAttendee,
    InviteMeeting,
    Lang,
)

PRODID = "-//samverkan//invites//EN"
TZID = LOCAL_TZ.key

# Fields whose change makes a new revision (RFC 5546 §2.1.4: SEQUENCE on significant change).
_SIGNIFICANT = ("starts_at", "ends_at", "location", "online_url")

_LABELS: dict[Lang, dict[str, str]] = {
    "sv": {"agenda": "Dagordning", "link": "Länk till mötet", "due": "Att göra"},
    "en": {"agenda": "Agenda", "link": "Meeting link", "due": "Due"},
}


# RFC 5545 §3.1/§3.3.11: no CONTROL characters in parameter values or text (HTAB aside); the
# stored data predates the API's checks or bypasses it, so rendering cleans whatever it gets.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_BLANKS = re.compile(r"\s+")


def param_text(value: str) -> str:
    """A parameter value such as CN: one line without controls or double quotes (never allowed,
    not even quoted); icalendar quotes what has , ; or : in it."""
    value = _CONTROLS.sub(" ", value).replace('"', "'")
    return _BLANKS.sub(" ", value).strip() or "?"


def text_value(value: str, *, multiline: bool = False) -> str:
    """A TEXT property (SUMMARY, LOCATION, DESCRIPTION) without controls; line breaks only
    where the property may have them (icalendar escapes them and , ; \\)."""
    lines = (_CONTROLS.sub(" ", line).replace("\t", " ") for line in value.splitlines())
    cleaned = [line.strip() for line in lines]
    return "\n".join(cleaned) if multiline else " ".join(part for part in cleaned if part)


def _address(email: str, name: str, **params: str | bool) -> vCalAddress:
    """ORGANIZER and ATTENDEE: mailto: and a CN that strict parsers accept."""
    return vCalAddress.new(email, cn=param_text(name), **params)  # type: ignore[arg-type]


def is_significant_change(previous: InviteMeeting, updated: InviteMeeting) -> bool:
    """True when attendees must re-confirm: new time, place or meeting link."""
    return any(getattr(previous, f) != getattr(updated, f) for f in _SIGNIFICANT)


def revise(previous: InviteMeeting, updated: InviteMeeting) -> InviteMeeting:
    """The next revision of a sent invite: same UID, SEQUENCE +1 on a significant change."""
    bump = 1 if is_significant_change(previous, updated) else 0
    return updated.model_copy(update={"uid": previous.uid, "sequence": previous.sequence + bump})


def for_cancellation(meeting: InviteMeeting) -> InviteMeeting:
    """A CANCEL must carry a higher SEQUENCE than the last REQUEST (RFC 5546 §3.2.5)."""
    return meeting.model_copy(update={"sequence": meeting.sequence + 1})


def _description(meeting: InviteMeeting, lang: Lang) -> str:
    """The agenda (and link) as plain text for DESCRIPTION."""
    labels = _LABELS[lang]
    parts: list[str] = []
    if meeting.agenda:
        items = "\n".join(f"{i}. {item}" for i, item in enumerate(meeting.agenda, start=1))
        parts.append(f"{labels['agenda']}:\n{items}")
    if meeting.online_url:
        parts.append(f"{labels['link']}: {meeting.online_url}")
    return "\n\n".join(parts)


def _meeting_event(meeting: InviteMeeting, *, stamp: datetime, lang: Lang) -> Event:
    """The VEVENT shared by invites and feeds, in Stockholm time."""
    event = Event.new(
        uid=meeting.uid,
        sequence=meeting.sequence,
        stamp=stamp.astimezone(UTC),
        start=meeting.starts_at.astimezone(LOCAL_TZ),
        end=meeting.ends_at.astimezone(LOCAL_TZ),
        summary=text_value(meeting.title),
        location=text_value(meeting.location or meeting.online_url or "") or None,
        url=meeting.online_url,
        transparency=TRANSP.OPAQUE,
    )
    description = text_value(_description(meeting, lang), multiline=True)
    if description:
        event.add("description", description)
    return event


def _calendar(*, method: str | None) -> Calendar:
    """A VCALENDAR without a random calendar UID, so output is reproducible."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _with_timezone(calendar: Calendar, first: date, last: date) -> bytes:
    """Add the local VTIMEZONE (Europe/Stockholm by default) covering the events, then serialise."""
    calendar.add_missing_timezones(
        first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1)
    )
    return bytes(calendar.to_ical())


def build_invite(
    meeting: InviteMeeting,
    attendees: Sequence[InviteAttendee],
    *,
    method: IcsMethod,
    lang: Lang = "sv",
    stamp: datetime | None = None,
) -> bytes:
    """An iTIP message for one meeting; clients match it to their copy by UID and SEQUENCE."""
    event = _meeting_event(meeting, stamp=stamp or utcnow(), lang=lang)
    event["organizer"] = _address(meeting.organizer_email, meeting.organizer_name)
    for attendee in attendees:
        if method == "REQUEST":
            address = _address(
                attendee.email,
                attendee.name,
                role=attendee.role.value,
                partstat="NEEDS-ACTION",
                rsvp=True,
                cutype="INDIVIDUAL",
            )
        else:
            address = _address(attendee.email, attendee.name, role=attendee.role.value)
        event.add("attendee", address)
    event.add("status", "CONFIRMED" if method == "REQUEST" else "CANCELLED")
    calendar = _calendar(method=method)
    calendar.add_component(event)
    return _with_timezone(calendar, meeting.starts_at.date(), meeting.ends_at.date())


def _task_event(task: FeedTask, *, stamp: datetime, lang: Lang) -> Event:
    """A due date as an all-day event: every calendar app shows those, few show VTODO."""
    prefix = "✓ " if task.done else ""
    event = Event.new(
        uid=task.uid,
        stamp=stamp.astimezone(UTC),
        start=task.due_on,
        end=task.due_on + timedelta(days=1),
        summary=text_value(f"{prefix}{_LABELS[lang]['due']}: {task.title}"),
        url=task.url,
        transparency=TRANSP.TRANSPARENT,
    )
    if task.description:
        event.add("description", text_value(task.description, multiline=True))
    return event


def build_feed(
    events: Sequence[FeedMeeting],
    tasks: Sequence[FeedTask],
    *,
    name: str,
    lang: Lang = "sv",
    stamp: datetime | None = None,
) -> bytes:
    """A subscribable (webcal) calendar of meetings and task due dates; no attendee addresses."""
    now = stamp or utcnow()
    calendar = _calendar(method="PUBLISH")
    calendar.add("name", text_value(name))
    calendar.add("x-wr-calname", text_value(name))
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    days: list[date] = [now.date()]
    for meeting in events:
        event = _meeting_event(meeting, stamp=now, lang=lang)
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        calendar.add_component(event)
        days += [meeting.starts_at.date(), meeting.ends_at.date()]
    for task in tasks:
        calendar.add_component(_task_event(task, stamp=now, lang=lang))
        days.append(task.due_on)
    return _with_timezone(calendar, min(days), max(days))
