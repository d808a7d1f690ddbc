"""The enums contracts and tables share: stored values, so renaming a member needs a migration."""

from __future__ import annotations

from enum import StrEnum

# The school-break calendar a series is planned with unless it names another region.
DEFAULT_REGION = "goteborg"


class MeetingStatus(StrEnum):
    proposed = "proposed"
    planned = "planned"
    scheduled = "scheduled"
    held = "held"
    minutes_approved = "minutes_approved"
    cancelled = "cancelled"


class MeetingMode(StrEnum):
    on_site = "on_site"
    digital = "digital"
    hybrid = "hybrid"


class MeetingKind(StrEnum):
    network = "network"
    steering = "steering"
    preparatory = "preparatory"


class AttendanceStatus(StrEnum):
    present = "present"
    absent = "absent"
    partial = "partial"


class RsvpResponse(StrEnum):
    needs_action = "needs_action"
    accepted = "accepted"
    tentative = "tentative"
    declined = "declined"


class MemberRole(StrEnum):
    member = "member"
    coordinator = "coordinator"
    guest = "guest"


class EmailStatus(StrEnum):
    ok = "ok"
    failing = "failing"


class OrganisationKind(StrEnum):
    municipality = "municipality"
    authority = "authority"
    region = "region"
    association = "association"
    coordinator = "coordinator"
    other = "other"


class ActionKind(StrEnum):
    send_material = "send_material"
    follow_up = "follow_up"
    present_next_meeting = "present_next_meeting"
    survey = "survey"
    reply = "reply"
    other = "other"


class TaskStatus(StrEnum):
    open = "open"
    done = "done"
    cancelled = "cancelled"
