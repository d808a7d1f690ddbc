"""The schema read from the models, so export and erase cover every table, new ones too."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, String, Table, Text

import services.models  # noqa: F401 (every model registered, so the metadata is complete)
from infra.db import Base


def member_columns() -> list[Column[Any]]:
    """Every column that points at a member (rsvp, tasks, answers, notifications, …)."""
    return [
        column
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if any(fk.column.table.name == "member" for fk in column.foreign_keys)
    ]


def text_columns(table: Table) -> list[Column[Any]]:
    """Free text and JSON, where a name or an address may have been written (not enums)."""
    found = []
    for column in table.columns:
        kind = column.type
        is_enum = getattr(kind, "enum_class", None) is not None or hasattr(kind, "enums")
        if isinstance(kind, JSON) or (isinstance(kind, String | Text) and not is_enum):
            found.append(column)
    return found


def is_json(column: Column[Any]) -> bool:
    return isinstance(column.type, JSON)


def plain(value: Any) -> Any:
    """A database value as JSON can carry it."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
