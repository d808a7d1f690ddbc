"""The weekly chores through the pages: meetings, attendance, minutes, tasks, members, export."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.auth.service import LinkSigner
from services.events.models import DomainEvent
from services.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus, Rsvp
from services.minutes.models import ActionItem
from services.people.models import Member, Network, Organisation
from services.tasks.models import TaskStatus
from tests.integration.web.conftest import make_task, post_form
from tests.support.factories import make_meeting

MINUTES = """Anteckningar nätverksträff

NÄRVARANDE

Anna Andersson, Ale
Bo Berg, Lerum

1. Inledning

Dagordningen godkänns.

2. Statistik

Anna Andersson från Ale återkommer med statistik per kommun till nästa möte.
"""


def test_create_meeting_errors_are_next_to_their_fields(client: TestClient) -> None:
    response = post_form(
        client, "/moten", {"title": "", "date": "31/12", "start": "13:00", "end": "12:00"}
    )
    assert response.status_code == 422
    html = response.text
    assert 'id="title-error"' in html
    assert "Fältet måste fyllas i." in html
    assert 'id="date-error"' in html
    assert "ÅÅÅÅ-MM-DD" in html
    assert 'id="end-error"' in html


def test_create_schedule_and_take_attendance(
    client: TestClient, db: Session, anna: Member, bo: Member
) -> None:
    day = (date.today() + timedelta(days=20)).isoformat()
    created = post_form(
        client, "/moten", {"title": "Träff", "date": day, "start": "13:00", "end": "16:00"}
    )
    assert created.status_code == 303
    meeting_id = created.headers["location"].rsplit("/", 1)[1]
    assert post_form(client, f"/moten/{meeting_id}/schemalagg", {}).status_code == 303
    meeting = db.get(Meeting, meeting_id)
    assert meeting is not None
    assert meeting.status == MeetingStatus.scheduled
    saved = post_form(
        client,
        f"/moten/{meeting_id}/narvaro",
        {"member": [str(anna.id), str(bo.id)], f"items-{bo.id}": "5"},
    )
    assert saved.status_code == 303
    rows = {
        a.member_id: a
        for a in db.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    assert rows[anna.id].status == AttendanceStatus.absent  # absent by default
    assert rows[bo.id].status == AttendanceStatus.partial
    assert rows[bo.id].items == ["5"]


def test_minutes_upload_review_and_approve(
    client: TestClient, db: Session, network: Network, anna: Member, bo: Member, ale: Organisation
) -> None:
    meeting = make_meeting(db, network, days_ahead=-2, status=MeetingStatus.held)
    bad = post_form(
        client,
        f"/moten/{meeting.id}/protokoll",
        {},
        files={"file": ("x.exe", b"MZ\x00\x01", "application/octet-stream")},
    )
    assert bad.status_code == 422
    assert 'id="file-error"' in bad.text
    review = post_form(
        client,
        f"/moten/{meeting.id}/protokoll",
        {},
        files={"file": ("m.txt", MINUTES.encode(), "text/plain")},
    )
    assert review.status_code == 200
    assert "återkommer med statistik" in review.text
    assert 'name="n_action" value="2"' in review.text
    form = {
        "text": MINUTES,
        "n_present": "1",
        "present-0-keep": "1",
        "present-0-name": "Anna Andersson",
        "present-0-org": "Ale",
        "n_action": "2",
        "action-0-keep": "1",
        "action-0-text": "Ta fram statistik",
        "action-0-title": "Statistik",
        "action-0-owner": "m:Anna Andersson",
        "action-0-due": "not a date",
        "action-0-kind": "follow_up",
        "action-1-text": "dropped row",
    }
    wrong = post_form(
        client, f"/moten/{meeting.id}/protokoll/granska", {**form, "action": "approve"}
    )
    assert wrong.status_code == 422
    assert 'id="action-0-due-error"' in wrong.text
    assert 'value="not a date"' in wrong.text
    form["action-0-due"] = (date.today() + timedelta(days=7)).isoformat()
    done = post_form(
        client, f"/moten/{meeting.id}/protokoll/granska", {**form, "action": "approve"}
    )
    assert done.status_code == 303, done.text
    db.refresh(meeting)
    assert meeting.status == MeetingStatus.minutes_approved
    items = db.scalars(select(ActionItem)).all()
    assert [(i.text, i.owner_member_id) for i in items] == [("Ta fram statistik", anna.id)]
    assert items[0].title == "Statistik"  # the short title, the sentence kept as description
    assert db.scalar(select(DomainEvent.type).where(DomainEvent.type == "minutes.approved"))


def test_task_filters_sort_bulk_and_export(
    client: TestClient, db: Session, anna: Member, bo: Member, ale: Organisation
) -> None:
    late = make_task(db, anna, "=SUM(A1) sen", days=-4)
    make_task(db, bo, "Bos framtida", days=8)
    page = client.get(f"/uppgifter?overdue=1&organisation={ale.id}&sort=-title")
    assert "sen" in page.text
    assert "Bos framtida" not in page.text
    bad = client.get("/uppgifter?due_from=igår")
    assert 'id="due_from-error"' in bad.text
    csv_text = client.get(f"/uppgifter/export?format=csv&organisation={ale.id}").text
    assert csv_text.splitlines()[0].startswith("title,status,due_date")
    assert "'=SUM(A1) sen" in csv_text  # no formula injection
    excel = client.get("/uppgifter/export?format=excel")
    assert excel.content.startswith("\ufeff".encode())
    assert b";" in excel.content
    missing = post_form(client, "/uppgifter/bulk", {"op": "due"})
    assert missing.status_code == 422
    assert 'id="task-error"' in missing.text
    assert 'id="new_due-error"' in missing.text
    moved = post_form(
        client, "/uppgifter/bulk", {"task": str(late.id), "op": "reassign", "new_owner": str(bo.id)}
    )
    assert moved.status_code == 303
    told = client.get(moved.headers["location"]).text
    assert f"Uppgiften har nu {bo.name} som ansvarig, som får ett mejl om den." in told
    done = post_form(client, "/uppgifter/bulk", {"task": str(late.id), "op": "done"})
    assert done.status_code == 303
    told = client.get(done.headers["location"]).text
    assert "Uppgiften är markerad som klar; dess påminnelser är stoppade." in told
    db.refresh(late)
    assert late.owner_member_id == bo.id
    assert late.status == TaskStatus.done


def test_member_marks_done_answers_and_subscribes(
    app_client: TestClient,
    db: Session,
    network: Network,
    anna: Member,
    signer: LinkSigner,
) -> None:
    task = make_task(db, anna, "Annas rapport")
    meeting = make_meeting(
        db, network, days_ahead=5, status=MeetingStatus.scheduled, title="Nästa träff"
    )
    token = signer.sign(anna, scope="member")
    page = app_client.get(f"/m/{token}").text
    assert "Annas rapport" in page
    assert "Nästa träff" in page
    assert "webcal://" in page
    assert (
        post_form(
            app_client, f"/m/{token}/uppgift/{task.id}/klar", {"comment": "Klart!"}
        ).status_code
        == 303
    )
    assert (
        post_form(app_client, f"/m/{token}/svar/{meeting.id}", {"response": "declined"}).status_code
        == 303
    )
    assert (
        post_form(
            app_client, f"/m/{token}/installningar", {"weekly_digest": "1", "language": "en"}
        ).status_code
        == 303
    )
    db.refresh(task)
    db.refresh(anna)
    assert task.status == TaskStatus.done
    assert task.completion_comment == "Klart!"
    assert db.scalar(select(Rsvp.response).where(Rsvp.member_id == anna.id)) == "declined"
    assert anna.notification_preferences == {
        "task_reminder": False,
        "meeting_reminder": False,
        "weekly_digest": True,
    }
    feed = app_client.get(f"/m/kalender/{signer.sign(anna, scope='feed')}.ics")
    assert feed.status_code == 200
    assert b"BEGIN:VCALENDAR" in feed.content
    assert b"Annas rapport" in feed.content


def test_invite_move_and_deactivate_member(
    client: TestClient, db: Session, ale: Organisation, lerum: Organisation, anna: Member
) -> None:
    bad = post_form(
        client,
        "/organisationer/medlemmar",
        {"name": "Ny", "email": "inte-en-adress", "organisation_id": str(ale.id)},
    )
    assert bad.status_code == 422
    assert 'id="email-error"' in bad.text
    ok = post_form(
        client,
        "/organisationer/medlemmar",
        {"name": "Ny Person", "email": "ny@example.org", "organisation_id": str(ale.id)},
    )
    assert ok.status_code == 303
    assert (
        post_form(
            client,
            f"/organisationer/medlemmar/{anna.id}",
            {"op": "move", "organisation_id": str(lerum.id)},
        ).status_code
        == 303
    )
    assert (
        post_form(client, f"/organisationer/medlemmar/{anna.id}", {"op": "deactivate"}).status_code
        == 303
    )
    db.refresh(anna)
    assert anna.organisation_id == lerum.id
    assert not anna.active
