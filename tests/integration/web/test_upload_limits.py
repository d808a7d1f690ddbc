"""Uploads are bounded: the body, a .docx's unpacked size and ratio, a PDF's pages; a zip bomb
gets a form error naming what is accepted, and never reaches memory."""

from __future__ import annotations

import io
import os
import resource
import zipfile
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfWriter
from sqlalchemy.orm import Session

from services.auth.models import UserRole
from services.meetings.models import MeetingStatus
from services.minutes.extraction import MinutesReadError, read_minutes_bytes
from services.minutes.extraction.reader import MAX_PDF_PAGES
from services.people.models import Network
from tests.support.factories import PASSWORD, make_meeting, make_user

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEN_MB = 10_000_000


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A 10 MB .docx whose document.xml unpacks to 1 GB (zeros; the rest is random padding)."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(1024):
                entry.write(chunk)
        padding = TEN_MB - buffer.tell() - 400
        z.writestr("word/media/padding.bin", os.urandom(padding), zipfile.ZIP_STORED)
    data = buffer.getvalue()
    assert 0.99 * TEN_MB < len(data) <= TEN_MB
    return data


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_zip_bomb_gets_a_form_error_and_memory_stays_flat(
    client: TestClient, db: Session, network: Network, bomb: bytes
) -> None:
    meeting = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    db.commit()
    page = client.get(f"/moten/{meeting.id}")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    before = max_rss_mb()
    response = client.post(
        f"/moten/{meeting.id}/protokoll",
        data={"csrf_token": csrf},
        files={"file": ("protokoll.docx", bomb, DOCX)},
    )
    assert response.status_code == 422, response.text[-3000:]
    assert "packas upp till 1029 MB (högst 50 MB)" in response.text
    assert ".txt, .md, .docx, .pdf" in response.text
    assert "10 MB" in response.text
    assert max_rss_mb() - before < 150  # unpacked, it would be a gigabyte


def test_the_api_refuses_the_bomb_and_viewers(
    client: TestClient, app_client: TestClient, db: Session, network: Network, bomb: bytes
) -> None:
    form = {"meeting_date": "2026-11-04"}
    refused = client.post("/api/minutes/extract", data=form, files={"file": ("p.docx", bomb, DOCX)})
    assert refused.status_code == 422
    assert refused.json()["field"] == "file"
    viewer = make_user(db, network, UserRole.viewer)
    db.commit()
    with TestClient(client.app) as other:
        login = other.post("/api/auth/login", json={"email": viewer.email, "password": PASSWORD})
        other.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        text = ("p.txt", b"Protokoll\n1. Anna ska skicka rapporten.", "text/plain")
        assert (
            other.post("/api/minutes/extract", data=form, files={"file": text}).status_code == 403
        )


def test_bodies_over_the_limit_are_refused_unread(client: TestClient) -> None:
    limit = client.app.state.settings.max_request_bytes  # type: ignore[attr-defined]
    declared = client.post("/api/organisations", content=b"x" * (limit + 1))
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    streamed = client.post(
        "/api/minutes/extract",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert streamed.status_code == 413


def test_a_pdf_with_too_many_pages_is_refused() -> None:
    writer = PdfWriter()
    for _ in range(MAX_PDF_PAGES + 1):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(MinutesReadError, match="301"):
        read_minutes_bytes(buffer.getvalue(), "protokoll.pdf")


def test_pages_refuse_a_body_over_the_limit_with_a_page_naming_it(
    client: TestClient, db: Session, network: Network
) -> None:
    """Browsers get an HTML page in Swedish with the limit, not the API's JSON."""
    meeting = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    db.commit()
    limit = client.app.state.settings.max_request_bytes  # type: ignore[attr-defined]
    megabytes = f"{limit / 1024 / 1024:.0f} MB"
    declared = client.post(f"/moten/{meeting.id}/protokoll", content=b"x" * (limit + 1))
    assert declared.status_code == 413
    assert declared.headers["content-type"].startswith("text/html")
    assert f"För stor begäran, högst {megabytes}" in declared.text

    def chunks() -> Iterator[bytes]:
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    streamed = client.post(
        f"/moten/{meeting.id}/protokoll",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert streamed.status_code == 413
    assert streamed.headers["content-type"].startswith("text/html")
    assert f"högst {megabytes}" in streamed.text
