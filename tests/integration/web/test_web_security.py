"""CSRF on every form, cookie flags, login rate limit, read-only viewers, members see theirs."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.auth.models import UserAccount, UserRole
from services.auth.service import LinkSigner
from services.notifications.models import Notification
from services.people.models import Member, Network
from services.tasks.models import Task, TaskStatus
from tests.integration.web.conftest import csrf_of, login_form, make_task, post_form
from tests.support.factories import make_user


def test_form_post_without_or_with_wrong_csrf_token_is_refused(
    client: TestClient, db: Session, anna: Member
) -> None:
    task = make_task(db, anna, "Skicka protokoll")
    for token in (None, "forged"):
        data = {"task": str(task.id), "op": "done"}
        if token:
            data["csrf_token"] = token
        response = client.post("/uppgifter/bulk", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert "CSRF" in response.text
    db.refresh(task)
    assert task.status == TaskStatus.open


def test_member_forms_need_csrf_too(
    app_client: TestClient, db: Session, anna: Member, signer: LinkSigner
) -> None:
    task = make_task(db, anna, "Svara på enkät")
    token = signer.sign(anna, scope="member")
    app_client.get(f"/m/{token}")
    response = app_client.post(f"/m/{token}/uppgift/{task.id}/klar", data={"comment": "x"})
    assert response.status_code == 403
    db.refresh(task)
    assert task.status == TaskStatus.open


def test_every_form_on_a_page_carries_the_csrf_field(
    client: TestClient, db: Session, anna: Member
) -> None:
    make_task(db, anna, "Något")
    for path in ("/", "/moten", "/uppgifter", "/organisationer"):
        html = client.get(path).text
        posts = html.count('method="post"')
        assert posts > 0
        assert html.count('name="csrf_token"') >= posts, path


def test_session_cookie_is_httponly_and_samesite(
    app_client: TestClient, coordinator: UserAccount, db: Session
) -> None:
    db.commit()
    response = login_form(app_client, coordinator.email)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_login_errors_are_next_to_the_field_and_rate_limited(
    app_client: TestClient,
    coordinator: UserAccount,
    db: Session,
) -> None:
    db.commit()
    empty = app_client.post(
        "/login", data={"email": "", "password": "", "csrf_token": csrf_of(app_client)}
    )
    assert empty.status_code == 422
    assert 'id="email-error"' in empty.text
    assert 'aria-invalid="true"' in empty.text
    for _ in range(5):  # settings.login_rate_limit == 5 in tests
        wrong = login_form(app_client, coordinator.email, "wrong password")
        assert wrong.status_code == 422
        assert 'id="password-error"' in wrong.text
    blocked = login_form(app_client, coordinator.email)  # even the right password now
    assert blocked.status_code == 429
    assert "För många försök, vänta 15 minuter" in blocked.text


def test_viewer_reads_but_cannot_write(
    app_client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    viewer = make_user(db, network, UserRole.viewer)
    task = make_task(db, anna, "Läsbar uppgift")
    db.commit()
    assert login_form(app_client, viewer.email).status_code == 303
    page = app_client.get("/uppgifter")
    assert page.status_code == 200
    assert "Läsbar uppgift" in page.text
    assert 'name="op"' not in page.text  # no bulk form for viewers
    for path, data in (
        ("/uppgifter/bulk", {"task": str(task.id), "op": "done"}),
        ("/moten", {"title": "X", "date": "2031-01-01", "start": "10:00", "end": "11:00"}),
        ("/organisationer/medlemmar", {"name": "Y", "email": "y@example.org"}),
    ):
        response = post_form(app_client, path, data)
        assert response.status_code == 403, path
    db.refresh(task)
    assert task.status == TaskStatus.open


def test_member_sees_only_own_tasks_and_cannot_complete_others(
    app_client: TestClient, db: Session, anna: Member, bo: Member, signer: LinkSigner
) -> None:
    mine = make_task(db, anna, "Annas uppgift")
    theirs = make_task(db, bo, "Bos uppgift")
    token = signer.sign(anna, scope="member")
    page = app_client.get(f"/m/{token}")
    assert page.status_code == 200
    assert "Annas uppgift" in page.text
    assert "Bos uppgift" not in page.text
    response = post_form(app_client, f"/m/{token}/uppgift/{theirs.id}/klar", {"comment": "ha"})
    assert response.status_code == 404
    db.refresh(theirs)
    assert theirs.status == TaskStatus.open
    assert mine.status == TaskStatus.open


@pytest.mark.parametrize("scope", ["feed", "rsvp"])
def test_a_link_for_another_purpose_does_not_open_the_member_page(
    app_client: TestClient, anna: Member, signer: LinkSigner, scope: str
) -> None:
    token = signer.sign(anna, scope="feed" if scope == "feed" else "rsvp")
    response = app_client.get(f"/m/{token}")
    assert response.status_code == 403
    assert "Länken är ogiltig" in response.text


def test_expired_link_offers_a_fresh_one_sent_to_the_member(
    app_client: TestClient,
    db: Session,
    anna: Member,
    signer: LinkSigner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = int(time.time()) - signer.max_age_s - 60
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: old)
        token = signer.sign(anna, scope="member")
    page = app_client.get(f"/m/{token}")
    assert page.status_code == 410
    assert "Länken har gått ut" in page.text
    assert "Skicka en ny länk" in page.text
    assert "Annas" not in page.text
    sent = post_form(app_client, "/m/ny-lank", {"token": token})
    assert sent.status_code == 200
    assert "En ny länk är skickad" in sent.text
    kinds = db.scalars(
        select(Notification.kind).where(Notification.recipient_member_id == anna.id)
    ).all()
    assert kinds == ["login_link"]


def test_forged_link_asks_nothing_and_sends_nothing(app_client: TestClient, db: Session) -> None:
    assert app_client.get("/m/not-a-token").status_code == 403
    response = post_form(app_client, "/m/ny-lank", {"token": "not-a-token"})
    assert response.status_code == 200
    assert db.scalars(select(Task)).all() == []
    assert db.scalars(select(Notification)).all() == []
