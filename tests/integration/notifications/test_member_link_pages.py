"""What a member sees when a mail link opens in a browser: a page in Swedish, one form, and only
its POST records. API clients asking for JSON keep the JSON (tests/.../test_member_links.py)."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.api.app import create_app
from services.meetings.models import (
    Attendance,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    Rsvp,
    RsvpResponse,
)
from services.notifications.links import Links
from services.notifications.models import Notification
from services.people.models import Member
from services.surveys.models import Survey, SurveyQuestion, SurveyResponse
from services.surveys.service import open_survey_for_meeting
from services.web import i18n
from tests.support.factories import make_meeting, make_member, make_network, make_organisation

BROWSER = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "sv-SE,sv;q=0.9,en;q=0.8",
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ACTION = re.compile(r'<form method="post" action="([^"]+)"')


@pytest.fixture
def browser(
    delivery_settings: Settings, session_maker: sessionmaker[Session]
) -> Iterator[TestClient]:
    app = create_app(delivery_settings)
    app.state.sessionmaker = session_maker
    with TestClient(app, headers=BROWSER, base_url="https://testserver") as client:
        yield client


@pytest.fixture
def world(db: Session):  # type: ignore[no-untyped-def]
    network = make_network(db)
    ale = make_organisation(db, network, "Ale")
    lerum = make_organisation(db, network, "Lerum")
    anna = make_member(db, ale, "Anna", in_steering_group=True)
    sub = make_member(db, ale, "Sara Ersättare")
    other = make_member(db, lerum, "Omar")
    meeting = make_meeting(
        db, network, days_ahead=10, status=MeetingStatus.scheduled, kind=MeetingKind.steering
    )
    db.commit()
    return network, anna, sub, other, meeting


def path(url: str) -> str:
    return url.split("samverkan.example.org", 1)[1]


def rsvp_count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(Rsvp)) or 0)


def submit(client: TestClient, page: Response, data: dict[str, str]) -> Response:
    """Post the page's form like a browser: to its action, with its CSRF token."""
    token, action = CSRF.search(page.text), ACTION.search(page.text)
    assert token, page.text
    assert action, page.text
    body = {**data, "csrf_token": token.group(1)}
    response: Response = client.post(html.unescape(action.group(1)), data=body)
    return response


def is_page(response: Response) -> bool:
    return response.headers["content-type"].startswith("text/html")


def test_rsvp_link_shows_a_page_and_only_its_post_records(
    browser: TestClient, delivery_settings: Settings, db: Session, world
) -> None:  # type: ignore[no-untyped-def]
    _, anna, sub, other, meeting = world
    links = Links.from_settings(delivery_settings)
    page = browser.get(path(links.rsvp(anna, meeting.id).decline))
    assert page.status_code == 200
    assert is_page(page)
    assert '<html lang="sv">' in page.text
    assert meeting.title in page.text
    assert i18n.fmt_range(meeting.starts_at, meeting.ends_at, "sv") in page.text
    buttons = re.findall(r'name="response" value="(\w+)"', page.text)
    assert buttons == ["declined", "accepted", "tentative"]  # the mail's choice first
    assert "Sara Ersättare" in page.text  # the substitute picker: her organisation only
    assert "Omar" not in page.text
    assert rsvp_count(db) == 0  # the GET changed nothing

    wrong = submit(browser, page, {"response": "accepted", "substitute_member_id": str(sub.id)})
    assert wrong.status_code == 422
    assert is_page(wrong)
    assert 'id="substitute_member_id-error"' in wrong.text
    outsider = submit(
        browser, page, {"response": "declined", "substitute_member_id": str(other.id)}
    )
    assert outsider.status_code == 422
    assert "organisation" in outsider.text
    assert rsvp_count(db) == 0

    done = submit(browser, page, {"response": "declined", "substitute_member_id": str(sub.id)})
    assert done.status_code == 200, done.text
    assert "Tack!" in done.text
    assert "Du har tackat nej." in done.text
    db.expire_all()
    row = db.scalars(select(Rsvp).where(Rsvp.member_id == anna.id)).one()
    assert (row.response, row.substitute_member_id) == (RsvpResponse.declined, sub.id)
    invite = db.scalar(
        select(Notification).where(
            Notification.recipient_member_id == sub.id, Notification.kind == "meeting_invite"
        )
    )
    assert invite is not None

    again = browser.get(path(links.rsvp(anna, meeting.id).tentative))
    assert 'data-current="declined"' in again.text
    assert submit(browser, again, {"response": "tentative"}).status_code == 200
    db.expire_all()
    assert db.scalars(select(Rsvp.response).where(Rsvp.member_id == anna.id)).one() == (
        RsvpResponse.tentative
    )


