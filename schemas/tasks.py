"""API contracts for tasks and deadlines."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal, Self

from pydantic import Field, model_validator

from schemas.common import ApiModel, Comment, Day, Description, Moment, PatchModel, Title, WebUrl
from schemas.enums import ActionKind, TaskStatus


class TaskIn(ApiModel):
    title: Title
    description: Description = ""
    kind: ActionKind = ActionKind.follow_up
    owner_member_id: uuid.UUID | None = None
    owner_organisation_id: uuid.UUID | None = None
    due_date: Day
    source_meeting_id: uuid.UUID | None = None
    source_agenda_item_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _has_owner(self) -> Self:
        if self.owner_member_id is None and self.owner_organisation_id is None:
            raise ValueError("a task needs an owner: a member or an organisation")
        return self


class TaskPatch(PatchModel):
    CLEARABLE = frozenset({"owner_member_id", "owner_organisation_id", "completion_comment"})
    title: Title | None = None
    description: Description | None = None
    owner_member_id: uuid.UUID | None = None
    owner_organisation_id: uuid.UUID | None = None
    due_date: Day | None = None
    status: TaskStatus | None = None
    completion_comment: Comment | None = None


class TaskOut(ApiModel):
    id: uuid.UUID
    title: str
    description: str
    kind: ActionKind
    owner_member_id: uuid.UUID | None
    owner_organisation_id: uuid.UUID | None
    due_date: date
    status: TaskStatus
    source_meeting_id: uuid.UUID | None
    source_agenda_item_id: uuid.UUID | None
    overdue_since: date | None
    completed_at: datetime | None
    completion_comment: str | None


class DeadlineIn(ApiModel):
    title: Title
    description: Description = ""
    opens_at: Moment | None = None
    closes_at: Moment
    issuer_organisation_id: uuid.UUID | None = None
    url: WebUrl | None = None
    source_meeting_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _closes_after_opens(self) -> Self:
        if self.opens_at is not None and self.closes_at <= self.opens_at:
            raise ValueError("the window must close after it opens (closes_at > opens_at)")
        return self


class DeadlinePatch(PatchModel):
    """Correct a deadline; the timers follow the new dates (closes_at > opens_at is checked)."""

    CLEARABLE = frozenset({"opens_at", "url", "issuer_organisation_id"})
    title: Title | None = None
    description: Description | None = None
    opens_at: Moment | None = None
    closes_at: Moment | None = None
    issuer_organisation_id: uuid.UUID | None = None
    url: WebUrl | None = None


class DeadlineFollowersIn(ApiModel):
    """Who is told about a deadline: everyone, or the union of groups, organisations, members."""

    everyone: bool = False
    groups: list[Literal["steering", "preparatory"]] = Field(default_factory=list)
    organisation_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    member_ids: list[uuid.UUID] = Field(default_factory=list, max_length=5000)


class DeadlineOut(ApiModel):
    id: uuid.UUID
    title: str
    description: str
    opens_at: datetime | None
    closes_at: datetime
    issuer_organisation_id: uuid.UUID | None
    url: str | None
    source_meeting_id: uuid.UUID | None
