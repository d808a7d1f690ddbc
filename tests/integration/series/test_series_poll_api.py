"""Preference poll through the API: one click per option, weighted per organisation, safe links."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.series.models import MeetingSeries, PollVote
from tests.integration.series.conftest import People
from tests.integration.series.helpers import SignFn


def open_poll(client: TestClient, series: MeetingSeries, **body: object) -> dict[str, object]:
    response = client.post(f"/api/series/{series.id}/poll", json=body)
    assert response.status_code == 201, response.text
    poll: dict[str, object] = response.json()
    return poll


def votes(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(PollVote)) or 0


def test_two_members_of_one_organisation_count_as_one_organisation(
    client: TestClient, series: MeetingSeries, people: People, sign: SignFn
) -> None:
    poll = open_poll(client, series)
    assert len(poll["options"]) == 10  # type: ignore[arg-type]
    poll_id = uuid.UUID(str(poll["id"]))
    clicks = [(people.anna, "wed-pm"), (people.bo, "wed-pm"), (people.bo, "fri-pm")]
    clicks += [(people.cia, "fri-pm"), (people.cia, "fri-pm")]  # a second click changes nothing
    for member, slot in clicks:
        token = sign(member, "poll", poll_id)
        response = client.post("/api/poll/vote", params={"token": token, "slot": slot})
        assert response.status_code == 200, response.text
    assert response.json()["slots"] == ["fri-pm"]
    results = client.get(f"/api/series/{series.id}/poll/results").json()
    assert (results["organisations_voted"], results["members_voted"]) == (2, 3)
    top = {s["slot"]: s for s in results["slots"][:2]}
    # Ale: Anna {wed-pm}, Bo {wed-pm, fri-pm} share one vote; Kungälv's Cia adds fri-pm.
    assert top["fri-pm"] == {"slot": "fri-pm", "weight": 1.5, "organisations": 2, "members": 2}
    assert top["wed-pm"] == {"slot": "wed-pm", "weight": 1.0, "organisations": 1, "members": 2}
    assert results["best"] == ["fri-pm", "wed-pm"]
    assert len(results["slots"]) == 10


def test_taking_a_click_back_and_bare_weekdays(
    client: TestClient, series: MeetingSeries, people: People, sign: SignFn
) -> None:
    poll = open_poll(client, series, options=["fri", "wed-pm"])
    assert poll["options"] == ["wed-pm", "fri-am", "fri-pm"]
    token = sign(people.anna, "poll", uuid.UUID(str(poll["id"])))
    assert client.post("/api/poll/vote", params={"token": token, "slot": "fre"}).json()[
        "slots"
    ] == ["fri-am", "fri-pm"]
    response = client.post(
        "/api/poll/vote", params={"token": token, "slot": "fri-am", "suits": "false"}
    )
    assert response.json()["slots"] == ["fri-pm"]


def test_option_not_offered_is_422_listing_the_options(
    client: TestClient, db: Session, series: MeetingSeries, people: People, sign: SignFn
) -> None:
    poll = open_poll(client, series, options=["wed-pm", "fri-pm"])
    token = sign(people.anna, "poll", uuid.UUID(str(poll["id"])))
    for slot, expected in [
        ("mon-am", "'mon-am' is not an option of this poll: use wed-pm, fri-pm"),
        ("sön", "unknown weekday 'sön': use mon, tue, wed, thu, fri"),
    ]:
        response = client.post("/api/poll/vote", params={"token": token, "slot": slot})
        assert response.status_code == 422
        assert expected in response.json()["detail"]
    bad = client.post(f"/api/series/{series.id}/poll", json={"options": ["lör-fm"]})
    assert bad.status_code == 422
    assert "use mon, tue, wed, thu, fri" in bad.json()["detail"]
    assert votes(db) == 0


def test_forged_expired_and_misused_links_change_nothing(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    sign: SignFn,
    settings: Settings,
) -> None:
    poll = open_poll(client, series)
    poll_id = uuid.UUID(str(poll["id"]))
    good = sign(people.anna, "poll", poll_id)
    expired = sign(people.anna, "poll", poll_id, age_s=settings.member_link_max_age_s + 60)
    cases = [
        (good[:-3] + "abc", 403),
        ("not-a-token", 403),
        (expired, 410),
        (sign(people.anna, "rsvp", poll_id), 403),
        (sign(people.anna, "member", None), 403),
        (sign(people.anna, "poll", uuid.uuid4()), 404),
    ]
    for token, status in cases:
        response = client.post("/api/poll/vote", params={"token": token, "slot": "wed-pm"})
        assert response.status_code == status, (token, response.text)
    assert votes(db) == 0


def test_a_new_poll_closes_the_old_one(
    client: TestClient, series: MeetingSeries, people: People, sign: SignFn
) -> None:
    old = open_poll(client, series)
    open_poll(client, series)
    token = sign(people.cia, "poll", uuid.UUID(str(old["id"])))
    response = client.post("/api/poll/vote", params={"token": token, "slot": "wed-pm"})
    assert response.status_code == 409
    assert "stängd" in response.json()["detail"]


@pytest.mark.parametrize("closes_on", ["2020-01-01"])
def test_poll_closing_in_the_past_is_422(
    client: TestClient, series: MeetingSeries, closes_on: str
) -> None:
    response = client.post(f"/api/series/{series.id}/poll", json={"closes_on": closes_on})
    assert response.status_code == 422


def test_results_without_a_poll_is_404(client: TestClient, series: MeetingSeries) -> None:
    assert client.get(f"/api/series/{series.id}/poll/results").status_code == 404
