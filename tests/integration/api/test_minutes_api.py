"""Minutes through the API: extraction from uploads, bad files, review, approval."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.events.models import DomainEvent
from services.meetings.models import Attendance, MeetingStatus
from services.minutes.models import ActionItem, Minutes
from services.people.models import Network
from tests.support.factories import make_meeting, make_member, make_organisation

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "minutes"


def upload(client: TestClient, name: str, data: bytes) -> dict[str, object]:
    response = client.post(
        "/api/minutes/extract", files={"file": (name, data)}, data={"meeting_date": "2023-08-30"}
    )
    return {"status": response.status_code, "body": response.json()}


def test_extracts_a_text_file(client: TestClient, db: Session, network: Network) -> None:
    for name in ("Lilla Edet", "Göteborgsregionen"):
        make_organisation(db, network, name)
    db.commit()
    sample = next(FIXTURES.glob("fictional-*.txt"))
    result = upload(client, sample.name, sample.read_bytes())
    assert result["status"] == 200
    body = result["body"]
    assert isinstance(body, dict)
    assert body["attendance"]["present"]
    assert body["agenda"]


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("tom.txt", b"", "tom"),
        ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, ""),
        ("falsk.docx", b"PK\x03\x04" + b"\x00" * 100, ""),
    ],
)
def test_bad_files_are_422_with_one_line(
    client: TestClient, db: Session, name: str, data: bytes, fragment: str
) -> None:
    before = db.scalar(select(func.count()).select_from(Minutes))
    result = upload(client, name, data)
    assert result["status"] == 422
    body = result["body"]
    assert isinstance(body, dict)
    assert "\n" not in body["detail"]
    assert fragment.lower() in body["detail"].lower()
    assert db.scalar(select(func.count()).select_from(Minutes)) == before


def test_review_then_approve_emits_one_event(
    client: TestClient, db: Session, network: Network
) -> None:
    make_organisation(db, network, "Lerum")
    meeting = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    db.commit()
    extraction = {
        "meeting_date": date.today().isoformat(),
        "action_items": [
            {
                "text": "Lerum återkommer med förslag",
                "owner_organisation": "Lerum",
                "kind": "follow_up",
            }
        ],
    }
    saved = client.put(f"/api/meetings/{meeting.id}/minutes", json={"extraction": extraction})
    assert saved.status_code == 200, saved.text
    assert db.scalar(select(func.count()).select_from(ActionItem)) == 1
    approved = client.post(f"/api/meetings/{meeting.id}/minutes/approve")
    assert approved.status_code == 200
    again = client.post(f"/api/meetings/{meeting.id}/minutes/approve")
    assert again.status_code == 409
    events = db.scalar(
        select(func.count()).select_from(DomainEvent).where(DomainEvent.type == "minutes.approved")
    )
    assert events == 1


def test_attendance_from_minutes_is_recorded_with_its_event(
    client: TestClient, db: Session, network: Network
) -> None:
    """People found in the minutes count as attendees: attendance.recorded invites them too."""
    lerum = make_organisation(db, network, "Lerum")
    present, partial = make_member(db, lerum, "Anna Berg"), make_member(db, lerum, "Olle Ek")
    meeting = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    db.commit()
    extraction = {
        "meeting_date": date.today().isoformat(),
        "attendance": {
            "present": [
                {"name": "Anna Berg", "organisation": "Lerum", "items": []},
                {"name": "Olle Ek", "organisation": "Lerum", "items": ["3"]},
                {"name": "Okänd Gäst", "organisation": None, "items": []},
            ],
            "absent": [],
        },
    }
    saved = client.put(f"/api/meetings/{meeting.id}/minutes", json={"extraction": extraction})
    assert saved.status_code == 200, saved.text
    rows = {a.member_id: (a.status.value, a.items) for a in db.scalars(select(Attendance))}
    assert rows == {present.id: ("present", []), partial.id: ("partial", ["3"])}
    recorded = db.scalars(
        select(DomainEvent.payload).where(
            DomainEvent.type == "attendance.recorded", DomainEvent.aggregate_id == meeting.id
        )
    ).all()
    assert [(p["present"], p["partial"]) for p in recorded] == [(1, 1)]


def test_unknown_owner_organisation_is_422_and_nothing_saved(
    client: TestClient, db: Session, network: Network
) -> None:
    meeting = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    db.commit()
    extraction = {
        "meeting_date": date.today().isoformat(),
        "action_items": [{"text": "X", "owner_organisation": "Atlantis", "kind": "other"}],
    }
    response = client.put(f"/api/meetings/{meeting.id}/minutes", json={"extraction": extraction})
    assert response.status_code == 422
    assert "Atlantis" in response.json()["detail"]
    assert db.scalar(select(func.count()).select_from(Minutes)) == 0


def test_approve_before_held_is_409(client: TestClient, db: Session, network: Network) -> None:
    meeting = make_meeting(db, network, status=MeetingStatus.scheduled)
    db.commit()
    response = client.post(f"/api/meetings/{meeting.id}/minutes/approve")
    assert response.status_code == 409
    assert "before the meeting is held" in response.json()["detail"]


def test_minutes_amend_attendance_taken_on_the_page_and_keep_their_item_numbers(
    client: TestClient, db: Session, network: Network
) -> None:
    """Minutes name who they name; their '(pkt 9)' is the document's item, not the plan's."""
    from services.meetings.models import AgendaItem

    lerum = make_organisation(db, network, "Lerum")
    taken, named = make_member(db, lerum, "Sara Holm"), make_member(db, lerum, "Olle Ek")
    meeting = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    db.add_all(
        AgendaItem(meeting_id=meeting.id, position=n, number=n, title=f"P{n}") for n in (1, 2)
    )
    db.commit()
    page = client.put(
        f"/api/meetings/{meeting.id}/attendance",
        json={"entries": [{"member_id": str(taken.id), "status": "present"}]},
    )
    assert page.status_code == 200, page.text
    extraction = {
        "meeting_date": date.today().isoformat(),
        "attendance": {
            "present": [{"name": "Olle Ek", "organisation": "Lerum", "items": ["9"]}],
            "absent": [],
        },
    }
    saved = client.put(f"/api/meetings/{meeting.id}/minutes", json={"extraction": extraction})
    assert saved.status_code == 200, saved.text
    db.expire_all()
    rows = {a.member_id: (a.status.value, a.items) for a in db.scalars(select(Attendance))}
    assert rows == {taken.id: ("present", []), named.id: ("partial", ["9"])}
