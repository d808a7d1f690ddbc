"""Turns an uploaded minutes file into plain text, or refuses it with one clear line."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
# A .docx is a zip: checked before python-docx unpacks it, so a zip bomb never reaches memory.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_DOCX_RATIO = 100  # real minutes compress 3 to 10 times; bombs a thousand times
MAX_PDF_PAGES = 300
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})
SUPPORTED = ".txt, .md, .docx, .pdf"
ALLOWED_SV = f"tillåtet: {SUPPORTED}, högst {MAX_BYTES // 1024 // 1024} MB"
ALLOWED_EN = f"accepted: {SUPPORTED}, at most {MAX_BYTES // 1024 // 1024} MB"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "en PNG-bild / a PNG image"),
    (b"\xff\xd8\xff", "en JPEG-bild / a JPEG image"),
    (b"GIF8", "en GIF-bild / a GIF image"),
    (b"%PDF-", "en PDF / a PDF"),
    (b"PK\x03\x04", "ett zip-arkiv / a zip archive"),
    (b"\xd0\xcf\x11\xe0", "ett gammalt Office-dokument (.doc) / a legacy Office file (.doc)"),
    (b"\x7fELF", "ett program / an executable"),
    (b"MZ", "ett program / an executable"),
)


class MinutesReadError(ValueError):
    """A file we cannot read as minutes; `str()` is one line a coordinator can act on."""


def _fail(sv: str, en: str) -> MinutesReadError:
    return MinutesReadError(f"{sv} / {en}")


def _too_big(sv: str, en: str) -> MinutesReadError:
    """A refusal about size, saying what is accepted."""
    return _fail(f"{sv}; {ALLOWED_SV}", f"{en}; {ALLOWED_EN}")


def read_minutes_file(path: Path) -> str:
    """Read a file from disk, checking its size before loading it into memory."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail("Filen kan inte läsas", f"cannot read the file ({exc.strerror})") from exc
    _check_size(size)
    return read_minutes_bytes(path.read_bytes(), path.name)


def read_minutes_bytes(data: bytes, filename: str) -> str:
    """Decode uploaded bytes by file type; the result is non-empty text or a MinutesReadError."""
    _check_size(len(data))
    if not data.strip():
        raise _fail("Filen är tom", "the file is empty")
    suffix = Path(filename).suffix.lower()
    if suffix == ".docx":
        text = _read_docx(data)
    elif suffix == ".pdf":
        text = _read_pdf(data)
    elif suffix in TEXT_SUFFIXES:
        text = _read_text(data)
    else:
        raise _fail(
            f"Filtypen {suffix} stöds inte ({SUPPORTED})",
            f"file type {suffix} is not supported (use {SUPPORTED})",
        )
    text = plain_text(text)
    if not text.strip():
        raise _fail("Filen innehåller ingen text", "the file contains no text")
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
        raise _too_big(f"Filen är för stor ({mb:.1f} MB)", f"the file is too large ({mb:.1f} MB)")


def _sniff(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def _read_text(data: bytes) -> str:
    what = _sniff(data)
    if what is not None:
        raise _fail(
            f"Filen är {what.split(' / ')[0]}, inte text",
            f"the file is {what.split(' / ')[1]}, not text",
        )
    text = _decode(data)
    # Control characters other than layout whitespace mean the bytes were never text.
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in text or bad > max(2, len(text) // 200):
        raise _fail("Filen ser ut att vara binär, inte text", "the file looks binary, not text")
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
        raise _fail(
            "Filen är inte läsbar text (okänd teckenkodning)",
            f"the file is not readable text (not valid {codec})",
        ) from exc


def _read_docx(data: bytes) -> str:
    if not data.startswith(b"PK"):
        what = _sniff(data) or "inte ett Word-dokument / not a Word document"
        raise _fail(
            f"Filen är {what.split(' / ')[0]}, inte .docx",
            f"the file is {what.split(' / ')[-1]}, not .docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise _fail("Word-filen är trasig", "the .docx file is damaged") from exc
    _check_unpacked(entries)
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        raise _fail(
            "Filen heter .docx men är ett zip-arkiv utan Word-dokument",
            "the .docx is a zip archive without a Word document in it",
        )
    from services.minutes.extraction.docx_text import docx_to_text

    try:
        return docx_to_text(data)
    except Exception as exc:  # python-docx raises assorted errors on damaged packages
        raise _fail("Word-filen kan inte läsas", "the .docx file cannot be read") from exc


def _check_unpacked(entries: list[zipfile.ZipInfo]) -> None:
    """Sizes as the zip declares them; zipfile (python-docx's too) never unpacks more than that."""
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    mb = unpacked / 1024 / 1024
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise _too_big(
            f"Word-filen packas upp till {mb:.0f} MB (högst {MAX_DOCX_UNPACKED_BYTES >> 20} MB)",
            f"the .docx unpacks to {mb:.0f} MB (at most {MAX_DOCX_UNPACKED_BYTES >> 20} MB)",
        )
    if unpacked > MAX_DOCX_RATIO * max(packed, 1):
        raise _too_big(
            f"Word-filen packas upp {unpacked // max(packed, 1)} gånger (högst {MAX_DOCX_RATIO})",
            f"the .docx unpacks {unpacked // max(packed, 1)} times (at most {MAX_DOCX_RATIO})",
        )


def _read_pdf(data: bytes) -> str:
    if not data.startswith(b"%PDF"):
        raise _fail("Filen är inte en PDF", "the file is not a PDF")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError) as exc:
        raise _fail("PDF-filen kan inte läsas", "the PDF file cannot be read") from exc
    if pages > MAX_PDF_PAGES:
        raise _too_big(
            f"PDF-filen har {pages} sidor (högst {MAX_PDF_PAGES})",
            f"the PDF has {pages} pages (at most {MAX_PDF_PAGES})",
        )
    try:
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError) as exc:
        raise _fail("PDF-filen kan inte läsas", "the PDF file cannot be read") from exc
