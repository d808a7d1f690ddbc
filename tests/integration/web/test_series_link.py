"""A series' video link, entered once on its page: the series' meetings without a link of their
own use it, the scheduled ones ahead get the updated invite (asked once), and a meeting's own
link wins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.meetings.models import MeetingStatus
from services.notifications.delivery import Transports
from services.people.models import Member, Network
from services.series.models import MeetingSeries
from tests.integration.notifications.conftest import (
    calendar_of,
    deliver,
    delivery_settings,
    run_consumers,
    smtp_server,
    transports,
    working_morning,
)
from tests.integration.web.conftest import post_form
from tests.support.factories import make_meeting
from tests.support.smtp_server import CapturingSmtpServer

__all__ = ["delivery_settings", "smtp_server", "transports"]  # fixtures used by name
LINK = "https://teams.microsoft.com/l/meetup-join/19%3aseries"
OWN = "https://meet.example.org/eget"


def test_the_series_link_reaches_its_meetings_without_their_own(
    client: TestClient,
    db: Session,
    network: Network,
    anna: Member,
    bo: Member,
    session_maker: sessionmaker[Session],
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> None:
    series = MeetingSeries(network_id=network.id, name="Nätverksträffar VT")
    db.add(series)
    db.flush()
    uses = make_meeting(db, network, days_ahead=20, status=MeetingStatus.scheduled)
    own = make_meeting(db, network, days_ahead=40, status=MeetingStatus.scheduled, online_url=OWN)
    planned = make_meeting(db, network, days_ahead=60)
    for meeting in (uses, own, planned):
        meeting.series_id = series.id
    db.commit()
    refused = post_form(client, f"/serier/{series.id}/videolank", {"series_online_url": "ftp://x"})
    assert refused.status_code == 400
    assert 'id="series_online_url-error"' in refused.text
    asked = post_form(client, f"/serier/{series.id}/videolank", {"series_online_url": LINK})
    assert asked.status_code == 200
    assert "uppdaterade inbjudningar till 1 schemalagda möten, sammanlagt 2 utskick" in asked.text
    db.refresh(series)
    assert series.default_online_url is None
    form = {"series_online_url": LINK, "confirm": "1"}
    done = post_form(client, f"/serier/{series.id}/videolank", form)
    assert done.status_code == 303
    assert "Seriens videolänk är sparad." in client.get(done.headers["location"]).text
    db.expire_all()
    assert (uses.join_url, own.join_url, planned.join_url) == (LINK, OWN, LINK)
    assert (uses.ical_sequence, own.ical_sequence) == (1, 0)
    assert f'href="{LINK}"' in client.get(f"/moten/{planned.id}").text
    run_consumers(session_maker)
    now = working_morning((datetime.now(UTC) + timedelta(days=1)).date())
    assert deliver(session_maker, transports, delivery_settings, now).sent == 2
    for message in smtp_server.messages:
        _, calendar = calendar_of(message)
        event = calendar.walk("VEVENT")[0]
        assert (str(event["URL"]), int(event["SEQUENCE"])) == (LINK, 1)
