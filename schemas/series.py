"""Contracts of series: a series itself, what a coordinator asks the planner and what it
proposes, polls, proposals with the database, silent consent, the rotation and regular series."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from schemas.common import (
    WHOLE,
    ApiModel,
    CleanText,
    Comment,
    Day,
    Description,
    Flag,
    Line,
    Name,
    PatchModel,
    Whole,
)
from schemas.enums import DEFAULT_REGION, MeetingKind, MeetingMode
from schemas.meetings import MeetingOut, SurveyTemplateIn

# A proposal plans meetings on site or digital; hybrid is set by hand on a meeting.
PLANNED_MODES = (MeetingMode.on_site, MeetingMode.digital)


def _planned(mode: MeetingMode) -> MeetingMode:
    """Refuse hybrid with the same error an enum of the planned modes gave."""
    if mode not in PLANNED_MODES:
        expected = " or ".join(f"'{m.value}'" for m in PLANNED_MODES)
        raise PydanticCustomError("enum", "Input should be {expected}", {"expected": expected})
    return mode


PlannedMode = Annotated[
    MeetingMode,
    AfterValidator(_planned),
    WithJsonSchema({"type": "string", "enum": [m.value for m in PLANNED_MODES]}),
]


class AdjacentRequest(BaseModel):
    """A steering/preparatory meeting right before or after each network meeting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal[MeetingKind.steering, MeetingKind.preparatory] = MeetingKind.steering
    position: Literal["before", "after"] = "before"
    duration_minutes: Annotated[int, Field(ge=15, le=8 * 60), WHOLE] = 60


class BusyPeriod(BaseModel):
    """Another meeting of the same network that the proposal must not collide with."""

    model_config = ConfigDict(frozen=True)

    starts_at: AwareDatetime
    ends_at: AwareDatetime


class ProposalRequest(BaseModel):
    """Input of `propose_series`; tokens stay text so CLI, API and poll share one parser."""

    term: str = Field(examples=["VT2024", "HT 2025"])
    count: int = Field(examples=[3])
    weekdays: list[str] | None = Field(default=None, examples=[["wed-pm", "fri"]])
    modes: list[PlannedMode] | None = None
    duration_minutes: int = Field(default=180, ge=15, le=8 * 60)
    adjacent: AdjacentRequest | None = None
    region: str = DEFAULT_REGION
    busy: list[BusyPeriod] = Field(default_factory=list)


class ProposedMeeting(BaseModel):
    """One meeting of the proposal; times are aware and shown in Europe/Stockholm."""

    model_config = ConfigDict(frozen=True)

    starts_at: AwareDatetime
    ends_at: AwareDatetime
    mode: MeetingMode
    kind: MeetingKind = MeetingKind.network


class Explanation(BaseModel):
    """Why a date was chosen or skipped, for the coordinator to check the proposal."""

    model_config = ConfigDict(frozen=True)

    meeting: int = Field(description="1-based number of the network meeting it concerns")
    day: date
    action: Literal["chosen", "skipped"]
    text: str = Field(examples=["Fri 29 March skipped: Långfredagen"])


class ProposalResult(BaseModel):
    """The proposed series (network and adjacent meetings, by start) and its explanations."""

    term: str
    window_start: date
    window_end: date
    preferences: list[str]
    meetings: list[ProposedMeeting]
    explanations: list[Explanation]


class SeriesIn(ApiModel):
    name: Name
    term: Annotated[str, CleanText(20)] | None = None
    description: Description = ""
    default_location: Line | None = None
    reply_by: Day | None = None
    presenter_rotation: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    survey_template: SurveyTemplateIn | None = None


class SeriesPatch(PatchModel):
    CLEARABLE = frozenset({"default_location"})
    name: Name | None = None
    description: Description | None = None
    default_location: Line | None = None
    survey_template: SurveyTemplateIn | None = None  # {} goes back to the defaults


class SeriesOut(ApiModel):
    id: uuid.UUID
    name: str
    term: str | None
    description: str
    default_location: str | None
    reply_by: date | None
    survey_template: dict[str, Any] = Field(default_factory=dict)


