"""Agenda items through the API: edit, reorder, delete; a scheduled invite follows the agenda."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry
from services.events.models import DomainEvent
from services.meetings.models import AgendaItem, Meeting, MeetingStatus
from services.people.models import Network, Organisation
from tests.support.factories import make_meeting, make_network, make_organisation


def count(db: Session, model: type, *where: object) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


def add_items(client: TestClient, meeting: Meeting, *titles: str) -> list[str]:
    ids = []
    for title in titles:
        response = client.post(f"/api/meetings/{meeting.id}/agenda", json={"title": title})
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def agenda(client: TestClient, meeting: Meeting) -> list[tuple[int, str]]:
    items = client.get(f"/api/meetings/{meeting.id}/agenda").json()
    return [(item["position"], item["title"]) for item in items]


@pytest.fixture
def lerum(db: Session, network: Network) -> Organisation:
    return make_organisation(db, network, "Lerum")


def test_edit_and_move_an_item_renumbers_the_rest(
    client: TestClient, db: Session, network: Network, lerum: Organisation
) -> None:
    meeting = make_meeting(db, network)
    first, second, third = add_items(client, meeting, "Inledning", "Kommun i fokus", "Övrigt")
    edited = client.patch(
        f"/api/meetings/{meeting.id}/agenda/{second}",
        json={
            "title": "Lerum i fokus",
            "notes": "15 min",
            "presenter_organisation_id": str(lerum.id),
        },
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["notes"] == "15 min"
    assert edited.json()["presenter_organisation_id"] == str(lerum.id)
    moved = client.patch(f"/api/meetings/{meeting.id}/agenda/{third}", json={"position": 0})
    assert moved.status_code == 200, moved.text
    assert agenda(client, meeting) == [(0, "Övrigt"), (1, "Inledning"), (2, "Lerum i fokus")]
    last = client.patch(f"/api/meetings/{meeting.id}/agenda/{third}", json={"position": 99})
    assert last.json()["position"] == 2
    cleared = client.patch(
        f"/api/meetings/{meeting.id}/agenda/{second}", json={"presenter_organisation_id": None}
    )
    assert cleared.json()["presenter_organisation_id"] is None
    assert (
        count(
            db, AuditEntry, AuditEntry.action == "update", AuditEntry.entity_type == "agenda_item"
        )
        == 4
    )
    # A planned meeting has sent no invite: nothing to update in calendars.
    assert count(db, DomainEvent) == 0
    assert agenda(client, meeting) == [(0, "Inledning"), (1, "Lerum i fokus"), (2, "Övrigt")]
    assert first == client.get(f"/api/meetings/{meeting.id}/agenda").json()[0]["id"]


def test_delete_moves_the_later_items_up(client: TestClient, db: Session, network: Network) -> None:
    meeting = make_meeting(db, network)
    _, second, _ = add_items(client, meeting, "Inledning", "Kommun i fokus", "Övrigt")
    response = client.delete(f"/api/meetings/{meeting.id}/agenda/{second}")
    assert response.status_code == 204
    assert agenda(client, meeting) == [(0, "Inledning"), (1, "Övrigt")]
    assert db.get(AgendaItem, uuid.UUID(second)) is None
    assert (
        count(
            db, AuditEntry, AuditEntry.action == "delete", AuditEntry.entity_type == "agenda_item"
        )
        == 1
    )
    again = client.delete(f"/api/meetings/{meeting.id}/agenda/{second}")
    assert again.status_code == 404


def test_agenda_change_of_a_scheduled_meeting_updates_the_invite(
    client: TestClient, db: Session, network: Network
) -> None:
    meeting = make_meeting(db, network)
    first, second = add_items(client, meeting, "Inledning", "Kommun i fokus")
    assert client.post(f"/api/meetings/{meeting.id}/schedule").status_code == 200

    def invites() -> int:
        return count(db, DomainEvent, DomainEvent.type == "meeting.rescheduled")

    client.patch(f"/api/meetings/{meeting.id}/agenda/{second}", json={"title": "Ale i fokus"})
    assert invites() == 1
    client.patch(f"/api/meetings/{meeting.id}/agenda/{second}", json={"position": 0})
    assert invites() == 2
    client.patch(f"/api/meetings/{meeting.id}/agenda/{second}", json={"notes": "bara internt"})
    assert invites() == 2  # notes are not in the invite's DESCRIPTION
    client.delete(f"/api/meetings/{meeting.id}/agenda/{first}")
    assert invites() == 3
    add_items(client, meeting, "Övrigt")
    assert invites() == 4
    body = client.get(f"/api/meetings/{meeting.id}").json()
    assert body["ical_sequence"] == 4


def test_bad_agenda_edits_change_nothing(client: TestClient, db: Session, network: Network) -> None:
    meeting = make_meeting(db, network, status=MeetingStatus.scheduled)
    other = make_meeting(db, network)
    (item,) = add_items(client, meeting, "Inledning")
    (foreign_item,) = add_items(client, other, "Annat möte")
    stranger = make_organisation(db, make_network(db, "Annat nätverk"), "Borås")
    before = (count(db, DomainEvent), count(db, AuditEntry), agenda(client, meeting))
    url = f"/api/meetings/{meeting.id}/agenda/{item}"
    unknown_org = client.patch(url, json={"presenter_organisation_id": str(stranger.id)})
    assert unknown_org.status_code == 422
    assert "organisation" in unknown_org.json()["detail"]
    assert client.patch(url, json={"title": ""}).status_code == 422
    assert client.patch(url, json={"title": None}).status_code == 422
    assert client.patch(url, json={"position": -1}).status_code == 422
    wrong_meeting = client.patch(
        f"/api/meetings/{meeting.id}/agenda/{foreign_item}", json={"title": "x"}
    )
    assert wrong_meeting.status_code == 404
    assert client.delete(f"/api/meetings/{meeting.id}/agenda/{foreign_item}").status_code == 404
    db.expire_all()
    assert (count(db, DomainEvent), count(db, AuditEntry), agenda(client, meeting)) == before
