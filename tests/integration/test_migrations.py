"""Migrations apply on an empty PostgreSQL and SQLite, round-trip, and match the models."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from infra.migrate import alembic_config, check, upgrade
from tests.support.database import create_test_database, drop_test_database


def round_trip(url: str) -> None:
    upgrade(url)
    check(url)
    command.downgrade(alembic_config(url), "base")
    upgrade(url)
    check(url)


def test_postgresql_from_empty() -> None:
    name, url = create_test_database()
    try:
        round_trip(url)
    finally:
        drop_test_database(name)


def test_sqlite_from_empty(tmp_path: Path) -> None:
    round_trip(f"sqlite:///{tmp_path / 'fresh.db'}")
