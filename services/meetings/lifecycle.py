"""The meeting state machine: which action is allowed from which status, and what it leads to."""

from __future__ import annotations

from schemas.enums import MeetingStatus as S
from services.errors import Conflict
from services.meetings.models import Meeting

TRANSITIONS: dict[str, tuple[frozenset[S], S | None]] = {
    "schedule": (frozenset({S.proposed, S.planned}), S.scheduled),
    "reschedule": (frozenset({S.proposed, S.planned, S.scheduled}), None),
    "cancel": (frozenset({S.proposed, S.planned, S.scheduled}), S.cancelled),
    "update": (frozenset({S.proposed, S.planned, S.scheduled}), None),
    "hold": (frozenset({S.scheduled}), S.held),
    "approve_minutes": (frozenset({S.held}), S.minutes_approved),
}

REFUSALS: dict[str, str] = {  # action: message code (services.messages), given {status}
    "schedule": "meetings.cannot_schedule",
    "reschedule": "meetings.cannot_reschedule",
    "cancel": "meetings.cannot_cancel",
    "update": "meetings.cannot_update",
    "hold": "meetings.cannot_hold",
    "approve_minutes": "meetings.cannot_approve_minutes",
}


def check_transition(meeting: Meeting, action: str) -> None:
    """Raise Conflict (409) unless `action` is allowed from the meeting's status."""
    allowed, _ = TRANSITIONS[action]
    if meeting.status not in allowed:
        raise Conflict(REFUSALS[action], status=meeting.status.value)


def transition(meeting: Meeting, action: str) -> S:
    """Apply `action` or raise Conflict (409) leaving the meeting untouched."""
    check_transition(meeting, action)
    _, target = TRANSITIONS[action]
    if target is not None:
        meeting.status = target
    return meeting.status
