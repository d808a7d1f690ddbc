from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.minutes.cli import minutes_app

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "minutes"
runner = CliRunner()
SAMPLE = FIXTURES / "fictional-2023-08-network-meeting.txt"


def test_extract_json_has_exactly_the_documented_shape() -> None:
    result = runner.invoke(minutes_app, ["extract", str(SAMPLE), "--meeting-date", "2023-08-25"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "meeting_date", "attendance", "agenda", "decisions", "action_items", "dates",
        "series_proposals",
    ]  # fmt: skip
    assert set(data["attendance"]) == {"present", "absent"}
    assert set(data["attendance"]["present"][0]) == {"name", "organisation", "items"}
    assert set(data["attendance"]["absent"][0]) == {"name", "organisation"}
    assert set(data["agenda"][0]) == {"number", "title"}
    assert set(data["decisions"][0]) == {"item", "text"}
    assert set(data["action_items"][0]) == {
        "text", "title", "owner_organisation", "owner_name", "due", "kind", "item", "unsure",
    }  # fmt: skip
    assert set(data["dates"][0]) == {"date", "time", "kind", "text", "title", "unsure"}
    assert set(data["series_proposals"][0]) == {"text"}


def test_extract_table_and_docx() -> None:
    docx = FIXTURES / "fictional-2024-02-network-meeting.docx"
    args = ["extract", str(docx), "--meeting-date", "2024-02-14", "--format", "table"]
    result = runner.invoke(minutes_app, args, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Öckerö i fokus" in result.output
    assert "Jakob Frid" in result.output


def test_bad_input_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    for args in (
        ["extract", str(empty), "--meeting-date", "2023-01-01"],
        ["extract", str(SAMPLE), "--meeting-date", "1 jan"],
        ["extract", str(tmp_path / "saknas.txt"), "--meeting-date", "2023-01-01"],
        ["extract", str(SAMPLE), "--meeting-date", "2023-01-01", "--network", "Okänt"],
    ):
        result = runner.invoke(minutes_app, args)
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_eval_prints_precision_and_recall() -> None:
    result = runner.invoke(minutes_app, ["eval", str(FIXTURES)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Precision" in result.output
    assert "action_items" in result.output
