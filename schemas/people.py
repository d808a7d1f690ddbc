"""API contracts for organisations and members."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import EmailStr, Field

from schemas.common import ApiModel, PatchModel
from services.people.models import EmailStatus, MemberRole
from services.people.registry import OrganisationKind


class OrganisationIn(ApiModel):
    name: str = Field(min_length=1, max_length=200)
    short_name: str | None = Field(default=None, max_length=60)
    aliases: list[str] = Field(default_factory=list)
    kind: OrganisationKind = OrganisationKind.municipality
    contact_member_id: uuid.UUID | None = None


class OrganisationPatch(PatchModel):
    CLEARABLE = frozenset({"contact_member_id"})
    name: str | None = Field(default=None, min_length=1, max_length=200)
    short_name: str | None = Field(default=None, max_length=60)
    aliases: list[str] | None = None
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
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr
    organisation_id: uuid.UUID
    role: MemberRole = MemberRole.member
    in_steering_group: bool = False
    in_preparatory_group: bool = False
    language: str = Field(default="sv", pattern="^(sv|en)$")
    notification_preferences: dict[str, bool] = Field(default_factory=dict)


class MemberPatch(PatchModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    organisation_id: uuid.UUID | None = None
    role: MemberRole | None = None
    in_steering_group: bool | None = None
    in_preparatory_group: bool | None = None
    active: bool | None = None
    language: str | None = Field(default=None, pattern="^(sv|en)$")
    notification_preferences: dict[str, bool] | None = None


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
