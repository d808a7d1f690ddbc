"""Turns an uploaded minutes file into plain text, or refuses it with one clear line."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from services.errors import Invalid
from services.messages import Phrase

MAX_BYTES = 10 * 1024 * 1024
# A .docx is a zip: checked before python-docx unpacks it, so a zip bomb never reaches memory.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_DOCX_RATIO = 100  # real minutes compress 3 to 10 times; bombs a thousand times
MAX_PDF_PAGES = 300
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})
SUPPORTED = ".txt, .md, .docx, .pdf"

_MAGIC: tuple[tuple[bytes, str], ...] = (  # the start of a file: what it is (services.messages)
    (b"\x89PNG\r\n\x1a\n", "minutes.kind.png"),
    (b"\xff\xd8\xff", "minutes.kind.jpeg"),
    (b"GIF8", "minutes.kind.gif"),
    (b"%PDF-", "minutes.kind.pdf"),
    (b"PK\x03\x04", "minutes.kind.zip"),
    (b"\xd0\xcf\x11\xe0", "minutes.kind.doc"),
    (b"\x7fELF", "minutes.kind.program"),
    (b"MZ", "minutes.kind.program"),
)


class MinutesReadError(Invalid, ValueError):
    """A file we cannot read as minutes: one line a coordinator can act on, next to the file."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, field="file", **params)


def _unreadable(code: str) -> MinutesReadError:
    """A file we cannot read: the refusal names the types that can be uploaded."""
    return MinutesReadError(code, supported=SUPPORTED)


def _too_big(code: str, **params: object) -> MinutesReadError:
    """A refusal about size, saying what is accepted (the types and the upload limit)."""
    return MinutesReadError(code, supported=SUPPORTED, limit_mb=MAX_BYTES // 1024 // 1024, **params)


def read_minutes_file(path: Path) -> str:
    """Read a file from disk, checking its size before loading it into memory."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MinutesReadError("minutes.file_unreadable", reason=exc.strerror) from exc
    _check_size(size)
    return read_minutes_bytes(path.read_bytes(), path.name)


def read_minutes_bytes(data: bytes, filename: str) -> str:
    """Decode uploaded bytes by file type; the result is non-empty text or a MinutesReadError."""
    _check_size(len(data))
    if not data.strip():
        raise MinutesReadError("minutes.file_empty")
    suffix = Path(filename).suffix.lower()
    if suffix == ".docx":
        text = _read_docx(data)
    elif suffix == ".pdf":
        text = _read_pdf(data)
    elif suffix in TEXT_SUFFIXES:
        text = _read_text(data)
    else:
        raise MinutesReadError("minutes.file_type", suffix=suffix, supported=SUPPORTED)
    text = plain_text(text)
    if not text.strip():
        raise MinutesReadError("minutes.file_without_text")
    return text


_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_STRAY = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f\ud800-\udfff]")


def plain_text(text: str) -> str:
    """Page and line separators become line breaks, other controls go: the text is then what
    the minutes' multi-line fields accept (schemas.common.CleanText)."""
    return _STRAY.sub("", _BREAKS.sub("\n", text))


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        mb = size / 1024 / 1024
        raise _too_big("minutes.file_too_large", mb=mb)


def _sniff(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def _read_text(data: bytes) -> str:
    what = _sniff(data)
    if what is not None:
        raise MinutesReadError("minutes.file_not_text", kind=Phrase(what))
    text = _decode(data)
    # Control characters other than layout whitespace mean the bytes were never text.
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in text or bad > max(2, len(text) // 200):
        raise MinutesReadError("minutes.file_binary")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    """Explicit ladder (BOM, UTF-16 without BOM, UTF-8, cp1252): few, known candidates."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, codec)
    sample = data[:4096]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0) / len(sample[0::2])
        odd_nuls = sample[1::2].count(0) / len(sample[1::2])
        if odd_nuls > 0.3 > even_nuls:
            return _strict(data, "utf-16-le")
        if even_nuls > 0.3 > odd_nuls:
            return _strict(data, "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _strict(data, "cp1252")


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise MinutesReadError("minutes.file_encoding", codec=codec) from exc


def _read_docx(data: bytes) -> str:
    if not data.startswith(b"PK"):
        what = _sniff(data) or "minutes.kind.not_word"
        raise MinutesReadError("minutes.file_not_docx", kind=Phrase(what))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise MinutesReadError("minutes.docx_damaged") from exc
    _check_unpacked(entries)
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        raise MinutesReadError("minutes.docx_without_document")
    from services.minutes.extraction.docx_text import docx_to_text

    try:
        return docx_to_text(data)
    except Exception as exc:  # python-docx raises assorted errors on damaged packages
        raise MinutesReadError("minutes.docx_unreadable") from exc


def _check_unpacked(entries: list[zipfile.ZipInfo]) -> None:
    """Sizes as the zip declares them; zipfile (python-docx's too) never unpacks more than that."""
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        mb = unpacked / 1024 / 1024
        raise _too_big("minutes.docx_unpacks_large", mb=mb, max_mb=MAX_DOCX_UNPACKED_BYTES >> 20)
    if unpacked > MAX_DOCX_RATIO * max(packed, 1):
        times = unpacked // max(packed, 1)
        raise _too_big("minutes.docx_unpacks_often", times=times, max_times=MAX_DOCX_RATIO)


def _read_pdf(data: bytes) -> str:
    if not data.startswith(b"%PDF"):
        raise _unreadable("minutes.file_not_pdf")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError) as exc:
        raise _unreadable("minutes.pdf_unreadable") from exc
    if pages > MAX_PDF_PAGES:
        raise _too_big("minutes.pdf_too_many_pages", pages=pages, max_pages=MAX_PDF_PAGES)
    try:
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError) as exc:
        raise _unreadable("minutes.pdf_unreadable") from exc
