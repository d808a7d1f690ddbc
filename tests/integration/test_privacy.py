"""A member's data: exported in full, erased for good (pg_dump finds neither name nor address),
while the network's statistics keep their counts; old attempts and mails are purged."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.db import session_factory
from infra.settings import Settings
from services.api.app import create_app
from services.audit.models import AuditEntry
from services.auth.models import LoginAttempt, UserRole
from services.demo.load import load_demo
from services.notifications.models import DeliveryChannel, Notification, NotificationStatus
from services.people.models import Member, Network
from services.privacy.retention import purge_expired
from services.tasks.models import Task
from services.web import queries
from tests.support.database import (
    admin_dsn_for,
    create_test_database,
    drop_test_database,
    migrated_engine,
)
from tests.support.factories import PASSWORD, make_user


@pytest.fixture(scope="module")
def committed() -> Iterator[tuple[str, Engine]]:
    """A database of its own with the demo network committed: pg_dump sees only commits."""
    name, url = create_test_database()
    engine = migrated_engine(url)
    yield name, engine
    engine.dispose()
    drop_test_database(name)


def dump(name: str) -> str:
    result = subprocess.run(
        ["pg_dump", "--data-only", admin_dsn_for(name)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def statistics(session: Session, network: Network) -> dict[str, Any]:
    """The overview's counts (not the names it shows next to them)."""
    now, today = utcnow(), utcnow().date()
    return {
        "overdue": [
            (g.organisation, g.count, g.oldest)
            for g in queries.overdue_groups(session, network.id, today)
        ],
        "rsvp": [
            (m.id, m.accepted, m.declined)
            for m in queries.upcoming_meetings(session, network.id, now)
        ],
        "surveys": [
            (s.title, s.recipients, s.responded) for s in queries.survey_rates(session, network.id)
        ],
        "attendance": queries.attendance_by_org(session, network.id, now),
        "tasks": session.scalar(
            select(func.count()).select_from(Task).where(Task.network_id == network.id)
        ),
    }


def test_export_then_erase_leaves_no_trace_but_the_counts(committed: tuple[str, Engine]) -> None:
    name, engine = committed
    factory: sessionmaker[Session] = session_factory(engine)
    with factory.begin() as session:
        network = load_demo(session)
        user = make_user(session, network, UserRole.coordinator)
        owner = session.scalar(
            select(Member)
            .join(Task, Task.owner_member_id == Member.id)
            .group_by(Member.id)
            .order_by(func.count().desc(), Member.id)
            .limit(1)
        )
        assert owner is not None
        member_id, member_name, email = owner.id, owner.name, owner.email
        session.add(
            Notification(
                network_id=network.id,
                recipient_member_id=member_id,
                channel=DeliveryChannel.smtp,
                kind="task_reminder",
                idempotency_key=f"privacy-test:{uuid.uuid4()}",
                context={"greeting": f"Hej {member_name}", "to": email},
                status=NotificationStatus.sent,
            )
        )
        before = statistics(session, network)
        user_email, network_id = user.email, network.id
    text = dump(name)
    assert member_name in text
    assert email in text
    settings = Settings(database_url=str(engine.url), secret_key="test-secret-key-0123456789abcdef")  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        login = client.post("/api/auth/login", json={"email": user_email, "password": PASSWORD})
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        exported = client.get(f"/api/members/{member_id}/export")
        assert exported.status_code == 200, exported.text
        held = exported.json()
        assert held["member"]["email"] == email
        assert held["held"]["task.owner_member_id"]
        assert held["held"]["notification.recipient_member_id"]
        page = client.get(f"/api/members/{member_id}/export?format=html")
        assert page.status_code == 200
        assert member_name in page.text
        assert client.post(f"/api/members/{member_id}/erase").status_code == 204
        for undo in ({"active": True}, {"name": member_name}, {"email": email}):
            refused = client.patch(f"/api/members/{member_id}", json=undo)
            assert refused.status_code == 409, undo  # the erasure cannot be undone by an edit
    text = dump(name)
    assert member_name not in text
    assert email not in text
    with factory() as session:
        network = session.get(Network, network_id)
        assert network is not None
        assert statistics(session, network) == before
        erased = session.get(Member, member_id)
        assert erased is not None
        assert erased.name == "Borttagen deltagare"
        actions = set(
            session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == member_id))
        )
        assert {"export", "erase"} <= actions


def test_old_attempts_and_mails_are_purged(db: Session, network: Network) -> None:
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    db.add_all(
        [
            LoginAttempt(client_key="old", at=now - timedelta(days=31)),
            LoginAttempt(client_key="new", at=now - timedelta(days=1)),
        ]
    )
    for key, status, age in (
        ("a", NotificationStatus.sent, 200),
        ("b", NotificationStatus.pending, 200),
        ("c", NotificationStatus.sent, 10),
    ):
        db.add(
            Notification(
                network_id=network.id,
                channel=DeliveryChannel.smtp,
                kind="task_reminder",
                idempotency_key=f"purge-test:{key}:{uuid.uuid4()}",
                status=status,
                created_at=now - timedelta(days=age),
            )
        )
    db.flush()
    purged = purge_expired(db, now=now, login_attempt_days=30, notification_days=180)
    assert purged == {"login_attempt": 1, "notification": 1}
    left = db.scalars(
        select(Notification.idempotency_key).where(Notification.network_id == network.id)
    )
    assert sorted(k.split(":")[1] for k in left) == ["b", "c"]
