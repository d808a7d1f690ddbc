"""Editing a meeting and adding agenda items on its page: asked once, then the updated invite
(a higher SEQUENCE) reaches the invited at the SMTP server; a planned meeting changes quietly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.meetings.models import Meeting, MeetingStatus
from services.notifications.delivery import Transports
from services.notifications.models import GraphEventLink
from services.people.models import Member, Network
from tests.integration.notifications.conftest import (
    calendar_of,
    deliver,
    delivery_settings,
    run_consumers,
    smtp_server,
    to_addresses,
    transports,
    working_morning,
)
from tests.integration.web.conftest import post_form
from tests.support.factories import make_meeting
from tests.support.smtp_server import CapturingSmtpServer

__all__ = ["delivery_settings", "smtp_server", "transports"]  # fixtures used by name
TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc"


def _edit(meeting: Meeting, **fields: str) -> dict[str, str]:
    base = {"title": meeting.title, "mode": meeting.mode.value, "location": "", "online_url": ""}
    return {**base, "location": meeting.location or "", **fields}


def _mail_out(factory: sessionmaker[Session], transports: Transports, settings: Settings) -> int:
    run_consumers(factory)
    now = working_morning((datetime.now(UTC) + timedelta(days=1)).date())
    return deliver(factory, transports, settings, now).sent


def test_editing_a_scheduled_meeting_asks_once_then_sends_the_new_link(
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
    meeting = make_meeting(db, network, days_ahead=30, status=MeetingStatus.scheduled)
    db.commit()
    form = _edit(meeting, location="Digitalt via Teams", online_url=TEAMS, mode="digital")
    asked = post_form(client, f"/moten/{meeting.id}/andra", form)
    assert asked.status_code == 200
    assert "går ut i en uppdaterad inbjudan till 2 deltagare. Vill du det?" in asked.text
    assert "mötesform, plats, videolänk" in asked.text
    db.refresh(meeting)
    assert (meeting.online_url, meeting.ical_sequence) == (None, 0)  # asking changed nothing
    done = post_form(client, f"/moten/{meeting.id}/andra", {**form, "confirm": "1"})
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Mötet är ändrat (mötesform, plats, videolänk)." in page
    assert "Uppdaterad inbjudan skickas till 2 deltagare." in page
    assert f'href="{TEAMS}"' in page
    db.refresh(meeting)
    assert (meeting.online_url, meeting.ical_sequence) == (TEAMS, 1)
    assert _mail_out(session_maker, transports, delivery_settings) == 2
    assert to_addresses(smtp_server.messages) == sorted([anna.email, bo.email])
    for message in smtp_server.messages:
        method, calendar = calendar_of(message)
        event = calendar.walk("VEVENT")[0]
        assert (method, int(event["SEQUENCE"])) == ("REQUEST", 1)
        assert str(event["URL"]) == TEAMS
        assert TEAMS in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_an_unchanged_form_sends_nothing_and_says_so(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30, status=MeetingStatus.scheduled)
    done = post_form(client, f"/moten/{meeting.id}/andra", _edit(meeting))
    assert done.status_code == 303
    assert "Inget ändrades" in client.get(done.headers["location"]).text
    db.refresh(meeting)
    assert meeting.ical_sequence == 0


def test_a_planned_meeting_changes_without_asking_and_a_bad_link_is_a_form_error(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30)
    refused = post_form(
        client, f"/moten/{meeting.id}/andra", _edit(meeting, online_url="javascript:alert(1)")
    )
    assert refused.status_code == 422
    assert 'id="online_url-error"' in refused.text
    done = post_form(client, f"/moten/{meeting.id}/andra", _edit(meeting, title="Vårträff"))
    assert done.status_code == 303
    assert "ingen behöver få besked" in client.get(done.headers["location"]).text
    db.refresh(meeting)
    assert meeting.title == "Vårträff"


def test_the_first_agenda_item_of_an_empty_meeting(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30)
    page = client.get(f"/moten/{meeting.id}").text
    assert "Dagordningen är tom" in page
    refused = post_form(client, f"/moten/{meeting.id}/punkter", {"new_title": ""})
    assert refused.status_code == 422
    assert 'id="new_title-error"' in refused.text
    for title in ("Inledning", "Kommun i fokus"):
        done = post_form(client, f"/moten/{meeting.id}/punkter", {"new_title": title})
        assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Punkten ”Kommun i fokus” är tillagd." in page
    db.refresh(meeting)
    assert [item.title for item in meeting.agenda_items] == ["Inledning", "Kommun i fokus"]


def test_an_item_on_a_scheduled_meeting_asks_once_then_resends_the_invite(
    client: TestClient,
    db: Session,
    network: Network,
    anna: Member,
    session_maker: sessionmaker[Session],
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> None:
    meeting = make_meeting(db, network, days_ahead=30, status=MeetingStatus.scheduled)
    db.commit()
    asked = post_form(client, f"/moten/{meeting.id}/punkter", {"new_title": "Statistik"})
    assert "uppdaterad inbjudan till 1 deltagare. Vill du det?" in asked.text
    assert 'value="Statistik"' in asked.text
    db.refresh(meeting)
    assert meeting.agenda_items == []
    form = {"new_title": "Statistik", "confirm": "1"}
    done = post_form(client, f"/moten/{meeting.id}/punkter", form)
    assert (
        "Uppdaterad inbjudan skickas till 1 deltagare." in client.get(done.headers["location"]).text
    )
    assert _mail_out(session_maker, transports, delivery_settings) == 1
    _, calendar = calendar_of(smtp_server.messages[0])
    assert "Statistik" in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])


def test_the_teams_link_graph_made_shows_on_the_meeting_page(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    meeting = make_meeting(db, network, days_ahead=30, status=MeetingStatus.scheduled)
    db.add(
        GraphEventLink(
            meeting_id=meeting.id,
            network_id=network.id,
            graph_event_id="AAMk1",
            join_url=TEAMS,
            updated_at=datetime.now(UTC),
        )
    )
    db.flush()
    page = client.get(f"/moten/{meeting.id}").text
    assert f'href="{TEAMS}"' in page
    assert "Anslut till videomötet" in page
