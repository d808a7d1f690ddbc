"""A steering/preparatory meeting moves with its network meeting, wall-clock gap kept across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from infra.clock import LOCAL_TZ
from schemas.enums import MeetingKind, MeetingMode
from schemas.series import ProposedMeeting
from services.meetings.adjacent import shift_adjacent


def _meeting(day: date, hour: int, hours: int, kind: MeetingKind) -> ProposedMeeting:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)
    return ProposedMeeting(
        starts_at=start, ends_at=start + timedelta(hours=hours), mode=MeetingMode.on_site, kind=kind
    )


def test_moved_network_meeting_drags_its_steering_meeting_across_dst() -> None:
    old = _meeting(date(2024, 3, 27), 13, 3, MeetingKind.network)
    steering = _meeting(date(2024, 3, 27), 12, 1, MeetingKind.steering)
    new = _meeting(date(2024, 4, 5), 9, 3, MeetingKind.network)
    moved = shift_adjacent(steering, old, new)
    assert (moved.starts_at.isoformat(), moved.ends_at.isoformat()) == (
        "2024-04-05T08:00:00+02:00",
        "2024-04-05T09:00:00+02:00",
    )
    assert moved.kind is MeetingKind.steering


def test_moved_network_meeting_keeps_after_gap_even_in_utc() -> None:
    old = _meeting(date(2024, 10, 23), 13, 3, MeetingKind.network)
    after = _meeting(date(2024, 10, 23), 16, 1, MeetingKind.steering)
    new = _meeting(date(2024, 11, 6), 13, 2, MeetingKind.network)
    utc = after.model_copy(
        update={
            "starts_at": after.starts_at.astimezone(UTC),
            "ends_at": after.ends_at.astimezone(UTC),
        }
    )
    moved = shift_adjacent(utc, old, new)
    assert moved.starts_at.isoformat() == "2024-11-06T15:00:00+01:00"
    assert moved.ends_at - moved.starts_at == timedelta(hours=1)
