"""A window that only opens (real minutes: "Enligt ESF öppnar utlysningen den 22/6") makes no
deadline when the minutes are approved; the review page says so at that row, not at others."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.deadlines.models import Deadline
from services.meetings.models import MeetingStatus
from services.people.models import Network
from tests.integration.notifications.conftest import run_consumers
from tests.integration.web.conftest import post_form
from tests.support.factories import make_meeting

MINUTES = """Anteckningar

1. Utlysningar

Enligt ESF öppnar utlysningen den 22 juni 2099. Det blir troligen ett kort ansökningsfönster.

Utlysningarna öppnar 15 februari 2099 och ansökan ska vara inskickad senast 31 mars 2099.
"""
NOTICE = "Ingen sista dag i samma mening."


def _date_rows(page: str) -> list[str]:
    """The review page's date rows, in order."""
    table = page.split('<fieldset id="dates">', 1)[1].split("</fieldset>", 1)[0]
    return table.split("<tr>")[2:]  # after the head row


def test_an_opening_without_closing_is_marked_and_approving_makes_only_the_closed_window(
    client: TestClient, db: Session, network: Network, session_maker: sessionmaker[Session]
) -> None:
    meeting = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    db.commit()
    review = post_form(client, f"/moten/{meeting.id}/protokoll", {"text": MINUTES})
    assert review.status_code == 200, review.text
    rows = _date_rows(review.text)
    assert [("22 juni" in r or "2099-06-22" in r, NOTICE in r) for r in rows] == [
        (True, True),
        (False, False),
        (False, False),
    ]
    form = {"text": MINUTES, "n_date": str(len(rows)), "action": "approve"}
    for i, (day, kind) in enumerate(
        [("2099-06-22", "window_opens"), ("2099-02-15", "window_opens"), ("2099-03-31", "deadline")]
    ):
        sentence = MINUTES.split("\n\n")[2 if i == 0 else 3].strip()
        form |= {f"date-{i}-keep": "1", f"date-{i}-date": day, f"date-{i}-kind": kind}
        form |= {f"date-{i}-text": sentence, f"date-{i}-title": f"Rad {i}"}
    done = post_form(client, f"/moten/{meeting.id}/protokoll/granska", form)
    assert done.status_code == 303, done.text
    run_consumers(session_maker)  # the follow-ups consumer makes the deadlines
    made = db.scalars(select(Deadline).where(Deadline.network_id == network.id)).all()
    assert [(d.title, d.opens_at is not None) for d in made] == [("Rad 2", True)]
