"""The coordinator's overview lists what the mailbox left for a person and the failing addresses."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.auth.models import UserRole
from tests.integration.inbound.conftest import World, fixture, read
from tests.integration.web.conftest import login_form
from tests.support.factories import make_user
from tests.support.imap_server import ImapServer


def test_the_overview_shows_waiting_mail_and_failing_addresses(
    session_maker: sessionmaker[Session],
    db: Session,
    imap: ImapServer,
    world: World,
    app_client: TestClient,
) -> None:
    imap.append(fixture("rfc5546_counter.eml"))
    imap.append(fixture("person_question.eml"))
    imap.append(fixture("bounce_exim_no_verp.eml"))
    read(session_maker, imap)
    user = make_user(db, world.network, UserRole.coordinator)
    db.commit()
    assert login_form(app_client, user.email).status_code == 303

    page = app_client.get("/").text

    assert "Svar i brevlådan som behöver läsas av dig" in page
    assert "Förslag på ny tid" in page  # the COUNTER, in words, with its time and comment
    assert "Föreslår torsdag 14 januari 2027, 13:00–16:00" in page
    assert "Torsdagen passar bättre, då är stora salen ledig" in page
    assert "Fråga om nätverksträffen" in page  # the question's subject, decoded
    assert "Vanligt mejl: läs och svara." in page
    assert "Adresser som studsar" in page
    assert "old.address@lerum.se" in page
    assert "Gunnar Gran" in page
