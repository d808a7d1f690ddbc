"""API contracts of the member links in mails: RSVP, survey, unsubscribe, a fresh link."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import WHOLE, CleanText

Answer = Literal["accepted", "tentative", "declined"]
ScaleAnswer = Annotated[int, Field(ge=1, le=5), WHOLE]
TextAnswer = Annotated[str, CleanText(2000, multiline=True)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RsvpIn(_In):
    answer: Answer | None = None
    substitute_member_id: uuid.UUID | None = None


class SurveyIn(_In):
    answers: dict[uuid.UUID, ScaleAnswer | TextAnswer] = Field(
        min_length=1, max_length=50, description="Question id: 1–5 for a scale, else text."
    )


class FreshLinkIn(_In):
    token: Annotated[str, CleanText(2000, min_length=1)]


class Message(BaseModel):
    """A confirmation in Swedish / English."""

    detail: str


class RsvpMeeting(BaseModel):
    id: uuid.UUID
    title: str
    starts_at: datetime


class RsvpPreviewOut(BaseModel):
    meeting: RsvpMeeting
    current: Literal["needs_action", "accepted", "tentative", "declined"]
    answer: Answer | None
    confirm: str


class RsvpOut(BaseModel):
    meeting_id: uuid.UUID
    response: Answer
    substitute_member_id: uuid.UUID | None


class SurveyQuestionOut(BaseModel):
    id: uuid.UUID
    kind: str
    text: str


class SurveyFormOut(BaseModel):
    title: str
    anonymous: bool
    open: bool
    answered: bool
    closes_at: datetime | None
    questions: list[SurveyQuestionOut]


class UnsubscribePreviewOut(BaseModel):
    preferences: dict[str, bool]
    confirm: str
