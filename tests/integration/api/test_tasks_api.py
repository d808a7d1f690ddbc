"""Tasks and deadlines through the API: create, filter, patch; bad input changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.deadlines.models import Deadline
from services.events.models import DomainEvent, Timer
from services.people.models import Network, Organisation
from services.tasks.models import Task
from tests.support.factories import make_member, make_network, make_organisation


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


@pytest.fixture
def lerum(db: Session, network: Network) -> Organisation:
    return make_organisation(db, network, "Lerum")


def new_task(client: TestClient, **fields: object) -> dict[str, object]:
    response = client.post("/api/tasks", json=fields)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_create_arms_timers_and_emits_task_created(
    client: TestClient, db: Session, lerum: Organisation
) -> None:
    task = new_task(
        client,
        title="Återkom om studiebesök",
        owner_organisation_id=str(lerum.id),
        due_date=in_days(9),
    )
    assert task["status"] == "open"
    assert task["due_date"] == in_days(9)
    kinds = set(db.scalars(select(Timer.kind).where(Timer.subject_id == task["id"])))
    assert kinds == {"task.reminder_before", "task.reminder_due", "task.overdue"}
    assert db.scalar(select(DomainEvent.type).where(DomainEvent.aggregate_id == task["id"])) == (
        "task.created"
    )


def test_filters_by_organisation_status_meeting_and_due_range(
    client: TestClient, db: Session, network: Network, lerum: Organisation
) -> None:
    ale = make_organisation(db, network, "Ale")
    db.commit()
    first = new_task(client, title="A", owner_organisation_id=str(lerum.id), due_date=in_days(3))
    new_task(client, title="B", owner_organisation_id=str(ale.id), due_date=in_days(20))
    done = new_task(client, title="C", owner_organisation_id=str(lerum.id), due_date=in_days(5))
    assert client.patch(f"/api/tasks/{done['id']}", json={"status": "done"}).status_code == 200

    def titles(**params: object) -> list[str]:
        response = client.get("/api/tasks", params=params)
        assert response.status_code == 200, response.text
        return [t["title"] for t in response.json()["items"]]

    assert titles(organisation_id=str(lerum.id)) == ["A", "C"]
    assert titles(organisation_id=str(lerum.id), status="open") == ["A"]
    assert titles(due_from=in_days(4), due_to=in_days(30)) == ["C", "B"]
    assert titles(order_by="-due_date") == ["B", "C", "A"]
    assert titles(overdue="true") == []
    page = client.get("/api/tasks", params={"limit": 1, "offset": 1}).json()
    assert (page["total"], [t["title"] for t in page["items"]]) == (3, ["C"])
    assert client.get(f"/api/tasks/{first['id']}").json()["title"] == "A"


def test_patch_moves_the_due_date_and_rearms_the_overdue_timer(
    client: TestClient, db: Session, lerum: Organisation
) -> None:
    task = new_task(
        client, title="Statistik", owner_organisation_id=str(lerum.id), due_date=in_days(5)
    )
    moved = client.patch(f"/api/tasks/{task['id']}", json={"due_date": in_days(12)})
    assert moved.status_code == 200, moved.text
    overdue_at = db.scalar(
        select(Timer.due_at).where(Timer.subject_id == task["id"], Timer.kind == "task.overdue")
    )
    assert overdue_at is not None
    assert overdue_at.astimezone(UTC).date() >= date.today() + timedelta(days=12)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "X", "due_date": in_days(3)}, "owner"),
        ({"title": "", "owner": "org", "due_date": in_days(3)}, "title"),
        ({"title": "X", "owner": "org", "due_date": "nästa fredag"}, "due_date"),
        ({"title": "X", "owner": "org", "due_date": in_days(-1)}, "past"),
        ({"title": "X", "owner": "unknown", "due_date": in_days(3)}, "organisation"),
        ({"title": "X", "owner": "foreign", "due_date": in_days(3)}, "organisation"),
    ],
)
def test_bad_task_input_is_a_clear_4xx_and_writes_nothing(
    client: TestClient, db: Session, lerum: Organisation, fields: dict[str, str], message: str
) -> None:
    foreign = make_organisation(db, make_network(db), "Ale")
    db.commit()
    owners = {
        "org": lerum.id,
        "unknown": "0b8f3c39-0000-4000-8000-000000000000",
        "foreign": foreign.id,
    }
    body: dict[str, object] = {k: v for k, v in fields.items() if k != "owner"}
    if "owner" in fields:
        body["owner_organisation_id"] = str(owners[fields["owner"]])
    before = (count(db, Task), count(db, DomainEvent), count(db, Timer))
    response = client.post("/api/tasks", json=body)
    assert response.status_code in (404, 422), response.text
    assert message in response.text.lower()
    assert (count(db, Task), count(db, DomainEvent), count(db, Timer)) == before


def test_a_member_of_another_network_cannot_own_a_task(
    client: TestClient, db: Session, lerum: Organisation
) -> None:
    stranger = make_member(db, make_organisation(db, make_network(db), "Tjörn"))
    db.commit()
    response = client.post(
        "/api/tasks",
        json={"title": "X", "owner_member_id": str(stranger.id), "due_date": in_days(3)},
    )
    assert response.status_code in (404, 422)
    assert count(db, Task) == 0


def test_deadline_window_and_bad_windows(
    client: TestClient, db: Session, lerum: Organisation
) -> None:
    opens = datetime.now(UTC) + timedelta(days=10)
    window = {
        "title": "Utlysning tidiga insatser",
        "opens_at": opens.isoformat(),
        "closes_at": (opens + timedelta(days=30)).isoformat(),
        "issuer_organisation_id": str(lerum.id),
    }
    created = client.post("/api/deadlines", json=window)
    assert created.status_code == 201, created.text
    kinds = set(db.scalars(select(Timer.kind).where(Timer.subject_id == created.json()["id"])))
    assert any(kind.startswith("deadline.") for kind in kinds)
    listed = client.get("/api/deadlines", params={"issuer_organisation_id": str(lerum.id)}).json()
    assert [d["title"] for d in listed["items"]] == ["Utlysning tidiga insatser"]
    before = count(db, Deadline)
    backwards = {**window, "closes_at": (opens - timedelta(days=1)).isoformat()}
    response = client.post("/api/deadlines", json=backwards)
    assert response.status_code == 422
    assert "close after it opens" in response.text
    naive = {**window, "closes_at": "2031-03-31T23:59:00"}
    assert client.post("/api/deadlines", json=naive).status_code == 422
    assert count(db, Deadline) == before


def test_an_agenda_item_of_another_network_cannot_be_a_tasks_source(
    client: TestClient, db: Session, lerum: Organisation
) -> None:
    from services.meetings.models import AgendaItem
    from tests.support.factories import make_meeting

    theirs = make_meeting(db, make_network(db), days_ahead=5)
    item = AgendaItem(meeting_id=theirs.id, position=1, number=1, title="Deras punkt")
    db.add(item)
    db.commit()
    response = client.post(
        "/api/tasks",
        json={
            "title": "X",
            "owner_organisation_id": str(lerum.id),
            "due_date": in_days(3),
            "source_agenda_item_id": str(item.id),
        },
    )
    assert response.status_code == 422
    assert "agenda item" in response.text
    assert count(db, Task) == 0


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("task", {"due_date": None}),
        ("task", {"title": None}),
        ("member", {"notification_preferences": None}),
        ("member", {"active": None}),
    ],
)
def test_null_for_a_required_field_is_422_not_500(
    client: TestClient, db: Session, lerum: Organisation, path: str, body: dict[str, object]
) -> None:
    member = make_member(db, lerum)
    db.commit()
    if path == "task":
        task = new_task(client, title="T", owner_organisation_id=str(lerum.id), due_date=in_days(4))
        url = f"/api/tasks/{task['id']}"
    else:
        url = f"/api/members/{member.id}"
    response = client.patch(url, json=body)
    assert response.status_code == 422, response.text
    assert "cannot be null" in response.text


@pytest.mark.parametrize(
    "url",
    ["/api/meetings?starts_after=2024-01-01T00:00:00", "/api/deadlines?closes_after=2024-01-01"],
)
def test_a_date_filter_without_time_zone_is_422(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 422


def test_only_web_addresses_are_stored_as_links(client: TestClient, db: Session) -> None:
    start = datetime.now(UTC) + timedelta(days=9)
    meeting = {
        "title": "Träff",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "online_url": "javascript:alert(1)",
    }
    response = client.post("/api/meetings", json=meeting)
    assert response.status_code == 422
    assert "https://" in response.text
    deadline = {"title": "Utlysning", "closes_at": meeting["ends_at"], "url": "inte en adress"}
    assert client.post("/api/deadlines", json=deadline).status_code == 422
    ok = client.post("/api/meetings", json={**meeting, "online_url": "https://meet.example.org/x"})
    assert ok.status_code == 201, ok.text
