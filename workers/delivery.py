"""Delivery scans started by beat: send due notifications, read Graph answers, arm digests."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from functools import lru_cache

from infra.clock import utcnow
from infra.settings import get_settings
from services.digest.handlers import arm_digests
from services.meetings.calendar_answers import poll_responses
from services.notifications.claims import due_count
from services.notifications.delivery import Transports, deliver_due
from services.notifications.graph_channel import (
    GraphTransport,
    graph_transports,
    limiter_from_settings,
)
from services.notifications.transports import SmtpTransport
from services.registry import MAIL_KINDS
from workers.celery_app import app
from workers.context import factory, publisher, unit_of_work

log = logging.getLogger("samverkan.delivery")


@lru_cache(maxsize=1)
def graph() -> Callable[[uuid.UUID], GraphTransport]:
    """One Graph transport per network, made once per process."""
    settings = get_settings()
    return graph_transports(factory(), settings, limiter=limiter_from_settings(settings))


@lru_cache(maxsize=1)
def transports() -> Transports:
    """SMTP for everyone, Graph for Microsoft 365 networks (made once per process)."""
    return Transports(smtp=SmtpTransport.from_settings(get_settings()), graph=graph())


@app.task(name="notifications.deliver")
def deliver(helper: bool = False) -> dict[str, int]:
    """One delivery scan over the mail kinds of services.registry; the beat's scan starts
    more senders (other worker processes pick them up) while more than a claim waits."""
    started = time.perf_counter()
    settings = get_settings()
    if not helper and settings.delivery_senders > 1:
        waiting = due_count(factory(), MAIL_KINDS, now=utcnow())
        wanted = min(settings.delivery_senders, -(-waiting // settings.delivery_batch_size))
        for _ in range(wanted - 1):
            deliver.apply_async(kwargs={"helper": True})
    report = deliver_due(
        factory(), transports(), kinds=MAIL_KINDS, settings=settings, publisher=publisher()
    )
    if report.more:  # a backlog is left: go on now rather than at the beat's next tick
        deliver.apply_async(kwargs={"helper": True})
    log.info(
        "delivery scan finished",
        extra={"seconds": round(time.perf_counter() - started, 4), **vars(report)},
    )
    return dict(vars(report))


@app.task(name="graph.poll_responses")
def graph_poll_responses() -> int:
    """Answers given in Outlook become RSVPs (the meetings domain decides how)."""
    return poll_responses(factory(), graph(), now=utcnow())


@app.task(name="notifications.arm_digests")
def notifications_arm_digests() -> int:
    """This week's digest timers (the name stays: beat schedules it by name)."""
    with unit_of_work() as session:
        return arm_digests(session, now=utcnow())
