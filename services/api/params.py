"""Query parameters shared by the list endpoints, bounded so no number overflows the database."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from schemas.common import MAX_LIMIT, MAX_OFFSET

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
