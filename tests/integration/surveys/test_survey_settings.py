"""Survey settings per series (API and the surveys page) and the page's per-organisation rates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.meetings.models import MeetingSeries, MeetingStatus
from services.people.models import Network
from services.surveys.service import open_survey_for_meeting
from tests.support.factories import make_meeting


def test_series_api_takes_and_validates_the_survey_template(client: TestClient) -> None:
    template = {"external_url": "https://www.menti.com/abc123", "anonymous": False, "open_days": 14}
    created = client.post("/api/series", json={"name": "Nätverket VT", "survey_template": template})
    assert created.status_code == 201, created.text
    assert created.json()["survey_template"] == template
    for bad in BAD_TEMPLATES:
        response = client.post("/api/series", json={"name": "X", "survey_template": bad})
        assert response.status_code == 422, bad


BAD_TEMPLATES = (
    {"external_url": "javascript:alert(1)"},
    {"external_url": "ftp://example.org/x"},
    {"open_days": 0},
    {"open_days": 61},
    {"colour": "red"},
)


def test_opened_survey_follows_the_series_template(db: Session, network: Network) -> None:
    series = MeetingSeries(
        network_id=network.id,
        name="Serie",
        survey_template={"external_url": "https://forms.office.com/r/x", "anonymous": False,
                         "open_days": 21},
    )  # fmt: skip
    db.add(series)
    db.flush()
    meeting = make_meeting(
        db, network, days_ahead=-1, status=MeetingStatus.held, series_id=series.id
    )
    now = datetime(2030, 3, 1, 12, tzinfo=UTC)
    survey = open_survey_for_meeting(db, meeting_id=meeting.id, now=now)
    assert survey is not None
    assert survey.external_url == "https://forms.office.com/r/x"
    assert survey.anonymous is False
    assert survey.closes_at == now + timedelta(days=21)


def test_a_stored_bad_link_falls_back_to_the_defaults(db: Session, network: Network) -> None:
    series = MeetingSeries(
        network_id=network.id, name="Gammal", survey_template={"external_url": "javascript:x"}
    )
    db.add(series)
    db.flush()
    meeting = make_meeting(
        db, network, days_ahead=-1, status=MeetingStatus.held, series_id=series.id
    )
    now = datetime(2030, 3, 1, 12, tzinfo=UTC)
    survey = open_survey_for_meeting(db, meeting_id=meeting.id, now=now)
    assert survey is not None
    assert survey.external_url is None
    assert survey.closes_at == now + timedelta(days=7)