def test_rsvp_page_for_a_cancelled_meeting_records_nothing(
    browser: TestClient, delivery_settings: Settings, db: Session, world
) -> None:  # type: ignore[no-untyped-def]
    _, anna, _, _, meeting = world
    links = Links.from_settings(delivery_settings)
    page = browser.get(path(links.rsvp(anna, meeting.id).accept))
    meeting.status = MeetingStatus.cancelled
    db.commit()
    closed = browser.get(path(links.rsvp(anna, meeting.id).accept))
    assert closed.status_code == 200
    assert "Mötet går inte att svara på längre." in closed.text
    assert 'name="response"' not in closed.text
    late = submit(browser, page, {"response": "accepted"})
    assert late.status_code == 409
    assert is_page(late)
    assert rsvp_count(db) == 0


def test_json_clients_still_get_json(
    browser: TestClient, delivery_settings: Settings, world
) -> None:  # type: ignore[no-untyped-def]
    _, anna, _, _, meeting = world
    url = path(Links.from_settings(delivery_settings).rsvp(anna, meeting.id).accept)
    response = browser.get(url, headers={"Accept": "application/json"})
    assert response.json()["current"] == "needs_action"


def test_bad_links_show_a_swedish_page_and_change_nothing(
    browser: TestClient,
    delivery_settings: Settings,
    db: Session,
    world,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, anna, _, _, meeting = world
    links = Links.from_settings(delivery_settings)
    for garbage in ("/rsvp/not-a-token", "/survey/xyz", "/unsubscribe/abc"):
        response = browser.get(garbage)
        assert response.status_code == 403, garbage
        assert is_page(response)
        assert "Länken är ogiltig" in response.text
    good = path(links.rsvp(anna, meeting.id).accept)
    forged = browser.get(good.replace("/rsvp/", "/rsvp/x"))
    assert forged.status_code == 403
    assert "Länken är ogiltig" in forged.text
    unsub_with_rsvp_token = browser.get(good.replace("/rsvp/", "/unsubscribe/").split("?")[0])
    assert unsub_with_rsvp_token.status_code == 403

    real = time.time
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: real() - 30 * 24 * 3600)
        old = path(links.rsvp(anna, meeting.id).accept)
    expired = browser.get(old)
    assert expired.status_code == 410
    assert "Länken har gått ut" in expired.text
    assert rsvp_count(db) == 0
    hidden = re.search(r'name="token" value="([^"]+)"', expired.text)
    assert hidden, expired.text
    sent = submit(browser, expired, {"token": hidden.group(1)})  # its one button: a fresh link
    assert sent.status_code == 200
    assert "En ny länk är skickad" in sent.text
    kinds = db.scalars(
        select(Notification.kind).where(Notification.recipient_member_id == anna.id)
    ).all()
    assert kinds == ["login_link"]
    assert rsvp_count(db) == 0


@pytest.fixture
def survey(db: Session, world) -> Survey:  # type: ignore[no-untyped-def]
    network, anna, sub, _, _ = world
    held = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    for member in (anna, sub):
        db.add(Attendance(meeting_id=held.id, member_id=member.id, status=AttendanceStatus.present))
    db.flush()
    opened = open_survey_for_meeting(db, meeting_id=held.id, now=datetime.now(UTC))
    assert opened is not None
    db.commit()
    return opened


