"""Finds Swedish date expressions and resolves them against the meeting date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from schemas.common import FIRST_YEAR, LAST_YEAR
from services.minutes.extraction import lexicon as lx

RECENT_PAST_DAYS = 31
EARLIER_MEETING_DAYS = 183

_TIME = (
    r"(?:\s*,?\s*(?:kl\.?\s*(?P<kh>\d{1,2})(?:[.:](?P<km>\d{2}))?"
    r"|(?P<rh>\d{1,2})(?:[.:](?P<rm>\d{2}))?\s*[–-]\s*\d{1,2}(?:[.:]\d{2})?(?!\s*(?:år|%|\d))))?"
)
_DAY = (
    r"(?:\b" + lx.WEEKDAY_RE + r"\s+)?(?:\bden\s+)?(?<![\d/.])(?P<d>[0-3]?\d)(?::?[ae](?=\s))?"
    r"(?:\s*[–-]\s*(?P<d2>[0-3]?\d))?"
)
_MONTH = r"(?P<mon>" + lx.MONTH_RE + r")(?![a-zåäö])"
_YEAR = r"(?:\s+(?P<y>20\d{2})(?!\d))?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<y>20\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b" + _TIME)),
    ("last", re.compile(r"\bsista\s+" + _MONTH + _YEAR, lx.IC)),
    ("named", re.compile(_DAY + r"\.?\s*" + _MONTH + r"\.?" + _YEAR + _TIME, lx.IC)),
    ("numeric", re.compile(
        _DAY + r"/(?P<m>[01]?\d)(?:[/-](?P<y>(?:20)?\d{2}))?(?![\d/])" + _TIME, lx.IC,
    )),
    ("season", re.compile(
        r"\b(?P<s>VT|HT|våren|hösten|sommaren|vintern)\s*(?P<y>20\d{2}|\d{2})\b", lx.IC,
    )),
    ("week", re.compile(
        r"\b(?:v\.?\s*|vecka\s+|veckan\s+)(?P<w>[1-5]?\d)(?![\d/.,:]\d)(?:\s+(?P<y>20\d{2}))?\b",
        lx.IC,
    )),
    ("relative", re.compile(
        r"\b(?:nästa|kommande)\s+(?:vecka|månad)\b|\bi\s*morgon\b"
        r"|\bom\s+(?:en|ett|två|tre|fyra|\d+)\s+(?:dagar|veckor|månader)\b", lx.IC,
    )),
)  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """One resolved date in a piece of text; the span lets callers look at the words around it."""

    start: int
    end: int
    value: date
    time: str | None
    raw: str
    source: str
    range_end: date | None = None


def find_dates(text: str, meeting: date, *, past_context: bool = False) -> list[DateMention]:
    """All date mentions in `text`, left to right, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for source, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            past = _past_days(text[max(0, match.start() - 40) : match.start()], past_context)
            value = _resolve(source, match, meeting, past)
            if value is None:
                continue
            taken.append((match.start(), match.end()))
            raw = match.group(0).strip()
            end = _range_end(value, match.groupdict().get("d2"))
            found.append(
                DateMention(match.start(), match.end(), value, _time(match), raw, source, end)
            )
    return sorted(found, key=lambda m: m.start)


def _past_days(before: str, past_context: bool) -> int:
    """How far back a year-less date may lie: a month in past-tense text, half a year when
    the words name an earlier meeting ("anteckningarna från mötet den 24 januari")."""
    if lx.EARLIER_MEETING.search(before):
        return EARLIER_MEETING_DAYS
    return RECENT_PAST_DAYS if past_context else 0


def _range_end(start: date, day: str | None) -> date | None:
    """The last day of "1–15 april", in the same month as its first day."""
    if day is None or int(day) <= start.day:
        return None
    return _build(start.year, start.month, int(day))


def for_kind(mention: DateMention, kind: str) -> DateMention:
    """A week asked for as a deadline ("senast v. 13") means its Friday, otherwise its Monday."""
    if mention.source != "week" or kind not in ("deadline", "window_closes"):
        return mention
    return replace(mention, value=mention.value + timedelta(days=4))


