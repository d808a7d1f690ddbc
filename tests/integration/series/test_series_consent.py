"""Silent consent: nobody objects → confirmed once; an objection keeps the date and is reported."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.events.models import Timer
from services.events.timers import claim_due_timers
from services.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpResponse
from services.registry import REACTIONS
from services.series.consent import CONSENT_DUE, consent_due_at
from services.series.models import ConsentResponse, MeetingSeries
from tests.integration.series.conftest import People
from tests.integration.series.helpers import SignFn, count_events, local_day


@pytest.fixture
def proposal(client: TestClient, series: MeetingSeries, next_term: str) -> list[dict[str, Any]]:
    """Three network meetings with a steering meeting before each, as proposed meetings."""
    body = {"term": next_term, "count": 3, "adjacent": {"kind": "steering"}}
    response = client.post(f"/api/series/{series.id}/proposal", json=body)
    assert response.status_code == 201, response.text
    meetings: list[dict[str, Any]] = response.json()["meetings"]
    return meetings


@pytest.fixture
def reply_by(client: TestClient, series: MeetingSeries, proposal: list[dict[str, Any]]) -> date:
    """The proposal sent with a reply-by date a week ahead."""
    day = datetime.now(UTC).date() + timedelta(days=7)
    response = client.post(f"/api/series/{series.id}/send-proposal", json={"reply_by": str(day)})
    assert response.status_code == 200, response.text
    assert response.json()["reply_by"] == str(day)
    return day


def network_meetings(proposal: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in proposal if m["kind"] == "network"]


def fire(db: Session, reply_by: date) -> list[Timer]:
    """What the beat does: claim the due timers (SKIP LOCKED) and run each handler once."""
    now = consent_due_at(reply_by) + timedelta(minutes=1)
    timers = [t for t in claim_due_timers(db, now=now) if t.kind == CONSENT_DUE]
    for timer in timers:
        handler = REACTIONS.timer(timer.kind)
        assert handler is not None
        handler(db, timer, now)
    db.flush()
    return timers


def statuses(db: Session, series: MeetingSeries) -> dict[uuid.UUID, MeetingStatus]:
    db.expire_all()
    rows = db.scalars(select(Meeting).where(Meeting.series_id == series.id))
    return {m.id: m.status for m in rows}


def answer(
    client: TestClient, sign: SignFn, member: Any, meeting: dict[str, Any], **body: object
) -> Any:
    token = sign(member, "rsvp", uuid.UUID(meeting["id"]))
    return client.post("/api/consent", params={"token": token}, json=body)


def test_nobody_objects_every_date_is_confirmed_once_even_if_the_timer_fires_twice(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    sign: SignFn,
    proposal: list[dict[str, Any]],
    reply_by: date,
) -> None:
    first = network_meetings(proposal)[0]
    assert answer(client, sign, people.bo, first, works=True).status_code == 200
    timers = fire(db, reply_by)
    assert len(timers) == 1
    assert set(statuses(db, series).values()) == {MeetingStatus.scheduled}
    handler = REACTIONS.timer(CONSENT_DUE)
    assert handler is not None
    handler(db, timers[0], consent_due_at(reply_by) + timedelta(hours=1))  # fired again
    assert fire(db, reply_by) == []  # and the beat finds nothing left to claim
    assert count_events(db, "meeting.scheduled") == 6
    for meeting in proposal:
        assert count_events(db, "meeting.scheduled", uuid.UUID(meeting["id"])) == 1
    report = client.get(f"/api/series/{series.id}/consent").json()
    assert report["closed"] is True
    assert report["dates"][1]["works"] == 1
    assert all(d["objections"] == [] for d in report["dates"])
    # "Passar" carries over: the meeting page counts Bo as coming, not as "Inget svar"
    rsvp = db.scalar(select(Rsvp).where(Rsvp.meeting_id == uuid.UUID(first["id"])))
    assert rsvp is not None
    assert (rsvp.member_id, rsvp.response) == (people.bo.id, RsvpResponse.accepted)


def test_an_objected_date_stays_proposed_and_the_report_names_who_and_offers_alternatives(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    sign: SignFn,
    proposal: list[dict[str, Any]],
    reply_by: date,
) -> None:
    second = network_meetings(proposal)[1]
    response = answer(
        client, sign, people.cia, second, works=False, comment="Krockar med KS-sammanträdet"
    )
    assert response.status_code == 200, response.text
    answer(client, sign, people.bo, second, works=True)
    report = client.get(f"/api/series/{series.id}/consent").json()
    entry = next(d for d in report["dates"] if d["meeting"]["id"] == second["id"])
    assert entry["works"] == 1
    assert entry["objections"] == [
        {
            "member_id": str(people.cia.id),
            "name": "Cia Carlsson",
            "organisation": "Kungälv",
            "comment": "Krockar med KS-sammanträdet",
            "source": "link",
        }
    ]
    alternatives = entry["alternatives"]
    assert 1 <= len(alternatives) <= 3
    objected = local_day(second["starts_at"])
    others = [local_day(m["starts_at"]) for m in network_meetings(proposal) if m != second]
    for alt in alternatives:
        day = local_day(alt["starts_at"])
        assert day != objected
        assert others[0] < day < others[1]
        assert day.isocalendar()[:2] not in {d.isocalendar()[:2] for d in others}

    fire(db, reply_by)
    now = statuses(db, series)
    steering_of_second = next(m for m in proposal if m["adjacent_to_id"] == second["id"])
    assert now[uuid.UUID(second["id"])] == MeetingStatus.proposed
    assert now[uuid.UUID(steering_of_second["id"])] == MeetingStatus.proposed  # waits with it
    assert sum(s == MeetingStatus.scheduled for s in now.values()) == 4
    assert count_events(db, "meeting.scheduled", uuid.UUID(second["id"])) == 0
    after = client.get(f"/api/series/{series.id}/consent").json()
    assert after["closed"] is True
    entry = next(d for d in after["dates"] if d["meeting"]["id"] == second["id"])
    assert entry["objections"][0]["name"] == "Cia Carlsson"
    assert entry["alternatives"] == alternatives


def test_a_calendar_decline_counts_as_an_objection(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    proposal: list[dict[str, Any]],
    reply_by: date,
) -> None:
    first = network_meetings(proposal)[0]
    db.add(
        Rsvp(
            meeting_id=uuid.UUID(first["id"]),
            member_id=people.cia.id,
            response=RsvpResponse.declined,
            responded_at=datetime.now(UTC),
        )
    )
    db.flush()
    fire(db, reply_by)
    assert statuses(db, series)[uuid.UUID(first["id"])] == MeetingStatus.proposed
    report = client.get(f"/api/series/{series.id}/consent").json()
    assert report["dates"][0]["meeting"]["kind"] == "steering"
    assert report["dates"][1]["objections"][0]["source"] == "calendar"


def test_bad_consent_links_change_nothing(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    sign: SignFn,
    settings: Settings,
    proposal: list[dict[str, Any]],
    reply_by: date,
) -> None:
    main = network_meetings(proposal)[0]
    steering = next(m for m in proposal if m["kind"] == "steering")
    meeting_id = uuid.UUID(main["id"])
    max_age = settings.member_link_max_age_s
    cases = [
        (sign(people.cia, "rsvp", meeting_id)[:-2] + "xx", 403),
        (sign(people.cia, "rsvp", meeting_id, age_s=max_age + 60), 410),
        (sign(people.cia, "poll", meeting_id), 403),
        (sign(people.bo, "rsvp", uuid.UUID(steering["id"])), 403),  # Bo is not in the group
        (sign(people.cia, "rsvp", uuid.uuid4()), 404),
    ]
    for token, status in cases:
        response = client.post("/api/consent", params={"token": token}, json={"works": False})
        assert response.status_code == status, response.text
    assert answer(client, sign, people.anna, steering, works=True).status_code == 200
    assert db.scalar(select(func.count()).select_from(ConsentResponse)) == 1
    fire(db, reply_by)
    late = answer(client, sign, people.cia, main, works=False)
    assert late.status_code == 409
    assert db.scalar(select(func.count()).select_from(ConsentResponse)) == 1
    assert statuses(db, series)[meeting_id] == MeetingStatus.scheduled


def test_send_proposal_refuses_bad_dates_and_an_empty_proposal(
    client: TestClient, series: MeetingSeries, next_term: str
) -> None:
    url = f"/api/series/{series.id}/send-proposal"
    nothing = client.post(url, json={"reply_by": str(date.today() + timedelta(days=3))})
    assert nothing.status_code == 409
    client.post(f"/api/series/{series.id}/proposal", json={"term": next_term, "count": 2})
    today = datetime.now(UTC).date()
    for day, expected in [
        (today - timedelta(days=1), "must be after"),
        (today + timedelta(days=400), "must be before"),
    ]:
        response = client.post(url, json={"reply_by": str(day)})
        assert response.status_code == 422
        assert expected in response.json()["detail"]


def test_no_new_proposal_while_one_is_out_for_consent(
    client: TestClient, series: MeetingSeries, next_term: str, reply_by: date
) -> None:
    response = client.post(
        f"/api/series/{series.id}/proposal", json={"term": next_term, "count": 2}
    )
    assert response.status_code == 409
    assert str(reply_by) in response.json()["detail"]


def test_a_confirmed_network_meeting_moves_its_steering_meeting_along(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    proposal: list[dict[str, Any]],
    reply_by: date,
) -> None:
    fire(db, reply_by)
    main = network_meetings(proposal)[0]
    steering = next(m for m in proposal if m["adjacent_to_id"] == main["id"])
    shift = timedelta(days=2)
    moved = {
        "starts_at": (datetime.fromisoformat(main["starts_at"]) + shift).isoformat(),
        "ends_at": (datetime.fromisoformat(main["ends_at"]) + shift).isoformat(),
    }
    response = client.post(f"/api/meetings/{main['id']}/reschedule", json=moved)
    assert response.status_code == 200, response.text
    after = client.get(f"/api/meetings/{steering['id']}").json()
    assert after["status"] == "scheduled"
    assert after["ical_sequence"] == 1
    start = datetime.fromisoformat(after["starts_at"])
    assert start == datetime.fromisoformat(steering["starts_at"]) + shift
    for meeting in (main, steering):
        assert count_events(db, "meeting.rescheduled", uuid.UUID(meeting["id"])) == 1
