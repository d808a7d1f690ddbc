"""Organisations and members through the API: happy paths, and bad input that changes nothing."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry
from services.people.models import Member, Network, Organisation
from tests.support.factories import make_member, make_network, make_organisation


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_create_and_list_organisation_and_member(client: TestClient, db: Session) -> None:
    org = client.post("/api/organisations", json={"name": "Lilla Edet", "kind": "municipality"})
    assert org.status_code == 201, org.text
    org_id = org.json()["id"]
    member = client.post(
        "/api/members",
        json={"name": "Eva Exempel", "email": "Eva.Exempel@Example.org", "organisation_id": org_id},
    )
    assert member.status_code == 201, member.text
    assert member.json()["email"] == "eva.exempel@example.org"
    listed = client.get("/api/members", params={"organisation_id": org_id}).json()
    assert listed["total"] == 1
    assert listed["items"][0]["name"] == "Eva Exempel"
    actions = set(db.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "member")))
    assert actions == {"create"}


def test_duplicate_member_email_is_409_and_nothing_written(
    client: TestClient, db: Session, network: Network
) -> None:
    org = make_organisation(db, network)
    make_member(db, org, email="dup@example.org")
    db.commit()
    before = count(db, Member)
    response = client.post(
        "/api/members",
        json={"name": "Dubbel", "email": "DUP@example.org", "organisation_id": str(org.id)},
    )
    assert response.status_code == 409
    assert "e-post" in response.json()["detail"]
    assert count(db, Member) == before


def test_unknown_organisation_is_422_with_message(client: TestClient, db: Session) -> None:
    before = count(db, Member)
    response = client.post(
        "/api/members",
        json={
            "name": "Ingen",
            "email": "ingen@example.org",
            "organisation_id": "00000000-0000-0000-0000-000000000001",
        },
    )
    assert response.status_code == 422
    assert "organisation" in response.json()["detail"]
    assert count(db, Member) == before


def test_malformed_email_is_422_naming_the_field(
    client: TestClient, db: Session, network: Network
) -> None:
    org = make_organisation(db, network)
    db.commit()
    response = client.post(
        "/api/members",
        json={"name": "X", "email": "not-an-address", "organisation_id": str(org.id)},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email"


def test_other_networks_data_is_invisible(client: TestClient, db: Session) -> None:
    other = make_network(db)
    foreign_org = make_organisation(db, other, name="Främmande")
    db.commit()
    assert client.get(f"/api/organisations/{foreign_org.id}").status_code == 404
    names = [o["name"] for o in client.get("/api/organisations").json()["items"]]
    assert "Främmande" not in names


def test_unauthenticated_request_is_401(app_client: TestClient) -> None:
    response = app_client.get("/api/organisations")
    assert response.status_code == 401
    assert "logga in" in response.json()["detail"]


def test_logs_carry_no_personal_data(
    client: TestClient, db: Session, network: Network, caplog: pytest.LogCaptureFixture
) -> None:
    org = make_organisation(db, network)
    db.commit()
    caplog.set_level(logging.DEBUG)
    client.post(
        "/api/members",
        json={
            "name": "Hemlig Person",
            "email": "hemlig@example.org",
            "organisation_id": str(org.id),
        },
    )
    client.post(
        "/api/members",
        json={
            "name": "Hemlig Person",
            "email": "hemlig@example.org",
            "organisation_id": str(org.id),
        },
    )
    logged = "\n".join(r.getMessage() + str(vars(r)) for r in caplog.records)
    assert "hemlig@example.org" not in logged
    assert "Hemlig Person" not in logged


def test_renaming_an_organisation_to_a_taken_name_is_a_clear_409(
    client: TestClient, db: Session, network: Network
) -> None:
    make_organisation(db, network, "Lerum")
    ale = make_organisation(db, network, "Ale")
    db.commit()
    response = client.patch(f"/api/organisations/{ale.id}", json={"name": "lerum"})
    assert response.status_code == 409
    assert "finns redan" in response.json()["detail"]
    db.expire_all()
    assert db.get(Organisation, ale.id).name == "Ale"  # type: ignore[union-attr]
    same = client.patch(
        f"/api/organisations/{ale.id}", json={"name": "Ale", "kind": "municipality"}
    )
    assert same.status_code == 200, same.text