def _time(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    hour, minute = groups.get("kh") or groups.get("rh"), groups.get("km") or groups.get("rm")
    if hour is None or int(hour) > 23 or (minute is not None and int(minute) > 59):
        return None
    return f"{int(hour):02d}:{minute or '00'}"


def _resolve(source: str, match: re.Match[str], meeting: date, past: int) -> date | None:
    groups = match.groupdict()
    year = _year(groups.get("y"))
    if source == "week":
        return _week(int(groups["w"]), year, meeting, past)
    if source == "relative":
        return _relative(match.group(0).lower(), meeting)
    if source == "season":
        month, day = lx.SEASONS[groups["s"].lower()]
        return date(year or meeting.year, month, day)
    if source == "last":
        month = lx.MONTHS[groups["mon"].lower()]
        return _infer_year(year, month, None, meeting, past)
    month = lx.MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    return _infer_year(year, month, int(groups["d"]), meeting, past)


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return int(raw) if len(raw) == 4 else 2000 + int(raw)


def _build(year: int, month: int, day: int | None) -> date | None:
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:  # a year out there is a typo
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last)
    return date(year, month, day) if 1 <= day <= last else None


def _week(week: int, year: int | None, meeting: date, past: int) -> date | None:
    """Monday of ISO week `week`: this year's unless that week is over, then next year's."""
    try:
        monday = date.fromisocalendar(year or meeting.year, week, 1)
        if year is None and (meeting - monday).days > max(past, 6):
            monday = date.fromisocalendar(meeting.year + 1, week, 1)
    except ValueError:
        return None
    return monday


def _infer_year(
    year: int | None, month: int, day: int | None, meeting: date, past: int
) -> date | None:
    """A year-less date is the next one on or after the meeting, unless the text speaks of the
    recent past (then up to a month back)."""
    if year is not None:
        return _build(year, month, day)
    candidate = _build(meeting.year, month, day)
    if candidate is None:
        return None if day != 29 else _build(meeting.year + 1, month, day)
    if candidate >= meeting:
        return candidate
    if (meeting - candidate).days <= past:
        return candidate
    return _build(meeting.year + 1, month, day)


@lru_cache(maxsize=256)
def _relative(phrase: str, meeting: date) -> date | None:
    """dateparser knows Swedish relative phrases; it is imported only when one occurs."""
    import dateparser

    phrase = phrase.replace("kommande", "nästa").replace("imorgon", "i morgon")
    base = datetime(meeting.year, meeting.month, meeting.day)
    parsed = dateparser.parse(
        phrase, languages=["sv"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
    )
    if parsed is None:
        return None
    if "månad" in phrase and phrase.startswith("nästa"):
        return (base.replace(day=1) + timedelta(days=32)).replace(day=1).date()
    result: date = parsed.date()
    return result


def classify(
    text: str, mention: DateMention, previous: DateMention | None, previous_kind: str | None
) -> str:
    """Kind of one date from the words around it: nearest cue before it, else after it."""
    if previous is not None and previous.source in ("season", "relative"):
        previous = None  # "HT 2025 föreslås till 12 september": a term carries no cue of its own
    before = text[previous.end if previous else max(0, mention.start - 90) : mention.start]
    kind = _nearest_cue(before)
    if kind is None and previous is not None and lx.RANGE_GAP.match(before):
        return _range_close(text, previous_kind)
    if kind is None and previous is not None and previous_kind and lx.CONJUNCTION_GAP.match(before):
        return previous_kind
    if kind is None and lx.BARE_TILL.search(before) and not lx.MOVED_TO.search(before):
        kind = "window_closes" if previous_kind == "window_opens" else "deadline"
    if kind is None and lx.OPENS_FROM.search(before) and lx.APPLICATION_WORD.search(text):
        kind = "window_opens"
    if kind is None:
        after = text[mention.end : mention.end + 60]
        kind = _nearest_cue(after, first=True)
    return kind or "other"


def _range_close(text: str, previous_kind: str | None) -> str:
    """The second date of "1 april–15 maj": the close of an application window, else alike."""
    if previous_kind == "window_opens" or lx.APPLICATION_WORD.search(text):
        return "window_closes"
    return previous_kind or "other"


def _nearest_cue(window: str, *, first: bool = False) -> str | None:
    best: tuple[int, str] | None = None
    for kind, pattern in lx.DATE_KIND_CUES:
        for match in pattern.finditer(window):
            position = -match.start() if first else match.end()
            if best is None or position > best[0]:
                best = (position, kind)
    return best[1] if best else None
