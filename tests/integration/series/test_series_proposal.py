"""Proposals stored as proposed meetings: VT 2023, busy days, poll results, bad input (422)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from schemas.series import PollIn, SeriesProposalIn
from services.actors import Actor
from services.meetings.models import Meeting, MeetingMode, MeetingStatus
from services.people.models import Network
from services.series import polls, service
from services.series.models import MeetingSeries, SeriesPlan
from tests.integration.series.conftest import People
from tests.integration.series.helpers import local_day
from tests.support.factories import make_member, make_organisation

DEC_2022 = datetime(2022, 12, 1, 9, 0, tzinfo=UTC)


def meetings_of(db: Session, series: MeetingSeries) -> list[Meeting]:
    query = select(Meeting).where(Meeting.series_id == series.id).order_by(Meeting.starts_at)
    return list(db.scalars(query))


def test_vt2023_three_meetings_first_and_last_on_site_on_wednesday_afternoons(
    db: Session, series: MeetingSeries, actor: Actor
) -> None:
    # "Under VT 2023 kommer vi att ha tre möten, det första och sista på plats och det andra
    # digitalt. Mötena kommer planeras på onsdagar (helst em) eller fredagar"
    out = service.propose(
        db,
        series_id=series.id,
        data=SeriesProposalIn(term="VT 2023", count=3),
        actor=actor,
        now=DEC_2022,
    )
    meetings = meetings_of(db, series)
    assert [m.starts_at.astimezone(LOCAL_TZ).isoformat() for m in meetings] == [
        "2023-01-18T13:00:00+01:00",
        "2023-03-29T13:00:00+02:00",
        "2023-06-14T13:00:00+02:00",
    ]
    assert [m.mode for m in meetings] == [
        MeetingMode.on_site,
        MeetingMode.digital,
        MeetingMode.on_site,
    ]
    assert [m.location for m in meetings] == ["GR", None, "GR"]
    assert {m.status for m in meetings} == {MeetingStatus.proposed}
    assert all(local_day(m.starts_at).weekday() in (2, 4) for m in meetings)
    assert (out.preference_source, out.preferences, out.term) == (
        "default",
        ["wed-pm", "fri"],
        "VT2023",
    )
    assert any(e.action == "chosen" for e in out.explanations)
    plan = db.scalars(select(SeriesPlan).where(SeriesPlan.series_id == series.id)).one()
    assert (plan.term, plan.sent_at, series.term) == ("VT2023", None, "VT2023")


def test_other_meetings_of_the_network_are_avoided(
    db: Session, network: Network, series: MeetingSeries, actor: Actor
) -> None:
    taken = datetime(2023, 1, 18, 9, 0, tzinfo=LOCAL_TZ)
    db.add(
        Meeting(
            network_id=network.id,
            title="Extra möte",
            starts_at=taken,
            ends_at=taken + timedelta(hours=2),
            status=MeetingStatus.scheduled,
            ical_uid="extra@samverkan",
        )
    )
    db.flush()
    out = service.propose(
        db,
        series_id=series.id,
        data=SeriesProposalIn(term="VT2023", count=3),
        actor=actor,
        now=DEC_2022,
    )
    days = [local_day(m.starts_at) for m in meetings_of(db, series)]
    assert taken.date() not in days
    assert any("upptaget" in e.text for e in out.explanations)


def test_poll_result_is_used_when_no_weekdays_are_given_and_weighted_per_organisation(
    db: Session, network: Network, series: MeetingSeries, people: People, actor: Actor
) -> None:
    stenungsund = make_member(db, make_organisation(db, network, "Stenungsund"), "Dan Dahl")
    poll = polls.open_poll(db, series_id=series.id, data=PollIn(), actor=actor, now=DEC_2022)
    votes = [
        (people.anna, "mon-pm"),
        (people.bo, "mon-pm"),
        (people.cia, "tue-pm"),
        (stenungsund, "tue-pm"),
    ]
    for member, slot in votes:
        polls.record_vote(
            db, member=member, poll_id=poll.id, slot=slot, suits=True, actor=actor, now=DEC_2022
        )
    # Four votes, two each; but Ale's two members are one organisation, so Tuesday wins 2–1.
    out = service.propose(
        db,
        series_id=series.id,
        data=SeriesProposalIn(term="VT2023", count=3),
        actor=actor,
        now=DEC_2022,
    )
    assert (out.preference_source, out.preferences) == ("poll", ["tue-pm", "mon-pm"])
    assert all(local_day(m.starts_at).weekday() in (0, 1) for m in meetings_of(db, series))


def test_a_new_proposal_replaces_the_unsent_one(
    db: Session, series: MeetingSeries, actor: Actor
) -> None:
    for count in (3, 2):
        service.propose(
            db,
            series_id=series.id,
            data=SeriesProposalIn(term="VT2023", count=count, weekdays=["fri"]),
            actor=actor,
            now=DEC_2022,
        )
    meetings = meetings_of(db, series)
    assert len(meetings) == 2
    assert all(local_day(m.starts_at).weekday() == 4 for m in meetings)


def test_proposal_through_the_api_with_adjacent_steering_meetings(
    client: TestClient, db: Session, series: MeetingSeries, next_term: str
) -> None:
    body = {
        "term": next_term,
        "count": 2,
        "weekdays": ["thu-pm"],
        "adjacent": {"kind": "steering", "position": "before", "duration_minutes": 60},
    }
    response = client.post(f"/api/series/{series.id}/proposal", json=body)
    assert response.status_code == 201, response.text
    meetings = response.json()["meetings"]
    assert [m["kind"] for m in meetings] == ["steering", "network", "steering", "network"]
    for steering, main in zip(meetings[::2], meetings[1::2], strict=True):
        assert steering["adjacent_to_id"] == main["id"]
        assert steering["ends_at"] == main["starts_at"]
        assert local_day(steering["starts_at"]) == local_day(main["starts_at"])
        assert steering["location"] == main["location"] == "GR"
        assert steering["status"] == main["status"] == "proposed"


def test_moving_a_proposed_network_meeting_drags_its_steering_meeting_along(
    client: TestClient, db: Session, series: MeetingSeries, next_term: str
) -> None:
    body = {"term": next_term, "count": 2, "adjacent": {"kind": "steering", "position": "after"}}
    meetings = client.post(f"/api/series/{series.id}/proposal", json=body).json()["meetings"]
    main, steering = meetings[0], meetings[1]
    assert steering["kind"] == "steering"
    assert steering["starts_at"] == main["ends_at"]
    week = timedelta(days=7)
    moved = {
        "starts_at": (datetime.fromisoformat(main["starts_at"]) + week).isoformat(),
        "ends_at": (datetime.fromisoformat(main["ends_at"]) + week).isoformat(),
    }
    response = client.post(f"/api/meetings/{main['id']}/reschedule", json=moved)
    assert response.status_code == 200, response.text
    after = client.get(f"/api/meetings/{steering['id']}").json()
    assert datetime.fromisoformat(after["starts_at"]) == datetime.fromisoformat(
        response.json()["ends_at"]
    )
    assert (
        datetime.fromisoformat(after["starts_at"])
        == datetime.fromisoformat(steering["starts_at"]) + week
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"term": "VT23x"}, "unknown term 'VT23x': use VT<year> or HT<year>, e.g."),
        ({"term": "VT2023"}, "term VT2023 is in the past (ended 2023-06-15); use "),
        ({"count": 0}, "count: minst 1 / at least 1"),  # the OpenAPI's bounds
        ({"count": 40}, "count: högst 12 / at most 12"),
        ({"weekdays": ["sön"]}, "unknown weekday 'sön': use mon, tue, wed, thu, fri"),
        ({"weekdays": ["wed-kväll"]}, "unknown weekday 'wed-kväll': use mon, tue, wed"),
        ({"modes": ["on_site"]}, "1 modes given for 3 meetings: give 3 of on_site, digital"),
        ({"modes": ["hybrid"] * 3}, "'on_site' or 'digital'"),
        ({"region": "malmö"}, "unknown region 'malmö': use goteborg"),
    ],
    ids=[
        "unknown-term",
        "past-term",
        "count-0",
        "count-40",
        "sunday",
        "evening",
        "modes",
        "hybrid",
        "region",
    ],
)
def test_bad_input_is_422_listing_the_valid_choices_and_stores_nothing(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    next_term: str,
    change: dict[str, Any],
    expected: str,
) -> None:
    body: dict[str, Any] = {"term": next_term, "count": 3, **change}
    response = client.post(f"/api/series/{series.id}/proposal", json=body)
    assert response.status_code == 422, response.text
    assert expected in response.json()["detail"]
    if change.get("term") in ("VT23x", "VT2023"):
        assert next_term in response.json()["detail"]
    assert db.scalar(select(func.count()).select_from(Meeting)) == 0
    assert db.scalar(select(func.count()).select_from(SeriesPlan)) == 0


def test_unknown_series_is_404(client: TestClient, next_term: str) -> None:
    url = "/api/series/00000000-0000-0000-0000-000000000000/proposal"
    assert client.post(url, json={"term": next_term, "count": 3}).status_code == 404
