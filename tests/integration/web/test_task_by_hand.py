"""A task made by hand on the tasks page: the owner picker takes a member or an organisation of
the network, and the owner gets the same mail as for a task from the minutes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.notifications.delivery import Transports
from services.people.models import Member, Network, Organisation
from services.tasks.models import Task
from tests.integration.notifications.conftest import (
    deliver,
    delivery_settings,
    local,
    run_consumers,
    smtp_server,
    to_addresses,
    transports,
    working_morning,
)
from tests.integration.web.conftest import post_form
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.smtp_server import CapturingSmtpServer

__all__ = ["delivery_settings", "smtp_server", "transports"]  # fixtures used by name

# A working Tuesday before the sending hour: the mail is queued now and due at ten.
TUESDAY = date(2026, 12, 8)


@pytest.fixture(autouse=True)
def _at_eight_on_a_working_morning() -> Iterator[None]:
    """The task is made at eight and delivery runs at ten, whatever the real clock says."""
    with time_machine.travel(local(TUESDAY, 8), tick=True):
        yield


def _form(owner: str, **extra: str) -> dict[str, str]:
    due = (date.today() + timedelta(days=14)).isoformat()
    return {"nt_title": "Skicka statistik", "nt_owner": owner, "nt_due": due, **extra}


def test_a_task_for_a_member_mails_the_member(
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
    assert f'value="m:{anna.id}"' in client.get("/uppgifter").text
    done = post_form(client, "/uppgifter/ny", _form(f"m:{anna.id}"))
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Uppgiften ”Skicka statistik” är skapad. Anna Andersson får besked per e-post." in page
    task = db.scalars(select(Task).where(Task.title == "Skicka statistik")).one()
    assert (task.owner_member_id, task.owner_organisation_id) == (anna.id, anna.organisation_id)
    run_consumers(session_maker)
    report = deliver(session_maker, transports, delivery_settings, working_morning(TUESDAY))
    assert report.sent == 1
    assert to_addresses(smtp_server.messages) == [anna.email]
    assert "Skicka statistik" in str(smtp_server.messages[0]["Subject"]) + str(
        smtp_server.messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    )


def test_a_task_for_an_organisation_tells_its_contact_naming_the_owner_once(
    client: TestClient,
    db: Session,
    lerum: Organisation,
    bo: Member,
    session_maker: sessionmaker[Session],
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> None:
    lerum.contact_member_id = bo.id
    db.commit()
    done = post_form(client, "/uppgifter/ny", _form(f"o:{lerum.id}"))
    assert "Bo Berg får besked per e-post." in client.get(done.headers["location"]).text
    run_consumers(session_maker)
    deliver(session_maker, transports, delivery_settings, working_morning(TUESDAY))
    assert to_addresses(smtp_server.messages) == [bo.email]
    body = smtp_server.messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Ansvarig: Lerum" in body.splitlines()  # the organisation owns it: not "Lerum (Lerum)"


def test_a_task_for_an_organisation_without_contact_says_nobody_is_told(
    client: TestClient, db: Session, network: Network, lerum: Organisation
) -> None:
    done = post_form(client, "/uppgifter/ny", _form(f"o:{lerum.id}"))
    assert done.status_code == 303
    assert "Lerum har ingen kontaktperson, så ingen får besked." in client.get("/uppgifter").text
    task = db.scalars(select(Task).where(Task.title == "Skicka statistik")).one()
    assert (task.owner_member_id, task.owner_organisation_id) == (None, lerum.id)


def test_a_bad_owner_or_date_is_a_form_error_and_makes_nothing(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    stranger = make_member(
        db, make_organisation(db, make_network(db, "Annat nätverk"), "Kil"), "Eva"
    )
    for form in (
        _form(""),
        _form(f"m:{stranger.id}"),  # not of this network
        _form(f"o:{anna.id}"),  # a member's id is no organisation
        _form(f"m:{anna.id}", nt_due=(date.today() - timedelta(days=3)).isoformat()),
    ):
        refused = post_form(client, "/uppgifter/ny", form)
        assert refused.status_code == 422, form
        assert 'class="field-error"' in refused.text
        assert 'value="Skicka statistik"' in refused.text
    assert db.scalars(select(Task)).all() == []
