"""Regular series by RRULE, with EXDATEs for Swedish holidays; wall-clock correct across DST."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from infra.clock import LOCAL_TZ
from schemas.enums import DEFAULT_REGION
from services.series.planning.calendar_rules import (
    Half,
    PlanningError,
    SwedishCalendar,
    school_breaks_for,
)

MAX_OCCURRENCES = 500
EXDATE_REASON = "undantag (EXDATE)"
AFTERNOON_OFF_FROM = time(14, 0)  # eves "från kl. 14.00" clash with meetings ending later
LOCAL_UNTIL = re.compile(r"UNTIL=(\d{8})(?:T(\d{6}))?(?=;|$)")


@dataclass(frozen=True)
class ExpandedSeries:
    """A rule's occurrences after exclusions, plus the EXDATEs an iCalendar export needs."""

    rrule: str
    dtstart: datetime
    duration: timedelta
    occurrences: list[tuple[datetime, datetime]] = field(default_factory=list)
    exdates: list[datetime] = field(default_factory=list)
    skipped: list[tuple[datetime, str]] = field(default_factory=list)


def _until_to_utc(match: re.Match[str]) -> str:
    """Read a floating UNTIL as Stockholm time (a bare date: end of day) and write it as UTC."""
    day = datetime.strptime(match[1], "%Y%m%d")
    local = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S") if match[2] else day
    if not match[2]:
        local = local.replace(hour=23, minute=59, second=59)
    utc = local.replace(tzinfo=LOCAL_TZ).astimezone(UTC)
    return f"UNTIL={utc:%Y%m%dT%H%M%SZ}"


def normalise_rule(rule: str) -> str:
    """Drop an 'RRULE:' prefix and make UNTIL UTC, as RFC 5545 wants with a zoned DTSTART."""
    text = rule.strip().removeprefix("RRULE:").removeprefix("rrule:").upper()
    return LOCAL_UNTIL.sub(_until_to_utc, text)


def _parse(rule: str, dtstart: datetime) -> Iterable[datetime]:
    """dateutil keeps the wall-clock time of a zoned DTSTART, so 13:00 stays 13:00 after DST."""
    try:
        return rrulestr(rule, dtstart=dtstart)
    except (ValueError, TypeError) as exc:
        raise PlanningError("planning.bad_rrule", rule=rule, reason=exc) from exc


def _starts(rule: str, dtstart: datetime, until: date | None) -> list[datetime]:
    """Occurrence starts, bounded by the rule's COUNT/UNTIL or by `until`."""
    occurrences = _parse(rule, dtstart)
    if "COUNT=" not in rule and "UNTIL=" not in rule and until is None:
        raise PlanningError("planning.rrule_never_ends", rule=rule)
    starts: list[datetime] = []
    for start in occurrences:
        if (until and start.date() > until) or len(starts) == MAX_OCCURRENCES:
            break
        starts.append(start)
    return starts


def _excluded(start: datetime, exdates: Iterable[date | datetime]) -> bool:
    """A datetime EXDATE matches the exact instant; a date matches the whole local day."""
    for ex in exdates:
        if isinstance(ex, datetime) and ex == start:
            return True
        if not isinstance(ex, datetime) and ex == start.date():
            return True
    return False


def expand_series(
    rule: str,
    dtstart: datetime,
    duration: timedelta,
    *,
    until: date | None = None,
    exdates: Iterable[date | datetime] = (),
    avoid_holidays: bool = True,
    avoid_school_breaks: bool = False,
    region: str = DEFAULT_REGION,
) -> ExpandedSeries:
    """Expand e.g. 'first Wednesday 13:00–16:00' and EXDATE holidays, bridge days (and breaks)."""
    if dtstart.tzinfo is None:
        raise PlanningError("planning.naive_start")
    rule = normalise_rule(rule)
    local_start = dtstart.astimezone(LOCAL_TZ)
    starts = _starts(rule, local_start, until)
    explicit = list(exdates)
    years = tuple(sorted({s.year for s in starts})) or (local_start.year,)
    cal = SwedishCalendar(years=years, breaks=school_breaks_for(region))
    series = ExpandedSeries(rule, local_start, duration)
    for start in starts:
        end = start + duration
        half = Half.pm if end.time() > AFTERNOON_OFF_FROM else Half.am
        reason = EXDATE_REASON if _excluded(start, explicit) else None
        if reason is None and avoid_holidays:
            reason = cal.block_reason(start.date(), half, school_breaks=avoid_school_breaks)
        if reason:
            series.exdates.append(start)
            series.skipped.append((start, reason))
        else:
            series.occurrences.append((start, end))
    return series


def parse_times(text: str) -> tuple[time, time]:
    """'13:00-16:00' → local start and end; the end must come after the start."""
    try:
        start, end = (time.fromisoformat(part.strip().zfill(5)) for part in text.split("-"))
    except ValueError as exc:
        raise PlanningError("planning.unknown_time", text=text) from exc
    if end <= start:
        raise PlanningError("planning.time_backwards", text=text)
    return start, end
