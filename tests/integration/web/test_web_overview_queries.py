"""The overview reads in a constant number of queries and renders the demo data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from infra.demo import load_demo
from services.auth.models import UserRole
from services.people.models import Member, Network
from services.web import queries
from tests.integration.web.conftest import login_form, make_task
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
