"""The coordinator's whole series cycle on pages: create, poll, propose, send, replies, confirm;
a regular series by rule and the 'kommun i fokus' order. What the page says is what happened."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.auth.service import LinkSigner
from services.meetings.models import AgendaItem, Meeting, MeetingStatus
from services.notifications.models import Notification
from services.people.models import Member, Network, Organisation
from services.series.models import PreferencePoll
from tests.integration.notifications.conftest import run_consumers
from tests.integration.web.conftest import post_form
from tests.support.factories import make_member

# Planning depends on today: an ordinary autumn Wednesday, so the next term is VT 2027.
PLANNING_DAY = datetime(2026, 10, 14, 8, 0, tzinfo=UTC)
ENGLISH = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|skipped|chosen|preference)\b")


@pytest.fixture(autouse=True)
def planning_day() -> Iterator[None]:
    with time_machine.travel(PLANNING_DAY, tick=True):
        yield


@pytest.fixture
def kungalv(db: Session, network: Network, ale: Organisation) -> Organisation:
    """Three members in two organisations; Anna also sits in the steering group."""
    from tests.support.factories import make_organisation

    kungalv = make_organisation(db, network, "Kungälv")
    make_member(db, ale, "Anna Andersson", in_steering_group=True)
    make_member(db, ale, "Bo Berg")
    make_member(db, kungalv, "Cia Carlsson")
    db.commit()
    return kungalv


def member(db: Session, name: str) -> Member:
    found = db.scalars(select(Member).where(Member.name == name)).one()
    return found


def mails(db: Session, kind: str) -> int:
    db.expire_all()
    query = select(func.count()).select_from(Notification).where(Notification.kind == kind)
    return int(db.scalar(query) or 0)


def page(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    text: str = response.text
    return text


def create(client: TestClient) -> str:
    created = post_form(
        client,
        "/serier/ny",
        {"name": "Regional samverkan", "term": "VT 2027", "default_location": "Kommunhuset"},
    )
    assert created.status_code == 303, created.text[:300]
    return str(created.headers["location"])


def test_the_whole_cycle_says_what_happened_and_who_was_told(
    client: TestClient,
    db: Session,
    session_maker: sessionmaker[Session],
    kungalv: Organisation,
    signer: LinkSigner,
) -> None:
    url = create(client)
    assert "Serien Regional samverkan är skapad" in page(client, url)

    assert post_form(client, f"{url}/enkat", {"options": ["wed-pm", "thu-am"]}).status_code == 303
    assert "Enkäten skickad till 3 deltagare." in page(client, url)
    assert mails(db, "series_poll") == 3
    poll = db.scalars(select(PreferencePoll)).one()
    for name in ("Anna Andersson", "Cia Carlsson"):
        token = signer.sign(member(db, name), scope="poll", subject_id=poll.id)
        voted = client.post("/api/poll/vote", params={"token": token, "slot": "wed-pm"})
        assert voted.status_code == 200, voted.text
    results = page(client, f"{url}/enkat/resultat")
    assert "2 deltagare från 2 organisationer har svarat." in results
    assert "Passar flest:</strong> onsdag eftermiddag" in results
    assert "<td>2,0</td>" in results  # two organisations, a Swedish decimal comma

    proposed = post_form(
        client, f"{url}/forslag", {"term": "VT 2027", "count": "3", "adjacent": "steering"}
    )
    assert proposed.status_code == 200, proposed.text[:300]
    html = proposed.text
    assert "Förslaget har 3 möten." in html
    assert "Planerat på: onsdag eftermiddag" in html  # the poll's result
    assert "Dagar närmare som valdes bort" in html
    assert html.count("Styrgrupp, ") == 3  # beside each network meeting
    assert "torsdag 6 maj 2027: Kristi himmelsfärdsdag" in html
    assert "fredag 7 maj 2027: klämdag" in html
    assert "Veckan från 15 februari: sportlov" in html
    assert "31 mars: påsklov" in html  # why meeting 2 is not on the even spread's day
    assert not ENGLISH.search(html), ENGLISH.search(html)

    asked = post_form(client, f"{url}/skicka", {"reply_by": "2026-11-10"})
    assert asked.status_code == 200
    assert "Förslaget skickas till 3 deltagare" in asked.text
    assert "10 november 2026" in asked.text
    assert "Styrgruppens möten går bara till gruppens 1 deltagare." in asked.text
    assert mails(db, "series_proposal") == 0  # asking once sends nothing
    sent = post_form(client, f"{url}/skicka", {"reply_by": "2026-11-10", "confirmed": "1"})
    assert sent.status_code == 303
    after = page(client, url)
    assert "Förslaget skickat till 3 deltagare. Svar senast tisdag 10 november 2026." in after
    step4 = after.split('id="skicka"', 1)[1].split("</section>", 1)[0]
    assert "till 3 deltagare. Svar senast tisdag 10 november 2026." in step4  # sent, when, to whom
    assert "Visa utskicket" not in step4  # not offered a second time
    assert mails(db, "series_proposal") == 3

    db.expire_all()
    first = db.scalars(
        select(Meeting).where(Meeting.adjacent_to_id.is_(None)).order_by(Meeting.starts_at)
    ).first()
    assert first is not None
    token = signer.sign(member(db, "Cia Carlsson"), scope="rsvp", subject_id=first.id)
    objected = client.post(
        "/api/consent", params={"token": token}, json={"works": False, "comment": "Budgetmöte"}
    )
    assert objected.status_code == 200, objected.text
    board = page(client, url)
    assert "Cia Carlsson (Kungälv): Budgetmöte" in board
    assert "Näst bästa tider" in board

    confirmed = post_form(client, f"{url}/bekrafta", {})
    assert confirmed.status_code == 303
    # Two network meetings and their steering meetings; the objected date waits with its own.
    assert "4 möten bekräftade. Inbjudningar skickas till 3 deltagare." in page(client, url)
    db.expire_all()
    statuses = sorted(m.status.value for m in db.scalars(select(Meeting)))
    assert statuses == ["proposed"] * 2 + ["scheduled"] * 4
    run_consumers(session_maker)
    assert mails(db, "meeting_invite") == 3 + 3 + 1 + 1  # everyone twice, Anna's steering twice


def test_refusals_are_form_errors_in_swedish_and_change_nothing(
    client: TestClient, db: Session, kungalv: Organisation
) -> None:
    empty = post_form(client, "/serier/ny", {"name": "", "term": "VT 2027"})
    assert empty.status_code == 400
    assert 'id="name-error"' in empty.text
    assert "Fältet måste fyllas i." in empty.text
    url = create(client)
    many = post_form(
        client, f"{url}/forslag", {"term": "HT 2026", "count": "12", "pref1": "wed-pm"}
    )
    assert many.status_code == 400
    assert re.search(r"Bara \d+ möten ryms under terminen på de valda dagarna.", many.text)
    assert 'value="12"' in many.text  # the form keeps what was typed
    past = post_form(client, f"{url}/forslag", {"term": "VT 2020", "count": "3"})
    assert past.status_code == 400
    assert 'id="term-error"' in past.text
    assert "Okänd eller redan passerad termin" in past.text
    early = post_form(client, f"{url}/skicka", {"reply_by": "2026-10-01", "confirmed": "1"})
    assert early.status_code == 400
    assert 'id="reply_by-error">Inget förslag att skicka</p>' in early.text
    bad_rule = post_form(
        client, f"{url}/aterkommande", {"start": "2027-01-01", "rrule": "FREQ=SOMETIMES"}
    )
    assert bad_rule.status_code == 400
    assert "Regeln gick inte att använda" in bad_rule.text
    not_sent = post_form(client, f"{url}/bekrafta", {})
    assert not_sent.status_code == 400
    assert "Det finns inget utskickat förslag att bekräfta." in not_sent.text
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Meeting)) == 0
    assert mails(db, "series_proposal") == 0


def test_regular_series_and_the_presenter_order(
    client: TestClient, db: Session, kungalv: Organisation, ale: Organisation
) -> None:
    url = create(client)
    made = post_form(
        client,
        f"{url}/aterkommande",
        {"frequency": "monthly", "ordinal": "1", "weekday": "wed", "start": "2027-01-01"}
        | {"until": "2027-06-30", "from_time": "13:00", "to_time": "16:00"},
    )
    assert made.status_code == 303, made.text[:300]
    html = page(client, url)
    # First Wednesdays January–June 2027: a holiday, and an eve off from 14:00, are left out.
    assert (
        "4 möten skapade. Hoppades över: onsdag 6 januari 2027 (Trettondedag jul), "
        "onsdag 5 maj 2027 (Dag före Kristi himmelsfärdsdag (från kl. 14.00))."
    ) in html
    assert "onsdag 3 februari 2027, 13:00–16:00" in html
    rotated = post_form(
        client, f"{url}/rotation", {f"place-{kungalv.id}": "1", f"place-{ale.id}": "2"}
    )
    assert rotated.status_code == 303
    assert "Turordningen är sparad: 4 möten har fått en kommun i fokus." in page(client, url)
    db.expire_all()
    first = db.scalars(select(Meeting).order_by(Meeting.starts_at)).first()
    assert first is not None
    items = db.scalars(select(AgendaItem.title).where(AgendaItem.meeting_id == first.id))
    assert "Kommun i fokus: Kungälv" in list(items)
    assert {m.status for m in db.scalars(select(Meeting))} == {MeetingStatus.planned}
    client.get("/sprak/en", params={"next": url})
    english = page(client, url)
    assert "Regular meetings" in english
    assert "Wednesday 3 February 2027, 13:00–16:00" in english


@pytest.mark.parametrize(
    ("step", "form", "field"),
    [
        ("forslag", {"term": "VT 2027", "count": "0"}, "count"),
        ("forslag", {"term": "VT 2027", "count": "3", "duration": "5"}, "duration"),
        ("forslag", {"term": "VT 2027", "count": "3", "pref1": "sun"}, "pref1"),
        (
            "forslag",
            {"term": "VT 2027", "count": "3", "adjacent": "steering", "adjacent_minutes": "5"},
            "adjacent_minutes",
        ),
        ("enkat", {"closes_on": "i morgon"}, "closes_on"),
        (
            "aterkommande",
            {"start": "2027-01-01", "from_time": "16:00", "to_time": "13:00"},
            "to_time",
        ),
        ("aterkommande", {"start": "2027-01-01", "weekday": "sun"}, "weekday"),
        ("uppgifter", {"name": "x" * 201}, "name"),
    ],
)
def test_bad_input_is_a_form_error_next_to_its_field(
    client: TestClient, kungalv: Organisation, step: str, form: dict[str, str], field: str
) -> None:
    url = create(client)
    response = post_form(client, f"{url}/{step}", form)
    assert response.status_code == 400, response.text[:300]
    assert f'id="{field}-error"' in response.text
