"""Attendance replaces what was there; partial names agenda items; a finished meeting is fixed."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry
from services.events.models import DomainEvent
from services.meetings.models import Attendance, Meeting, MeetingStatus
from services.people.models import Member, Network
from tests.support.factories import make_meeting, make_member, make_organisation


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def members(db: Session, network: Network) -> list[Member]:
    lerum = make_organisation(db, network, "Lerum")
    return [make_member(db, lerum, name) for name in ("Anna", "Bo", "Cecilia")]


def put(client: TestClient, meeting: Meeting, *entries: Mapping[str, object]) -> Response:
    response: Response = client.put(
        f"/api/meetings/{meeting.id}/attendance", json={"entries": list(entries)}
    )
    return response


def recorded(client: TestClient, meeting: Meeting) -> dict[str, tuple[str, list[str]]]:
    rows = client.get(f"/api/meetings/{meeting.id}/attendance").json()
    return {row["member_id"]: (row["status"], row["items"]) for row in rows}


def test_attendance_is_replaced_not_merged(
    client: TestClient, db: Session, network: Network, members: list[Member]
) -> None:
    anna, bo, cecilia = (str(m.id) for m in members)
    meeting = make_meeting(db, network, status=MeetingStatus.held, days_ahead=-1)
    first = put(
        client,
        meeting,
        {"member_id": anna, "status": "present"},
        {"member_id": bo, "status": "present"},
    )
    assert first.status_code == 200
    second = put(
        client,
        meeting,
        {"member_id": bo, "status": "absent"},
        {"member_id": cecilia, "status": "present"},
    )
    assert second.status_code == 200
    assert recorded(client, meeting) == {bo: ("absent", []), cecilia: ("present", [])}
    assert count(db, Attendance) == 2
    assert put(client, meeting).status_code == 200
    assert recorded(client, meeting) == {}


def test_partial_needs_items_of_the_agenda(
    client: TestClient, db: Session, network: Network, members: list[Member]
) -> None:
    anna, bo, _ = (str(m.id) for m in members)
    meeting = make_meeting(db, network, status=MeetingStatus.scheduled)
    present = {"member_id": anna, "status": "present"}
    assert put(client, meeting, present).status_code == 200
    # No agenda yet: any item the minutes name is accepted.
    free = put(client, meeting, {"member_id": bo, "status": "partial", "items": ["7"]})
    assert free.status_code == 200
    for title in ("Inledning", "Kommun i fokus", "Övrigt"):
        client.post(f"/api/meetings/{meeting.id}/agenda", json={"title": title})
    numbered = client.post(
        f"/api/meetings/{meeting.id}/agenda", json={"title": "Extra", "number": 12}
    )
    assert numbered.status_code == 201
    state = recorded(client, meeting), count(db, DomainEvent), count(db, AuditEntry)

    empty = put(client, meeting, present, {"member_id": bo, "status": "partial", "items": []})
    assert empty.status_code == 422
    assert "ange vilka punkter" in empty.json()["detail"]
    unknown = put(client, meeting, {"member_id": bo, "status": "partial", "items": ["2", "9"]})
    assert unknown.status_code == 422
    detail = unknown.json()["detail"]
    assert "punkt 9 finns inte" in detail
    assert "1, 2, 3, 12" in detail
    db.expire_all()
    assert (recorded(client, meeting), count(db, DomainEvent), count(db, AuditEntry)) == state

    good = put(client, meeting, {"member_id": bo, "status": "partial", "items": ["2", "12"]})
    assert good.status_code == 200
    assert recorded(client, meeting) == {bo: ("partial", ["2", "12"])}


@pytest.mark.parametrize(
    "status", [MeetingStatus.held, MeetingStatus.minutes_approved, MeetingStatus.cancelled]
)
def test_a_finished_meeting_cannot_be_patched(
    client: TestClient, db: Session, network: Network, status: MeetingStatus
) -> None:
    meeting = make_meeting(db, network, status=status, days_ahead=-2, location="GR")
    audits, events = count(db, AuditEntry), count(db, DomainEvent)
    for change in ({"title": "Ny"}, {"location": "Lerum"}, {"online_url": "https://x.example"}):
        response = client.patch(f"/api/meetings/{meeting.id}", json=change)
        assert response.status_code == 409
        assert "bara planerade eller schemalagda möten kan ändras" in response.json()["detail"]
    db.expire_all()
    stored = db.get(Meeting, meeting.id)
    assert stored is not None
    assert (stored.title, stored.location, stored.online_url) == ("Nätverksträff", "GR", None)
    assert (count(db, AuditEntry), count(db, DomainEvent)) == (audits, events)


@pytest.mark.parametrize("status", [MeetingStatus.planned, MeetingStatus.scheduled])
def test_a_coming_meeting_can_still_be_patched(
    client: TestClient, db: Session, network: Network, status: MeetingStatus
) -> None:
    meeting = make_meeting(db, network, status=status)
    response = client.patch(f"/api/meetings/{meeting.id}", json={"location": "Lerum"})
    assert response.status_code == 200, response.text
    assert response.json()["location"] == "Lerum"
