"""The settings page: channel, mailbox and reminder days saved, and a test mail whose result is
what the real SMTP server or the local Graph server answered (python-o365 runs for real)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.audit.models import AuditEntry
from services.auth.models import UserAccount
from services.notifications.models import GraphToken
from services.people.models import DeliveryChannel, Network
from tests.integration.web.conftest import post_form
from tests.support.graph_server import GraphServer, token_cache
from tests.support.smtp_server import CapturingSmtpServer, smtp_server_fixture

TENANT, CLIENT, TOKEN = "tenant-1", "client-1", "seeded-token"
MAILBOX = "natverk@goteborgsregionen.example.org"
smtp_server = pytest.fixture(smtp_server_fixture)


@pytest.fixture
def graph_server() -> Iterator[GraphServer]:
    with GraphServer(tokens={TOKEN}) as server:
        yield server


@pytest.fixture
def settings(
    database_url: str, smtp_server: CapturingSmtpServer, graph_server: GraphServer
) -> Settings:
    """The app's settings point at the local SMTP and Graph servers."""
    return Settings(
        database_url=database_url,
        secret_key="test-secret-key-0123456789abcdef",  # type: ignore[arg-type]
        login_rate_limit=5,
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        smtp_messages_per_minute=0,
        mail_from="natverk@samverkan.example.org",
        graph_tenant_id=TENANT,
        graph_client_id=CLIENT,
        graph_client_secret=SecretStr("secret-1"),
        graph_base_url=graph_server.url,
    )


def _form(**values: str) -> dict[str, str]:
    base = {
        "delivery_channel": "smtp",
        "organiser_mailbox": "",
        "task_reminder_days": "3",
        "deadline_reminder_days": "14, 3",
    }
    return {**base, **values}


def test_the_page_shows_the_stored_settings_and_the_quiet_hours(client: TestClient) -> None:
    page = client.get("/installningar")
    assert page.status_code == 200
    assert 'value="smtp" checked' in page.text
    assert 'value="14, 3"' in page.text
    assert "Utskick går ut vardagar 08.00–17.00." in page.text
    assert 'name="send_from" type="time" value="08:00"' in page.text
    assert 'name="send_until" type="time" value="17:00"' in page.text
    assert 'name="send_on_weekends" value="1">' in page.text  # not checked
    assert "Skicka testmeddelande" in page.text
    assert 'href="/installningar" aria-current="page"' in page.text


def test_saving_changes_the_network_and_says_nobody_was_mailed(
    client: TestClient, db: Session, network: Network
) -> None:
    form = _form(
        delivery_channel="microsoft365",
        organiser_mailbox="Natverk@Example.org",
        task_reminder_days="5",
        deadline_reminder_days="10 2",
    )
    done = post_form(client, "/installningar", form)
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Inställningarna är sparade. Påminnelserna för öppna uppgifter (0)" in page
    assert "Ingen har fått mejl om ändringen." in page
    db.refresh(network)
    assert network.delivery_channel == DeliveryChannel.microsoft365
    assert network.organiser_mailbox == "natverk@example.org"
    assert (network.task_reminder_days, network.deadline_reminder_days) == (5, [10, 2])
    audit = db.scalars(select(AuditEntry).where(AuditEntry.entity_id == network.id)).one()
    assert audit.action == "update_settings"
    assert audit.details["fields"] == [
        "deadline_reminder_days",
        "delivery_channel",
        "organiser_mailbox",
        "task_reminder_days",
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"delivery_channel": "microsoft365"}, "Microsoft 365 behöver en organisatörsbrevlåda"),
        ({"task_reminder_days": "45"}, "Skriv ett heltal mellan 0 och 30"),
        ({"deadline_reminder_days": "fjorton"}, "Skriv hela dagar mellan 1 och 60"),
        ({"deadline_reminder_days": "90"}, "Skriv hela dagar mellan 1 och 60"),
        ({"organiser_mailbox": "inte-en-adress"}, "e-post"),
        ({"delivery_channel": "fax"}, 'id="delivery_channel-error"'),
        ({"send_from": "25:00"}, "Ange tid som TT:MM."),
        ({"send_until": "kväll"}, "Ange tid som TT:MM."),
        ({"send_from": "17:00", "send_until": "08:00"}, "minst 1 timme efter starttiden"),
        ({"send_from": "09:00", "send_until": "09:30"}, "minst 1 timme efter starttiden"),
    ],
)
def test_bad_settings_are_form_errors_and_change_nothing(
    client: TestClient, db: Session, network: Network, values: dict[str, str], message: str
) -> None:
    page = post_form(client, "/installningar", _form(**values))
    assert page.status_code == 422
    assert message in page.text
    db.refresh(network)
    assert network.delivery_channel == DeliveryChannel.smtp
    assert network.task_reminder_days is None
    assert (network.send_from, network.send_until, network.send_on_weekends) == (None,) * 3


