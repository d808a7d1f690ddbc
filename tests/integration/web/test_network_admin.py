"""The administrator's page: create a network and give an existing account a role there; the
account then switches to it. Bad input is a form error and changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.auth.models import NetworkMembership, UserAccount, UserRole
from services.people.models import Network
from tests.integration.web.conftest import login_form, post_form
from tests.support.factories import make_user


def test_an_administrator_creates_a_network_and_gives_a_role(
    app_client: TestClient, db: Session, network: Network, coordinator: UserAccount
) -> None:
    admin = make_user(db, network, UserRole.viewer)
    admin.is_admin = True
    db.commit()
    assert login_form(app_client, admin.email).status_code == 303
    assert "Nätverk i installationen" in app_client.get("/admin/natverk").text

    created = post_form(
        app_client, "/admin/natverk", {"name": "Handläggarnätverket", "slug": "handlaggare"}
    )
    assert created.status_code == 303
    new = db.scalar(select(Network).where(Network.slug == "handlaggare"))
    assert new is not None
    again = post_form(app_client, "/admin/natverk", {"name": "handläggarnätverket", "slug": "x"})
    assert again.status_code == 409
    assert "nätverket finns redan" in again.text.lower()

    given = post_form(
        app_client,
        "/admin/natverk/roller",
        {"email": coordinator.email, "network": str(new.id), "role": "coordinator"},
    )
    assert given.status_code == 303
    assert "rollen Samordnare i Handläggarnätverket" in app_client.get("/admin/natverk").text
    twice = post_form(
        app_client,
        "/admin/natverk/roller",
        {"email": coordinator.email, "network": str(new.id), "role": "viewer"},
    )
    assert twice.status_code == 409
    unknown = post_form(
        app_client,
        "/admin/natverk/roller",
        {"email": "ingen@example.org", "network": str(new.id), "role": "viewer"},
    )
    assert unknown.status_code == 422  # no name given, so no account is made
    assert "inget konto med den e-postadressen: fyll i namnet" in unknown.text.lower()
    db.expire_all()
    roles = db.scalars(
        select(NetworkMembership.role).where(NetworkMembership.account_id == coordinator.id)
    ).all()
    assert sorted(roles) == [UserRole.coordinator, UserRole.coordinator]


def test_the_page_is_for_administrators_only(client: TestClient, db: Session) -> None:
    assert client.get("/admin/natverk").status_code == 403
    before = db.scalar(select(func.count()).select_from(Network))
    refused = post_form(client, "/admin/natverk", {"name": "Nytt", "slug": "nytt"})
    assert refused.status_code == 403
    assert db.scalar(select(func.count()).select_from(Network)) == before


def test_an_administrator_without_a_network_lands_on_the_networks_page(
    app_client: TestClient, db: Session, network: Network
) -> None:
    admin = make_user(db, network, UserRole.viewer)
    admin.is_admin = True
    admin.memberships.clear()
    db.commit()
    assert login_form(app_client, admin.email).status_code == 303
    landing = app_client.get("/", follow_redirects=False)
    assert landing.status_code == 303
    assert landing.headers["location"] == "/admin/natverk"
    assert app_client.get("/admin/natverk").status_code == 200


def test_an_address_without_an_account_gets_one_with_a_one_time_password(
    app_client: TestClient, db: Session, network: Network
) -> None:
    admin = make_user(db, network, UserRole.viewer)
    admin.is_admin = True
    db.commit()
    assert login_form(app_client, admin.email).status_code == 303
    fields = {"email": "Ny.Samordnare@Example.org", "network": str(network.id), "role": "viewer"}
    accounts = db.scalar(select(func.count()).select_from(UserAccount))

    nameless = post_form(app_client, "/admin/natverk/roller", fields)
    assert nameless.status_code == 422
    assert "fyll i namnet så skapas ett" in nameless.text
    bad_name = post_form(app_client, "/admin/natverk/roller", {**fields, "account_name": "Ny\x07"})
    assert bad_name.status_code == 422
    assert db.scalar(select(func.count()).select_from(UserAccount)) == accounts

    created = post_form(app_client, "/admin/natverk/roller", {**fields, "account_name": "Nora Ny"})
    assert created.status_code == 200
    assert "ny.samordnare@example.org är skapat med rollen Läsare" in created.text
    password = created.text.split("<code>", 1)[1].split("</code>", 1)[0]
    assert len(password) >= 12

    app_client.cookies.clear()
    assert login_form(app_client, "ny.samordnare@example.org", password).status_code == 303
    assert app_client.get("/", follow_redirects=False).headers["location"].startswith("/losenord")
