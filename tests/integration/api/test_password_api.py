"""A session or API token of an account with a one-time password gets a clear 403 from the API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.auth.models import UserAccount
from services.auth.service import change_password, create_api_token
from services.people.models import Network
from tests.support.factories import PASSWORD, coordinator_actor, make_user


def test_one_time_password_session_is_refused_until_changed(
    app_client: TestClient, network: Network, db: Session
) -> None:
    user = make_user(db, network)
    user.must_change_password = True
    db.commit()
    login = app_client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert login.status_code == 200
    app_client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
    for method, path in (("GET", "/api/organisations"), ("POST", "/api/auth/tokens")):
        refused = app_client.request(method, path, json={"name": "script"})
        assert refused.status_code == 403, (path, refused.text)
        assert "/losenord" in refused.json()["detail"]
        assert "byt engångslösenordet" in refused.json()["detail"]
    new = "ett riktigt långt lösenord"
    change_password(
        db, user=user, current=PASSWORD, new=new, repeated=new, actor=coordinator_actor(user)
    )
    db.commit()
    # The change ended every session made before it (this one was made elsewhere): log in again.
    assert app_client.get("/api/organisations").status_code == 401
    login = app_client.post("/api/auth/login", json={"email": user.email, "password": new})
    assert login.status_code == 200
    assert app_client.get("/api/organisations").status_code == 200


def test_api_tokens_wait_for_the_new_password_too(
    app_client: TestClient, coordinator: UserAccount, db: Session
) -> None:
    token = create_api_token(db, user=coordinator, name="script")
    coordinator.must_change_password = True  # e.g. reset after the token was made
    db.commit()
    response = app_client.get("/api/organisations", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert "/losenord" in response.json()["detail"]