def test_a_new_sending_window_is_saved_said_and_shown_in_swedish(
    client: TestClient, db: Session, network: Network
) -> None:
    form = _form(send_from="09:30", send_until="16:00", send_on_weekends="1")
    done = post_form(client, "/installningar", form)
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Ingen har fått mejl om ändringen. De nya tiderna för utskick gäller" in page
    assert "Utskick går ut alla dagar 09.30–16.00 utom helgdagar." in page
    assert 'name="send_on_weekends" value="1" checked>' in page
    db.refresh(network)
    assert (network.send_from, network.send_until) == (time(9, 30), time(16, 0))
    assert (network.send_on_weekends, network.send_on_holidays) == (True, False)
    audit = db.scalars(select(AuditEntry).where(AuditEntry.entity_id == network.id)).one()
    assert audit.details["fields"] == ["send_from", "send_on_weekends", "send_until"]
    both = post_form(client, "/installningar", _form(send_on_holidays="1", send_on_weekends="1"))
    assert "Utskick går ut alla dagar 08.00–17.00." in client.get(both.headers["location"]).text


def test_saving_the_same_days_says_only_that_it_is_saved(client: TestClient) -> None:
    done = post_form(client, "/installningar", _form(organiser_mailbox="ny@example.org"))
    page = client.get(done.headers["location"]).text
    assert "Inställningarna är sparade. Ingen har fått mejl om ändringen." in page


def test_the_test_mail_goes_through_smtp_to_the_coordinator(
    client: TestClient, coordinator: UserAccount, smtp_server: CapturingSmtpServer
) -> None:
    smtp_server.clear()
    page = post_form(client, "/installningar/testmeddelande", {})
    assert page.status_code == 200
    assert f"Testmeddelandet är skickat till {coordinator.email}." in page.text
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"].addresses[0].addr_spec == coordinator.email
    assert str(message["Subject"]).startswith("Testmeddelande från")


def test_a_refusing_smtp_server_is_reported_in_words(
    client: TestClient, smtp_server: CapturingSmtpServer
) -> None:
    smtp_server.clear()
    smtp_server.fail_next("RCPT", 550)
    page = post_form(client, "/installningar/testmeddelande", {})
    assert "E-postservern vägrade ta emot mejlet" in page.text
    assert 'role="alert"' in page.text
    assert smtp_server.messages == []


def test_an_unreachable_smtp_server_is_reported_with_what_to_do(
    client: TestClient, smtp_server: CapturingSmtpServer
) -> None:
    smtp_server.stop()
    page = post_form(client, "/installningar/testmeddelande", {})
    assert "E-postservern svarar inte" in page.text
    assert "be driften om hjälp" in page.text


def _microsoft365(db: Session, network: Network, token: str = TOKEN) -> None:
    network.delivery_channel = DeliveryChannel.microsoft365
    network.organiser_mailbox = MAILBOX
    db.add(
        GraphToken(
            network_id=network.id,
            serialized=token_cache(token, client_id=CLIENT, tenant_id=TENANT),
            updated_at=datetime.now(UTC),
        )
    )
    db.commit()


def test_the_test_mail_goes_through_microsoft_365(
    client: TestClient,
    db: Session,
    network: Network,
    coordinator: UserAccount,
    graph_server: GraphServer,
) -> None:
    _microsoft365(db, network)
    page = post_form(client, "/installningar/testmeddelande", {})
    assert f"Testmeddelandet är skickat till {coordinator.email}." in page.text
    assert len(graph_server.sent_mail) == 1
    sent = graph_server.sent_mail[0]
    assert sent["toRecipients"][0]["emailAddress"]["address"] == coordinator.email
    assert any(MAILBOX in r.path for r in graph_server.requests)


def test_microsoft_365_refusing_the_token_is_reported_with_what_to_do(
    client: TestClient, db: Session, network: Network, graph_server: GraphServer
) -> None:
    _microsoft365(db, network, token="revoked-token")
    graph_server.reject_secret = True  # renewing it fails too
    page = post_form(client, "/installningar/testmeddelande", {})
    assert "Microsoft 365 godtog inte tjänstens inloggning" in page.text
    assert graph_server.sent_mail == []


def test_settings_are_for_coordinators_only(
    app_client: TestClient, db: Session, network: Network
) -> None:
    from services.auth.models import UserRole
    from tests.integration.web.conftest import login_form
    from tests.support.factories import make_user

    viewer = make_user(db, network, UserRole.viewer)
    db.commit()
    login_form(app_client, viewer.email)
    assert app_client.get("/installningar").status_code == 403
    assert 'href="/installningar"' not in app_client.get("/").text
