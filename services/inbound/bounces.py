"""Bounces and auto-replies in the organiser mailbox: which mail failed, for whom, how badly.

A DSN (RFC 3464) or a VERP address (bounce+<notification id>@…) names the mail; otherwise
flufl.bounce (GNU Mailman's detectors) finds the failed addresses in the many non-standard
formats. Auto-replies (RFC 3834, vacation) and spam rejections are not bounces.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from email.message import Message

from flufl.bounce import all_failures

ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")
AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|automatiskt svar|auto(matic)?[- ]?reply|autosvar|out of office|frånvaro|"
    r"abwesend|vacation|semester)",
    re.IGNORECASE,
)
SPAM_WORDS = re.compile(r"\b(spam|blocked|blacklist|blocklist|rbl|reputation)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Bounce:
    """What a bounce says: the mail it names (VERP), the failed addresses, hard or soft."""

    notification_id: uuid.UUID | None
    addresses: frozenset[str]
    hard: bool
    reason: str
    not_a_bounce: str | None = None  # 'delayed' or 'spam': understood, changes nothing


def is_auto_reply(message: Message) -> bool:
    """RFC 3834's Auto-Submitted, the older vacation headers, and the usual subjects."""
    submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    if submitted.startswith("auto-replied") or submitted.startswith("auto-generated"):
        return True
    if any(message.get(h) for h in ("X-Autoreply", "X-Autorespond")):
        return True
    if str(message.get("Precedence", "")).strip().lower() == "auto_reply":
        return True
    return bool(AUTO_SUBJECT.match(str(message.get("Subject", ""))))


def is_dsn(message: Message) -> bool:
    """An RFC 3464 delivery status notification (multipart/report; report-type=delivery-status)."""
    return (
        message.get_content_type() == "multipart/report"
        and str(message.get_param("report-type", "")).lower() == "delivery-status"
    )


def verp_notification(message: Message, *, local_part: str) -> uuid.UUID | None:
    """The notification named by a bounce+<id>@… address the bounce was sent to."""
    pattern = re.compile(rf"{re.escape(local_part)}\+([0-9a-f]{{32}})@", re.IGNORECASE)
    for header in ADDRESS_HEADERS:
        for value in message.get_all(header) or []:
            found = pattern.search(str(value))
            if found:
                return uuid.UUID(found.group(1))
    return None


def _status_blocks(message: Message) -> list[Message]:
    """The per-recipient fields of a DSN's message/delivery-status part."""
    blocks: list[Message] = []
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            if isinstance(payload, list):
                blocks.extend(p for p in payload[1:] if isinstance(p, Message))
    return blocks


def _recipient(block: Message) -> str | None:
    value = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
    _, _, addr = value.partition(";")
    return addr.strip().strip("<>").lower() or None


def _from_dsn(message: Message, notification_id: uuid.UUID | None) -> Bounce | None:
    blocks = [b for b in _status_blocks(message) if b.get("Action")]
    if not blocks:
        return None
    failed = [b for b in blocks if str(b["Action"]).strip().lower() == "failed"]
    addresses = frozenset(a for b in (failed or blocks) if (a := _recipient(b)))
    block = (failed or blocks)[0]
    status = str(block.get("Status", "")).strip()
    diagnostic = " ".join(str(block.get("Diagnostic-Code", "")).split())
    reason = f"{status} {diagnostic}".strip()[:300]
    if not failed:
        return Bounce(notification_id, addresses, False, reason, not_a_bounce="delayed")
    if status.startswith("5.7.") or SPAM_WORDS.search(diagnostic):
        return Bounce(notification_id, addresses, False, reason, not_a_bounce="spam")
    return Bounce(notification_id, addresses, status.startswith("5."), reason)


def read_bounce(message: Message, *, local_part: str) -> Bounce | None:
    """The bounce in a mail, or None when it is no bounce at all."""
    notification_id = verp_notification(message, local_part=local_part)
    if is_dsn(message):
        found = _from_dsn(message, notification_id)
        if found is not None:
            return found
    # Before the auto-reply test: many MTAs mark their bounces Auto-Submitted too.
    temporary, permanent = all_failures(message)
    addresses = frozenset(a.decode("utf-8", "replace").lower() for a in permanent | temporary)
    if not addresses:
        return None
    hard = bool(permanent)
    return Bounce(notification_id, addresses, hard, "permanent" if hard else "temporary")
