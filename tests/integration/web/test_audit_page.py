"""The log page: the network's audit rows in Swedish words, newest first, filtered, paged, and
never another network's rows or an identifier."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from schemas.people import MemberPatch
from schemas.tasks import TaskIn
from services.actors import Actor
from services.audit.models import AuditEntry
from services.audit.queries import PER_PAGE, AuditFilter, audit_page
from services.auth.models import UserAccount
from services.deadlines.models import Deadline
from services.deadlines.service import delete_deadline
from services.people.models import Member, Network
from services.people.service import update_member
from services.tasks.service import create_task
from tests.support.factories import make_member, make_network, make_organisation

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _actor(user: UserAccount) -> Actor:
    return Actor(kind="user", id=user.id, network_id=user.network_id, role="coordinator")


def _entry(db: Session, network: Network, at: datetime, **fields: object) -> AuditEntry:
    values: dict[str, object] = {"actor": "system", "action": "hold", "entity_type": "meeting"}
    entry = AuditEntry(network_id=network.id, at=at, details={}, **(values | fields))
    db.add(entry)
    db.flush()
    return entry


def test_a_change_reads_as_a_swedish_sentence_with_names_and_fields(
    client: TestClient, db: Session, coordinator: UserAccount, anna: Member
) -> None:
    coordinator.name = "Sara Samordnare"
    update_member(
        db,
        member_id=anna.id,
        data=MemberPatch(email="anna.ny@example.org", in_steering_group=True),
        actor=_actor(coordinator),
    )
    db.commit()
    page = client.get("/logg")
    assert page.status_code == 200
    assert "Sara Samordnare" in page.text
    assert "ändrade medlemmen Anna Andersson (e-post, styrgruppen)" in page.text
    table = page.text.split("<tbody>", 1)[1]
    assert not UUID.search(table)
    assert "update" not in table
    assert "member" not in table
    assert 'href="/logg" aria-current="page"' in page.text


def test_a_task_and_a_withdrawn_deadline_are_named(
    client: TestClient, db: Session, coordinator: UserAccount, anna: Member
) -> None:
    create_task(
        db,
        data=TaskIn(title="Boka lokal", owner_member_id=anna.id, due_date=date(2031, 3, 1)),
        actor=_actor(coordinator),
    )
    deadline = Deadline(
        network_id=anna.network_id,
        title="Utlysning ESF",
        closes_at=datetime.now(UTC) + timedelta(days=30),
    )
    db.add(deadline)
    db.flush()
    delete_deadline(db, deadline_id=deadline.id, actor=_actor(coordinator))
    db.commit()
    page = client.get("/logg").text
    assert "lade till uppgiften Boka lokal" in page
    assert "tog bort tidsfristen Utlysning ESF" in page


def test_newest_first_paged_and_only_this_network(
    client: TestClient, db: Session, network: Network
) -> None:
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    for i in range(PER_PAGE + 5):
        _entry(db, network, start + timedelta(minutes=i))
    _entry(db, make_network(db), start + timedelta(days=9), action="cancel")
    db.commit()
    first = client.get("/logg").text
    assert f"{PER_PAGE + 5} händelser" in first
    assert "Sida 1 av 2" in first
    assert 'href="/logg?sida=2"' in first
    assert "ställde in" not in first  # the other network's row
    assert "1 november 2026" in first
    rows, total = audit_page(db, network.id, AuditFilter(), page=1)
    assert total == PER_PAGE + 5
    assert rows[0].at > rows[-1].at
    second = client.get("/logg?sida=2").text
    assert "Sida 2 av 2" in second
    assert "Nyare" in second
    assert second.count("markerade som hållet") == 5


def test_filters_by_person_object_and_dates(
    client: TestClient, db: Session, network: Network, coordinator: UserAccount, anna: Member
) -> None:
    bo = make_member(db, make_organisation(db, network, "Lerum"), "Bo Berg")
    day = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
    _entry(db, network, day, actor=f"user:{coordinator.id}", action="update",
           entity_type="member", entity_id=bo.id)  # fmt: skip
    _entry(db, network, day + timedelta(days=5), actor=f"member:{anna.id}", action="rsvp")
    _entry(db, network, day + timedelta(days=10), action="create", entity_type="task")
    db.commit()
    by_bo = client.get(f"/logg?person={bo.id}").text
    assert "1 händelse" in by_bo
    assert "ändrade medlemmen Bo Berg" in by_bo
    by_anna = client.get(f"/logg?person={anna.id}").text
    assert "svarade på inbjudan till mötet" in by_anna
    assert "Anna Andersson" in by_anna
    tasks = client.get("/logg?object=task").text
    assert "1 händelse" in tasks
    assert "lade till uppgiften" in tasks
    window = client.get("/logg?from=2026-11-15&to=2026-11-15").text
    assert "1 händelse" in window
    assert "svarade på inbjudan" in window


def test_bad_filters_are_form_errors(client: TestClient) -> None:
    page = client.get("/logg?from=2026-11-20&to=2026-11-01&person=nobody")
    assert page.status_code == 422
    assert "Slutdatumet kan inte vara före startdatumet." in page.text
    assert 'aria-invalid="true"' in page.text
