"""API contracts for organisations and members."""

from __future__ import annotations

import uuid
from datetime import time
from typing import Annotated, Any, Literal

from pydantic import Field

from schemas.common import (
    MAX_ITEMS,
    ApiModel,
    CleanText,
    Email,
    Flag,
    Name,
    PatchModel,
    ShortLine,
)
from schemas.enums import EmailStatus, MemberRole, OrganisationKind

# The keys services.notifications.preferences reads (a unit test keeps the two lists equal).
PreferenceKey = Literal[
    "meeting_reminder", "task_reminder", "deadline_reminder", "survey_reminder", "weekly_digest"
]
Alias = Annotated[str, CleanText(200, min_length=1)]
Preferences = Annotated[dict[PreferenceKey, Flag], Field(max_length=10)]
Aliases = Annotated[list[Alias], Field(max_length=MAX_ITEMS)]


class OrganisationIn(ApiModel):
    name: Name
    short_name: ShortLine | None = None
    aliases: Aliases = Field(default_factory=list)
    kind: OrganisationKind = OrganisationKind.municipality
    contact_member_id: uuid.UUID | None = None


class OrganisationPatch(PatchModel):
    CLEARABLE = frozenset({"contact_member_id"})
    name: Name | None = None
    short_name: ShortLine | None = None
    aliases: Aliases | None = None
    kind: OrganisationKind | None = None
    contact_member_id: uuid.UUID | None = None


class OrganisationOut(ApiModel):
    id: uuid.UUID
    name: str
    short_name: str
    aliases: list[str]
    kind: OrganisationKind
    contact_member_id: uuid.UUID | None


class MemberIn(ApiModel):
    name: Name
    email: Email
    organisation_id: uuid.UUID
    role: MemberRole = MemberRole.member
    in_steering_group: Flag = False
    in_preparatory_group: Flag = False
    language: Literal["sv", "en"] = "sv"
    notification_preferences: Preferences = Field(default_factory=dict)


class MemberPatch(PatchModel):
    name: Name | None = None
    email: Email | None = None
    organisation_id: uuid.UUID | None = None
    role: MemberRole | None = None
    in_steering_group: Flag | None = None
    in_preparatory_group: Flag | None = None
    active: Flag | None = None
    language: Literal["sv", "en"] | None = None
    notification_preferences: Preferences | None = None


class MemberOut(ApiModel):
    id: uuid.UUID
    name: str
    email: str
    organisation_id: uuid.UUID
    role: MemberRole
    in_steering_group: bool
    in_preparatory_group: bool
    active: bool
    language: str
    notification_preferences: dict[str, Any]
    email_status: EmailStatus


ReminderDays = Annotated[int, Field(ge=1, le=60)]


class NetworkSettingsIn(ApiModel):
    """The settings page: how mail leaves, from which mailbox, when reminders go out, and the
    window in which mail that is not urgent is sent (times left out: 08.00 and 17.00)."""

    delivery_channel: Literal["smtp", "microsoft365"]
    organiser_mailbox: Email | None = None
    task_reminder_days: Annotated[int, Field(ge=0, le=30)] = 3
    deadline_reminder_days: Annotated[list[ReminderDays], Field(min_length=1, max_length=5)] = (
        Field(default_factory=lambda: [14, 3])
    )
    send_from: time | None = None
    send_until: time | None = None
    send_on_weekends: bool = False
    send_on_holidays: bool = False
