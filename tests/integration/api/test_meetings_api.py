"""Meetings through the API: lifecycle, illegal transitions (409, no event), and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.events.models import DomainEvent
from services.meetings.models import Meeting


def future(days: int, hour: int = 13) -> str:
    day = datetime.now(UTC) + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


def new_meeting(client: TestClient, **overrides: object) -> dict[str, object]:
    body = {"title": "Nätverksträff", "starts_at": future(10, 12), "ends_at": future(10, 15)}
    body.update(overrides)
    response = client.post("/api/meetings", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


def events(db: Session, kind: str | None = None) -> int:
    query = select(func.count()).select_from(DomainEvent)
    if kind:
        query = query.where(DomainEvent.type == kind)
    return db.scalar(query) or 0


def test_schedule_reschedule_cancel_emit_events_and_bump_sequence(
    client: TestClient, db: Session
) -> None:
    meeting = new_meeting(client)
    assert meeting["status"] == "planned"
    scheduled = client.post(f"/api/meetings/{meeting['id']}/schedule").json()
    assert scheduled["status"] == "scheduled"
    moved = client.post(
        f"/api/meetings/{meeting['id']}/reschedule",
        json={"starts_at": future(12, 12), "ends_at": future(12, 15)},
    ).json()
    assert moved["ical_sequence"] == 1
    assert moved["ical_uid"] == meeting["ical_uid"]
    cancelled = client.post(f"/api/meetings/{meeting['id']}/cancel").json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["ical_sequence"] == 2
    kinds = list(db.scalars(select(DomainEvent.type).order_by(DomainEvent.position)))
    assert kinds == ["meeting.scheduled", "meeting.rescheduled", "meeting.cancelled"]


def test_illegal_transition_is_409_and_leaves_no_event(client: TestClient, db: Session) -> None:
    meeting = new_meeting(client)
    before = events(db)
    response = client.post(f"/api/meetings/{meeting['id']}/held")
    assert response.status_code == 409
    assert "schemalagt" in response.json()["detail"]
    assert events(db) == before
    assert db.get(Meeting, meeting["id"]).status.value == "planned"  # type: ignore[union-attr]


def test_end_before_start_is_422_and_nothing_stored(client: TestClient, db: Session) -> None:
    before = db.scalar(select(func.count()).select_from(Meeting))
    response = client.post(
        "/api/meetings",
        json={"title": "Fel", "starts_at": future(5, 15), "ends_at": future(5, 12)},
    )
    assert response.status_code == 422
    assert "end after it starts" in response.json()["detail"]
    assert db.scalar(select(func.count()).select_from(Meeting)) == before


def test_string_where_a_date_belongs_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/meetings", json={"title": "Fel", "starts_at": "nästa onsdag", "ends_at": future(5)}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "starts_at"


def test_start_in_the_past_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/meetings",
        json={"title": "Förr", "starts_at": future(-3, 12), "ends_at": future(-3, 15)},
    )
    assert response.status_code == 422
    assert "förflutna" in response.json()["detail"]


def test_naive_datetime_is_rejected(client: TestClient) -> None:
    response = client.post(
        "/api/meetings",
        json={
            "title": "Naiv",
            "starts_at": "2030-01-01T12:00:00",
            "ends_at": "2030-01-01T15:00:00",
        },
    )
    assert response.status_code == 422


def test_viewer_cannot_write(client: TestClient, db: Session, coordinator: object) -> None:
    from services.auth.models import UserAccount, UserRole

    user = db.get(UserAccount, coordinator.id)  # type: ignore[attr-defined]
    assert user is not None
    user.memberships[0].role = UserRole.viewer
    db.commit()
    response = client.post(
        "/api/meetings", json={"title": "X", "starts_at": future(5, 12), "ends_at": future(5, 15)}
    )
    assert response.status_code == 403
    assert client.get("/api/meetings").status_code == 200


def test_adjacent_steering_meeting_moves_with_network_meeting(client: TestClient) -> None:
    network_meeting = new_meeting(client)
    steering = new_meeting(
        client,
        title="Styrgrupp",
        kind="steering",
        starts_at=future(10, 10),
        ends_at=future(10, 12),
        adjacent_to_id=network_meeting["id"],
    )
    client.post(
        f"/api/meetings/{network_meeting['id']}/reschedule",
        json={"starts_at": future(17, 12), "ends_at": future(17, 15)},
    )
    moved = client.get(f"/api/meetings/{steering['id']}").json()
    assert moved["starts_at"][:10] == future(17, 10)[:10]


def test_a_refusal_speaks_the_language_the_client_asks_for(client: TestClient) -> None:
    """Domain errors carry a message code; the detail follows Accept-Language (else both)."""
    meeting = new_meeting(client)
    held = f"/api/meetings/{meeting['id']}/held"
    swedish = client.post(held, headers={"Accept-Language": "sv-SE,sv;q=0.9"}).json()
    english = client.post(held, headers={"Accept-Language": "en-GB,en;q=0.9"}).json()
    neither = client.post(held).json()
    assert swedish["detail"] == "mötet måste vara schemalagt för att hållas"
    assert english["detail"] == "must be scheduled before it is held"
    assert neither["detail"] == f"{swedish['detail']} / {english['detail']}"
    assert (swedish["code"], swedish["message_code"]) == ("conflict", "meetings.cannot_hold")
    assert english["params"] == {"status": "planned"}
