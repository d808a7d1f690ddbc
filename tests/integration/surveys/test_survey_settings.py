"""Survey settings per series (API and the surveys page) and the page's per-organisation rates."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.meetings.models import MeetingStatus
from services.people.models import Network
from services.series.models import MeetingSeries
from services.surveys.service import open_survey_for_meeting
from tests.integration.web.conftest import post_form
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


def test_surveys_page_form_sets_the_template(
    client: TestClient, db: Session, network: Network
) -> None:
    series = MeetingSeries(network_id=network.id, name="Nätverket HT")
    db.add(series)
    db.commit()
    page = client.get("/enkater")
    assert page.status_code == 200
    assert 'action="/enkater/installningar"' in page.text
    form = {"series_id": str(series.id), "external_url": "javascript:alert(1)", "open_days": "7"}
    refused = post_form(client, "/enkater/installningar", form)
    assert refused.status_code == 422
    assert 'id="external_url-error"' in refused.text
    refused = post_form(
        client, "/enkater/installningar", {**form, "external_url": "", "open_days": "90"}
    )
    assert refused.status_code == 422
    assert 'id="open_days-error"' in refused.text
    unknown = post_form(client, "/enkater/installningar", {**form, "series_id": str(uuid.uuid4())})
    assert unknown.status_code == 422
    db.expire_all()
    assert db.get(MeetingSeries, series.id).survey_template == {}  # type: ignore[union-attr]
    ok = post_form(
        client,
        "/enkater/installningar",
        {**form, "external_url": "https://www.menti.com/al1", "open_days": "10"},  # no 'anonymous'
    )
    assert ok.status_code == 303, ok.text
    db.expire_all()
    assert db.get(MeetingSeries, series.id).survey_template == {  # type: ignore[union-attr]
        "external_url": "https://www.menti.com/al1",
        "anonymous": False,
        "open_days": 10,
    }
    assert "https://www.menti.com/al1" in client.get("/enkater").text


def test_series_patch_sets_and_validates_the_survey_template(client: TestClient) -> None:
    series_id = client.post("/api/series", json={"name": "Nätverket HT"}).json()["id"]
    for bad in BAD_TEMPLATES:
        patched = client.patch(f"/api/series/{series_id}", json={"survey_template": bad})
        assert patched.status_code == 422, bad
    patched = client.patch(f"/api/series/{series_id}", json={"survey_template": {"open_days": 3}})
    assert patched.status_code == 200, patched.text
    assert patched.json()["survey_template"] == {"open_days": 3}  # replaced, not merged
    cleared = client.patch(f"/api/series/{series_id}", json={"survey_template": None})
    assert cleared.status_code == 422  # {} goes back to the defaults
