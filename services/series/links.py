"""A series' video link: every meeting of the series without a link of its own uses it, so a
change re-sends the invites of its scheduled meetings ahead (SEQUENCE + 1)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import MeetingStatus
from services.actors import Actor
from services.audit.service import record_audit
from services.lookup import get_in_network
from services.meetings.access import announce_change
from services.meetings.models import Meeting
from services.series.models import MeetingSeries


def meetings_using_series_link(session: Session, series: MeetingSeries) -> list[Meeting]:
    """The series' scheduled meetings ahead that show its link (none of their own)."""
    query = select(Meeting).where(
        Meeting.series_id == series.id,
        Meeting.status == MeetingStatus.scheduled,
        Meeting.starts_at > utcnow(),
        Meeting.online_url.is_(None),
    )
    return list(session.scalars(query.order_by(Meeting.starts_at)))


def set_series_link(
    session: Session, *, series_id: uuid.UUID, url: str | None, actor: Actor
) -> list[Meeting]:
    """Store the series' link (None clears it); returns the meetings whose invite is re-sent."""
    series = get_in_network(
        session, MeetingSeries, series_id, network_id=actor.network_id, label="series",
        for_update=True,
    )  # fmt: skip
    if series.default_online_url == url:
        return []
    series.default_online_url = url
    changed = meetings_using_series_link(session, series)
    for meeting in changed:
        announce_change(session, meeting, meeting.starts_at, meeting.ends_at, actor)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="update",
        entity_type="series",
        entity_id=series.id,
        network_id=actor.network_id,
        details={"fields": ["default_online_url"], "meetings": len(changed)},
    )
    return changed
