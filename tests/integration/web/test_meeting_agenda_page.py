"""The meeting page: each agenda item can be edited, moved and deleted; errors sit by the field."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.audit.models import AuditEntry
from services.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from services.people.models import Member, Network, Organisation
from tests.integration.web.conftest import post_form
from tests.support.factories import make_meeting


def agenda(db: Session, meeting: Meeting) -> list[tuple[int, str, str]]:
    db.expire_all()
    rows = db.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
    )
    return [(row.position, row.title, row.notes) for row in rows]


def with_agenda(db: Session, network: Network, *titles: str) -> tuple[Meeting, list[AgendaItem]]:
    meeting = make_meeting(db, network, status=MeetingStatus.scheduled)
    items = [AgendaItem(meeting_id=meeting.id, position=i, title=t) for i, t in enumerate(titles)]
    db.add_all(items)
    db.flush()
    return meeting, items


def test_edit_move_and_delete_an_item_on_the_page(
    client: TestClient, db: Session, network: Network, lerum: Organisation
) -> None:
    meeting, (first, second, third) = with_agenda(db, network, "Inledning", "Fokus", "Övrigt")
    page = client.get(f"/moten/{meeting.id}").text
    assert f'action="/moten/{meeting.id}/punkter/{second.id}"' in page
    assert f'action="/moten/{meeting.id}/punkter/{third.id}/ta-bort"' in page
    edited = post_form(
        client,
        f"/moten/{meeting.id}/punkter/{second.id}",
        {"title": "Lerum i fokus", "notes": "15 min", "presenter": str(lerum.id), "position": "1"},
    )
    assert edited.status_code == 303, edited.text
    assert agenda(db, meeting) == [
        (0, "Lerum i fokus", "15 min"),
        (1, "Inledning", ""),
        (2, "Övrigt", ""),
    ]
    assert db.get(AgendaItem, second.id).presenter_organisation_id == lerum.id  # type: ignore[union-attr]
    assert db.get(Meeting, meeting.id).ical_sequence == 1  # type: ignore[union-attr]
    deleted = post_form(client, f"/moten/{meeting.id}/punkter/{first.id}/ta-bort", {})
    assert deleted.status_code == 303
    assert agenda(db, meeting) == [(0, "Lerum i fokus", "15 min"), (1, "Övrigt", "")]


def test_a_bad_edit_shows_the_error_by_its_field_and_changes_nothing(
    client: TestClient, db: Session, network: Network
) -> None:
    meeting, (item,) = with_agenda(db, network, "Inledning")
    before = agenda(db, meeting), db.scalar(select(func.count()).select_from(AuditEntry))
    url = f"/moten/{meeting.id}/punkter/{item.id}"
    empty = post_form(client, url, {"title": "", "notes": "kvar i rutan", "position": "1"})
    assert empty.status_code == 422
    assert f'id="item-{item.id}-title-error"' in empty.text
    assert "Fältet måste fyllas i." in empty.text
    assert "kvar i rutan" in empty.text  # what was typed stays in the form
    assert "<details open>" in empty.text
    bad_place = post_form(client, url, {"title": "Inledning", "position": "först"})
    assert bad_place.status_code == 422
    assert f'id="item-{item.id}-position-error"' in bad_place.text
    no_csrf = client.post(url, data={"title": "Utan token"}, follow_redirects=False)
    assert no_csrf.status_code in (400, 403)
    assert (agenda(db, meeting), db.scalar(select(func.count()).select_from(AuditEntry))) == before


def test_attendance_form_replaces_and_refuses_unknown_items(
    client: TestClient, db: Session, network: Network, anna: Member, bo: Member
) -> None:
    meeting, _ = with_agenda(db, network, "Inledning", "Fokus")
    url = f"/moten/{meeting.id}/narvaro"
    assert (
        post_form(
            client, url, {"member": [str(anna.id), str(bo.id)], f"present-{anna.id}": "1"}
        ).status_code
        == 303
    )
    refused = post_form(
        client, url, {"member": [str(anna.id), str(bo.id)], f"items-{bo.id}": "2, 5"}
    )
    assert refused.status_code == 422
    assert 'id="attendance-error"' in refused.text
    assert "unkt 5 finns inte på dagordningen (punkter: 1, 2)" in refused.text
    assert (
        post_form(client, url, {"member": [str(bo.id)], f"items-{bo.id}": "2"}).status_code == 303
    )
    db.expire_all()
    rows = {
        a.member_id: a.items
        for a in db.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    assert rows == {bo.id: ["2"]}
