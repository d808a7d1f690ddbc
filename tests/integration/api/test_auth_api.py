"""Login, rate limit, CSRF on cookie sessions, API tokens for scripts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.auth.models import UserAccount
from tests.support.factories import PASSWORD


def test_wrong_password_then_rate_limit(
    app_client: TestClient, coordinator: UserAccount, db: Session
) -> None:
    db.commit()
    for _ in range(5):
        response = app_client.post(
            "/api/auth/login", json={"email": coordinator.email, "password": "wrong"}
        )
        assert response.status_code == 422
        assert "fel e-post eller lösenord" in response.json()["detail"]
    blocked = app_client.post(
        "/api/auth/login", json={"email": coordinator.email, "password": PASSWORD}
    )
    assert blocked.status_code == 429  # the same answer as the login page gives
    assert "för många försök" in blocked.json()["detail"]


def test_cookie_session_needs_csrf_header_for_writes(client: TestClient) -> None:
    token = client.headers.pop("X-CSRF-Token")
    refused = client.post("/api/organisations", json={"name": "Utan token"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.headers["X-CSRF-Token"] = token
    assert client.post("/api/organisations", json={"name": "Med token"}).status_code == 201


def test_api_token_works_without_cookie_or_csrf(client: TestClient, app_client: TestClient) -> None:
    created = client.post("/api/auth/tokens", json={"name": "script"})
    assert created.status_code == 201
    token = created.json()["token"]
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token")
    headers = {"Authorization": f"Bearer {token}"}
    assert (
        client.post("/api/organisations", json={"name": "Via token"}, headers=headers).status_code
        == 201
    )
    bad = client.get("/api/organisations", headers={"Authorization": "Bearer sv_forged"})
    assert bad.status_code == 401


def test_logout_of_a_signed_in_session_needs_the_csrf_header(client: TestClient) -> None:
    token = client.headers.pop("X-CSRF-Token")
    assert client.post("/api/auth/logout").status_code == 403  # a cross-site form cannot
    assert client.get("/api/organisations").status_code == 200  # still signed in
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": token}).status_code == 204
    assert client.get("/api/organisations").status_code == 401


def test_creating_an_api_token_is_in_the_audit_log(client: TestClient, db: Session) -> None:
    from sqlalchemy import select

    from services.audit.models import AuditEntry

    assert client.post("/api/auth/tokens", json={"name": "export"}).status_code == 201
    actions = db.scalars(select(AuditEntry.entity_type).where(AuditEntry.action == "create"))
    assert "api_token" in list(actions)
