"""Shared API shapes: pages of results and error bodies."""

from __future__ import annotations

from typing import Annotated, ClassVar, Generic, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

T = TypeVar("T")


def _web_address(value: str) -> str:
    """Only http(s) links reach mails and pages (a javascript: link would run in a browser)."""
    try:
        HttpUrl(value.strip())
    except ValueError as exc:
        raise ValueError("ange en webbadress som börjar med https:// / not an http(s) URL") from exc
    return value.strip()


WebUrl = Annotated[str, Field(max_length=1000), AfterValidator(_web_address)]


class ApiModel(BaseModel):
    """Reads attributes from ORM rows; rejects unknown fields in requests."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")


class PatchModel(ApiModel):
    """A partial update: a field left out stays as it is; null clears only the CLEARABLE ones."""

    CLEARABLE: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _null_only_where_it_clears(self) -> Self:
        for name in sorted(self.model_fields_set - self.CLEARABLE):
            if getattr(self, name) is None:
                raise ValueError(f"{name} kan inte tömmas / {name} cannot be null")
        return self


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class PageParams(BaseModel):
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class ErrorBody(BaseModel):
    detail: str
    field: str | None = None
