"""`series propose` through typer's CliRunner: JSON, the explained table, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from services.series.cli import parse_adjacent, parse_duration, series_app

RUNNER = CliRunner()
BASE = ["propose", "--term", "VT2024", "--today", "2023-12-01"]


def test_json_is_a_list_of_meetings_with_offsets() -> None:
    args = [*BASE, "--count", "3", "--weekdays", "wed-pm,fri", "--adjacent", "steering:before:1h"]
    result = RUNNER.invoke(series_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    meetings = json.loads(result.stdout)
    assert meetings[0] == {
        "starts_at": "2024-01-17T12:00:00+01:00",
        "ends_at": "2024-01-17T13:00:00+01:00",
        "mode": "on_site",
        "kind": "steering",
    }
    assert [m["kind"] for m in meetings] == ["steering", "network"] * 3
    assert [m["mode"] for m in meetings[1::2]] == ["on_site", "digital", "on_site"]
    assert meetings[-1]["starts_at"].endswith("+02:00")


def test_table_explains_each_choice() -> None:
    result = RUNNER.invoke(series_app, [*BASE, "--weekdays", "wed-pm,fri", "--format", "table"])
    assert result.exit_code == 0, result.stderr
    assert "Wed 27 March" in result.stdout
    assert "Fri 29 March skipped: Långfredagen" in result.stdout
    assert "on site" in result.stdout


def test_modes_and_duration_flags() -> None:
    args = [*BASE, "--count", "2", "--modes", "digital,on-site", "--duration", "2h30m"]
    meetings = json.loads(RUNNER.invoke(series_app, [*args, "--format", "json"]).stdout)
    assert [m["mode"] for m in meetings] == ["digital", "on_site"]
    assert meetings[0]["ends_at"][11:16] == "15:30"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--count", "0"], "count must be between 1 and 12 (got 0)"),
        (["--count", "40"], "count must be between 1 and 12 (got 40)"),
        (["--weekdays", "wed,sat"], "unknown weekday 'sat': use mon, tue, wed, thu, fri"),
        (["--term", "VT2023"], "in the past (ended 2023-06-15); use HT2023, VT2024"),
        (["--term", "Q1-2024"], "unknown term 'Q1-2024': use VT<year> or HT<year>"),
        (["--format", "xml"], "unknown format 'xml': use json or table"),
        (["--modes", "hybrid,digital,digital"], "unknown mode 'hybrid': use on_site or digital"),
        (["--adjacent", "board:before"], "use <steering|preparatory>"),
        (["--duration", "lots"], "unknown duration 'lots'"),
        (["--today", "yesterday"], "use YYYY-MM-DD"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_exit_2(extra: list[str], message: str) -> None:
    result = RUNNER.invoke(series_app, [*BASE, *extra])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ")
    assert message in result.stderr


def test_parsers() -> None:
    assert [parse_duration(t) for t in ("3h", "90m", "1.5h", "2h30m", "45min")] == [
        180,
        90,
        90,
        150,
        45,
    ]
    adjacent = parse_adjacent("preparatory:after")
    assert (adjacent.kind.value, adjacent.position, adjacent.duration_minutes) == (
        "preparatory",
        "after",
        60,
    )
