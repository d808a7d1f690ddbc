"""Fire due database timers: claim, handle and mark in one transaction, so each fires once."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from services.events.consumers import HOLD_KEY
from services.events.models import DeadLetter
from services.events.outbox import Publisher, unit_of_work
from services.events.reactions import OneTimer, Reactions, TimerSetHandler
from services.events.timers import DueTimer, claim_due_timers

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
            session.info[HOLD_KEY] = []  # the rows a set handler preloads stay in the session
            timers = claim_due_timers(session, now=now, limit=batch)
            fire_claimed(session, timers, reactions=reactions, now=now)
        fired += len(timers)
        if len(timers) < batch:
            return fired


def fire_claimed(
    session: Session, timers: Sequence[DueTimer], *, reactions: Reactions, now: datetime
) -> None:
    """Each kind's timers together when its handler takes a set, else one by one."""
    by_kind: dict[str, list[DueTimer]] = {}
    for timer in timers:
        by_kind.setdefault(timer.kind, []).append(timer)
    for kind, group in by_kind.items():
        handler = reactions.timer(kind)
        if handler is None:
            log.warning("no handler for timer", extra={"kind": kind})
            continue
        together = reactions.timer_set(kind)
        if (
            together is not None
            and len(group) > 1
            and _fire_together(session, together, group, now)
        ):
            continue
        for timer in group:  # one bad timer must not block the others: it dead-letters alone
            _fire_one(session, handler, timer, now)


def _fire_together(
    session: Session, handler: TimerSetHandler, timers: Sequence[DueTimer], now: datetime
) -> bool:
    """The set in one savepoint; False (nothing kept) when it failed, to retry one by one."""
    try:
        with session.begin_nested():
            handler(session, timers, now)
    except Exception:
        log.warning(
            "timer set failed, firing one by one",
            extra={"kind": timers[0].kind, "timers": len(timers)},
        )
        return False
    return True


def _fire_one(session: Session, handler: OneTimer, timer: DueTimer, now: datetime) -> None:
    """One timer in its own savepoint; a failure becomes a dead letter, the rest go on."""
    try:
        with session.begin_nested():
            handler(session, timer, now)
    except Exception as exc:
        log.warning("timer failed", extra={"kind": timer.kind, "timer_id": str(timer.id)})
        session.add(
            DeadLetter(
                task_name=f"timer:{timer.kind}",
                subject_id=timer.id,
                network_id=timer.network_id,
                error=repr(exc)[:2000],
                attempts=1,
            )
        )
