"""The calendar links on the pages are the long-lived feed links: a calendar subscribed from the
member page (or the coordinator's meetings page) keeps working after member links expire."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.auth.models import UserAccount
from services.auth.service import LinkSigner
from services.meetings.models import MeetingStatus
from services.people.models import Member, MemberRole, Network, Organisation
from tests.integration.web.conftest import make_task
from tests.support.factories import make_meeting, make_member

LATER = 60 * 24 * 3600  # well past the member links' 14 days, well within the feeds' lifetime


def feed_url(page: str, kind: str) -> str:
    match = re.search(rf'value="(https?://[^"]+/feed/{kind}/[^"]+\.ics)"', page)
    assert match, page
    assert f'href="webcal://{urlsplit(match.group(1)).netloc}/feed/{kind}/' in page
    return match.group(1)


def fetch_later(client: TestClient, url: str, monkeypatch: pytest.MonkeyPatch) -> Calendar:
    """What a calendar app polling the link two months later gets."""
    real = time.time
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: real() + LATER)
        response = client.get(urlsplit(url).path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def uids(calendar: Calendar) -> list[str]:
    return [str(event["UID"]) for event in calendar.walk("VEVENT")]


def test_member_page_offers_feeds_that_outlive_member_links(
    app_client: TestClient,
    db: Session,
    network: Network,
    anna: Member,
    signer: LinkSigner,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_task(db, anna, "Annas rapport", days=30)
    meeting = make_meeting(db, network, days_ahead=70, status=MeetingStatus.scheduled)
    db.commit()
    page = app_client.get(f"/m/{signer.sign(anna, scope='member')}").text
    mine = feed_url(page, "member")
    assert mine.startswith(settings.base_url.rstrip("/"))
    calendar = fetch_later(app_client, mine, monkeypatch)
    assert meeting.ical_uid in uids(calendar)
    assert any("Annas rapport" in str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert meeting.ical_uid in uids(fetch_later(app_client, feed_url(page, "network"), monkeypatch))


def test_meetings_page_offers_the_network_feed(
    client: TestClient,
    db: Session,
    network: Network,
    coordinator: UserAccount,
    ale: Organisation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert 'id="network-feed"' not in client.get("/moten").text  # nobody to sign it for yet
    make_member(db, ale, "Samordnare", email=coordinator.email, role=MemberRole.coordinator)
    meeting = make_meeting(db, network, days_ahead=70, status=MeetingStatus.scheduled)
    db.commit()
    page = client.get("/moten").text
    assert 'id="network-feed"' in page
    calendar = fetch_later(client, feed_url(page, "network"), monkeypatch)
    assert meeting.ical_uid in uids(calendar)
