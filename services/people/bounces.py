"""An address that bounces stops getting mail: hard bounces at once, soft ones by a score.

The score follows GNU Mailman's bounce processing: a hard bounce counts 1 and marks the address
failing at once, a soft one 0.5; at most one bounce counts a day, the score starts over when
the last counted bounce is older than 30 days, and 5 marks the address failing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from services.actors import Actor
from services.audit.service import record_audit
from services.people.models import EmailStatus, Member

THRESHOLD = 5.0
HARD, SOFT = 1.0, 0.5
STALE_AFTER = timedelta(days=30)


def record_bounce(
    session: Session, *, member: Member, hard: bool, reason: str, now: datetime
) -> bool:
    """Score one bounce of the member's address; True when it changed the score or status."""
    today = now.astimezone(LOCAL_TZ).date()
    if member.bounced_on is not None and today - member.bounced_on > STALE_AFTER:
        member.bounce_score = 0.0
    if member.bounced_on == today and not hard:
        return False  # the daily cap: a burst of soft bounces is one bad day
    if member.bounced_on == today and member.email_status == EmailStatus.failing:
        return False
    member.bounce_score = (member.bounce_score or 0.0) + (HARD if hard else SOFT)
    member.bounced_on = today
    member.bounce_reason = reason[:300]
    if (hard or member.bounce_score >= THRESHOLD) and member.email_status != EmailStatus.failing:
        member.email_status = EmailStatus.failing
        member.failing_since = now
        record_audit(
            session,
            actor=Actor(kind="system", network_id=member.network_id),
            action="address_failing",
            entity_type="member",
            entity_id=member.id,
            network_id=member.network_id,
            details={"hard": hard, "score": member.bounce_score},
        )
    session.flush()
    return True


def clear_failing(member: Member) -> None:
    """A corrected address, or a member who asks for a fresh link: the address is given a chance."""
    member.email_status = EmailStatus.ok
    member.bounce_score = 0.0
    member.bounced_on = None
    member.bounce_reason = None
    member.failing_since = None
