"""Counting at the mail sink: what recipients received, whatever the rows say.

lost: an expected (recipient, meeting UID, METHOD) that never arrived. duplicates: the same
(UID, SEQUENCE, recipient), or the same logical mail, received under two different Message-IDs.
resent: a Message-ID received more than once (a resend after a crash; clients fold those).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.meetings.models import Meeting
from services.notifications.models import Notification
from services.people.models import Member

Logical = tuple[str, str, str]  # (recipient, UID, METHOD)


@dataclass(frozen=True)
class Received:
    """One mail at the sink, reduced to what identifies it."""

    message_id: str
    recipient: str
    uid: str
    sequence: int
    method: str


@dataclass
class SinkCount:
    expected: int
    received: int
    lost: int
    duplicates: int
    resent: int

    def line(self, name: str) -> str:
        return (
            f"chaos {name}: events={self.expected} processed={self.expected - self.lost} "
            f"lost={self.lost} duplicates={self.duplicates} resent={self.resent}"
        )


class SinkReader:
    """Parses what arrived since the last look (outside the server's lock, which the SMTP
    thread needs for every message)."""

    def __init__(self, messages: list[EmailMessage], lock: threading.Lock) -> None:
        self._messages, self._lock = messages, lock
        self.calendar: list[Received] = []
        self.plain = 0
        self._seen = 0

    def read(self) -> list[Received]:
        with self._lock:
            fresh = self._messages[self._seen :]
        self._seen += len(fresh)
        for message in fresh:
            parsed = calendar_of(message)
            if parsed is None:
                self.plain += 1
            else:
                self.calendar.append(parsed)
        return self.calendar


def calendar_of(message: EmailMessage) -> Received | None:
    """The mail's iTIP identity (from the text/calendar part), or None for a plain mail."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            calendar = Calendar.from_ical(payload)
            event = calendar.walk("VEVENT")[0]
            return Received(
                message_id=str(message["Message-ID"]),
                recipient=str(message["To"].addresses[0].addr_spec).lower(),
                uid=str(event["UID"]),
                sequence=int(event.get("SEQUENCE", 0)),
                method=str(calendar["METHOD"]).upper(),
            )
    return None


def expected_calendar_mail(
    factory: sessionmaker[Session], *, kind: str, method: str
) -> set[Logical]:
    """(recipient, UID, METHOD) of every notification row of `kind`: what must arrive."""
    with factory() as session:
        rows = session.execute(
            select(Member.email, Meeting.ical_uid)
            .join(Notification, Notification.recipient_member_id == Member.id)
            .join(Meeting, Meeting.id == Notification.subject_id)
            .where(Notification.kind == kind)
        ).all()
    return {(email.lower(), uid, method) for email, uid in rows}


def count(expected: set[Logical], messages: Iterable[Received]) -> SinkCount:
    """Compare what arrived with what had to."""
    copies: dict[str, int] = defaultdict(int)
    ids_by_revision: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    ids_by_logical: dict[Logical, set[str]] = defaultdict(set)
    received = 0
    for mail in messages:
        received += 1
        copies[mail.message_id] += 1
        ids_by_revision[(mail.uid, mail.sequence, mail.recipient)].add(mail.message_id)
        ids_by_logical[(mail.recipient, mail.uid, mail.method)].add(mail.message_id)
    duplicates = max(
        sum(len(ids) - 1 for ids in ids_by_revision.values()),
        sum(len(ids) - 1 for ids in ids_by_logical.values()),
    )
    return SinkCount(
        expected=len(expected),
        received=received,
        lost=len(expected - ids_by_logical.keys()),
        duplicates=duplicates,
        resent=sum(n - 1 for n in copies.values()),
    )
