"""Many networks in one installation: one account coordinates two networks and sees only the
chosen one (pages and API), switching changes what it sees, a network without a role cannot be
chosen, and a person who is a member of two networks has separate links for each."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry
from services.auth.models import NetworkMembership, UserAccount, UserRole
from services.auth.service import LinkSigner
from services.meetings.models import MeetingStatus
from services.people.models import Network
from tests.integration.web.conftest import login_form, post_form
from tests.support.factories import make_meeting, make_member, make_network, make_organisation


def two_networks(db: Session, coordinator: UserAccount, network: Network) -> Network:
    """The coordinator's first network gets a meeting; a second network with its own meeting
    and the coordinator as its coordinator too."""
    other = make_network(db, "Handläggarnätverket")
    make_meeting(db, network, title="Möte i första nätverket", days_ahead=5)
    make_meeting(db, other, title="Möte i handläggarnätverket", days_ahead=6)
    coordinator.memberships.append(
        NetworkMembership(network_id=other.id, role=UserRole.coordinator)
    )
    db.commit()
    return other


def test_one_account_sees_only_the_chosen_network(
    app_client: TestClient, db: Session, network: Network, coordinator: UserAccount
) -> None:
    other = two_networks(db, coordinator, network)
    assert login_form(app_client, coordinator.email).status_code == 303
    page = app_client.get("/moten").text
    assert "Möte i första nätverket" in page
    assert "Möte i handläggarnätverket" not in page
    assert 'name="network_id"' in page  # the switcher: the account has two networks

    switched = post_form(app_client, "/natverk", {"network_id": str(other.id), "next": "/moten"})
    assert switched.status_code == 303
    page = app_client.get("/moten").text
    assert "Möte i handläggarnätverket" in page
    assert "Möte i första nätverket" not in page
    assert "Du arbetar nu i Handläggarnätverket." in page

    titles = [m["title"] for m in app_client.get("/api/meetings").json()["items"]]
    assert titles == ["Möte i handläggarnätverket"]


def test_api_tokens_belong_to_one_network(
    client: TestClient, db: Session, network: Network, coordinator: UserAccount
) -> None:
    other = two_networks(db, coordinator, network)
    first = client.post("/api/auth/tokens", json={"name": "första"}).json()["token"]
    assert post_form(client, "/natverk", {"network_id": str(other.id)}).status_code == 303
    second = client.post("/api/auth/tokens", json={"name": "andra"}).json()["token"]
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)
    expected = ((first, "Möte i första nätverket"), (second, "Möte i handläggarnätverket"))
    for token, title in expected:
        answer = client.get("/api/meetings", headers={"Authorization": f"Bearer {token}"})
        assert [m["title"] for m in answer.json()["items"]] == [title]


def test_a_network_without_a_role_cannot_be_chosen(
    app_client: TestClient, db: Session, network: Network, coordinator: UserAccount
) -> None:
    make_meeting(db, network, title="Möte i första nätverket", days_ahead=5)
    foreign = make_network(db, "Främmande nätverket")
    make_meeting(db, foreign, title="Hemligt möte", days_ahead=5)
    db.commit()
    assert login_form(app_client, coordinator.email).status_code == 303
    audits = db.scalar(select(func.count()).select_from(AuditEntry))
    assert 'name="network_id"' not in app_client.get("/moten").text  # one network: no switcher

    for forged in (str(foreign.id), "inte-ett-id", ""):
        refused = post_form(app_client, "/natverk", {"network_id": forged})
        assert refused.status_code == 403
    page = app_client.get("/moten").text
    assert "Möte i första nätverket" in page
    assert "Hemligt möte" not in page
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_one_person_in_two_networks_has_separate_links(
    app_client: TestClient, db: Session, network: Network, signer: LinkSigner
) -> None:
    other = make_network(db, "AME-chefsnätverket")
    here = make_member(db, make_organisation(db, network, "Ale"), "Eva Ek", email="eva@ale.se")
    there = make_member(db, make_organisation(db, other, "Ale"), "Eva Ek", email="eva@ale.se")
    make_meeting(db, network, title="Möte här", days_ahead=5, status=MeetingStatus.scheduled)
    make_meeting(db, other, title="Möte där", days_ahead=5, status=MeetingStatus.scheduled)
    db.commit()
    assert here.id != there.id
    link_here, link_there = signer.sign(here, scope="member"), signer.sign(there, scope="member")
    assert link_here != link_there
    page_here, page_there = app_client.get(f"/m/{link_here}"), app_client.get(f"/m/{link_there}")
    assert page_here.status_code == page_there.status_code == 200
    assert "Möte här" in page_here.text
    assert "Möte där" not in page_here.text
    assert "Möte där" in page_there.text
    assert "Möte här" not in page_there.text
    # A link naming one network's member with the other network is refused.
    there.network_id = network.id
    forged = signer.sign(there, scope="member")
    db.rollback()
    assert app_client.get(f"/m/{forged}").status_code == 403
