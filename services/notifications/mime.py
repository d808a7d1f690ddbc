"""MIME assembly that makes Outlook, Gmail and Apple Calendar all show Accept/Decline."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from infra.clock import utcnow
from schemas.notifications import IcsMethod, RenderedMail

ICS_FILENAME = "invite.ics"


def message_id_for(idempotency_key: str, domain: str) -> str:
    """The same notification always gets the same Message-ID, so resends are recognisable."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:40]
    return f"<{digest}@{domain}>"


def verp_address(notification_id: uuid.UUID, *, local_part: str, domain: str) -> str:
    """The envelope sender that names the notification, so its bounce says whose mail failed."""
    return f"{local_part}+{notification_id.hex}@{domain}"


# METHOD is a VCALENDAR property with a short token value (RFC 5546 §1.4): one unfolded
# content line, so a line match finds it without parsing the whole calendar on every send.
_METHOD_LINE = re.compile(rb"^METHOD(?:;[^:\r\n]*)?:([^\r\n]*)\r?$", re.MULTILINE | re.IGNORECASE)


def ics_method(ics: bytes) -> str | None:
    """The METHOD inside an iCalendar object (upper case), or None."""
    found = _METHOD_LINE.search(ics)
    return found[1].decode("ascii", "replace").strip().upper() if found else None


def build_message(
    *,
    sender: str,
    to: str,
    rendered: RenderedMail,
    ics: bytes | None,
    method: IcsMethod | None,
    unsubscribe_url: str,
    message_id_domain: str,
    idempotency_key: str,
    reply_to: str | None = None,
    sent_at: datetime | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """multipart/mixed[multipart/alternative[text, html, text/calendar], invite.ics].

    `message_id` and `sent_at` are the ones stored at the first rendering, when there are."""
    if (ics is None) != (method is None):
        raise ValueError("ics and method go together")
    if ics is not None and ics_method(ics) != method:
        # RFC 6047 §2.4: the MIME method= parameter must equal the METHOD inside.
        raise ValueError(f"method={method} does not match METHOD in the calendar data")

    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(sent_at or utcnow())
    message["Message-ID"] = message_id or message_id_for(idempotency_key, message_id_domain)
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"

    message.set_content(rendered.text, subtype="plain", cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", cte="quoted-printable")
    if ics is not None and method is not None:
        # base64 keeps the CRLF line ends and 75-octet folding of the iCalendar data intact.
        message.add_alternative(
            ics,
            maintype="text",
            subtype="calendar",
            cte="base64",
            params={"charset": "utf-8", "method": method},
        )
        message.add_attachment(
            ics,
            maintype="application",
            subtype="ics",
            filename=ICS_FILENAME,
            params={"name": ICS_FILENAME},
        )
    return message
