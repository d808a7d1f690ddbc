"""In a real browser: from scheduling a meeting to approved minutes and the member's done task."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from services.auth.models import UserRole
from services.auth.service import LinkSigner
from services.demo.load import load_demo
from services.meetings.models import Meeting
from services.notifications.models import Notification
from services.people.models import Member
from services.tasks.models import Task, TaskStatus
from tests.e2e.conftest import Server, screenshot
from tests.support.factories import (
    PASSWORD,
    make_member,
    make_network,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.e2e
MINUTES = """Anteckningar nätverksträff

NÄRVARANDE

Anna Andersson, Ale
Bo Berg, Lerum

1. Inledning

Dagordningen godkänns.

2. Statistik

Anna Andersson från Ale återkommer med statistik per kommun till nästa möte.
Presentationen mejlas ut efter mötet.
"""


def login(page: Any, server: Server, email: str) -> None:
    page.goto(f"{server.url}/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{server.url}/")


def overdue_count(page: Any, server: Server, organisation: str) -> int:
    page.goto(f"{server.url}/")
    row = page.locator(f'tr[data-org="{organisation}"] .overdue-count')
    return int(row.inner_text()) if row.count() else 0


def test_meeting_to_minutes_to_member_done(
    e2e_server: Server, new_page: Any, tmp_path: Path
) -> None:
    with e2e_server.factory.begin() as db:
        network = make_network(db)
        ale, lerum = make_organisation(db, network, "Ale"), make_organisation(db, network, "Lerum")
        anna = make_member(db, ale, "Anna Andersson")
        make_member(db, lerum, "Bo Berg")
        coordinator = make_user(db, network, UserRole.coordinator)
        email, anna_id = coordinator.email, anna.id

    page = new_page()
    login(page, e2e_server, email)
    assert overdue_count(page, e2e_server, "Ale") == 0

    page.get_by_role("link", name="Möten").click()
    page.get_by_label("Datum").fill((date.today() + timedelta(days=10)).isoformat())
    page.get_by_label("Plats").fill("GR, Tornet")
    page.get_by_role("button", name="Skapa").click()
    page.get_by_role("button", name="Schemalägg och skicka inbjudan").click()
    assert page.locator("#meeting-status").inner_text() == "schemalagt"
    meeting_id = page.url.rstrip("/").rsplit("/", 1)[1].split("#")[0]

    assert page.get_by_text("registreras när mötet har börjat").first.is_visible()
    assert page.get_by_role("button", name="Markera som hållet").count() == 0

    with e2e_server.factory.begin() as db:  # ten days pass: the meeting has taken place
        meeting = db.get(Meeting, meeting_id)
        assert meeting is not None
        shift = meeting.starts_at - (meeting.starts_at - timedelta(days=12))
        db.execute(
            update(Meeting)
            .where(Meeting.id == meeting.id)
            .values(starts_at=meeting.starts_at - shift, ends_at=meeting.ends_at - shift)
        )
    page.reload()
    page.get_by_label("Anna Andersson (Ale)").check()
    page.get_by_label("Bara punkt (t.ex. 5): Bo Berg").fill("2")
    page.get_by_role("button", name="Spara närvaro").click()
    assert page.get_by_label("Anna Andersson (Ale)").is_checked()
    page.get_by_role("button", name="Markera som hållet").click()
    screenshot(page, "meeting")

    minutes_file = tmp_path / "anteckningar.txt"
    minutes_file.write_text(MINUTES, encoding="utf-8")
    page.get_by_label("eller ladda upp en fil (.txt, .md, .docx)").set_input_files(
        str(minutes_file)
    )
    page.get_by_role("button", name="Läs ut och granska").click()
    page.wait_for_selector("text=Granska det som lästs ut")
    assert "återkommer med statistik" in page.locator("#action-0-text").input_value()
    page.locator("#action-0-title").fill("Ta fram statistik per kommun")
    page.locator("#action-0-owner").select_option("m:Anna Andersson")
    page.locator("#action-0-due").fill((date.today() - timedelta(days=2)).isoformat())
    page.locator("#action-1-keep").uncheck()  # drop "mejlas ut"
    screenshot(page, "minutes-review")
    page.get_by_role("button", name="Godkänn protokoll").click()
    page.wait_for_selector("text=Protokollet är godkänt.")
    screenshot(page, "meeting-approved")

    e2e_server.run_consumers()  # the worker: minutes.approved → task → task_assigned mail
    with e2e_server.factory() as db:
        task = db.scalar(select(Task).where(Task.owner_member_id == anna_id))
        assert task is not None
        assert task.title == "Ta fram statistik per kommun"
        mail = db.scalar(
            select(Notification).where(
                Notification.kind == "task_assigned", Notification.recipient_member_id == anna_id
            )
        )
        assert mail is not None
        member = db.get(Member, anna_id)
        assert member is not None
        signer = LinkSigner(e2e_server.settings.secret_key.get_secret_value(), max_age_s=3600)
        link = f"{e2e_server.url}/m/{signer.sign(member, scope='member')}"
    assert overdue_count(page, e2e_server, "Ale") == 1
    screenshot(page, "overview")

    phone = new_page(390, 844)  # the member, on a phone, with no coordinator session
    phone.goto(link)
    phone.get_by_role("heading", name="Ta fram statistik per kommun").wait_for()
    screenshot(phone, "member")
    phone.get_by_label("Kort kommentar (valfritt)").fill("Skickat till alla")
    phone.get_by_role("button", name="Markera som klar").click()
    phone.wait_for_selector("text=Sparat.")
    assert phone.get_by_text("Ta fram statistik per kommun — Skickat till alla").count() == 1
    screenshot(phone, "member-done")

    with e2e_server.factory() as db:
        assert db.scalar(select(Task.status).where(Task.id == task.id)) == TaskStatus.done
    assert overdue_count(page, e2e_server, "Ale") == 0


def test_overview_with_demo_data_keyboard_and_readme_screenshot(
    e2e_server: Server, new_page: Any
) -> None:
    with e2e_server.factory.begin() as db:
        network = load_demo(db)
        email = make_user(db, network, UserRole.coordinator).email
    page = new_page()
    login(page, e2e_server, email)
    assert page.locator("svg.chart").count() >= 1
    chart = page.locator("section[aria-labelledby=h-attendance] svg.chart").inner_html()
    assert re.search(r"\d+ / \d+", chart)  # values as text, not only as bar length
    screenshot(page, "overview-demo", docs="overview")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # skip link first
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # then the first link of the content: an overdue organisation
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name=re.compile("^Overview")).count() == 1
