"""Post-meeting surveys, one signed link per recipient; answers optionally anonymous."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infra.db import Base, IdMixin, JsonType, TimestampMixin, enum_type


class SurveyStatus(StrEnum):
    open = "open"
    closed = "closed"


class QuestionKind(StrEnum):
    scale = "scale"
    text = "text"


class Survey(IdMixin, TimestampMixin, Base):
    __tablename__ = "survey"

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(String(300))
    external_url: Mapped[str | None] = mapped_column(String(1000))
    anonymous: Mapped[bool] = mapped_column(default=True)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[SurveyStatus] = mapped_column(enum_type(SurveyStatus), default=SurveyStatus.open)


class SurveyQuestion(IdMixin, Base):
    __tablename__ = "survey_question"

    survey_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[QuestionKind] = mapped_column(enum_type(QuestionKind))
    text: Mapped[str] = mapped_column(String(500))


class SurveyRecipient(IdMixin, Base):
    __tablename__ = "survey_recipient"
    __table_args__ = (UniqueConstraint("survey_id", "member_id"),)

    survey_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    clicked_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]


class SurveyResponse(IdMixin, Base):
    __tablename__ = "survey_response"

    survey_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL")
    )
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime]
    answers: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
