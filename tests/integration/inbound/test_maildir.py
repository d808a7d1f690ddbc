"""`make run` reads replies dropped into a local Maildir with the same code as the IMAP box."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.inbox import MaildirInbox, inbox_from_settings
from infra.settings import Settings
from services.inbound.reader import read_inbox
from services.inbound.service import InboundRules
from services.meetings.models import Rsvp, RsvpResponse
from tests.integration.inbound.conftest import NOW, World, fixture


def test_a_reply_dropped_into_the_maildir_becomes_an_rsvp(
    session_maker: sessionmaker[Session], db: Session, world: World, tmp_path: Path
) -> None:
    folder = tmp_path / "inbound"
    (folder / "new").mkdir(parents=True)
    (folder / "cur").mkdir()
    (folder / "tmp").mkdir()
    (folder / "new" / "reply.eml").write_bytes(fixture("thunderbird_reply_tentative.eml"))
    (folder / "new" / "question.eml").write_bytes(fixture("person_question.eml"))
    inbox = inbox_from_settings(Settings(inbound_maildir=folder))
    assert isinstance(inbox, MaildirInbox)

    report = read_inbox(session_maker, inbox, rules=InboundRules(), now=NOW)

    assert (report.applied, report.for_person) == (1, 1)
    row = db.scalar(select(Rsvp).where(Rsvp.member_id == world.cecilia.id))
    assert row is not None
    assert row.response == RsvpResponse.tentative
    assert len(list((folder / ".Processed" / "new").iterdir())) == 1  # filed
    assert len(list((folder / "cur").iterdir())) == 1  # the question stays, flagged
    assert read_inbox(session_maker, inbox, rules=InboundRules(), now=NOW).for_person == 0
