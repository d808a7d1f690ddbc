"""Answers given in Outlook: beat reads the attendee responses of upcoming Microsoft 365 events
into RSVPs, the same rows a link answer writes (which reminders and silent consent read).

One read-only session finds the events; each meeting's answers then commit in a transaction of
their own, after its Graph call, so a slow or throttled mailbox holds no lock and loses nothing.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.graph import GraphPermanentError, GraphThrottled, GraphTransientError
from schemas.enums import MeetingStatus, RsvpResponse
from schemas.graph import AttendeeResponse
from services.meetings.models import Meeting, Rsvp
from services.notifications.graph_channel import GraphTransport
from services.notifications.models import GraphEventLink
from services.notifications.transports import Deferred
from services.people.models import Member

log = logging.getLogger("samverkan.graph")


def poll_responses(
    factory: sessionmaker[Session],
    transport_for: Callable[[uuid.UUID], GraphTransport],
    *,
    now: datetime | None = None,
) -> int:
    """Beat: read attendee answers of upcoming Graph events into RSVP rows; returns changes.

    A meeting Graph cannot answer now (429, 5xx, a limiter wait) is skipped until the next scan
    and the rest are still polled; after a 429 its mailbox gets no request until Retry-After
    has passed (in this scan, and through the limiter's pause in later ones)."""
    now = now or utcnow()
    with factory() as session:
        links = session.execute(
            select(
                GraphEventLink.meeting_id, GraphEventLink.network_id, GraphEventLink.graph_event_id
            )
            .join(Meeting, Meeting.id == GraphEventLink.meeting_id)
            .where(
                GraphEventLink.cancelled.is_(False),
                Meeting.status == MeetingStatus.scheduled,
                Meeting.ends_at > now - timedelta(days=1),
            )
            .order_by(Meeting.starts_at)
        ).all()
    changed = 0
    paused: dict[str, float] = {}  # mailbox -> monotonic time its Retry-After ends
    for meeting_id, network_id, event_id in links:
        mailbox = ""
        try:
            transport = transport_for(network_id)
            mailbox = transport.mailbox.mailbox
            if paused.get(mailbox, 0.0) > time.monotonic():
                raise Deferred(paused[mailbox] - time.monotonic(), "throttled")
            answers = transport.responses(event_id)
        except (Deferred, GraphThrottled, GraphTransientError, GraphPermanentError) as exc:
            wait = getattr(exc, "retry_after_seconds", None)
            if wait and mailbox:
                paused[mailbox] = max(paused.get(mailbox, 0.0), time.monotonic() + wait)
            log.warning(
                "graph poll skipped",
                extra={"meeting_id": str(meeting_id), "error": type(exc).__name__},
            )
            continue
        with factory.begin() as session:
            changed += apply_responses(session, meeting_id, network_id, answers, now=now)
    return changed


def apply_responses(
    session: Session,
    meeting_id: uuid.UUID,
    network_id: uuid.UUID,
    answers: list[AttendeeResponse],
    *,
    now: datetime,
) -> int:
    """An answer given in Outlook becomes the member's RSVP (no answer changes nothing)."""
    changed = 0
    for answer in answers:
        if answer.response == "needs_action":
            continue
        member = session.scalar(
            select(Member).where(
                Member.network_id == network_id, func.lower(Member.email) == answer.email.lower()
            )
        )
        if member is None:
            continue
        row = session.scalar(
            select(Rsvp).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id == member.id)
        )
        if row is None:
            row = Rsvp(meeting_id=meeting_id, member_id=member.id)
            session.add(row)
        if row.response != RsvpResponse(answer.response):
            row.response = RsvpResponse(answer.response)
            stamp = answer.responded_at
            row.responded_at = stamp if stamp is not None and stamp.tzinfo else now
            changed += 1
    session.flush()
    return changed
