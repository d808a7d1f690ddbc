"""Deadline reminders: when they fire (14 and 3 working days before closing) and who gets them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from infra.settings import get_settings
from services.deadlines.models import Deadline, DeadlineFollower
from services.events.timers import TimerSpec
from services.notifications.formatting import morning, working_days_before
from services.people.models import Member

DEADLINE_OPENS = "deadline.opens"
DEADLINE_CLOSING = "deadline.closing"
DEADLINE_CLOSES = "deadline.closes"
OPENED_GRACE = timedelta(days=2)  # an "opens" notice later than this is news to nobody


def closing_reminder_specs(
    deadline: Deadline, *, now: datetime, days: Sequence[int] | None = None
) -> list[TimerSpec]:
    """The closing reminders still ahead, 08:00 local on the n-th working day before (the
    network's days from the settings page; without them the operator's)."""
    close_day = deadline.closes_at.astimezone(LOCAL_TZ).date()
    specs = []
    chosen = days if days is not None else get_settings().deadline_reminder_working_days
    for n in sorted(set(chosen), reverse=True):
        when = morning(working_days_before(close_day, n))
        if now < when < deadline.closes_at:
            key = f"{DEADLINE_CLOSING}:{n}:{deadline.id}"
            specs.append(TimerSpec(DEADLINE_CLOSING, deadline.id, when, deadline.network_id, key))
    return specs


def deadline_audience(session: Session, deadline: Deadline) -> list[uuid.UUID]:
    """Followers; when nobody follows, every active member of the network."""
    return deadline_audiences(session, [deadline])[deadline.id]


def deadline_audiences(
    session: Session, deadlines: Sequence[Deadline]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """`deadline_audience` of many deadlines: one query for followers, one for the members of
    the networks where a deadline has none."""
    found: dict[uuid.UUID, list[uuid.UUID]] = {d.id: [] for d in deadlines}
    if not found:
        return found
    followers = session.execute(
        select(DeadlineFollower.deadline_id, DeadlineFollower.member_id)
        .join(Member, Member.id == DeadlineFollower.member_id)
        .where(DeadlineFollower.deadline_id.in_(found), Member.active.is_(True))
    )
    for deadline_id, member_id in followers:
        found[deadline_id].append(member_id)
    unfollowed = {d.network_id for d in deadlines if not found[d.id]}
    if not unfollowed:
        return found
    members: dict[uuid.UUID, list[uuid.UUID]] = {n: [] for n in unfollowed}
    everyone = session.execute(
        select(Member.network_id, Member.id).where(
            Member.network_id.in_(unfollowed), Member.active.is_(True)
        )
    )
    for network_id, member_id in everyone:
        members[network_id].append(member_id)
    for deadline in deadlines:
        if not found[deadline.id]:
            found[deadline.id] = list(members[deadline.network_id])
    return found
