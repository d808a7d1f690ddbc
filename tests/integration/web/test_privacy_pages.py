"""A member's personal data on the coordinator's pages: export as JSON and as a readable page,
erase after one question, with a flash that says what went and an audit row without the data."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry
from services.people.models import Member, Network
from services.privacy.erase import PLACEHOLDER
from tests.integration.web.conftest import post_form
from tests.support.factories import make_member, make_network, make_organisation


def test_export_and_erase_from_the_person_page(
    client: TestClient, db: Session, network: Network
) -> None:
    eva = make_member(db, make_organisation(db, network, "Ale"), "Eva Ekström", email="eva@ale.se")
    db.commit()
    base = f"/organisationer/medlemmar/{eva.id}/personuppgifter"
    assert f"/personer/{eva.id}" in client.get("/organisationer").text
    assert base in client.get(f"/personer/{eva.id}").text  # the person page links it
    page = client.get(base).text
    assert "Personuppgifter om Eva Ekström" in page
    assert "Radera personuppgifterna …" in page

    download = client.get(f"{base}/export.json")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.json()["member"]["email"] == "eva@ale.se"
    readable = client.get(f"{base}/export.html")
    assert readable.headers["content-type"].startswith("text/html")
    assert "Uppgifter om Eva Ekström" in readable.text

    asked = client.get(f"{base}?radera=1").text
    assert "Ja, radera personuppgifterna" in asked
    assert "Det går inte att ångra." in asked
    unconfirmed = post_form(client, f"{base}/radera", {})
    assert unconfirmed.status_code == 422
    db.expire_all()
    assert db.get(Member, eva.id).name == "Eva Ekström"  # type: ignore[union-attr]

    erased = post_form(client, f"{base}/radera", {"confirm": "1"})
    assert erased.status_code == 303
    people = client.get("/organisationer").text
    assert "Personuppgifterna är raderade: namn, e-postadress" in people
    assert f">{PLACEHOLDER}</a>" not in people  # its row is not listed, nor offered "Aktivera"
    assert f"/personer/{eva.id}" not in people
    db.expire_all()
    member = db.get(Member, eva.id)
    assert member is not None
    assert member.name == PLACEHOLDER
    audit = db.scalar(
        select(AuditEntry).where(AuditEntry.action == "erase", AuditEntry.entity_id == eva.id)
    )
    assert audit is not None
    assert "Eva" not in repr(audit.details)
    assert "eva@ale.se" not in repr(audit.details)
    assert "redan raderade" in client.get(base).text
    # the placeholder is nobody to edit or reactivate: that would undo the erasure
    assert client.get(f"/personer/{eva.id}").status_code == 404
    renamed = post_form(client, f"/personer/{eva.id}", {"name": "Eva", "email": "eva@ale.se"})
    assert renamed.status_code == 404
    reactivated = post_form(client, f"/organisationer/medlemmar/{eva.id}", {"op": "activate"})
    assert reactivated.status_code == 404
    db.expire_all()
    member = db.get(Member, eva.id)
    assert member is not None
    assert (member.name, member.active) == (PLACEHOLDER, False)


def test_another_networks_member_is_not_found(client: TestClient, db: Session) -> None:
    other = make_network(db, "Främmande nätverket")
    stranger = make_member(db, make_organisation(db, other, "Ale"), "Stina Främling")
    db.commit()
    base = f"/organisationer/medlemmar/{stranger.id}/personuppgifter"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/export.json").status_code == 404
    assert post_form(client, f"{base}/radera", {"confirm": "1"}).status_code == 404
    db.expire_all()
    assert db.get(Member, stranger.id).name == "Stina Främling"  # type: ignore[union-attr]
