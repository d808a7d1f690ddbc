"""The minutes extractor's output: `model_dump(mode="json")` is the documented JSON shape."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ActionKindName = Literal[
    "send_material", "follow_up", "present_next_meeting", "survey", "reply", "other"
]
DateKindName = Literal["deadline", "window_opens", "window_closes", "event", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PresentAttendee(_Model):
    name: str
    organisation: str | None = None
    items: list[str] = Field(default_factory=list)


class AbsentAttendee(_Model):
    name: str
    organisation: str | None = None


class Attendance(_Model):
    present: list[PresentAttendee] = Field(default_factory=list)
    absent: list[AbsentAttendee] = Field(default_factory=list)


class AgendaItem(_Model):
    number: int | None = None
    title: str


class Decision(_Model):
    item: int | None = None
    text: str


class ActionItem(_Model):
    text: str
    owner_organisation: str | None = None
    owner_name: str | None = None
    due: date | None = None
    kind: ActionKindName = "other"
    item: int | None = None


class MinutesDate(_Model):
    date: date
    time: str | None = Field(default=None, pattern=r"^\d{2}:\d{2}$")
    kind: DateKindName = "other"
    text: str


class SeriesProposal(_Model):
    text: str


class MinutesExtraction(_Model):
    meeting_date: date
    attendance: Attendance = Field(default_factory=Attendance)
    agenda: list[AgendaItem] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    dates: list[MinutesDate] = Field(default_factory=list)
    series_proposals: list[SeriesProposal] = Field(default_factory=list)
