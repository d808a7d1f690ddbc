"""The minutes extractor's output: `model_dump(mode="json")` is the documented JSON shape."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import MAX_POSITION, CleanText, Day

ActionKindName = Literal[
    "send_material", "follow_up", "present_next_meeting", "survey", "reply", "other"
]
DateKindName = Literal["deadline", "window_opens", "window_closes", "event", "other"]
# What the extractor guessed rather than read: the review page marks these fields.
UnsureName = Literal["title", "owner", "due"]


# Generous bounds: the extractor fills these from whole documents, a reviewer edits them.
Words = Annotated[str, CleanText(300)]
Passage = Annotated[str, CleanText(20_000, multiline=True)]
Number = Annotated[int, Field(ge=0, le=MAX_POSITION)]
Many = 5000  # entries per list


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PresentAttendee(_Model):
    name: Words
    organisation: Words | None = None
    items: list[Words] = Field(default_factory=list, max_length=Many)


class AbsentAttendee(_Model):
    name: Words
    organisation: Words | None = None


class Attendance(_Model):
    present: list[PresentAttendee] = Field(default_factory=list, max_length=Many)
    absent: list[AbsentAttendee] = Field(default_factory=list, max_length=Many)


class AgendaItem(_Model):
    number: Number | None = None
    title: Passage


class Decision(_Model):
    item: Number | None = None
    text: Passage


class ActionItem(_Model):
    text: Passage
    title: Words | None = None
    owner_organisation: Words | None = None
    owner_name: Words | None = None
    due: Day | None = None
    kind: ActionKindName = "other"
    item: Number | None = None
    unsure: list[UnsureName] = Field(default_factory=list, max_length=3)


class MinutesDate(_Model):
    date: Day
    time: str | None = Field(default=None, pattern=r"^\d{2}:\d{2}$")
    kind: DateKindName = "other"
    text: Passage
    title: Words | None = None
    unsure: list[UnsureName] = Field(default_factory=list, max_length=3)


class SeriesProposal(_Model):
    text: Passage


class MinutesExtraction(_Model):
    meeting_date: Day
    attendance: Attendance = Field(default_factory=Attendance)
    agenda: list[AgendaItem] = Field(default_factory=list, max_length=Many)
    decisions: list[Decision] = Field(default_factory=list, max_length=Many)
    action_items: list[ActionItem] = Field(default_factory=list, max_length=Many)
    dates: list[MinutesDate] = Field(default_factory=list, max_length=Many)
    series_proposals: list[SeriesProposal] = Field(default_factory=list, max_length=Many)
