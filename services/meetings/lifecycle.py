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

REFUSALS: dict[str, str] = {
    "schedule": "bara planerade möten kan schemaläggas / only planned meetings can be scheduled",
    "reschedule": "mötet kan inte flyttas i status '{status}' / cannot be moved when {status}",
    "cancel": "mötet kan inte ställas in i status '{status}' / cannot be cancelled when {status}",
    "update": (
        "bara planerade eller schemalagda möten kan ändras, mötet är '{status}' / "
        "only planned or scheduled meetings can be changed, this one is {status}"
    ),
    "hold": "mötet måste vara schemalagt för att hållas / must be scheduled before it is held",
    "approve_minutes": (
        "protokollet kan inte godkännas innan mötet hållits / "
        "minutes cannot be approved before the meeting is held"
    ),
}


def check_transition(meeting: Meeting, action: str) -> None:
    """Raise Conflict (409) unless `action` is allowed from the meeting's status."""
    allowed, _ = TRANSITIONS[action]
    if meeting.status not in allowed:
        raise Conflict(REFUSALS[action].format(status=meeting.status.value))


def transition(meeting: Meeting, action: str) -> S:
    """Apply `action` or raise Conflict (409) leaving the meeting untouched."""
    check_transition(meeting, action)
    _, target = TRANSITIONS[action]
    if target is not None:
        meeting.status = target
    return meeting.status
