from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from services.minutes.extraction.reader import (
    MinutesReadError,
    read_minutes_bytes,
    read_minutes_file,
)
from tests.unit.minutes.docx_builder import build_docx

TEXT = "NÄRVARANDE\n\nÅsa Öberg, Mölndal\n\n1. Inledning\n\nÖckerö återkommer före 15 februari.\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _error(data: bytes, name: str) -> str:
    with pytest.raises(MinutesReadError) as info:
        read_minutes_bytes(data, name)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.replace("\n", "\r\n").encode("cp1252"),
    ],
)
def test_text_encodings_are_decoded(data: bytes) -> None:
    assert read_minutes_bytes(data, "anteckningar.txt") == TEXT


def test_empty_and_whitespace_files() -> None:
    assert "empty" in _error(b"", "a.txt")
    assert "empty" in _error(b"  \n\n ", "a.md")


def test_image_and_binary_files() -> None:
    assert "PNG" in _error(PNG, "a.txt")
    assert "binary" in _error(bytes(range(1, 32)) * 50, "a.txt")
    assert "not supported" in _error(PNG, "bild.png")


def test_a_20_mb_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (20 * 1024 * 1024))
    with pytest.raises(MinutesReadError, match="too large"):
        read_minutes_file(big)


def test_docx_that_is_a_zip_of_something_else() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/1.jpg", b"\xff\xd8\xff")
    assert "without a Word document" in _error(buffer.getvalue(), "a.docx")
    assert "PNG" in _error(PNG, "a.docx")
    assert "damaged" in _error(b"PK\x03\x04 broken", "a.docx")


def test_real_docx_keeps_word_numbering_and_tables() -> None:
    data = build_docx(
        [
            ("Normal", "NÄRVARANDE"),
            ("table", "Namn|Organisation;Åsa Öberg|Mölndal"),
            ("List Number", "Inledning"),
            ("List Number", "Omvärldsbevakning"),
        ]
    )
    text = read_minutes_bytes(data, "a.docx")
    assert "Åsa Öberg, Mölndal" in text
    assert "1. Inledning" in text
    assert "2. Omvärldsbevakning" in text


def test_fake_pdf_is_refused() -> None:
    assert "not a PDF" in _error(b"hello", "a.pdf")


def test_an_unreadable_pdf_says_which_files_are_accepted() -> None:
    """Not only "PDF-filen kan inte läsas": the coordinator learns what to upload instead."""
    assert ".txt, .md, .docx, .pdf" in _error(b"hello", "a.pdf")
    assert ".txt, .md, .docx, .pdf" in _error(b"%PDF-1.4 broken", "a.pdf")