def test_survey_link_is_a_real_form_and_bad_answers_store_nothing(
    browser: TestClient, delivery_settings: Settings, db: Session, world, survey: Survey
) -> None:  # type: ignore[no-untyped-def]
    _, anna, _, _, _ = world
    scale, text = db.scalars(
        select(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey.id)
        .order_by(SurveyQuestion.position)
    ).all()
    url = path(Links.from_settings(delivery_settings).survey(anna, survey.id, external=False))
    page = browser.get(url)
    assert page.status_code == 200
    assert is_page(page)
    assert survey.title in page.text
    assert scale.text in page.text
    assert text.text in page.text
    radios = re.findall(rf'type="radio" name="q-{scale.id}" value="(\d)"', page.text)
    assert radios == ["1", "2", "3", "4", "5"]
    assert f'<textarea name="q-{text.id}"' in page.text
    assert "anonyma" in page.text  # the survey's answers are anonymous

    def stored() -> int:
        return int(db.scalar(select(func.count()).select_from(SurveyResponse)) or 0)

    nine = submit(browser, page, {f"q-{scale.id}": "9", f"q-{text.id}": "Bra möte"})
    assert nine.status_code == 422
    assert is_page(nine)
    error = nine.text.split(f'data-question="{scale.id}"')[1].split("</fieldset>")[0]
    assert "1–5" in error
    assert "Bra möte" in nine.text  # what was typed is kept
    missing = submit(browser, page, {f"q-{text.id}": "Bra möte"})
    assert missing.status_code == 422
    error = missing.text.split(f'data-question="{scale.id}"')[1].split("</fieldset>")[0]
    assert "Fältet måste fyllas i." in error
    assert stored() == 0

    done = submit(browser, page, {f"q-{scale.id}": "4", f"q-{text.id}": "Mer om SFI"})
    assert done.status_code == 200, done.text
    assert "Tack för ditt svar" in done.text
    db.expire_all()
    response = db.scalars(select(SurveyResponse)).one()
    assert response.answers == {str(scale.id): 4, str(text.id): "Mer om SFI"}
    assert response.member_id is None
    assert response.organisation_id is None  # anonymous: not even the organisation
    assert (response.submitted_at.hour, response.submitted_at.minute) == (0, 0)  # the day only
    again = browser.get(url)
    assert "Du har redan svarat" in again.text
    assert submit(browser, page, {f"q-{scale.id}": "5"}).status_code == 409
    assert stored() == 1


def test_unsubscribe_link_asks_first_and_the_post_turns_reminders_off(
    browser: TestClient, delivery_settings: Settings, db: Session, world
) -> None:  # type: ignore[no-untyped-def]
    _, anna, _, _, _ = world
    page = browser.get(path(Links.from_settings(delivery_settings).unsubscribe(anna)))
    assert page.status_code == 200
    assert is_page(page)
    assert "Inbjudningar och inställda möten får du ändå" in page.text
    db.expire_all()
    assert db.get(Member, anna.id).notification_preferences.get("meeting_reminder", True)  # type: ignore[union-attr]
    done = submit(browser, page, {})
    assert done.status_code == 200
    assert "Påminnelser och veckosammanfattning är avstängda" in done.text
    db.expire_all()
    prefs = db.get(Member, anna.id).notification_preferences  # type: ignore[union-attr]
    assert prefs["meeting_reminder"] is False
    assert prefs["weekly_digest"] is False


def test_member_page_links_surveys_to_their_form(
    browser: TestClient, delivery_settings: Settings, db: Session, world, survey: Survey
) -> None:  # type: ignore[no-untyped-def]
    _, anna, _, _, _ = world
    links = Links.from_settings(delivery_settings)
    page = browser.get(path(links.member_page(anna)))
    assert page.status_code == 200
    href = re.search(r'<a href="(/survey/[^"]+)">' + re.escape(survey.title), page.text)
    assert href, page.text
    form = browser.get(html.unescape(href.group(1)))
    assert form.status_code == 200
    assert 'type="radio"' in form.text


def test_member_page_survey_link_to_an_external_survey_counts_the_click(
    browser: TestClient, delivery_settings: Settings, db: Session, world, survey: Survey
) -> None:  # type: ignore[no-untyped-def]
    _, anna, _, _, _ = world
    survey.external_url = "https://forms.example.org/s/123"
    survey.closes_at = datetime.now(UTC) + timedelta(days=3)
    db.commit()
    page = browser.get(path(Links.from_settings(delivery_settings).member_page(anna)))
    href = re.search(r'<a href="(/survey/[^"]+/go)">', page.text)
    assert href, page.text
    go = browser.get(html.unescape(href.group(1)), follow_redirects=False)
    assert go.headers["location"] == survey.external_url
