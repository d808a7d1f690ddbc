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


def test_accounts_keep_their_network_and_role_as_a_membership(tmp_path: Path) -> None:
    """0013: today's user_account.network_id and role become the account's one membership, and
    its API tokens work in that network; downgrading gives the columns back."""
    url = f"sqlite:///{tmp_path / 'tenancy.db'}"
    upgrade(url, "0010_security_revocation")
    engine = create_engine(url)
    network, account, token = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    stamp = "'2026-12-01 08:00:00'"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO network (id, name, slug, delivery_channel, created_at, updated_at)"
                f" VALUES (:id, 'Nätverket', 'natverket', 'smtp', {stamp}, {stamp})"
            ),
            {"id": network.hex},
        )
        conn.execute(
            text(
                "INSERT INTO user_account (id, network_id, email, name, role, active,"
                " must_change_password, session_version, created_at, updated_at) VALUES (:id,"
                f" :network, 'a@example.org', 'A', 'viewer', 1, 0, 0, {stamp}, {stamp})"
            ),
            {"id": account.hex, "network": network.hex},
        )
        conn.execute(
            text(
                "INSERT INTO api_token (id, user_id, name, token_hash, created_at)"
                f" VALUES (:id, :user, 'skript', 'abc', {stamp})"
            ),
            {"id": token.hex, "user": account.hex},
        )
    upgrade(url)
    with engine.connect() as conn:
        memberships = conn.execute(
            text("SELECT account_id, network_id, role FROM network_membership")
        ).all()
        tokens = conn.execute(text("SELECT network_id FROM api_token")).all()
    assert memberships == [(account.hex, network.hex, "viewer")]
    assert tokens == [(network.hex,)]
    command.downgrade(alembic_config(url), "0010_security_revocation")
    with engine.connect() as conn:
        back = conn.execute(text("SELECT network_id, role FROM user_account")).all()
    assert back == [(network.hex, "viewer")]
    engine.dispose()
