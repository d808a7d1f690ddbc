"""API contracts for login, tokens and member links."""

from __future__ import annotations

import uuid

from pydantic import Field

from schemas.common import ApiModel


class LoginIn(ApiModel):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=200)


class LoginOut(ApiModel):
    user_id: uuid.UUID
    role: str
    csrf_token: str


class TokenIn(ApiModel):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(ApiModel):
    name: str
    token: str
