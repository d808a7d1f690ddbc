"""Beat: read the organiser mailbox. Each message is understood and stored in a transaction of
its own, and only then filed (or flagged for a person), so a crash between the two reads it
again next time and its stored digest makes that change nothing; a slow mailbox holds no lock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.inbox import Inbox
from services.inbound.models import InboundOutcome
from services.inbound.service import (
    InboundRules,
    purge_raw,
    read_message,
    record_unreadable,
)

log = logging.getLogger("samverkan.inbound")


@dataclass
class InboxReport:
    applied: int = 0
    ignored: int = 0
    for_person: int = 0
    failed: int = 0
    repeated: int = 0  # read before (a crash between storing and filing): filed again
    purged: int = 0


def read_inbox(
    factory: sessionmaker[Session],
    inbox: Inbox,
    *,
    rules: InboundRules,
    now: datetime | None = None,
) -> InboxReport:
    """Every waiting message once: applied or ignored ones are filed, the rest flagged."""
    now = now or utcnow()
    report = InboxReport()
    with inbox:
        for waiting in inbox.waiting():
            try:
                with factory.begin() as session:
                    outcome, fresh = read_message(session, raw=waiting.raw, rules=rules, now=now)
            except Exception:  # one broken message must not stop the others
                log.exception("inbound message not read", extra={"uid": waiting.uid})
                report.failed += 1
                with factory.begin() as session:
                    record_unreadable(session, raw=waiting.raw, now=now)
                inbox.flag(waiting.uid)
                continue
            if outcome == InboundOutcome.for_person:
                inbox.flag(waiting.uid)
            else:
                inbox.file(waiting.uid)
            counted = outcome.value if fresh else "repeated"
            setattr(report, counted, getattr(report, counted) + 1)
    with factory.begin() as session:
        report.purged = purge_raw(session, now=now)
    log.info("inbox read", extra=vars(report))
    return report
