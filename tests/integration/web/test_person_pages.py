"""The person page changes a member's e-mail, name, role and groups (a new address ends the old
links); the organisation page sets the contact person and the other names minutes use."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.enums import MemberRole
from services.audit.models import AuditEntry
from services.minutes.service import organisation_index
from services.people.models import Member, Organisation
from tests.integration.web.conftest import post_form


def _person(member: Member, **values: str) -> dict[str, str]:
    base = {"name": member.name, "email": member.email, "role": member.role.value}
    return {**base, **values}


def test_the_person_page_shows_the_member_in_swedish(
    client: TestClient, anna: Member, ale: Organisation
) -> None:
    page = client.get(f"/personer/{anna.id}")
    assert page.status_code == 200
    assert "Anna Andersson" in page.text
    assert "Ale" in page.text
    assert ">Medlem</option>" in page.text
    assert "Styrgruppen" in page.text
    assert f'href="/personer/{anna.id}"' in client.get("/organisationer").text


def test_a_new_address_ends_the_old_links_and_says_so(
    client: TestClient, db: Session, anna: Member
) -> None:
    version = anna.link_version
    done = post_form(
        client,
        f"/personer/{anna.id}",
        _person(anna, name="Anna Ek", email="Anna.Ek@example.org", role="coordinator",
                in_steering_group="1"),
    )  # fmt: skip
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Länkar som skickats till den gamla adressen gäller inte längre" in page
    assert "anna.ek@example.org" in page
    db.refresh(anna)
    assert (anna.name, anna.email, anna.role) == ("Anna Ek", "anna.ek@example.org",
                                                  MemberRole.coordinator)  # fmt: skip
    assert anna.in_steering_group
    assert not anna.in_preparatory_group
    assert anna.link_version == version + 1
    entry = db.scalar(
        select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity_id == anna.id)
    )
    assert entry is not None  # the log names what changed, not the groups left as they were
    assert entry.details == {"fields": ["email", "in_steering_group", "name", "role"]}


def test_the_same_address_keeps_the_links(client: TestClient, db: Session, anna: Member) -> None:
    version = anna.link_version
    done = post_form(client, f"/personer/{anna.id}", _person(anna, in_preparatory_group="1"))
    assert "Ingen har fått mejl om ändringen." in client.get(done.headers["location"]).text
    db.refresh(anna)
    assert anna.in_preparatory_group
    assert anna.link_version == version


def test_a_taken_or_bad_address_is_a_form_error_that_changes_nothing(
    client: TestClient, db: Session, anna: Member, bo: Member
) -> None:
    taken = post_form(client, f"/personer/{anna.id}", _person(anna, email=bo.email, name="X"))
    assert taken.status_code == 409
    assert "E-postadressen används redan" in taken.text
    bad = post_form(client, f"/personer/{anna.id}", _person(anna, email="inte-en-adress"))
    assert bad.status_code == 422
    empty = post_form(client, f"/personer/{anna.id}", _person(anna, name="", role="chef"))
    assert empty.status_code == 422
    assert 'id="role-error"' in empty.text
    db.refresh(anna)
    assert anna.name == "Anna Andersson"
    assert anna.email != bo.email


def test_another_networks_member_is_not_found(client: TestClient) -> None:
    assert client.get(f"/personer/{uuid.uuid4()}").status_code == 404
    assert client.get(f"/organisation/{uuid.uuid4()}").status_code == 404


def test_the_organisation_page_sets_contact_and_other_names(
    client: TestClient, db: Session, ale: Organisation, anna: Member
) -> None:
    page = client.get(f"/organisation/{ale.id}")
    assert page.status_code == 200
    assert "Andra namn, ett per rad" in page.text
    done = post_form(
        client,
        f"/organisation/{ale.id}",
        {"contact_member_id": str(anna.id), "aliases": "Ale kommun\n\nAK\nAle kommun\n"},
    )
    assert done.status_code == 303
    assert "Ale är sparad." in client.get(done.headers["location"]).text
    db.refresh(ale)
    assert ale.contact_member_id == anna.id
    assert ale.aliases == ["Ale kommun", "AK"]
    assert organisation_index(db, ale.network_id)["ak"].id == ale.id  # minutes now match "AK"
    cleared = post_form(client, f"/organisation/{ale.id}", {"contact_member_id": "", "aliases": ""})
    assert cleared.status_code == 303
    db.refresh(ale)
    assert (ale.contact_member_id, ale.aliases) == (None, [])


def test_a_contact_from_another_organisation_is_refused(
    client: TestClient, db: Session, ale: Organisation, bo: Member
) -> None:
    page = post_form(
        client, f"/organisation/{ale.id}", {"contact_member_id": str(bo.id), "aliases": "AK"}
    )
    assert page.status_code == 422
    assert "Kontaktpersonen måste tillhöra organisationen" in page.text
    db.refresh(ale)
    assert ale.contact_member_id is None
    assert ale.aliases == []
    too_long = post_form(client, f"/organisation/{ale.id}", {"aliases": "x" * 201})
    assert too_long.status_code == 422
    assert "Högst 200 tecken per namn" in too_long.text
