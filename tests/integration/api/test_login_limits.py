"""Logging in: spraying and guessing are slowed, unknown e-mails cost the same, passwords are
taken as typed, and the current-password check is a login like any other."""

from __future__ import annotations

import time
from statistics import median

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.auth.login import LoginLimits, authenticate
from services.auth.models import UserAccount
from services.auth.service import hash_password
from services.errors import TooManyAttempts
from services.people.models import Network
from tests.support.factories import PASSWORD, make_user


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Low limits, so the test does few argon2 verifications (each is meant to be slow)."""
    return settings.model_copy(update={"login_account_limit": 4, "login_address_limit": 10})


def test_spraying_50_accounts_from_one_address_is_slowed(
    app_client: TestClient, settings: Settings
) -> None:
    answers = [
        app_client.post(
            "/api/auth/login", json={"email": f"user{i}@example.org", "password": "Sommar2026!"}
        ).status_code
        for i in range(50)
    ]
    limit = settings.login_address_limit
    assert answers[:limit] == [422] * limit
    assert set(answers[limit:]) == {429}


def test_one_account_from_many_addresses_and_the_overall_ceiling(
    db: Session, network: Network
) -> None:
    user = make_user(db, network)
    limits = LoginLimits(pair=100, account=3, address=100, overall=6)
    for i in range(3):
        assert (
            authenticate(
                db, email=user.email, password="fel", remote_addr=f"10.0.0.{i}", limits=limits
            )
            is None
        )
    with pytest.raises(TooManyAttempts):
        authenticate(db, email=user.email, password=PASSWORD, remote_addr="10.9.9.9", limits=limits)
    for i in range(3):
        authenticate(
            db, email=f"x{i}@example.org", password="fel", remote_addr=f"10.1.0.{i}", limits=limits
        )
    with pytest.raises(TooManyAttempts):  # six failures in all: everyone waits
        authenticate(
            db, email="other@example.org", password="x", remote_addr="10.2.0.1", limits=limits
        )


def test_an_unknown_email_costs_an_argon2_verification(db: Session, network: Network) -> None:
    user = make_user(db, network)
    limits = LoginLimits(pair=100, account=100, address=100, overall=100)

    def seconds(email: str) -> float:
        start = time.perf_counter()
        authenticate(db, email=email, password="wrong one", remote_addr="10.0.0.1", limits=limits)
        return time.perf_counter() - start

    known = median(seconds(user.email) for _ in range(5))
    unknown = median(seconds("nobody@example.org") for _ in range(5))
    assert unknown > 0.5 * known, (unknown, known)


def test_passwords_are_never_stripped(
    app_client: TestClient, db: Session, network: Network
) -> None:
    user = make_user(db, network)
    user.password_hash = hash_password("  med mellanslag  ")
    db.commit()
    stripped = {"email": user.email, "password": "med mellanslag"}
    assert app_client.post("/api/auth/login", json=stripped).status_code == 422
    page = app_client.get("/login")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    typed = {"email": user.email, "password": "  med mellanslag  ", "csrf_token": csrf}
    assert app_client.post("/login", data=typed, follow_redirects=False).status_code == 303


def _log_in(client: TestClient, user: UserAccount, password: str = PASSWORD) -> httpx.Response:
    response = client.post("/api/auth/login", json={"email": user.email, "password": password})
    client.headers["X-CSRF-Token"] = response.json().get("csrf_token", "")
    return response


def test_a_one_time_password_is_changed_through_the_api(
    app_client: TestClient, db: Session, network: Network
) -> None:
    user = make_user(db, network)
    user.must_change_password = True
    db.commit()
    assert _log_in(app_client, user).status_code == 200
    other = TestClient(app_client.app)
    _log_in(other, user)
    assert app_client.get("/api/organisations").status_code == 403
    new = "ett riktigt långt lösenord"
    changed = app_client.post(
        "/api/auth/password", json={"current": PASSWORD, "new": new, "repeat": new}
    )
    assert changed.status_code == 204, changed.text
    assert app_client.get("/api/organisations").status_code == 200
    assert other.get("/api/organisations").status_code == 401
    too_long = "x" * 201
    refused = app_client.post(
        "/api/auth/password", json={"current": new, "new": too_long, "repeat": too_long}
    )
    assert refused.status_code == 422


def test_guessing_the_current_password_is_limited(client: TestClient, settings: Settings) -> None:
    wrong = {
        "current": "gissning",
        "new": "ett riktigt långt lösenord",
        "repeat": "ett riktigt långt lösenord",
    }
    answers = [client.post("/api/auth/password", json=wrong).status_code for _ in range(6)]
    limit = settings.login_account_limit
    assert answers[:limit] == [422] * limit
    assert answers[limit:] == [429] * (6 - limit)
