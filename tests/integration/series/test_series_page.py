"""The coordinator's series page shows the replies to a proposal: who objected, and when else."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from services.notifications.formatting import format_range
from services.series.models import MeetingSeries
from tests.integration.series.conftest import People
from tests.integration.series.helpers import SignFn
from tests.integration.series.test_series_consent import answer, network_meetings


def test_series_page_lists_objections_per_date_with_the_next_best_alternatives(
    client: TestClient, series: MeetingSeries, people: People, sign: SignFn, next_term: str
) -> None:
    body = {"term": next_term, "count": 3}
    proposal = client.post(f"/api/series/{series.id}/proposal", json=body).json()["meetings"]
    reply_by = datetime.now(UTC).date() + timedelta(days=7)
    client.post(f"/api/series/{series.id}/send-proposal", json={"reply_by": str(reply_by)})
    second = network_meetings(proposal)[1]
    objected = answer(client, sign, people.cia, second, works=False, comment="KS-sammanträde")
    assert objected.status_code == 200, objected.text
    answer(client, sign, people.bo, second, works=True)

    report = client.get(f"/api/series/{series.id}/consent").json()
    alternatives = next(d for d in report["dates"] if d["meeting"]["id"] == second["id"])[
        "alternatives"
    ]
    assert alternatives

    page = client.get("/serier")
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    assert "Svar på förslaget" in text
    row = _row(text, second["id"])
    assert "Cia Carlsson (Kungälv): KS-sammanträde" in row
    assert "Bo Berg" not in row
    for alt in alternatives:
        start, end = (datetime.fromisoformat(alt[k]) for k in ("starts_at", "ends_at"))
        assert format_range(start, end, "sv") in row
    assert "Inga invändningar" in _row(text, network_meetings(proposal)[0]["id"])


def _row(text: str, meeting_id: str) -> str:
    """The consent table's row of one meeting (the meeting list above links it too)."""
    table = text.split("Svar på förslaget", 1)[1]
    return next(r for r in re.split(r"<tr>", table) if meeting_id in r)
