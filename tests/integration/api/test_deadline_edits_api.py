"""Correcting and withdrawing deadlines, reading and correcting a series, through the API."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry
from services.deadlines.mail import DeadlineClosingMail, deadline_item
from services.deadlines.models import Deadline
from services.events.models import Timer
from services.notifications.models import Notification, NotificationStatus
from services.notifications.service import Mail, request_mail
from services.people.models import Network
from tests.support.factories import make_member, make_network, make_organisation


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def armed(db: Session, deadline_id: object) -> dict[str, datetime]:
    rows = db.scalars(
        select(Timer).where(Timer.subject_id == deadline_id, Timer.fired_at.is_(None))
    )
    return {row.key.split(":")[0] + ":" + row.key.split(":")[1]: row.due_at for row in rows}


def new_deadline(client: TestClient, opens_in: int = 40, days_open: int = 30) -> dict[str, str]:
    opens = (datetime.now(UTC) + timedelta(days=opens_in)).replace(microsecond=0)
    body = {
        "title": "Utlysning tidiga insatser",
        "opens_at": opens.isoformat(),
        "closes_at": (opens + timedelta(days=days_open)).isoformat(),
    }
    response = client.post("/api/deadlines", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, str] = response.json()
    return result


def test_patch_moves_the_window_and_rearms_its_timers(client: TestClient, db: Session) -> None:
    deadline = new_deadline(client)
    before = armed(db, deadline["id"])
    assert {"deadline.opens:" + deadline["id"], "deadline.closes:" + deadline["id"]} <= set(before)
    closes = datetime.fromisoformat(deadline["closes_at"]) + timedelta(days=14)
    response = client.patch(
        f"/api/deadlines/{deadline['id']}",
        json={"closes_at": closes.isoformat(), "opens_at": None, "title": "Utlysning (ny)"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["opens_at"] is None
    db.expire_all()
    after = armed(db, deadline["id"])
    assert "deadline.opens:" + deadline["id"] not in after  # no opening reminder any more
    assert after["deadline.closes:" + deadline["id"]] == closes
    reminders = {k: v for k, v in after.items() if k.startswith("deadline.closing")}
    assert set(reminders) == {k for k in before if k.startswith("deadline.closing")}
    assert all(before[key] < due < closes for key, due in reminders.items())
    entry = db.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "update", AuditEntry.entity_type == "deadline"
        )
    )
    assert entry is not None
    assert entry.details == {"fields": ["closes_at", "opens_at", "title"]}


def test_bad_patches_change_nothing(client: TestClient, db: Session) -> None:
    deadline = new_deadline(client)
    url = f"/api/deadlines/{deadline['id']}"
    timers = armed(db, deadline["id"])
    audits = count(db, AuditEntry)
    before_open = datetime.fromisoformat(deadline["opens_at"]) - timedelta(days=1)
    backwards = client.patch(url, json={"closes_at": before_open.isoformat()})
    assert backwards.status_code == 422
    assert "close after it opens" in backwards.json()["detail"]
    past = client.patch(url, json={"opens_at": None, "closes_at": "2020-01-01T12:00:00+00:00"})
    assert past.status_code == 422
    assert client.patch(url, json={"closes_at": None}).status_code == 422
    assert client.patch(url, json={"url": "javascript:alert(1)"}).status_code == 422
    unknown = client.patch(url, json={"issuer_organisation_id": str(uuid.uuid4())})
    assert unknown.status_code == 422
    assert client.patch(f"/api/deadlines/{uuid.uuid4()}", json={"title": "x"}).status_code == 404
    db.expire_all()
    assert client.get(url).json() == deadline
    assert armed(db, deadline["id"]) == timers
    assert count(db, AuditEntry) == audits


def test_withdrawn_deadline_sends_no_reminders(
    client: TestClient, db: Session, network: Network
) -> None:
    deadline = new_deadline(client)
    member = make_member(db, make_organisation(db, network, "Lerum"))
    row = db.get(Deadline, uuid.UUID(deadline["id"]))
    assert row is not None
    mail = DeadlineClosingMail(deadline_id=row.id, deadline=deadline_item(row))
    key = f"deadline_closing:{deadline['id']}:test"
    request_mail(
        db,
        network_id=network.id,
        mails=[Mail(mail, key=key, member_id=member.id, subject_id=row.id)],
    )
    db.flush()
    assert armed(db, deadline["id"])
    response = client.delete(f"/api/deadlines/{deadline['id']}")
    assert response.status_code == 204
    db.expire_all()
    assert armed(db, deadline["id"]) == {}
    queued = db.scalar(select(Notification).where(Notification.subject_id == deadline["id"]))
    assert queued is not None
    assert queued.status == NotificationStatus.suppressed
    assert db.get(Deadline, uuid.UUID(deadline["id"])) is None
    assert client.get(f"/api/deadlines/{deadline['id']}").status_code == 404
    assert client.delete(f"/api/deadlines/{deadline['id']}").status_code == 404
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "delete"))
    assert entry is not None
    assert str(entry.entity_id) == deadline["id"]


def test_another_networks_deadline_cannot_be_changed(client: TestClient, db: Session) -> None:
    deadline = Deadline(
        network_id=make_network(db, "Annat").id,
        title="Deras",
        closes_at=datetime.now(UTC) + timedelta(days=20),
    )
    db.add(deadline)
    db.flush()
    assert client.patch(f"/api/deadlines/{deadline.id}", json={"title": "x"}).status_code == 404
    assert client.delete(f"/api/deadlines/{deadline.id}").status_code == 404
    assert db.get(Deadline, deadline.id) is not None


def test_get_and_patch_a_series(client: TestClient, db: Session) -> None:
    created = client.post(
        "/api/series", json={"name": "Nätverket VT", "default_location": "GR, Göteborg"}
    )
    assert created.status_code == 201, created.text
    url = f"/api/series/{created.json()['id']}"
    assert client.get(url).json() == created.json()
    patched = client.patch(url, json={"name": "Nätverket VT2027", "description": "Fyra träffar"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["name"] == "Nätverket VT2027"
    assert patched.json()["default_location"] == "GR, Göteborg"
    cleared = client.patch(url, json={"default_location": None}).json()
    assert cleared["default_location"] is None
    assert cleared["description"] == "Fyra träffar"
    assert client.get(url).json() == cleared
    audits = count(db, AuditEntry)
    assert client.patch(url, json={"name": ""}).status_code == 422
    assert client.patch(url, json={"name": None}).status_code == 422
    assert client.patch(url, json={"term": "HT"}).status_code == 422  # not editable here
    assert client.get(url).json() == cleared
    assert count(db, AuditEntry) == audits
    assert client.get(f"/api/series/{uuid.uuid4()}").status_code == 404
