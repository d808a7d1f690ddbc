"""Reads of meetings that other rooms use (the weekly digest, the calendar feeds)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.enums import MeetingStatus, RsvpResponse
from services.meetings.audience import is_invited
from services.meetings.models import Meeting, Rsvp
from services.people.models import Member

IN_FEEDS = (
    MeetingStatus.scheduled,
    MeetingStatus.held,
    MeetingStatus.minutes_approved,
    MeetingStatus.cancelled,
)


def next_meeting_for(session: Session, member: Member, *, now: datetime) -> Meeting | None:
    """The member's next scheduled meeting (looking at the network's next ten)."""
    upcoming = session.scalars(
        select(Meeting)
        .where(
            Meeting.network_id == member.network_id,
            Meeting.status == MeetingStatus.scheduled,
            Meeting.starts_at > now,
        )
        .order_by(Meeting.starts_at)
        .limit(10)
    )
    return next((m for m in upcoming if is_invited(member, m)), None)


def feed_meetings(
    session: Session, member: Member, *, since: datetime, mine: bool
) -> list[Meeting]:
    """Meetings since `since` the member is invited to (`mine`: or stands in for)."""
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.network_id == member.network_id,
            Meeting.status.in_(IN_FEEDS),
            Meeting.starts_at >= since,
        )
        .order_by(Meeting.starts_at)
    )
    substitute_for = set(
        session.scalars(
            select(Rsvp.meeting_id).where(
                Rsvp.substitute_member_id == member.id, Rsvp.response == RsvpResponse.declined
            )
        )
    )
    return [m for m in meetings if is_invited(member, m) or (mine and m.id in substitute_for)]
