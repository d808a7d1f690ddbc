"""Member endpoints behind signed links: RSVP (with substitute), survey answers and click
tracking, ICS feeds, unsubscribe. Garbage, forged and expired links change nothing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.api import member_links
from services.api.app import create_app
from services.meetings.models import (
    Attendance,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    Rsvp,
    RsvpResponse,
)
from services.notifications.links import Links, feed_signer
from services.notifications.models import Notification
from services.people.models import Member
from services.surveys.models import SurveyQuestion, SurveyRecipient, SurveyResponse
from services.surveys.service import open_survey_for_meeting
from services.surveys.stats import response_rates_by_meeting, response_rates_by_organisation
from services.tasks.models import Task
from tests.support.factories import make_meeting, make_member, make_network, make_organisation


@pytest.fixture
def member_client(
    delivery_settings: Settings, session_maker: sessionmaker[Session]
) -> Iterator[TestClient]:
    app = create_app(delivery_settings)
    app.include_router(member_links.router)
    app.state.sessionmaker = session_maker
    with TestClient(app, base_url="https://testserver") as client:
        yield client


@pytest.fixture
def world(db: Session):  # type: ignore[no-untyped-def]
    network = make_network(db)
    ale = make_organisation(db, network, "Ale")
    lerum = make_organisation(db, network, "Lerum")
    anna = make_member(db, ale, "Anna", in_steering_group=True)
    sub = make_member(db, ale, "Sara Ersättare")
    other = make_member(db, lerum, "Omar")
    meeting = make_meeting(
        db, network, days_ahead=10, status=MeetingStatus.scheduled, kind=MeetingKind.steering
    )
    db.add(Task(network_id=network.id, title="Skicka PP", owner_member_id=anna.id,
                due_date=(datetime.now(UTC) + timedelta(days=5)).date()))  # fmt: skip
    db.commit()
    return network, anna, sub, other, meeting


def path(url: str) -> str:
    return url.split("samverkan.example.org", 1)[1]


def rsvp_count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(Rsvp)) or 0)


def test_rsvp_decline_with_substitute_invites_them(
    member_client: TestClient, delivery_settings: Settings, db: Session, world
) -> None:  # type: ignore[no-untyped-def]
    _, anna, sub, other, meeting = world
    links = Links.from_settings(delivery_settings)
    decline = path(links.rsvp(anna, meeting.id).decline)
    preview = member_client.get(decline)
    assert preview.status_code == 200
    assert preview.json()["current"] == "needs_action"
    assert rsvp_count(db) == 0  # GET changes nothing (mail scanners follow links)

    wrong = member_client.post(
        decline, json={"answer": "declined", "substitute_member_id": str(other.id)}
    )
    assert wrong.status_code == 422
    assert "organisation" in wrong.json()["detail"]
    assert rsvp_count(db) == 0

    ok = member_client.post(
        decline, json={"answer": "declined", "substitute_member_id": str(sub.id)}
    )
    assert ok.status_code == 200, ok.text
    db.expire_all()
    row = db.scalar(select(Rsvp).where(Rsvp.member_id == anna.id))
    assert row is not None
    assert row.response == RsvpResponse.declined
    assert row.substitute_member_id == sub.id
    invite = db.scalar(
        select(Notification).where(
            Notification.recipient_member_id == sub.id, Notification.kind == "meeting_invite"
        )
    )
    assert invite is not None
    assert invite.context["sequence"] == meeting.ical_sequence

    accept = member_client.post(path(links.rsvp(anna, meeting.id).accept))
    assert accept.status_code == 200
    assert accept.json()["response"] == "accepted"


def test_garbage_forged_and_expired_links_change_nothing(
    member_client: TestClient,
    delivery_settings: Settings,
    db: Session,
    world,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, anna, _, _, meeting = world
    assert member_client.post("/rsvp/not-a-token?answer=accepted").status_code == 403
    links = Links.from_settings(delivery_settings)
    good = path(links.rsvp(anna, meeting.id).accept)
    forged = good.replace("/rsvp/", "/rsvp/x")
    assert member_client.post(forged).status_code == 403
    bad_answer = member_client.post(good.split("?")[0] + "?answer=maybe")
    assert bad_answer.status_code == 422
    assert "answer" in bad_answer.json()["detail"]
    real = time.time
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: real() - 30 * 24 * 3600)
        old = path(links.rsvp(anna, meeting.id).accept)
    expired = member_client.post(old)
    assert expired.status_code == 410
    assert "/link/fresh" in expired.json()["detail"]
    assert rsvp_count(db) == 0
    unsub = (
        path(links.rsvp(anna, meeting.id).accept).replace("/rsvp/", "/unsubscribe/").split("?")[0]
    )
    assert member_client.post(unsub).status_code == 403  # an rsvp link is not an unsubscribe link
    fresh = member_client.post("/link/fresh", json={"token": old.split("/")[2].split("?")[0]})
    assert fresh.status_code == 202


def test_survey_answers_clicks_and_rates(
    member_client: TestClient, delivery_settings: Settings, db: Session, world
) -> None:  # type: ignore[no-untyped-def]
    network, anna, sub, _, _ = world
    held = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    for member in (anna, sub):
        db.add(Attendance(meeting_id=held.id, member_id=member.id, status=AttendanceStatus.present))
    db.flush()
    survey = open_survey_for_meeting(db, meeting_id=held.id, now=datetime.now(UTC))
    assert survey is not None
    survey.external_url = "https://forms.example.org/s/123"
    db.commit()
    links = Links.from_settings(delivery_settings)
    form = path(links.survey(anna, survey.id, external=False))
    questions = member_client.get(form).json()["questions"]
    scale, text = questions[0]["id"], questions[1]["id"]
    for garbage in (
        {"answers": {scale: "abc"}},
        {"answers": {"nope": 3}},
        {"answers": {}},
        {"x": 1},
    ):
        response = member_client.post(form, json=garbage)
        assert response.status_code == 422, garbage
        assert response.json()["detail"]
    assert db.scalar(select(func.count()).select_from(SurveyResponse)) == 0
    ok = member_client.post(form, json={"answers": {scale: 4, text: "Mer om SFI"}})
    assert ok.status_code == 201, ok.text
    assert member_client.post(form, json={"answers": {scale: 5}}).status_code == 409
    db.expire_all()
    stored = db.scalars(select(SurveyResponse)).one()
    assert stored.member_id is None
    assert stored.answers[scale] == 4
    click = member_client.get(
        path(links.survey(sub, survey.id, external=True)), follow_redirects=False
    )
    assert click.status_code == 303
    assert click.headers["location"] == survey.external_url
    assert db.scalar(select(SurveyRecipient.clicked_at).where(SurveyRecipient.member_id == sub.id))
    (rate,) = response_rates_by_meeting(db, network_id=network.id)
    assert (rate.recipients, rate.responded, rate.clicked, rate.rate) == (2, 1, 1, 0.5)
    (by_org,) = response_rates_by_organisation(db, network_id=network.id)
    assert by_org.label == "Ale"
    assert by_org.rate == 0.5
    assert db.scalar(select(func.count()).select_from(SurveyQuestion)) == 2


def test_feeds_and_one_click_unsubscribe(
    member_client: TestClient, delivery_settings: Settings, db: Session, world
) -> None:  # type: ignore[no-untyped-def]
    _, anna, sub, _, meeting = world
    links = Links.from_settings(delivery_settings)
    feeds = feed_signer(delivery_settings)
    mine = member_client.get(path(links.member_feed(feeds, anna)))
    assert mine.status_code == 200
    assert mine.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(mine.content)
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert meeting.ical_uid in uids
    assert any("Skicka PP" in s for s in summaries)
    assert cal.walk("VTIMEZONE")
    theirs = Calendar.from_ical(member_client.get(path(links.member_feed(feeds, sub))).content)
    assert meeting.ical_uid not in [str(e["UID"]) for e in theirs.walk("VEVENT")]  # steering
    network_url = path(links.network_feed(feeds, anna))
    assert member_client.get(network_url).status_code == 200
    swapped = network_url.replace("/feed/network/", "/feed/member/")
    assert member_client.get(swapped).status_code == 403

    unsubscribe = path(links.unsubscribe(anna))
    assert member_client.get(unsubscribe).json()["preferences"]["meeting_reminder"] is True
    done = member_client.post(unsubscribe, content=b"List-Unsubscribe=One-Click")
    assert done.status_code == 200
    db.expire_all()
    prefs = db.get(Member, anna.id).notification_preferences  # type: ignore[union-attr]
    assert prefs["meeting_reminder"] is False
    assert prefs["weekly_digest"] is False
