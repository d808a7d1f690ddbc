"""Calendar facts for series planning: terms, half-days, holidays, bridge days, school breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import MINYEAR, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property

from dateutil.easter import easter
from holidays import country_holidays
from holidays.countries.sweden import Sweden

from infra.clock import LOCAL_TZ, utcnow
from schemas.enums import DEFAULT_REGION

HOLIDAY_LANGUAGE = "sv"
BRIDGE_DAY_REASON = "klämdag"
WEEKDAY_NAMES_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class PlanningError(ValueError):
    """Bad planning input: a message code of services.messages and its parameters (planning
    stays pure, so the edges word it: one line listing the valid choices)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class Half(StrEnum):
    am = "am"
    pm = "pm"


# Half-day bounds in local time: "fm" 09–12, "em" 13–16 (the network meets "helst em").
HALF_DAY_TIMES: dict[Half, tuple[time, time]] = {
    Half.am: (time(9, 0), time(12, 0)),
    Half.pm: (time(13, 0), time(16, 0)),
}
PREFERRED_HALF = Half.pm
WEEKDAY_TOKENS: dict[str, int] = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4,
    "mån": 0, "tis": 1, "ons": 2, "tor": 3, "fre": 4,
}  # fmt: skip
HALF_TOKENS: dict[str, Half] = {"am": Half.am, "pm": Half.pm, "fm": Half.am, "em": Half.pm}


@dataclass(frozen=True, order=True)
class Slot:
    """A weekday and a half-day; half None means either half, pm preferred."""

    weekday: int
    half: Half | None = None

    @property
    def token(self) -> str:
        """Canonical text form so slots round-trip through CLI, API and polls."""
        day = WEEKDAY_NAMES_EN[self.weekday].lower()
        return f"{day}-{self.half.value}" if self.half else day

    def halves(self) -> tuple[Half, ...]:
        """Concrete halves in preference order, so a bare weekday tries pm first."""
        if self.half:
            return (self.half,)
        return (PREFERRED_HALF, *(h for h in Half if h != PREFERRED_HALF))


def parse_slot(token: str) -> Slot:
    """Accept 'wed-pm', 'fri', 'ons-em' so coordinators can type Swedish or English."""
    day, _, half = token.strip().lower().partition("-")
    if day not in WEEKDAY_TOKENS or (half and half not in HALF_TOKENS):
        raise PlanningError("planning.unknown_weekday", token=token.strip())
    return Slot(WEEKDAY_TOKENS[day], HALF_TOKENS[half] if half else None)


def parse_slots(text: str) -> list[Slot]:
    """Parse a comma list in preference order; duplicates keep their first position."""
    slots = [parse_slot(part) for part in text.split(",") if part.strip()]
    if not slots:
        raise PlanningError("planning.no_weekday")
    return list(dict.fromkeys(slots))


class Season(StrEnum):
    VT = "VT"
    HT = "HT"


@dataclass(frozen=True)
class TermBounds:
    """Month/day bounds of each term; VT mid-January to mid-June, HT mid-August to mid-December."""

    vt: tuple[tuple[int, int], tuple[int, int]] = ((1, 15), (6, 15))
    ht: tuple[tuple[int, int], tuple[int, int]] = ((8, 15), (12, 15))


