"""Steering and preparatory meetings beside a network meeting: they move and go with it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, wall_clock
from schemas.enums import MeetingMode
from schemas.series import ProposedMeeting
from services.meetings.lifecycle import TRANSITIONS
from services.meetings.models import Meeting

CANCELLABLE = TRANSITIONS["cancel"][0]


def shift_adjacent(
    adjacent: ProposedMeeting, old_network: ProposedMeeting, new_network: ProposedMeeting
) -> ProposedMeeting:
    """Move an adjacent meeting along with its network meeting, keeping its gap and length."""
    length = wall_clock(adjacent.ends_at) - wall_clock(adjacent.starts_at)
    if wall_clock(adjacent.starts_at) >= wall_clock(old_network.ends_at):
        gap = wall_clock(adjacent.starts_at) - wall_clock(old_network.ends_at)
        wall_start = wall_clock(new_network.ends_at) + gap
    else:
        gap = wall_clock(adjacent.starts_at) - wall_clock(old_network.starts_at)
        wall_start = wall_clock(new_network.starts_at) + gap
    starts_at = wall_start.replace(tzinfo=LOCAL_TZ)
    return adjacent.model_copy(update={"starts_at": starts_at, "ends_at": starts_at + length})


def meeting_times(starts_at: datetime, ends_at: datetime) -> ProposedMeeting:
    """A meeting's times in the planner's shape (shift_adjacent reads only the times)."""
    return ProposedMeeting(starts_at=starts_at, ends_at=ends_at, mode=MeetingMode.on_site)


def adjacent_meetings(session: Session, meeting: Meeting) -> list[Meeting]:
    """The steering/preparatory meetings beside a network meeting that still count."""
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.adjacent_to_id == meeting.id, Meeting.status.in_(CANCELLABLE))
            .order_by(Meeting.starts_at)
        )
    )
