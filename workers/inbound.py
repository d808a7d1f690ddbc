"""Beat: read the organiser mailbox (replies and bounces); the inbound domain decides what each
message means."""

from __future__ import annotations

from infra.clock import utcnow
from infra.inbox import inbox_from_settings
from infra.settings import get_settings
from services.inbound.reader import read_inbox
from services.inbound.service import InboundRules
from workers.celery_app import app
from workers.context import factory


@app.task(name="inbound.read")
def inbound_read() -> dict[str, int]:
    """One pass over the mailbox; nothing to do when no mailbox is configured."""
    settings = get_settings()
    inbox = inbox_from_settings(settings)
    if inbox is None:
        return {}
    rules = InboundRules.from_settings(settings)
    return dict(vars(read_inbox(factory(), inbox, rules=rules, now=utcnow())))
