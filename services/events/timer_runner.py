"""Fire due database timers: claim, handle and mark in one transaction, so each fires once."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from services.events.models import DeadLetter
from services.events.outbox import Publisher, unit_of_work
from services.events.reactions import Reactions
from services.events.timers import claim_due_timers

log = logging.getLogger("samverkan.timers")


def fire_due_timers(
    factory: sessionmaker[Session],
    publisher: Publisher | None,
    *,
    reactions: Reactions,
    now: datetime,
    batch: int = 500,
) -> int:
    """Loop over batches until nothing is due; a concurrent beat skips the rows we hold."""
    fired = 0
    while True:
        with unit_of_work(factory, publisher) as session:
            timers = claim_due_timers(session, now=now, limit=batch)
            for timer in timers:
                handler = reactions.timer(timer.kind)
                if handler is None:
                    log.warning("no handler for timer", extra={"kind": timer.kind})
                    continue
                try:
                    with session.begin_nested():
                        handler(session, timer, now)
                except Exception as exc:  # one bad timer must not block the others
                    log.warning(
                        "timer failed", extra={"kind": timer.kind, "timer_id": str(timer.id)}
                    )
                    session.add(
                        DeadLetter(
                            task_name=f"timer:{timer.kind}",
                            subject_id=timer.id,
                            network_id=timer.network_id,
                            error=repr(exc)[:2000],
                            attempts=1,
                        )
                    )
        fired += len(timers)
        if len(timers) < batch:
            return fired
