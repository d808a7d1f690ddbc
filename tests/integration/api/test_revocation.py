"""What was handed out can be taken back: sessions, API tokens, accounts and member links."""

from __future__ import annotations

from datetime import timedelta

import httpx
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from infra.clock import utcnow
from infra.settings import Settings
from services.actors import SYSTEM
from services.auth.models import UserAccount
from services.auth.service import create_api_token, deactivate_user, reset_password
from services.meetings.models import MeetingStatus
from services.notifications.links import feed_signer, member_signer
from services.people.models import Member, Network
from tests.support.factories import (
    make_meeting,
    make_member,
    make_organisation,
)


def copy_of(client: TestClient) -> TestClient:
    """A second browser holding a copy of the client's cookie (stolen, or another tab)."""
    thief = TestClient(client.app)
    thief.cookies = httpx.Cookies(client.cookies)
    thief.headers["X-CSRF-Token"] = client.headers["X-CSRF-Token"]
    return thief


def test_a_logged_out_session_is_refused_everywhere(client: TestClient) -> None:
    thief = copy_of(client)
    assert thief.get("/api/organisations").status_code == 200
    assert client.post("/api/auth/logout").status_code == 204
    assert thief.get("/api/organisations").status_code == 401
    page = thief.get("/", follow_redirects=False)
    assert page.status_code in (302, 303)
    assert "/login" in page.headers["location"]


def test_a_reset_ends_the_sessions_of_the_account(
    client: TestClient, db: Session, coordinator: UserAccount
) -> None:
    assert client.get("/api/organisations").status_code == 200
    reset_password(db, email=coordinator.email, actor=SYSTEM)
    db.commit()
    assert client.get("/api/organisations").status_code == 401


def test_a_revoked_or_expired_token_is_refused(
    client: TestClient, db: Session, coordinator: UserAccount
) -> None:
    made = client.post("/api/auth/tokens", json={"name": "script", "expires_in_days": 5})
    assert made.status_code == 201, made.text
    token, token_id = made.json()["token"], made.json()["id"]
    bearer = TestClient(client.app, headers={"Authorization": f"Bearer {token}"})
    assert bearer.get("/api/organisations").status_code == 200
    listed = client.get("/api/auth/tokens").json()
    assert [t["id"] for t in listed] == [token_id]
    assert "token" not in listed[0]
    assert client.delete(f"/api/auth/tokens/{token_id}").status_code == 204
    assert bearer.get("/api/organisations").status_code == 401
    old = create_api_token(db, user=coordinator, name="old", expires_at=utcnow() - timedelta(1))
    db.commit()
    expired = client.get("/api/organisations", headers={"Authorization": f"Bearer {old}"})
    assert expired.status_code == 401


def test_tokens_never_outlive_the_longest_lifetime(client: TestClient, settings: Settings) -> None:
    made = client.post("/api/auth/tokens", json={"name": "forever", "expires_in_days": 3650})
    days = settings.api_token_max_age_days
    expires = made.json()["expires_at"]
    assert expires <= (utcnow() + timedelta(days=days, minutes=1)).isoformat()


def test_a_deactivated_account_loses_sessions_and_tokens(
    client: TestClient, db: Session, coordinator: UserAccount
) -> None:
    token = create_api_token(db, user=coordinator, name="script")
    db.commit()
    deactivate_user(db, email=coordinator.email, actor=SYSTEM)
    db.commit()
    assert client.get("/api/organisations").status_code == 401
    bearer = client.get("/api/organisations", headers={"Authorization": f"Bearer {token}"})
    assert bearer.status_code == 401


def _anna(db: Session, network: Network) -> Member:
    return make_member(db, make_organisation(db, network, "Ale"), "Anna Andersson")


def test_revoked_member_links_stop_working(
    client: TestClient, db: Session, network: Network, settings: Settings
) -> None:
    anna = _anna(db, network)
    db.commit()
    old = member_signer(settings).sign(anna, scope="member")
    assert client.get(f"/m/{old}").status_code == 200
    revoked = client.post(f"/api/members/{anna.id}/revoke-links")
    assert revoked.status_code == 200, revoked.text
    assert client.get(f"/m/{old}").status_code == 403
    db.refresh(anna)
    assert client.get(f"/m/{member_signer(settings).sign(anna, scope='member')}").status_code == 200


def test_a_new_email_ends_the_links_sent_to_the_old_one(
    client: TestClient, db: Session, network: Network, settings: Settings
) -> None:
    anna = _anna(db, network)
    db.commit()
    old = member_signer(settings).sign(anna, scope="unsubscribe")
    changed = client.patch(f"/api/members/{anna.id}", json={"email": "anna.ny@ale.example.org"})
    assert changed.status_code == 200, changed.text
    assert client.post(f"/unsubscribe/{old}").status_code == 403


def test_a_mail_link_cannot_read_the_feed(
    app_client: TestClient, db: Session, network: Network, settings: Settings
) -> None:
    anna = _anna(db, network)
    db.commit()
    mail_link = member_signer(settings).sign(anna, scope="member")
    for path in (f"/feed/member/{mail_link}.ics", f"/m/kalender/{mail_link}.ics"):
        assert app_client.get(path).status_code == 403, path
    feed = feed_signer(settings).sign(anna, scope="feed")
    assert app_client.get(f"/feed/member/{feed}.ics").status_code == 200


def test_an_inactive_member_cannot_answer(
    app_client: TestClient, db: Session, network: Network, settings: Settings
) -> None:
    anna = _anna(db, network)
    meeting = make_meeting(db, network, days_ahead=20, status=MeetingStatus.scheduled)
    anna.active = False
    db.commit()
    link = member_signer(settings).sign(anna, scope="rsvp", subject_id=meeting.id)
    answered = app_client.post(f"/rsvp/{link}", json={"answer": "accepted"})
    assert answered.status_code == 403
