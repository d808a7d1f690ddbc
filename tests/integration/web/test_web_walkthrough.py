"""Regressions found by walking through `make run` as a coordinator and as a member."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.web.conftest import post_form


def test_a_date_at_the_edge_of_the_calendar_is_a_form_error(client: TestClient) -> None:
    """Year 1 overflowed when converted from Stockholm time to UTC: a 500."""
    for day in ("0001-01-01", "9999-12-31"):
        response = post_form(
            client, "/moten", {"title": "Träff", "date": day, "start": "00:00", "end": "00:30"}
        )
        assert response.status_code == 422, response.text
        assert 'id="date-error"' in response.text
        assert "Ange ett år mellan 1900 och 2200." in response.text
