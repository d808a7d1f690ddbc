"""Migrations apply on an empty PostgreSQL and SQLite, round-trip, and match the models."""

from __future__ import annotations

import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

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


def test_the_split_notifications_consumer_keeps_its_inbox(tmp_path: Path) -> None:
    """0007: what 'notifications' handled, its successors count as handled (and back again)."""
    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    upgrade(url, "0006_drop_network_timezone")
    engine = create_engine(url)
    events = {"meeting.scheduled": uuid.uuid4(), "task.created": uuid.uuid4()}
    with engine.begin() as conn:
        for event_type, event_id in events.items():
            conn.execute(
                text(
                    "INSERT INTO domain_event (id, type, version, aggregate_type, aggregate_id,"
                    " actor, occurred_at, payload, publish_count) VALUES (:id, :type, 1, 'x',"
                    " :id, 'system', '2026-12-01 08:00:00', '{}', 1)"
                ),
                {"id": event_id.hex, "type": event_type},
            )
            conn.execute(
                text(
                    "INSERT INTO processed_event (consumer, event_id, processed_at)"
                    " VALUES ('notifications', :id, '2026-12-01 08:00:01')"
                ),
                {"id": event_id.hex},
            )

    def inbox() -> set[tuple[str, str]]:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT consumer, event_id FROM processed_event"))
            return {(name, str(event_id)) for name, event_id in rows}

    upgrade(url)
    assert inbox() == {
        ("meeting_invites", events["meeting.scheduled"].hex),
        ("task_mail", events["task.created"].hex),
    }
    command.downgrade(alembic_config(url), "0006_drop_network_timezone")
    assert inbox() == {("notifications", event_id.hex) for event_id in events.values()}
    engine.dispose()
