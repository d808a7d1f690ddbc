"""`samverkan minutes ...`: extract one file for review, or measure quality against gold files."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from schemas.minutes import MinutesExtraction
from services.minutes.extraction import MinutesReadError, extract_minutes, read_minutes_file
from services.minutes.extraction.evaluate import Report, evaluate_directory
from services.people.registry import GR_NETWORK_NAME, GR_ORGANISATIONS

minutes_app = typer.Typer(help="Minutes: extract and evaluate.", no_args_is_help=True)


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


def _fail(message: str) -> typer.Exit:
    Console(stderr=True).print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@minutes_app.command("extract")
def extract_command(
    file: Annotated[Path, typer.Argument(help="Minutes as .txt, .md, .docx or .pdf")],
    meeting_date: Annotated[str, typer.Option("--meeting-date", help="YYYY-MM-DD")],
    network: Annotated[
        str, typer.Option("--network", help="Network whose registry to use")
    ] = GR_NETWORK_NAME,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.json,
) -> None:
    """Extract attendance, agenda, decisions, action items, dates and series proposals."""
    try:
        meeting = date.fromisoformat(meeting_date)
    except ValueError:
        raise _fail(f"--meeting-date must be YYYY-MM-DD, got {meeting_date!r}") from None
    if network != GR_NETWORK_NAME:
        raise _fail(f"unknown network {network!r} (known: {GR_NETWORK_NAME})")
    if not file.is_file():
        raise _fail(f"file not found: {file}")
    try:
        text = read_minutes_file(file)
    except MinutesReadError as exc:
        raise _fail(str(exc)) from None
    result = extract_minutes(text, meeting_date=meeting, organisations=GR_ORGANISATIONS)
    if output is OutputFormat.json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        render_tables(result, Console())


def render_tables(result: MinutesExtraction, console: Console) -> None:
    """One table per field, for a coordinator reviewing the extraction."""
    console.print(f"[bold]Meeting {result.meeting_date.isoformat()}[/bold]")
    people = Table("Status", "Name", "Organisation", "Items", title="Attendance")
    for p in result.attendance.present:
        people.add_row("närvarande", p.name, p.organisation or "–", ", ".join(p.items) or "alla")
    for a in result.attendance.absent:
        people.add_row("ej närvarande", a.name, a.organisation or "–", "")
    agenda = Table("#", "Title", title="Agenda")
    for item in result.agenda:
        agenda.add_row(str(item.number or ""), item.title)
    decisions = Table("Item", "Decision", title="Decisions")
    for d in result.decisions:
        decisions.add_row(str(d.item or ""), d.text)
    actions = Table(
        "Item",
        "Kind",
        "Owner",
        "Due",
        "Text",
        title="Action items",
    )
    for x in result.action_items:
        owner = " / ".join(v for v in (x.owner_organisation, x.owner_name) if v) or "–"
        actions.add_row(
            str(x.item or ""), x.kind, owner, x.due.isoformat() if x.due else "", x.text
        )
    dates = Table("Date", "Time", "Kind", "Text", title="Dates")
    for dt in result.dates:
        dates.add_row(dt.date.isoformat(), dt.time or "", dt.kind, dt.text)
    series = Table("Proposal", title="Series proposals")
    for s in result.series_proposals:
        series.add_row(s.text)
    for table in (people, agenda, decisions, actions, dates, series):
        console.print(table)


@minutes_app.command("eval")
def eval_command(
    directory: Annotated[Path, typer.Argument(help="Folder with documents and X.gold.json files")],
) -> None:
    """Print precision and recall per field against the gold files in DIRECTORY."""
    if not directory.is_dir():
        raise _fail(f"not a directory: {directory}")
    try:
        report = evaluate_directory(directory, GR_ORGANISATIONS)
    except MinutesReadError as exc:
        raise _fail(str(exc)) from None
    except (ValueError, KeyError) as exc:
        raise _fail(f"invalid gold file: {exc}") from None
    if not report.documents:
        raise _fail(f"no documents with gold files in {directory}")
    render_report(report, Console())


def render_report(report: Report, console: Console) -> None:
    """Precision/recall/F1 per field; accuracy rows (owner, kind, due) show one figure."""
    table = Table(
        "Field",
        "Precision",
        "Recall",
        "F1",
        "tp/fp/fn",
        title=f"{len(report.documents)} documents",
    )
    for name, s in report.fields.items():
        if s.accuracy:
            table.add_row(name, "", f"{s.recall:.2f}", "", f"{s.tp}/{s.tp + s.fn}")
        else:
            table.add_row(
                name,
                f"{s.precision:.2f}",
                f"{s.recall:.2f}",
                f"{s.f1:.2f}",
                f"{s.tp}/{s.fp}/{s.fn}",
            )
    console.print(table)
    for problem in report.problems:
        console.print(f"[yellow]{problem}[/yellow]")
