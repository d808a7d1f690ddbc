"""API contracts for login, tokens and member links."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from schemas.common import ApiModel, CleanText


class LoginIn(ApiModel):
    email: Annotated[str, CleanText(320, min_length=3)]
    password: str = Field(min_length=1, max_length=200)  # any character: it is only hashed


class LoginOut(ApiModel):
    user_id: uuid.UUID
    role: str
    csrf_token: str


class TokenIn(ApiModel):
    name: Annotated[str, CleanText(100, min_length=1)]
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)


class TokenOut(ApiModel):
    id: uuid.UUID
    name: str
    token: str
    expires_at: datetime | None


class TokenInfo(ApiModel):
    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
