"""A term with an impossible year (VT0000) is a clear planning error in the CLI and the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from services.series.cli import series_app
from services.series.models import MeetingSeries


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("VT0000", "term VT0000 is in the past; use HT2023, VT2024, HT2024, VT2025"),
        ("HT9999", "term HT9999 is more than 10 years ahead; use e.g. HT2023, VT2024"),
    ],
)
def test_cli_refuses_an_absurd_year_with_the_valid_terms(term: str, message: str) -> None:
    result = CliRunner().invoke(series_app, ["propose", "--term", term, "--today", "2023-12-01"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert message in result.stderr


def test_api_answers_422_listing_the_valid_terms(client: TestClient, series: MeetingSeries) -> None:
    response = client.post(f"/api/series/{series.id}/proposal", json={"term": "VT0000", "count": 3})
    assert response.status_code == 422, response.text
    assert "VT0000 is in the past; use " in response.text
    assert "HT" in response.text.split("use ", 1)[1]
