"""Rebuilds lines, headings, bullets and sentences from text whose layout survived only partly."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from services.minutes.extraction import lexicon as lx

LineKind = Literal["agenda", "heading", "bullet", "text", "blank"]

_BULLET = re.compile(r"^\s*(?:[-•*–·▪◦○]|\u2022|o(?=\s))\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w))")
_AGENDA = re.compile(
    r"^(?:§\s*|[Pp]unkt\s+|[Pp]kt\.?\s*)?(?P<n>\d{1,2})(?:\s*[.):]\s*|\s+)(?:[–-]\s+)?"
    r"(?P<title>[A-ZÅÄÖÉ\"”“'].{0,140})$"
)
_LABEL = re.compile(r"^[A-ZÅÄÖ][\wåäö ]{1,24}:(\s|$)")
_WRAP_MIN = 45


@dataclass
class Line:
    """One logical line: hard-wrapped pieces joined, markup removed, its role guessed."""

    kind: LineKind
    text: str
    raw: list[str] = field(default_factory=list)
    number: int | None = None
    markdown_heading: bool = False


def clean(raw: str) -> tuple[str, bool, bool]:
    """Strip markdown markup; report whether it was a heading or a bullet."""
    text = raw.replace("\u00a0", " ").replace("\ufeff", "").strip()
    heading = bool(_MD_HEADING.match(text))
    text = _MD_HEADING.sub("", text)
    bullet = bool(_BULLET.match(text))
    text = _BULLET.sub("", text)
    text = _EMPHASIS.sub("", text).strip()
    return re.sub(r"\s+", " ", text), heading, bullet


def agenda_match(text: str) -> re.Match[str] | None:
    """A numbered heading line ("3. Mölndal i fokus"), title not a full sentence."""
    match = _AGENDA.match(text)
    if match is None or len(match.group("title").split()) > 16:
        return None
    return match


def is_short_heading(text: str) -> bool:
    """A title-like line: short, capitalised, no sentence punctuation at the end."""
    words = text.split()
    return (
        0 < len(words) <= 8
        and len(text) <= 70
        and text[0].isupper()
        and not text.endswith((".", "!", "?", ";", ":"))
    )


def split_lines(text: str) -> list[Line]:
    """Join hard-wrapped lines; a document double-spacing every line is read as single-spaced."""
    raw_lines = text.split("\n")
    nonblank = [i for i, line in enumerate(raw_lines) if line.strip()]
    followed = sum(1 for i in nonblank if i + 1 < len(raw_lines) and not raw_lines[i + 1].strip())
    double_spaced = len(nonblank) > 10 and followed / len(nonblank) > 0.85
    lines: list[Line] = []
    blank_run = 0
    for raw in raw_lines:
        text_part, md_heading, bullet = clean(raw)
        if not text_part:
            blank_run += 1
            continue
        hard_break = blank_run >= (2 if double_spaced else 1)
        previous = lines[-1] if lines else None
        if (
            previous
            and lines[-1].kind != "blank"
            and _joins(previous, text_part, md_heading, bullet, hard_break)
        ):
            previous.text = f"{previous.text} {text_part}"
            previous.raw.append(raw)
            if previous.kind == "agenda":
                previous.text = previous.text.strip()
        else:
            if hard_break and lines:
                lines.append(Line("blank", ""))
            lines.append(_classify(text_part, raw, md_heading, bullet))
        blank_run = 0
    for line in lines:
        if line.kind == "heading" and not line.markdown_heading and not is_short_heading(line.text):
            line.kind = "text"
    return lines


def _joins(previous: Line, text: str, md_heading: bool, bullet: bool, hard_break: bool) -> bool:
    if hard_break or md_heading or bullet or agenda_match(text) or previous.markdown_heading:
        return False
    if _LABEL.match(text):  # "Närvarande: …", "Beslut: …" start a block of their own
        return False
    if previous.kind == "bullet":  # a wrapped bullet, unless a new sentence starts a new line
        return not (previous.text.endswith((".", "!", "?")) and text[0].isupper())
    if previous.text.endswith((".", "!", "?", ":", ";")):
        return False
    if previous.kind in ("agenda", "heading"):
        return text[0].islower() and len(previous.text) >= _WRAP_MIN - 10
    return text[0].islower() or len(previous.text) >= _WRAP_MIN


def _classify(text: str, raw: str, md_heading: bool, bullet: bool) -> Line:
    if bullet:
        return Line("bullet", text, [raw])
    match = agenda_match(text)
    if match is not None:
        return Line("agenda", text, [raw], int(match.group("n")), md_heading)
    if md_heading or is_short_heading(text):
        return Line("heading", text, [raw], None, md_heading)
    return Line("text", text, [raw])


_NUMBERED = re.compile(
    r"(§|\b(pkt|punkt|nr|steg|kapitel|kap))\s*\d{1,3}$|^\s*\d{1,2}$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[A-ZÅÄÖÉ0-9\"”“(•-])")


def sentences(text: str) -> list[str]:
    """Split prose into sentences without breaking at "kl." or "t.ex." and the like."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start : match.start()]
        last_word = head.rsplit(None, 1)[-1].rstrip(".").lower() if head.split() else ""
        if last_word in lx.ABBREVIATIONS or _NUMBERED.search(head):
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts
