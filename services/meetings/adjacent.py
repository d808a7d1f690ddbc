"""Steering and preparatory meetings beside a network meeting: they move and go with it."""

from __future__ import annotations

from infra.clock import LOCAL_TZ, wall_clock
from schemas.series import ProposedMeeting


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
