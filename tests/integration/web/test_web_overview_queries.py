"""The overview reads in a constant number of queries and renders the demo data."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from services.auth.models import UserRole
from services.demo.load import load_demo
from services.events.models import DeadLetter
from services.notifications.failures import DEAD_LETTER_TASK
from services.notifications.models import Notification, NotificationStatus
from services.people.models import DeliveryChannel, Member, Network
from services.web import queries
from tests.integration.web.conftest import login_form, make_task, post_form
from tests.support.factories import make_member, make_organisation, make_user
from tests.support.queries import counted


def test_overview_query_count_does_not_grow_with_data(
    db: Session, connection: Connection, network: Network, anna: Member
) -> None:
    now, today = datetime.now(UTC), date.today()
    make_task(db, anna, "En", days=-1)
    with counted(connection) as few:
        queries.overview(db, network.id, now=now, today=today)
    for index in range(6):
        org = make_organisation(db, network, f"Org {index}")
        member = make_member(db, org, f"Person {index}")
        for days in (-9, -3, 2, 6):
            make_task(db, member, f"Uppgift {index}/{days}", days=days)
    with counted(connection) as many:
        data = queries.overview(db, network.id, now=now, today=today)
    assert len(many) == len(few) <= 14
    assert sum(g.count for g in data.overdue) == 13


def test_overview_renders_the_demo_network(app_client: TestClient, db: Session) -> None:
    """Speed is measured by `make bench` (bench dashboard); here only that it renders."""
    network = load_demo(db)
    user = make_user(db, network, UserRole.coordinator)
    db.commit()
    assert login_form(app_client, user.email).status_code == 303
    response = app_client.get("/")
    assert response.status_code == 200
    assert "Länsstyrelsen" in response.text


def test_the_retry_button_of_a_failed_delivery_sends_the_mail_again(
    client: TestClient, db: Session, anna: Member
) -> None:
    """The overview lists a failed mail's dead letter; its button makes the mail pending again
    and takes the letter off the list (a second press changes nothing)."""
    mail = Notification(
        network_id=anna.network_id,
        recipient_member_id=anna.id,
        channel=DeliveryChannel.smtp,
        kind="task_reminder",
        idempotency_key=f"retry:{uuid.uuid4()}",
        status=NotificationStatus.failed,
        last_error="550 mailbox unavailable",
    )
    db.add(mail)
    db.flush()
    letter = DeadLetter(
        task_name=DEAD_LETTER_TASK, network_id=anna.network_id, subject_id=mail.id, error="550"
    )
    db.add(letter)
    db.flush()
    path = f"/misslyckade/dead_letter/{letter.id}/retry"
    assert post_form(client, path, {}).status_code == 303
    db.refresh(mail)
    db.refresh(letter)
    assert mail.status == NotificationStatus.pending
    assert letter.retried_at is not None
    retried_at = letter.retried_at
    assert post_form(client, path, {}).status_code == 303
    db.refresh(letter)
    assert letter.retried_at == retried_at
    assert queries.failures(db, anna.network_id) == []
