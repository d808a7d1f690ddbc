"""API contracts for series, meetings, agenda items and attendance."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Self

from pydantic import Field, model_validator

from schemas.common import (
    MAX_ITEMS,
    ApiModel,
    CleanText,
    Description,
    Flag,
    Line,
    Moment,
    PatchModel,
    Position,
    Title,
    WebUrl,
    Whole,
)
from schemas.enums import AttendanceStatus, MeetingKind, MeetingMode, MeetingStatus


class SurveyTemplateIn(ApiModel):
    """The series' post-meeting survey: our two questions, or a link to Menti/Forms."""

    external_url: WebUrl | None = Field(
        default=None, description="External survey (http/https); none: our own two questions."
    )
    anonymous: Flag = True
    open_days: Whole = Field(default=7, ge=1, le=60, description="Days the survey stays open.")


ItemRef = Annotated[str, CleanText(20, min_length=1)]  # an agenda item's number, e.g. "5"


class MeetingIn(ApiModel):
    title: Title
    starts_at: Moment
    ends_at: Moment
    series_id: uuid.UUID | None = None
    kind: MeetingKind = MeetingKind.network
    mode: MeetingMode = MeetingMode.on_site
    location: Line | None = None
    online_url: WebUrl | None = None
    adjacent_to_id: uuid.UUID | None = None
    presenter_organisation_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("the meeting must end after it starts (ends_at > starts_at)")
        return self


class MeetingPatch(PatchModel):
    CLEARABLE = frozenset({"location", "online_url", "presenter_organisation_id"})
    title: Title | None = None
    mode: MeetingMode | None = None
    location: Line | None = None
    online_url: WebUrl | None = None
    presenter_organisation_id: uuid.UUID | None = None


class RescheduleIn(ApiModel):
    starts_at: Moment
    ends_at: Moment

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("the meeting must end after it starts (ends_at > starts_at)")
        return self


class MeetingOut(ApiModel):
    id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    series_id: uuid.UUID | None
    kind: MeetingKind
    mode: MeetingMode
    location: str | None
    online_url: str | None
    status: MeetingStatus
    ical_uid: str
    ical_sequence: int
    adjacent_to_id: uuid.UUID | None
    presenter_organisation_id: uuid.UUID | None


class AgendaItemIn(ApiModel):
    title: Title
    number: Position | None = None
    position: Position | None = None
    notes: Description = ""
    presenter_organisation_id: uuid.UUID | None = None


class AgendaItemPatch(PatchModel):
    """Edit an agenda item; `position` moves it (0 is first) and renumbers the others."""

    CLEARABLE = frozenset({"number", "presenter_organisation_id"})
    title: Title | None = None
    number: Position | None = None
    position: Position | None = None
    notes: Description | None = None
    presenter_organisation_id: uuid.UUID | None = None


class AgendaItemOut(ApiModel):
    id: uuid.UUID
    meeting_id: uuid.UUID
    position: int
    number: int | None
    title: str
    notes: str
    presenter_organisation_id: uuid.UUID | None


class AttendanceEntry(ApiModel):
    member_id: uuid.UUID
    status: AttendanceStatus
    items: list[ItemRef] = Field(default_factory=list, max_length=MAX_ITEMS)


class AttendanceIn(ApiModel):
    entries: list[AttendanceEntry] = Field(max_length=2000)


class AttendanceOut(ApiModel):
    member_id: uuid.UUID
    status: AttendanceStatus
    items: list[str]
