"""Propose a term's meetings: spread evenly, on preferred half-days, around holidays and breaks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from infra.clock import LOCAL_TZ
from schemas.enums import MeetingMode
from schemas.series import (
    PLANNED_MODES,
    AdjacentRequest,
    BusyPeriod,
    Explanation,
    ProposalRequest,
    ProposalResult,
    ProposedMeeting,
)
from services.series.planning.calendar_rules import (
    DEFAULT_TERM_BOUNDS,
    Half,
    PlanningError,
    Slot,
    SwedishCalendar,
    TermBounds,
    format_day,
    half_day_span,
    parse_slots,
    parse_term,
    school_breaks_for,
    today_in_stockholm,
)

# "Onsdagar (helst em) eller fredagar": the network's custom when neither flag nor poll says.
DEFAULT_PREFERENCES = "wed-pm,fri"
MIN_COUNT, MAX_COUNT = 1, 12
# A later preference must be this many days closer to the ideal date to beat an earlier one.
PREFERENCE_STEP_DAYS = 3.0
# For a bare weekday, the morning must be this many days closer to beat the afternoon.
AM_PENALTY_DAYS = 1.0
BUSY_REASON = "upptaget: annat möte"
SAME_WEEK_REASON = "samma vecka som möte {n}"
LOWER_PREFERENCE_REASON = "lägre preferens ({token})"

WeekKey = tuple[int, int]


@dataclass(frozen=True)
class Candidate:
    """A free half-day that could host a network meeting."""

    day: date
    half: Half
    rank: int
    penalty: float

    @property
    def week(self) -> WeekKey:
        """ISO (year, week): two meetings never share one."""
        iso = self.day.isocalendar()
        return (iso.year, iso.week)

    def score(self, ideal: float) -> float:
        """Days away from the ideal date plus the preference penalty; lower is better."""
        return abs(self.day.toordinal() - ideal) + self.penalty


def validate_count(count: int) -> None:
    """Refuse counts no term can hold, naming the allowed range."""
    if not MIN_COUNT <= count <= MAX_COUNT:
        raise PlanningError("planning.count_range", low=MIN_COUNT, high=MAX_COUNT, count=count)


def resolve_modes(count: int, modes: Sequence[MeetingMode] | None) -> list[MeetingMode]:
    """Default: first and last on site, the rest digital (as the network did in VT 2023)."""
    if modes is None:
        middle = [MeetingMode.digital] * max(count - 2, 0)
        return [MeetingMode.on_site, *middle, MeetingMode.on_site][:count]
    if len(modes) != count:
        choices = ", ".join(m.value for m in PLANNED_MODES)
        raise PlanningError(
            "planning.modes_mismatch", given=len(modes), count=count, choices=choices
        )
    return list(modes)


def ideal_ordinals(start: date, end: date, count: int) -> list[float]:
    """Equal intervals from the first to the last day of the window (one meeting: its middle)."""
    first, last = start.toordinal(), end.toordinal()
    if count == 1:
        return [(first + last) / 2]
    step = (last - first) / (count - 1)
    return [first + i * step for i in range(count)]


def _busy_reason(day: date, busy: Sequence[BusyPeriod]) -> str | None:
    """Another meeting of the network that day makes the day taken."""
    taken = any(b.starts_at.astimezone(LOCAL_TZ).date() == day for b in busy)
    return BUSY_REASON if taken else None


def scan_window(
    start: date, end: date, prefs: Sequence[Slot], cal: SwedishCalendar, busy: Sequence[BusyPeriod]
) -> tuple[list[Candidate], dict[tuple[date, Half], str]]:
    """Split every preferred half-day in the window into candidates and blocked ones (why)."""
    candidates: list[Candidate] = []
    blocked: dict[tuple[date, Half], str] = {}
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        for rank, slot in enumerate(prefs):
            if slot.weekday != day.weekday():
                continue
            for i, half in enumerate(slot.halves()):
                reason = cal.block_reason(day, half) or _busy_reason(day, busy)
                if reason:
                    blocked.setdefault((day, half), reason)
                    continue
                penalty = rank * PREFERENCE_STEP_DAYS + i * AM_PENALTY_DAYS
                candidates.append(Candidate(day, half, rank, penalty))
    candidates.sort(key=lambda c: (c.week, c.penalty, c.day))
    return candidates, blocked


def select(candidates: Sequence[Candidate], ideals: Sequence[float]) -> list[Candidate] | None:
    """Cheapest assignment of ideals to candidates in strictly increasing weeks (DP, O(n*C))."""
    cost = [c.score(ideals[0]) for c in candidates]
    back: list[list[int]] = []
    for ideal in ideals[1:]:
        new, choice = [math.inf] * len(candidates), [-1] * len(candidates)
        best, best_k, week_start = math.inf, -1, 0
        for j, cand in enumerate(candidates):
            if cand.week != candidates[week_start].week:
                for k in range(week_start, j):
                    best, best_k = (cost[k], k) if cost[k] < best else (best, best_k)
                week_start = j
            if best_k >= 0:
                new[j], choice[j] = best + cand.score(ideal), best_k
        cost, back = new, [*back, choice]
    if not candidates or min(cost) == math.inf:
        return None
    j = cost.index(min(cost))
    picked = [j]
    for choice in reversed(back):
        j = choice[j]
        picked.append(j)
    return [candidates[k] for k in reversed(picked)]


def adjacent_meeting(network: ProposedMeeting, spec: AdjacentRequest) -> ProposedMeeting:
    """Place a steering/preparatory meeting right before or after, same day and place."""
    duration = timedelta(minutes=spec.duration_minutes)
    start = network.starts_at.astimezone(LOCAL_TZ)
    end = network.ends_at.astimezone(LOCAL_TZ)
    starts_at = start - duration if spec.position == "before" else end
    return ProposedMeeting(
        starts_at=starts_at, ends_at=starts_at + duration, mode=network.mode, kind=spec.kind
    )


def resolve_preferences(
    weekdays: Sequence[str] | None, poll_slots: Sequence[Slot] | None
) -> list[Slot]:
    """The flag wins, then the poll's result, then the network's custom."""
    if weekdays:
        return parse_slots(",".join(weekdays))
    if poll_slots:
        return list(dict.fromkeys(poll_slots))
    return parse_slots(DEFAULT_PREFERENCES)


def _reason_for_free(
    cand: Candidate, chosen: Candidate, n: int, weeks: dict[WeekKey, int], prefs: Sequence[Slot]
) -> str:
    """Why a free half-day closer to the ideal date lost to the chosen one."""
    other = weeks.get(cand.week, n)
    if other != n:
        return SAME_WEEK_REASON.format(n=other)
    if cand.penalty > chosen.penalty:
        return LOWER_PREFERENCE_REASON.format(token=prefs[cand.rank].token)
    return "jämnare spridning för hela serien"


def _skip_lines(n: int, reasons: dict[date, dict[Half, str]]) -> list[Explanation]:
    """One line per day when every half failed for the same reason, else one per half."""
    lines = []
    for day in sorted(reasons):
        one = len(set(reasons[day].values())) == 1
        for half, reason in sorted(reasons[day].items())[: 1 if one else None]:
            text = f"{format_day(day)}{'' if one else ' ' + half.value} skipped: {reason}"
            lines.append(Explanation(meeting=n, day=day, action="skipped", text=text))
    return lines


def explain(
    picked: Sequence[Candidate],
    ideals: Sequence[float],
    prefs: Sequence[Slot],
    blocked: dict[tuple[date, Half], str],
    candidates: Sequence[Candidate],
) -> list[Explanation]:
    """Say for each meeting what was chosen and why every closer half-day was not."""
    weeks = {c.week: n for n, c in enumerate(picked, 1)}
    out: list[Explanation] = []
    for n, (chosen, ideal) in enumerate(zip(picked, ideals, strict=True), 1):
        limit = abs(chosen.day.toordinal() - ideal)
        reasons: dict[date, dict[Half, str]] = {}
        for (day, half), reason in blocked.items():
            if abs(day.toordinal() - ideal) < limit:
                reasons.setdefault(day, {})[half] = reason
        for cand in candidates:
            if abs(cand.day.toordinal() - ideal) < limit:
                reason = _reason_for_free(cand, chosen, n, weeks, prefs)
                reasons.setdefault(cand.day, {})[cand.half] = reason
        ideal_day, days = date.fromordinal(int(ideal + 0.5)), round(limit)
        slot = prefs[chosen.rank].token
        text = (
            f"{format_day(chosen.day)} {chosen.half.value} chosen for meeting {n}: {slot}, "
            f"preference {chosen.rank + 1}, {days} day{'' if days == 1 else 's'} from "
            f"the even spread ({format_day(ideal_day)})"
        )
        out.append(Explanation(meeting=n, day=chosen.day, action="chosen", text=text))
        out += _skip_lines(n, reasons)
    return out


def build_meetings(
    picked: Sequence[Candidate],
    modes: Sequence[MeetingMode],
    duration: timedelta,
    adjacent: AdjacentRequest | None,
) -> list[ProposedMeeting]:
    """Network meetings with their modes, plus adjacent meetings, ordered by start."""
    meetings: list[ProposedMeeting] = []
    for cand, mode in zip(picked, modes, strict=True):
        starts_at, ends_at = half_day_span(cand.day, cand.half, duration)
        network = ProposedMeeting(starts_at=starts_at, ends_at=ends_at, mode=mode)
        meetings.append(network)
        if adjacent:
            meetings.append(adjacent_meeting(network, adjacent))
    return sorted(meetings, key=lambda m: m.starts_at)


def propose_series(
    request: ProposalRequest,
    *,
    today: date | None = None,
    poll_slots: Sequence[Slot] | None = None,
    bounds: TermBounds = DEFAULT_TERM_BOUNDS,
) -> ProposalResult:
    """Propose the term's meetings; raise PlanningError (one line, valid choices) on bad input."""
    today = today or today_in_stockholm()
    validate_count(request.count)
    term = parse_term(request.term, today, bounds)
    prefs = resolve_preferences(request.weekdays, poll_slots)
    modes = resolve_modes(request.count, request.modes)
    cal = SwedishCalendar(years=(term.year,), breaks=school_breaks_for(request.region))
    start = max(term.start, today + timedelta(days=1))
    candidates, blocked = scan_window(start, term.end, prefs, cal, request.busy)
    ideals = ideal_ordinals(start, term.end, request.count)
    picked = select(candidates, ideals)
    if picked is None:
        room = len({c.week for c in candidates})
        tokens = ",".join(p.token for p in prefs)
        raise PlanningError("planning.too_many", room=room, term=term.label, days=tokens)
    duration = timedelta(minutes=request.duration_minutes)
    return ProposalResult(
        term=term.label,
        window_start=start,
        window_end=term.end,
        preferences=[p.token for p in prefs],
        meetings=build_meetings(picked, modes, duration, request.adjacent),
        explanations=explain(picked, ideals, prefs, blocked, candidates),
    )
