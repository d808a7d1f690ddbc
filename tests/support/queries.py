"""Counting the SQL statements a piece of code sends (the N+1 checks of page tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event


@contextmanager
def counted(connection: Connection | Engine) -> Iterator[list[str]]:
    """The statements sent on `connection` (or any of an engine's) inside the block, in order."""
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(connection, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", count)
