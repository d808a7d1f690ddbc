"""The meeting page offers what the meeting's state allows: nothing of "held" before it begins."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.meetings.models import MeetingStatus
from services.people.models import Member, Network
from tests.integration.web.conftest import post_form
from tests.support.factories import make_meeting


def test_a_meeting_ahead_offers_neither_held_nor_attendance_nor_minutes(
    client: TestClient, db: Session, network: Network
) -> None:
    meeting = make_meeting(db, network, days_ahead=60, status=MeetingStatus.scheduled)
    page = client.get(f"/moten/{meeting.id}").text
    assert "Markera som hållet" not in page
    assert f'action="/moten/{meeting.id}/narvaro"' not in page
    assert f'action="/moten/{meeting.id}/protokoll"' not in page
    assert "registreras när mötet har börjat" in page


def test_a_meeting_that_has_begun_offers_held_attendance_and_minutes(
    client: TestClient, db: Session, network: Network
) -> None:
    meeting = make_meeting(db, network, days_ahead=-0.05, status=MeetingStatus.scheduled)
    page = client.get(f"/moten/{meeting.id}").text
    assert "Markera som hållet" in page
    assert f'action="/moten/{meeting.id}/narvaro"' in page
    assert f'action="/moten/{meeting.id}/protokoll"' in page
    assert "registreras när mötet har börjat" not in page


def test_scheduling_on_the_page_says_how_many_get_the_invite(
    client: TestClient, db: Session, network: Network, anna: Member, bo: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30)
    answer = post_form(client, f"/moten/{meeting.id}/schemalagg", {})
    assert answer.status_code == 303, answer.text[:300]
    page = client.get(answer.headers["location"]).text
    assert "Mötet är schemalagt. Inbjudan skickas till 2 deltagare." in page
    assert "Inbjudan skickas" not in client.get(f"/moten/{meeting.id}").text  # said once
