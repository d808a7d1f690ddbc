"""API contracts for series, meetings, agenda items and attendance."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Self

from pydantic import AwareDatetime, Field, model_validator

from schemas.common import ApiModel, PatchModel, WebUrl
from services.meetings.models import AttendanceStatus, MeetingKind, MeetingMode, MeetingStatus


class SurveyTemplateIn(ApiModel):
    """The series' post-meeting survey: our two questions, or a link to Menti/Forms."""

    external_url: WebUrl | None = Field(
        default=None, description="External survey (http/https); none: our own two questions."
    )
    anonymous: bool = True
    open_days: int = Field(default=7, ge=1, le=60, description="Days the survey stays open.")


class SeriesIn(ApiModel):
    name: str = Field(min_length=1, max_length=200)
    term: str | None = Field(default=None, max_length=20)
    description: str = ""
    default_location: str | None = None
    reply_by: date | None = None
    presenter_rotation: list[uuid.UUID] = Field(default_factory=list)
    survey_template: SurveyTemplateIn | None = None


class SeriesPatch(PatchModel):
    CLEARABLE = frozenset({"default_location"})
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    default_location: str | None = Field(default=None, max_length=300)
    survey_template: SurveyTemplateIn | None = None  # {} goes back to the defaults


class SeriesOut(ApiModel):
    id: uuid.UUID
    name: str
    term: str | None
    description: str
    default_location: str | None
    reply_by: date | None
    survey_template: dict[str, Any] = Field(default_factory=dict)


class MeetingIn(ApiModel):
    title: str = Field(min_length=1, max_length=300)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    series_id: uuid.UUID | None = None
    kind: MeetingKind = MeetingKind.network
    mode: MeetingMode = MeetingMode.on_site
    location: str | None = Field(default=None, max_length=300)
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
    title: str | None = Field(default=None, min_length=1, max_length=300)
    mode: MeetingMode | None = None
    location: str | None = Field(default=None, max_length=300)
    online_url: WebUrl | None = None
    presenter_organisation_id: uuid.UUID | None = None


class RescheduleIn(ApiModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime

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
    title: str = Field(min_length=1, max_length=300)
    number: int | None = Field(default=None, ge=0, le=999)
    position: int | None = Field(default=None, ge=0)
    notes: str = ""
    presenter_organisation_id: uuid.UUID | None = None


class AgendaItemPatch(PatchModel):
    """Edit an agenda item; `position` moves it (0 is first) and renumbers the others."""

    CLEARABLE = frozenset({"number", "presenter_organisation_id"})
    title: str | None = Field(default=None, min_length=1, max_length=300)
    number: int | None = Field(default=None, ge=0, le=999)
    position: int | None = Field(default=None, ge=0)
    notes: str | None = None
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
    items: list[str] = Field(default_factory=list)


class AttendanceIn(ApiModel):
    entries: list[AttendanceEntry]


class AttendanceOut(ApiModel):
    member_id: uuid.UUID
    status: AttendanceStatus
    items: list[str]
