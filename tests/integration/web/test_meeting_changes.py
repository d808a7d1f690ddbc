"""Moving and cancelling on the meeting page: who will be told is shown, asked once, then done."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from services.events.models import DomainEvent
from services.meetings.models import Meeting, MeetingStatus
from services.people.models import Member, Network
from tests.integration.web.conftest import post_form
from tests.support.factories import make_meeting


def _move_form(meeting: Meeting, days: int, **extra: str) -> dict[str, str]:
    start = meeting.starts_at.astimezone(LOCAL_TZ) + timedelta(days=days)
    return {"new_date": start.date().isoformat(), "new_start": "09:00", "new_end": "11:30", **extra}


def _events(db: Session, meeting: Meeting) -> list[str]:
    query = select(DomainEvent.type).where(DomainEvent.aggregate_id == meeting.id)
    return list(db.scalars(query.order_by(DomainEvent.occurred_at)))


def test_moving_a_scheduled_meeting_asks_once_then_tells_the_invited(
    client: TestClient, db: Session, network: Network, anna: Member, bo: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30, status=MeetingStatus.scheduled)
    before = meeting.starts_at
    asked = post_form(client, f"/moten/{meeting.id}/flytta", _move_form(meeting, 7))
    assert asked.status_code == 200
    assert "En ändrad inbjudan skickas till 2 deltagare. Vill du det?" in asked.text
    db.refresh(meeting)
    assert meeting.starts_at == before  # asking changed nothing
    done = post_form(client, f"/moten/{meeting.id}/flytta", _move_form(meeting, 7, confirm="1"))
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Mötet är flyttat. Ändrad inbjudan skickas till 2 deltagare." in page
    db.refresh(meeting)
    local = meeting.starts_at.astimezone(LOCAL_TZ)
    assert (local.date(), f"{local:%H:%M}") == (
        (before + timedelta(days=7)).astimezone(LOCAL_TZ).date(),
        "09:00",
    )
    assert _events(db, meeting)[-1] == "meeting.rescheduled"


def test_a_planned_meeting_moves_without_asking_since_nobody_was_told(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30)
    done = post_form(client, f"/moten/{meeting.id}/flytta", _move_form(meeting, 1))
    assert done.status_code == 303
    assert "ingen behöver få besked" in client.get(done.headers["location"]).text


def test_cancelling_asks_once_then_tells_the_invited(
    client: TestClient, db: Session, network: Network, anna: Member, bo: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30, status=MeetingStatus.scheduled)
    asked = post_form(client, f"/moten/{meeting.id}/stall-in", {"reason": "Lokalen är upptagen"})
    assert "Ett inställt-besked skickas till 2 deltagare" in asked.text
    assert 'value="Lokalen är upptagen"' in asked.text
    db.refresh(meeting)
    assert meeting.status == MeetingStatus.scheduled
    done = post_form(
        client, f"/moten/{meeting.id}/stall-in", {"reason": "Lokalen är upptagen", "confirm": "1"}
    )
    assert done.status_code == 303
    assert (
        "Mötet är inställt. Besked skickas till 2 deltagare."
        in client.get(done.headers["location"]).text
    )
    db.refresh(meeting)
    assert meeting.status == MeetingStatus.cancelled
    assert _events(db, meeting)[-1] == "meeting.cancelled"


def test_bad_times_are_form_errors_and_change_nothing(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30, status=MeetingStatus.scheduled)
    before = meeting.starts_at
    backwards = _move_form(meeting, 1, new_start="15:00", new_end="14:00", confirm="1")
    refused = post_form(client, f"/moten/{meeting.id}/flytta", backwards)
    assert refused.status_code == 422
    assert 'id="new_end-error"' in refused.text
    past = _move_form(meeting, -60, confirm="1")
    refused = post_form(client, f"/moten/{meeting.id}/flytta", past)
    assert refused.status_code == 422
    assert 'id="new_date-error"' in refused.text
    db.refresh(meeting)
    assert meeting.starts_at == before