DEFAULT_TERM_BOUNDS = TermBounds()
TERM_PATTERN = re.compile(r"^\s*(VT|HT)\s*-?\s*(\d{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    season: Season
    year: int
    start: date
    end: date

    @property
    def label(self) -> str:
        """Canonical label as the network writes it ("VT2024")."""
        return f"{self.season.value}{self.year}"


def make_term(season: Season, year: int, bounds: TermBounds = DEFAULT_TERM_BOUNDS) -> Term:
    """Build a term from its season and year using configurable bounds."""
    (sm, sd), (em, ed) = bounds.vt if season is Season.VT else bounds.ht
    return Term(season, year, date(year, sm, sd), date(year, em, ed))


def upcoming_terms(today: date, n: int = 4, bounds: TermBounds = DEFAULT_TERM_BOUNDS) -> list[Term]:
    """The next terms that have not ended, for error messages that list valid choices."""
    terms = [make_term(s, y, bounds) for y in range(today.year, today.year + 3) for s in Season]
    return [t for t in terms if t.end >= today][:n]


def parse_term(text: str, today: date, bounds: TermBounds = DEFAULT_TERM_BOUNDS) -> Term:
    """Parse 'VT2024' or 'HT 2025' and refuse terms that are over or absurdly far ahead."""
    valid = ", ".join(t.label for t in upcoming_terms(today, bounds=bounds))
    match = TERM_PATTERN.match(text)
    if not match:
        raise PlanningError("planning.unknown_term", text=text, valid=valid)
    season, year = Season(match[1].upper()), int(match[2])
    label = f"{season.value}{match[2]}"
    # Bounded before building dates: date() refuses year 0 with a bare ValueError.
    if year < today.year:
        if year < MINYEAR:
            raise PlanningError("planning.term_past", label=label, valid=valid)
        end = make_term(season, year, bounds).end
        raise PlanningError("planning.term_ended", label=label, end=end, valid=valid)
    if year > today.year + 10:
        raise PlanningError("planning.term_too_far", label=label, valid=valid)
    term = make_term(season, year, bounds)
    if term.end < today:
        raise PlanningError("planning.term_ended", label=term.label, end=term.end, valid=valid)
    return term


@dataclass(frozen=True)
class SchoolBreaks:
    """School-break ISO weeks of a region; påsklov is the week containing Easter Monday + offset."""

    sportlov_week: int = 7
    easter_offset_weeks: int = 0
    hostlov_week: int = 44

    def weeks(self, year: int) -> dict[int, str]:
        """ISO week number → break name for one year."""
        easter_monday = easter(year) + timedelta(days=1 + 7 * self.easter_offset_weeks)
        return {
            self.sportlov_week: "sportlov",
            easter_monday.isocalendar().week: "påsklov",
            self.hostlov_week: "höstlov",
        }


SCHOOL_BREAKS: dict[str, SchoolBreaks] = {DEFAULT_REGION: SchoolBreaks()}


def school_breaks_for(region: str) -> SchoolBreaks:
    """Look up a region's breaks; unknown regions are an error listing the known ones."""
    key = region.strip().lower().replace("ö", "o")
    if key not in SCHOOL_BREAKS:
        raise PlanningError(
            "planning.unknown_region", region=region, choices=", ".join(sorted(SCHOOL_BREAKS))
        )
    return SCHOOL_BREAKS[key]


def local_dt(day: date, at: time) -> datetime:
    """Wall-clock time in Stockholm; zoneinfo picks the right offset across DST."""
    return datetime.combine(day, at, tzinfo=LOCAL_TZ)


def today_in_stockholm() -> date:
    """Today's date where the network lives, not where the server runs."""
    return utcnow().astimezone(LOCAL_TZ).date()


def half_day_span(day: date, half: Half, duration: timedelta) -> tuple[datetime, datetime]:
    """Start at the half-day's local start; aware, so DST is right on both sides."""
    starts_at = local_dt(day, HALF_DAY_TIMES[half][0])
    return starts_at, starts_at + duration


def format_day(day: date) -> str:
    """'Fri 29 March' without depending on the process locale."""
    return f"{WEEKDAY_NAMES_EN[day.weekday()]} {day.day} {MONTH_NAMES_EN[day.month - 1]}"


@dataclass(frozen=True)
class SwedishCalendar:
    """Holidays, afternoon-off eves, bridge days and school breaks for a range of years."""

    years: tuple[int, ...]
    breaks: SchoolBreaks = field(default_factory=SchoolBreaks)

    def _load(self, categories: tuple[str, ...]) -> dict[date, str]:
        """Holiday names in Swedish from the `holidays` library for the given categories."""
        cats = tuple(c for c in categories if c in Sweden.supported_categories) or ("public",)
        table = country_holidays("SE", years=self.years, language=HOLIDAY_LANGUAGE, categories=cats)
        return dict(table.items())

    @cached_property
    def days_off(self) -> dict[date, str]:
        """Public holidays plus de facto days off (midsommarafton, julafton, nyårsafton)."""
        return self._load(("public", "de_facto"))

    @cached_property
    def afternoon_eves(self) -> dict[date, str]:
        """Eves that end work at 14:00 ("från kl. 14.00"): no afternoon meetings."""
        return {d: n for d, n in self._load(("bank",)).items() if d not in self.days_off}

    def is_working_day(self, day: date) -> bool:
        """A weekday that is not a holiday or a de facto day off."""
        return day.weekday() < 5 and day not in self.days_off

    # By hand: `holidays` only marks the Friday after Ascension as "Klämdag", not Mon before Tue.
    def is_bridge_day(self, day: date) -> bool:
        """A lone working day squeezed between a holiday and a weekend (or two holidays)."""
        if not self.is_working_day(day):
            return False
        before, after = day - timedelta(days=1), day + timedelta(days=1)
        neighbours_off = not self.is_working_day(before) and not self.is_working_day(after)
        return neighbours_off and (before in self.days_off or after in self.days_off)

    def block_reason(
        self, day: date, half: Half | None = None, *, school_breaks: bool = True
    ) -> str | None:
        """Why no meeting can be held that day (and half), or None when it is free."""
        if day in self.days_off:
            return self.days_off[day]
        if self.is_bridge_day(day):
            return BRIDGE_DAY_REASON
        week = day.isocalendar()
        school_break = self.breaks.weeks(week.year).get(week.week) if school_breaks else None
        if school_break:
            return school_break
        if half is Half.pm and day in self.afternoon_eves:
            return self.afternoon_eves[day]
        return None
