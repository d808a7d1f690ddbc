"""Regressions found by walking through `make run` as a coordinator and as a member."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.meetings.models import MeetingStatus
from services.people.models import Member, Network
from tests.integration.web.conftest import make_task, post_form
from tests.support.factories import make_meeting


def test_a_date_at_the_edge_of_the_calendar_is_a_form_error(client: TestClient) -> None:
    """Year 1 overflowed when converted from Stockholm time to UTC: a 500."""
    for day in ("0001-01-01", "9999-12-31"):
        response = post_form(
            client, "/moten", {"title": "Träff", "date": day, "start": "00:00", "end": "00:30"}
        )
        assert response.status_code == 422, response.text
        assert 'id="date-error"' in response.text
        assert "Ange ett år mellan 1900 och 2200." in response.text


def test_meeting_status_is_its_label_not_a_sentence(
    client: TestClient, db: Session, network: Network
) -> None:
    """'minutes_approved' and 'cancelled' are also catalogue keys of other texts."""
    approved = make_meeting(db, network, days_ahead=-30, status=MeetingStatus.minutes_approved)
    make_meeting(db, network, days_ahead=20, status=MeetingStatus.cancelled, title="Inställd")
    listing = client.get("/moten").text
    assert "protokoll godkänt" in listing
    assert "inställt" in listing
    assert "Protokollet är godkänt." not in listing
    assert "Struken" not in listing
    page = client.get(f"/moten/{approved.id}").text
    assert '<span class="badge" id="meeting-status">protokoll godkänt</span>' in page


def test_an_overdue_task_cell_has_one_label(client: TestClient, db: Session, anna: Member) -> None:
    """A second data-label on the cell made the stylesheet print '(Klart senast)' after it."""
    make_task(db, anna, "Sen uppgift", days=-3)
    html = client.get("/uppgifter").text
    cells = re.findall(r"<td[^>]*class=\"overdue\"[^>]*>", html)
    assert cells
    for cell in cells:
        assert cell.count("data-label=") == 1, cell


def test_review_and_forms_show_words_not_identifiers(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    """Kinds of action items and dates were raw identifiers; some labels were 'sv / en'."""
    meeting = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    text = (
        "NÄRVARANDE\n\nAnna Andersson, Ale\n\nFRÅNVARANDE\n\nBo Berg, Lerum\n\n"
        "1. Material\n\nAnna Andersson skickar ut bilderna senast 2030-03-01.\n"
    )
    review = post_form(client, f"/moten/{meeting.id}/protokoll", {"text": text})
    assert review.status_code == 200, review.text
    html = review.text
    assert '<option value="send_material"' in html
    assert ">Skicka material</option>" in html
    assert ">Ansökan öppnar</option>" in html
    assert ">send_material<" not in html
    assert ">window_opens<" not in html
    assert "frånvarande / absent" not in html
    listing = client.get("/moten").text
    assert ">På plats</option>" in listing
    assert "/ on site" not in listing
    english = client.get("/sprak/en?next=/moten").text
    assert ">On site</option>" in english


def test_a_mistyped_address_is_a_swedish_page_for_browsers(
    client: TestClient, db: Session, network: Network
) -> None:
    """Unrouted paths answered FastAPI's English JSON, also to a browser."""
    html = {"Accept": "text/html,application/xhtml+xml"}
    missing = client.get("/motenn", headers=html)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "Sidan finns inte." in missing.text
    meeting = make_meeting(db, network)
    reloaded = client.get(f"/moten/{meeting.id}/protokoll", headers=html)  # a POST-only address
    assert reloaded.status_code == 405
    assert "Sidan finns inte." in reloaded.text
    assert client.get("/static/web/nope.css", headers=html).status_code == 404
    api = client.get("/api/finns-inte", headers=html)
    assert api.status_code == 404
    not_found = {"detail": "finns inte / not found", "code": "not_found"}
    assert api.json() == {**not_found, "field": None, "errors": None}  # the API's Problem body
    assert client.get("/motenn").json() == api.json()


def test_the_configured_default_language_is_used(app_client: TestClient) -> None:
    """SAMVERKAN_DEFAULT_LANGUAGE was read into the settings but no page looked at it."""
    settings = app_client.app.state.settings  # type: ignore[attr-defined]
    page = app_client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="sv">' in page.text
    app_client.app.state.settings = settings.model_copy(update={"default_language": "en"})  # type: ignore[attr-defined]
    english = app_client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="en">' in english.text
    swedish = app_client.get("/login", headers={"Accept-Language": "sv-SE,sv;q=0.9,en"})
    assert '<html lang="sv">' in swedish.text


def test_stacked_cards_and_review_text_have_room(client: TestClient) -> None:
    """Cards outside a grid touched each other, and action-item text wrapped a word a line."""
    css = client.get("/static/web/app.css").text
    assert "main > section.card, main > .grid, main > .row { margin-bottom: 1rem; }" in css
    assert "#actions textarea { min-width: 18rem;" in css


def test_a_service_error_shows_in_the_pages_language_only(client: TestClient) -> None:
    """Service messages are 'svenska / English'; a Swedish page showed both halves."""
    form = {"title": "Träff", "date": "2020-03-04", "start": "13:00", "end": "16:00"}
    swedish = post_form(client, "/moten", form)
    assert swedish.status_code == 422, swedish.text
    assert "Mötet kan inte börja i det förflutna" in swedish.text
    assert "start is in the past" not in swedish.text
    client.get("/sprak/en?next=/moten")
    english = post_form(client, "/moten", form)
    assert "Start is in the past" in english.text
    assert "förflutna" not in english.text


def test_a_coded_service_error_shows_the_catalogue_text(client: TestClient, anna: Member) -> None:
    """A refusal raised by code (people.email_taken) is worded from the shared catalogue."""
    form = {"name": "Anna igen", "email": anna.email, "organisation_id": str(anna.organisation_id)}
    swedish = post_form(client, "/organisationer/medlemmar", form)
    assert swedish.status_code == 409, swedish.text
    assert "E-postadressen används redan" in swedish.text
    assert "already in use" not in swedish.text
    client.get("/sprak/en?next=/organisationer")
    english = post_form(client, "/organisationer/medlemmar", form)
    assert "E-mail already in use" in english.text
    assert "används" not in english.text


def test_a_refused_upload_names_the_file_kind_in_the_pages_language(
    client: TestClient, db: Session, network: Network
) -> None:
    """The reader's refusal puts a file kind into a sentence; both come from the catalogue."""
    meeting = make_meeting(db, network, days_ahead=-2, status=MeetingStatus.held)
    png = {"file": ("bild.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "text/plain")}
    swedish = post_form(client, f"/moten/{meeting.id}/protokoll", {}, files=png)
    assert swedish.status_code == 422
    assert "Filen är en PNG-bild, inte text" in swedish.text
    assert "PNG image" not in swedish.text
    client.get(f"/sprak/en?next=/moten/{meeting.id}")
    english = post_form(client, f"/moten/{meeting.id}/protokoll", {}, files=png)
    assert "The file is a PNG image, not text" in english.text
    assert "PNG-bild" not in english.text
