"""The accessibility statement the law asks for: public, linked from every page, in Swedish and
English, with who to write to, the honest compliance status, Digg's address and the dates."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.auth.models import UserAccount, UserRole
from services.auth.service import LinkSigner
from services.people.models import Member, Network
from tests.support.factories import make_network, make_organisation, make_user

FOOTER = '<footer class="site">'


def test_statement_is_public_and_swedish_by_default(
    app_client: TestClient, db: Session, network: Network, coordinator: UserAccount
) -> None:
    gr = make_organisation(db, network, "Göteborgsregionen")
    network.coordinator_organisation_id = gr.id
    db.commit()
    response = app_client.get("/tillganglighet")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert '<html lang="sv">' in page
    assert "<h1>Tillgänglighetsredogörelse för samverkan</h1>" in page
    assert f"Göteborgsregionen står bakom tjänsten för {network.name}" in page
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in page
    assert "<strong>delvis förenlig</strong>" in page
    assert "WCAG 2.1 kriterium 2.2.1" in page
    assert "Manuella tester med skärmläsare och förstoring återstår" in page
    assert "Myndigheten för digital förvaltning (Digg)" in page
    assert '<a href="https://www.digg.se/tdosanmalan">' in page
    subject = quote("Tillgänglighet i samverkan")
    assert f'href="mailto:{coordinator.email}?subject={subject}"' in page
    assert "Senaste bedömningen gjordes den 2 december 2026." in page
    assert "efter 8 timmar utan aktivitet" in page


def test_statement_in_english(app_client: TestClient) -> None:
    page = app_client.get("/tillganglighet", headers={"Accept-Language": "en"}).text
    assert '<html lang="en">' in page
    assert "<h1>Accessibility statement for samverkan</h1>" in page
    assert "<strong>partially compliant</strong>" in page
    assert "The last assessment was made on 2 December 2026." in page


def test_a_signed_in_coordinator_sees_their_own_networks_contact(
    client: TestClient, db: Session, coordinator: UserAccount
) -> None:
    other = make_network(db, "Nätverket för arbetsmarknad")
    stranger = make_user(db, other, UserRole.coordinator)
    db.commit()
    page = client.get("/tillganglighet").text
    assert f"mailto:{coordinator.email}" in page
    assert stranger.email not in page
    assert "Nätverket för arbetsmarknad" not in page


def test_the_networks_mailbox_is_preferred_to_personal_addresses(
    app_client: TestClient, db: Session, network: Network, coordinator: UserAccount
) -> None:
    network.organiser_mailbox = "natverket@goteborgsregionen.example"
    db.commit()
    page = app_client.get("/tillganglighet").text
    contacts = page.split('<ul id="contacts">', 1)[1].split("</ul>", 1)[0]
    assert "mailto:natverket@goteborgsregionen.example" in contacts
    assert coordinator.email not in contacts


def test_a_network_without_coordinator_says_whom_to_ask(
    app_client: TestClient, db: Session, network: Network
) -> None:
    db.commit()
    page = html.unescape(app_client.get("/tillganglighet").text)
    contacts = page.split('<ul id="contacts">', 1)[1].split("</ul>", 1)[0]
    assert network.name in contacts
    assert "ingen samordnare är registrerad än" in contacts
    assert "mailto:" not in contacts


@pytest.mark.parametrize("path", ["/", "/moten", "/uppgifter", "/post", "/losenord", "/nope"])
def test_every_coordinator_page_links_the_statement(client: TestClient, path: str) -> None:
    page = client.get(path, headers={"Accept": "text/html"}).text
    footer = page.split(FOOTER, 1)[1]
    assert re.search(r'<a href="/tillganglighet"[^>]*>Tillgänglighet</a>', footer)


def test_the_login_and_member_pages_link_the_statement(
    app_client: TestClient, db: Session, anna: Member, signer: LinkSigner
) -> None:
    db.commit()
    for path in ("/login", f"/m/{signer.sign(anna, scope='member')}", "/m/forged"):
        page = app_client.get(path).text
        assert '<a href="/tillganglighet">Tillgänglighet</a>' in page.split(FOOTER, 1)[1], path
