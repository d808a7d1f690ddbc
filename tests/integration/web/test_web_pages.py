"""Every coordinator page renders in Swedish by default, in English on request, with the data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.meetings.models import MeetingStatus
from services.people.models import Member, Network, Organisation
from tests.integration.web.conftest import make_task
from tests.support.factories import make_meeting

PAGES = [
    "/",
    "/moten",
    "/uppgifter",
    "/organisationer",
    "/deadlines",
    "/serier",
    "/enkater",
    "/post",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_for_coordinator(client: TestClient, path: str, anna: Member) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in response.text


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_login(app_client: TestClient, path: str) -> None:
    response = app_client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_overview_shows_overdue_by_organisation_and_meetings(
    client: TestClient, db: Session, network: Network, anna: Member, ale: Organisation
) -> None:
    make_task(db, anna, "Skicka statistik", days=-3)
    make_task(db, anna, "Mejla ut bilder", days=-10)
    make_task(db, anna, "Boka lokal", days=4)
    make_meeting(db, network, days_ahead=9, status=MeetingStatus.scheduled, title="Höstträff")
    html = client.get("/").text
    assert 'data-org="Ale"' in html
    row = html.split('data-org="Ale"')[1].split("</tr>")[0]
    assert '<td class="num overdue-count" data-label="Antal">2</td>' in row
    assert "Anna Andersson" in row  # owner of the oldest
    assert "Boka lokal" in html  # due within 14 days
    assert "Höstträff" in html
    assert "<svg" in html
    assert "Närvaro per organisation" in html


def test_meeting_dates_are_swedish_and_english_on_switch(
    client: TestClient, db: Session, network: Network
) -> None:
    meeting = make_meeting(db, network, title="Vårträff")
    start = datetime(2031, 9, 10, 11, 0, tzinfo=UTC)  # a Wednesday, 13:00 in Stockholm
    meeting.starts_at, meeting.ends_at = start, start + timedelta(hours=3)
    db.flush()
    html = client.get(f"/moten/{meeting.id}").text
    assert "onsdag 10 september 2031, 13:00–16:00" in html
    client.get("/sprak/en?next=/moten", follow_redirects=False)
    html = client.get(f"/moten/{meeting.id}").text
    assert "Wednesday 10 September 2031, 13:00–16:00" in html
    assert '<html lang="en">' in html


def test_language_switch_refuses_foreign_redirects(client: TestClient) -> None:
    response = client.get("/sprak/en?next=//evil.example.org/", follow_redirects=False)
    assert response.headers["location"] == "/"


def test_unknown_meeting_is_a_404_page_without_a_trace(client: TestClient) -> None:
    response = client.get("/moten/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert "<h1>Fel 404</h1>" in response.text
    assert "Traceback" not in response.text


def test_static_assets_are_served_and_others_are_not(app_client: TestClient) -> None:
    assert app_client.get("/static/web/htmx.min.js").status_code == 200
    assert "text/css" in app_client.get("/static/web/app.css").headers["content-type"]
    assert app_client.get("/static/web/../routes.py").status_code == 404


def test_task_list_pages_by_one_hundred(client: TestClient, db: Session, anna: Member) -> None:
    for index in range(105):
        make_task(db, anna, f"Uppgift nummer {index:03d}", days=index)
    db.commit()
    first = client.get("/uppgifter").text
    assert first.count('name="task"') == 100
    assert "sida=2" in first
    second = client.get("/uppgifter", params={"sida": "2"}).text
    assert second.count('name="task"') == 5
    assert "Uppgift nummer 104" in second
    bogus = client.get("/uppgifter", params={"sida": "-3"}).text
    assert bogus.count('name="task"') == 100
