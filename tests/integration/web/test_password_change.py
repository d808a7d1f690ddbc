"""An account with a one-time password sees only "Byt lösenord" until it has chosen its own."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry
from services.auth.models import UserAccount
from services.auth.service import verify_password
from services.people.models import Network
from tests.integration.web.conftest import csrf_of, login_form, post_form
from tests.support.factories import PASSWORD, make_user

NEW = "ett riktigt långt lösenord"


@pytest.fixture
def newcomer(db: Session, network: Network) -> UserAccount:
    user = make_user(db, network)
    user.must_change_password = True
    db.commit()
    return user


@pytest.fixture
def browser(app_client: TestClient, newcomer: UserAccount) -> TestClient:
    assert login_form(app_client, newcomer.email).status_code == 303
    return app_client


def change(client: TestClient, current: str, new: str, repeat: str, **extra: str) -> str:
    response = post_form(
        client, "/losenord", {"current": current, "new": new, "repeat": repeat, **extra}
    )
    assert response.status_code == 422, response.text[:300]
    return response.text


def error_of(html: str, name: str) -> str:
    match = re.search(rf'<p class="field-error" id="{name}-error">([^<]*)</p>', html)
    assert match, f"no error next to {name}"
    return match.group(1)


def test_every_page_redirects_to_the_password_page(browser: TestClient) -> None:
    for path in ("/", "/moten", "/uppgifter", "/organisationer", "/serier"):
        response = browser.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/losenord?next={path}"
    page = browser.get("/losenord")
    assert page.status_code == 200
    assert "<h1>Byt lösenord</h1>" in page.text
    assert "engångslösenord" in page.text
    for label in ("Nuvarande lösenord", "Nytt lösenord", "Nytt lösenord igen"):
        assert label in page.text


def test_rules_are_shown_next_to_their_fields(browser: TestClient, newcomer: UserAccount) -> None:
    html = change(browser, PASSWORD, "kort", "kort")
    assert error_of(html, "new") == "Lösenordet måste ha minst 12 tecken."
    html = change(browser, PASSWORD, PASSWORD, PASSWORD)
    assert error_of(html, "new") == "Välj ett annat lösenord än det nuvarande."
    html = change(browser, PASSWORD, NEW, NEW + "x")
    assert error_of(html, "repeat") == "Lösenorden är inte lika."
    html = change(browser, "fel lösenord", NEW, NEW)
    assert error_of(html, "current") == "Fel nuvarande lösenord."
    assert NEW not in html
    assert PASSWORD not in html
    html = change(browser, "", "", "")
    assert error_of(html, "current") == "Fältet måste fyllas i."
    browser.get("/sprak/en")
    html = change(browser, PASSWORD, "short", "short")
    assert error_of(html, "new") == "Use at least 12 characters."
    assert browser.get("/", follow_redirects=False).status_code == 303  # still not changed


def test_a_new_password_opens_the_dashboard_and_is_audited(
    browser: TestClient, newcomer: UserAccount, db: Session
) -> None:
    response = post_form(
        browser, "/losenord", {"current": PASSWORD, "new": NEW, "repeat": NEW, "next": "/moten"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/moten"
    assert "Lösenordet är bytt." in browser.get("/moten").text
    assert browser.get("/", follow_redirects=False).status_code == 200
    db.expire_all()
    assert not newcomer.must_change_password
    assert verify_password(newcomer.password_hash, NEW)
    entry = db.scalar(
        select(AuditEntry).where(
            AuditEntry.entity_id == newcomer.id, AuditEntry.action == "change_password"
        )
    )
    assert entry is not None
    assert entry.actor == f"user:{newcomer.id}"
    assert NEW not in str(entry.details)
    assert PASSWORD not in str(entry.details)
    browser.post("/logout", data={"csrf_token": csrf_of(browser, "/")})
    assert login_form(browser, newcomer.email).status_code == 422  # the old one is gone
    assert login_form(browser, newcomer.email, NEW).status_code == 303


def test_the_form_needs_its_csrf_token(browser: TestClient) -> None:
    data = {"current": PASSWORD, "new": NEW, "repeat": NEW, "csrf_token": "forged"}
    assert browser.post("/losenord", data=data).status_code == 403


def test_every_signed_in_user_has_the_link_and_may_change(
    app_client: TestClient, coordinator: UserAccount, db: Session
) -> None:
    db.commit()
    assert login_form(app_client, coordinator.email).status_code == 303
    overview = app_client.get("/")
    assert overview.status_code == 200
    assert '<a href="/losenord">Byt lösenord</a>' in overview.text
    page = app_client.get("/losenord")
    assert page.status_code == 200
    assert "engångslösenord" not in page.text
    response = post_form(app_client, "/losenord", {"current": PASSWORD, "new": NEW, "repeat": NEW})
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_the_password_page_needs_a_login(app_client: TestClient) -> None:
    response = app_client.get("/losenord", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
