"""`samverkan series propose`: the planner from the command line (JSON or an explained table)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from infra.clock import LOCAL_TZ
from schemas.enums import DEFAULT_REGION, MeetingKind, MeetingMode
from schemas.series import (
    AdjacentRequest,
    ProposalRequest,
    ProposalResult,
    RecurringIn,
    RecurringOut,
)
from services import messages
from services.actors import Actor
from services.errors import DomainError
from services.series.planning.calendar_rules import PlanningError, Slot, format_day
from services.series.planning.planner import propose_series
from workers.context import unit_of_work

series_app = typer.Typer(name="series", help="Plan a series of meetings.", no_args_is_help=True)


@series_app.callback()
def series() -> None:
    """Plan a series of meetings (kept a group so `series propose` works standalone too)."""


FORMATS = ("json", "table")
MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
# By hand: "3h"/"90m" is friendlier than ISO 8601 "PT3H", which is all isodate would parse.
DURATION_PATTERN = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m(?:in)?)?$")
MODE_ALIASES = {
    "on_site": "on_site",
    "on-site": "on_site",
    "onsite": "on_site",
    "digital": "digital",
}
ADJACENT_KINDS = (MeetingKind.steering.value, MeetingKind.preparatory.value)
MODE_LABELS = {MeetingMode.on_site: "on site", MeetingMode.digital: "digital"}  # the CLI is English


def parse_duration(text: str) -> int:
    """'3h', '90m', '2h30m', '1.5h' → minutes, within what a meeting can reasonably last."""
    match = DURATION_PATTERN.match(text.strip().lower())
    if not text.strip() or not match:
        raise PlanningError("planning.unknown_duration", text=text)
    minutes = round(float(match[1] or 0) * 60) + int(match[2] or 0)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise PlanningError("planning.duration_range", text=text, low=MIN_MINUTES)
    return minutes


def parse_modes(text: str) -> list[MeetingMode]:
    """'on_site,digital,on_site' → modes, one per meeting."""
    tokens = [t.strip().lower() for t in text.split(",") if t.strip()]
    unknown = [t for t in tokens if t not in MODE_ALIASES]
    if unknown or not tokens:
        raise PlanningError("planning.unknown_mode", modes=",".join(unknown))
    return [MeetingMode(MODE_ALIASES[t]) for t in tokens]


def parse_adjacent(text: str) -> AdjacentRequest:
    """'steering:before:1h' → where and how long the adjacent meeting is."""
    kind, position, duration = [*text.strip().lower().split(":"), "", ""][:3]
    if kind not in ADJACENT_KINDS or position not in ("", "before", "after"):
        raise PlanningError("planning.unknown_adjacent", text=text)
    return AdjacentRequest(
        kind=MeetingKind(kind),
        position="after" if position == "after" else "before",
        duration_minutes=parse_duration(duration) if duration else 60,
    )


def parse_today(text: str | None) -> date | None:
    """Let tests and re-planning pretend it is another day."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise PlanningError("planning.unknown_date", text=text) from exc


def render_table(result: ProposalResult) -> None:
    """Meetings as a table, then each choice explained on its own line."""
    console = Console(highlight=False)
    table = Table(title=f"{result.term}: {', '.join(result.preferences)}")
    for header in ("Day", "Time", "Mode", "Kind"):
        table.add_column(header)
    for m in result.meetings:
        start, end = m.starts_at.astimezone(LOCAL_TZ), m.ends_at.astimezone(LOCAL_TZ)
        span = f"{start:%H:%M}–{end:%H:%M} ({start:%z})"
        table.add_row(format_day(start.date()), span, MODE_LABELS[m.mode], m.kind.value)
    console.print(table)
    for e in result.explanations:
        console.print(f"{e.meeting}. {e.text}", soft_wrap=True, markup=False)


def build_request(
    term: str,
    count: int,
    weekdays: str | None,
    modes: str | None,
    duration: str,
    adjacent: str | None,
    region: str,
) -> ProposalRequest:
    """Turn CLI text into the same request the API takes."""
    return ProposalRequest(
        term=term,
        count=count,
        weekdays=weekdays.split(",") if weekdays else None,
        modes=parse_modes(modes) if modes else None,
        duration_minutes=parse_duration(duration),
        adjacent=parse_adjacent(adjacent) if adjacent else None,
        region=region,
    )


