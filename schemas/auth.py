"""API contracts for login, tokens and member links."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from schemas.common import ApiModel, CleanText

PASSWORD_MAX_LENGTH = 200  # the one limit: login, new passwords and the current-password check


class LoginIn(ApiModel):
    email: Annotated[str, CleanText(320, min_length=3)]
    # Any character, spaces at either end included: it is only hashed, never stripped.
    password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)


class PasswordIn(ApiModel):
    current: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)
    new: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)
    repeat: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)


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
