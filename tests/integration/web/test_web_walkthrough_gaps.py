"""Gaps a browser walkthrough of the dashboard found: the deadline form, approving minutes only
when the meeting is held, a Swedish 503 page when the database is down, the move error next to
its field, and the wording of the application windows on the overview."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.api.app import create_app
from services.auth.models import UserRole
from services.deadlines.models import Deadline
from services.events.models import DomainEvent, Timer
from services.meetings.models import MeetingStatus
from services.people.models import Member, Network, Organisation
from tests.integration.web.conftest import login_form, post_form
from tests.support.factories import make_meeting, make_network, make_organisation, make_user
from tests.support.smtp_server import free_port


def _deadline_form(**overrides: str) -> dict[str, str]:
    day = (date.today() + timedelta(days=60)).isoformat()
    form = {
        "title": "Utlysning: integrationsmedel",
        "opens": (date.today() + timedelta(days=10)).isoformat(),
        "closes": day,
        "closes_time": "23:59",
        "organisation_id": "",
        "url": "https://www.lansstyrelsen.se/utlysning",
        "description": "",
    }
    return {**form, **overrides}


def test_a_deadline_is_registered_from_the_page_in_stockholm_time(
    client: TestClient, db: Session, ale: Organisation
) -> None:
    page = client.get("/deadlines")
    assert 'action="/deadlines"' in page.text
    assert 'value="23:59"' in page.text
    assert f'<option value="{ale.id}">Ale</option>' in page.text
    closes = date(date.today().year + 1, 7, 1)  # summer time: 23:59 CEST is 21:59 UTC
    form = _deadline_form(
        opens=f"{closes.year}-02-15", closes=closes.isoformat(), organisation_id=str(ale.id)
    )
    created = post_form(client, "/deadlines", form)
    assert created.status_code == 303, created.text
    deadline = db.scalar(select(Deadline).where(Deadline.title == form["title"]))
    assert deadline is not None
    assert deadline.closes_at == datetime(closes.year, 7, 1, 21, 59, tzinfo=UTC)
    assert deadline.opens_at == datetime(closes.year, 2, 14, 23, 0, tzinfo=UTC)  # 00:00 CET
    assert deadline.issuer_organisation_id == ale.id
    assert deadline.url == form["url"]
    kinds = set(db.scalars(select(Timer.kind).where(Timer.subject_id == deadline.id)))
    assert {"deadline.opens", "deadline.closes"} <= kinds
    event = db.scalar(select(DomainEvent.type).where(DomainEvent.aggregate_id == deadline.id))
    assert event == "deadline.registered"
    listed = client.get("/deadlines").text
    assert form["title"] in listed


def test_deadline_form_errors_are_next_to_their_fields_and_nothing_is_stored(
    client: TestClient, db: Session, network: Network
) -> None:
    foreign = make_organisation(db, make_network(db), "Främling")
    cases = [
        (_deadline_form(title=""), "title", "Fältet måste fyllas i."),
        (
            _deadline_form(opens=(date.today() + timedelta(days=70)).isoformat()),
            "closes",
            "Fönstret måste stänga efter att det öppnar.",
        ),
        (
            _deadline_form(opens="", closes=(date.today() - timedelta(days=1)).isoformat()),
            "closes",
            "Stängningstiden har redan passerat.",
        ),
        (_deadline_form(url="www.example.org/utlysning"), "url", "https://"),
        (_deadline_form(organisation_id=str(foreign.id)), "organisation_id", "Okänd organisation"),
        (_deadline_form(organisation_id=str(uuid.uuid4())), "organisation_id", "Okänd"),
    ]
    for form, name, message in cases:
        response = post_form(client, "/deadlines", form)
        assert response.status_code == 422, (name, response.text)
        assert f'id="{name}-error"' in response.text, name
        assert message in response.text, name
        assert f'value="{form["title"]}"' in response.text  # what was typed comes back
    assert (
        db.scalar(
            select(func.count()).select_from(Deadline).where(Deadline.network_id == network.id)
        )
        == 0
    )


def test_viewers_get_no_deadline_form_and_cannot_post_one(
    app_client: TestClient, db: Session, network: Network
) -> None:
    viewer = make_user(db, network, UserRole.viewer)
    db.commit()
    assert login_form(app_client, viewer.email).status_code == 303
    page = app_client.get("/deadlines")
    assert page.status_code == 200
    assert 'action="/deadlines"' not in page.text
    assert post_form(app_client, "/deadlines", _deadline_form()).status_code == 403
    assert (
        db.scalar(
            select(func.count()).select_from(Deadline).where(Deadline.network_id == network.id)
        )
        == 0
    )


MINUTES = "Anteckningar\n\n1. Inledning\n\nDagordningen godkänns.\n"


def test_approve_minutes_is_offered_only_when_the_meeting_is_held(
    client: TestClient, db: Session, network: Network
) -> None:
    scheduled = make_meeting(db, network, days_ahead=3, status=MeetingStatus.scheduled)
    held = make_meeting(db, network, days_ahead=-2, status=MeetingStatus.held)
    early = post_form(client, f"/moten/{scheduled.id}/protokoll", {"text": MINUTES})
    assert early.status_code == 200, early.text
    assert 'value="approve"' not in early.text
    assert "Protokollet kan godkännas när mötet är genomfört." in early.text
    assert 'value="save"' in early.text  # a draft can still be saved
    on_time = post_form(client, f"/moten/{held.id}/protokoll", {"text": MINUTES})
    assert 'value="approve"' in on_time.text
    assert "Protokollet kan godkännas när mötet är genomfört." not in on_time.text
    forced = post_form(
        client,
        f"/moten/{scheduled.id}/protokoll/granska",
        {"text": MINUTES, "action": "approve"},
    )
    assert forced.status_code == 409  # the server-side rule stays
    db.refresh(scheduled)
    assert scheduled.status == MeetingStatus.scheduled


def test_pages_answer_a_swedish_503_with_retry_after_when_the_database_is_down(
    client: TestClient, settings: Settings
) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere"
    broken = settings.model_copy(update={"database_url": url})
    with TestClient(create_app(broken), cookies=client.cookies) as down:
        for path in ("/", "/deadlines", "/moten"):
            page = down.get(path, headers={"accept": "text/html"})
            assert page.status_code == 503, (path, page.status_code)
            assert page.headers["retry-after"] == "5"
            assert "Tjänsten är tillfälligt otillgänglig, försök igen om en stund" in page.text
            assert page.headers["content-type"].startswith("text/html")
        api = down.get("/api/deadlines")
        assert api.status_code == 503  # the API's answer, from the same rule
        assert api.headers["retry-after"] == "5"


def test_moving_a_member_to_an_unknown_organisation_is_an_error_next_to_the_select(
    client: TestClient, db: Session, anna: Member, lerum: Organisation
) -> None:
    home = anna.organisation_id
    for posted, message in ((str(uuid.uuid4()), "Okänd organisation"), ("", "måste fyllas i")):
        form = {"op": "move", "organisation_id": posted}
        response = post_form(client, f"/organisationer/medlemmar/{anna.id}", form)
        assert response.status_code == 422, response.text
        error = f'id="move-{anna.id}-error"'
        assert error in response.text
        assert message in response.text.split(error, 1)[1][:200]
        assert f'aria-describedby="move-{anna.id}-error" autofocus' in response.text
    db.refresh(anna)
    assert anna.organisation_id == home
    moved = post_form(
        client,
        f"/organisationer/medlemmar/{anna.id}",
        {"op": "move", "organisation_id": str(lerum.id)},
    )
    assert moved.status_code == 303
    db.refresh(anna)
    assert anna.organisation_id == lerum.id


def test_overview_windows_read_opens_x_comma_closes_y_in_both_languages(
    client: TestClient, db: Session, network: Network
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    for title, opens in (("Med öppning", now + timedelta(days=10)), ("Utan öppning", None)):
        db.add(
            Deadline(
                network_id=network.id,
                title=title,
                description="",
                opens_at=opens,
                closes_at=now + timedelta(days=40),
            )
        )
    db.flush()
    sv = client.get("/").text
    assert "Med öppning: Öppnar " in sv
    assert ", stänger " in sv
    assert ", Stänger " not in sv
    assert "Utan öppning: Stänger " in sv  # first word of the sentence keeps its capital
    en = client.get("/", headers={"accept-language": "en"}).text
    assert "Med öppning: Opens " in en
    assert ", closes " in en
    assert ", Closes " not in en
    assert "Utan öppning: Closes " in en