@series_app.command("propose")
def propose(
    term: Annotated[str, typer.Option(help="Term: VT2024, HT 2025 …")],
    count: Annotated[int, typer.Option(help="Number of network meetings (1–12).")] = 3,
    weekdays: Annotated[str | None, typer.Option(help="Preferred, in order: wed-pm,fri")] = None,
    modes: Annotated[str | None, typer.Option(help="One per meeting: on_site,digital")] = None,
    duration: Annotated[str, typer.Option(help="Length of a network meeting: 3h")] = "3h",
    adjacent: Annotated[str | None, typer.Option(help="e.g. steering:before:1h")] = None,
    region: Annotated[str, typer.Option(help="School-break region.")] = DEFAULT_REGION,
    output: Annotated[str, typer.Option("--format", help="json or table")] = "table",
    today: Annotated[str | None, typer.Option(help="Plan as if today were YYYY-MM-DD.")] = None,
    series: Annotated[
        str | None, typer.Option(help="Series id: without --weekdays, plan on its poll's result.")
    ] = None,
) -> None:
    """Propose meeting dates for a term, avoiding holidays, bridge days and school breaks."""
    try:
        if output not in FORMATS:
            raise PlanningError(
                "planning.unknown_format", output=output, choices=" or ".join(FORMATS)
            )
        request = build_request(term, count, weekdays, modes, duration, adjacent, region)
        poll_slots = _poll_slots(series) if series and not weekdays else []
        result = propose_series(request, today=parse_today(today), poll_slots=poll_slots)
    except PlanningError as exc:
        typer.echo(f"error: {_one_line(exc)}", err=True)
        raise typer.Exit(code=2) from exc
    if output == "json":
        meetings = [m.model_dump(mode="json") for m in result.meetings]
        typer.echo(json.dumps(meetings, ensure_ascii=False, indent=2))
    else:
        render_table(result)


def parse_series_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError as exc:
        raise PlanningError("planning.bad_series_id", text=text) from exc


def _poll_slots(series: str) -> list[Slot]:
    """The series' latest poll result (the best half-days), read from the database."""
    from services.series.models import MeetingSeries
    from services.series.polls import poll_choice

    series_id = parse_series_id(series)
    with unit_of_work() as session:
        if session.get(MeetingSeries, series_id) is None:
            raise PlanningError("planning.no_series", series_id=series_id)
        return poll_choice(session, series_id)


@series_app.command("recurring")
def recurring(
    series: Annotated[str, typer.Option(help="Series id (UUID).")],
    rrule: Annotated[str, typer.Option(help="RFC 5545 rule, e.g. FREQ=MONTHLY;BYDAY=1WE")],
    start: Annotated[str, typer.Option(help="First possible day, YYYY-MM-DD.")],
    time: Annotated[str, typer.Option(help="Local time, e.g. 13:00-16:00.")],
    until: Annotated[str | None, typer.Option(help="Last possible day, YYYY-MM-DD.")] = None,
    school_breaks: Annotated[bool, typer.Option(help="Also skip school breaks.")] = False,
    region: Annotated[str, typer.Option(help="School-break region.")] = DEFAULT_REGION,
) -> None:
    """Create a regular series as planned meetings; Swedish holidays are left out (EXDATE)."""
    from services.series.models import MeetingSeries
    from services.series.service import create_recurring

    try:
        series_id = parse_series_id(series)
        first, last = parse_day(start, "start"), parse_day(until, "until") if until else None
        data = RecurringIn(
            rrule=rrule,
            start=first,
            until=last,
            time=time.replace("–", "-"),
            avoid_school_breaks=school_breaks,
            region=region,
        )
        with unit_of_work() as session:
            row = session.get(MeetingSeries, series_id)
            if row is None:
                raise PlanningError("planning.no_series", series_id=series_id)
            actor = Actor(kind="system", network_id=row.network_id)
            out = create_recurring(session, series_id=series_id, data=data, actor=actor)
    except (PlanningError, ValidationError) as exc:
        typer.echo(f"error: {_one_line(exc)}", err=True)
        raise typer.Exit(code=2) from exc
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(code=2) from exc
    render_recurring(out)


def parse_day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise PlanningError("planning.unknown_named_date", name=name, text=text) from exc


def _one_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    if isinstance(exc, PlanningError):
        return messages.render(exc.code, exc.params, "en")  # the CLI speaks English
    return str(exc)


def render_recurring(out: RecurringOut) -> None:
    """Created meetings, then the dates left out and why."""
    console = Console(highlight=False)
    table = Table(title=f"{len(out.meetings)} meetings: {out.rrule}")
    for header in ("Day", "Time", "Status"):
        table.add_column(header)
    for m in out.meetings:
        start, end = m.starts_at.astimezone(LOCAL_TZ), m.ends_at.astimezone(LOCAL_TZ)
        table.add_row(format_day(start.date()), f"{start:%H:%M}–{end:%H:%M}", m.status.value)
    console.print(table)
    for s in out.skipped:
        day = format_day(s.starts_at.astimezone(LOCAL_TZ).date())
        console.print(f"{day}: {s.reason}", soft_wrap=True, markup=False)