PreferenceSource = Literal["weekdays", "poll", "default"]
Token = Annotated[str, CleanText(20, min_length=1)]  # a weekday or half-day, e.g. wed-pm
Term = Annotated[str, CleanText(20, min_length=1)]
Region = Annotated[str, CleanText(40, min_length=1)]


class PollIn(ApiModel):
    options: list[Token] | None = Field(
        default=None,
        max_length=20,
        description="Half-days to offer; default all weekday mornings/afternoons.",
    )
    closes_on: Day | None = None


class PollOut(ApiModel):
    id: uuid.UUID
    series_id: uuid.UUID
    options: list[str]
    closes_on: date | None
    closed_at: datetime | None


class SlotResult(BaseModel):
    slot: str
    weight: float = Field(description="Organisations in favour; each organisation counts once.")
    organisations: int
    members: int


class PollResultsOut(BaseModel):
    poll_id: uuid.UUID
    organisations_voted: int
    members_voted: int
    slots: list[SlotResult]
    best: list[str]


class VoteOut(BaseModel):
    poll_id: uuid.UUID
    member_id: uuid.UUID
    slots: list[str] = Field(description="All half-days this member has said suit them.")


class SeriesProposalIn(ApiModel):
    """ProposalRequest minus `busy`: the service passes the network's other meetings itself."""

    term: Term = Field(examples=["VT2024"])
    count: Whole = Field(ge=1, le=12, examples=[3])
    weekdays: list[Token] | None = Field(default=None, max_length=20, examples=[["wed-pm", "fri"]])
    modes: list[PlannedMode] | None = Field(default=None, max_length=12)
    duration_minutes: Whole = Field(default=180, ge=15, le=8 * 60)
    adjacent: AdjacentRequest | None = None
    region: Region = DEFAULT_REGION


class ProposalOut(BaseModel):
    series_id: uuid.UUID
    term: str
    preferences: list[str]
    preference_source: PreferenceSource
    meetings: list[MeetingOut]
    explanations: list[Explanation]


class SendProposalIn(ApiModel):
    reply_by: Day


class PlanOut(ApiModel):
    series_id: uuid.UUID
    term: str
    preferences: list[str]
    preference_source: str
    sent_at: datetime | None
    reply_by: date | None
    consent_closed_at: datetime | None


class ConsentIn(ApiModel):
    works: Flag
    comment: Comment | None = None


class ConsentOut(ApiModel):
    meeting_id: uuid.UUID
    member_id: uuid.UUID
    works: bool
    comment: str | None


class Objection(BaseModel):
    member_id: uuid.UUID
    name: str
    organisation: str
    comment: str | None
    source: Literal["link", "calendar"]


class Alternative(BaseModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    text: str


class ConsentDate(BaseModel):
    meeting: MeetingOut
    works: int = Field(description="Members who explicitly said the date works.")
    objections: list[Objection]
    alternatives: list[Alternative]


class ConsentReportOut(BaseModel):
    series_id: uuid.UUID
    reply_by: date | None
    closed: bool
    dates: list[ConsentDate]


class RotationIn(ApiModel):
    organisation_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)


class Assignment(BaseModel):
    meeting_id: uuid.UUID
    starts_at: datetime
    organisation_id: uuid.UUID
    task_id: uuid.UUID | None


class RotationOut(BaseModel):
    series_id: uuid.UUID
    organisation_ids: list[uuid.UUID]
    assignments: list[Assignment]


class RecurringIn(ApiModel):
    """A regular series by RRULE: meetings at a local time, Swedish holidays left out (EXDATE)."""

    rrule: Annotated[str, CleanText(500, min_length=5)] = Field(examples=["FREQ=MONTHLY;BYDAY=1WE"])
    start: Day = Field(examples=["2027-01-01"])
    until: Day | None = Field(default=None, examples=["2027-06-30"])
    time: str = Field(pattern=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$", examples=["13:00-16:00"])
    avoid_school_breaks: Flag = False
    region: Region = DEFAULT_REGION


class SkippedDate(BaseModel):
    starts_at: AwareDatetime
    reason: str


class RecurringOut(BaseModel):
    series_id: uuid.UUID
    rrule: str
    meetings: list[MeetingOut]
    skipped: list[SkippedDate]
