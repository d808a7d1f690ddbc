"""Plain inputs and outputs of the Microsoft 365 adapter, so callers never touch python-o365."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, model_validator

RsvpValue = Literal["accepted", "tentative", "declined", "needs_action"]


class GraphRecipient(BaseModel):
    """One address on a mail or an event; the name is what Outlook shows."""

    model_config = ConfigDict(frozen=True)

    email: EmailStr
    name: str = ""


class GraphAttendee(GraphRecipient):
    """An invited member; optional attendees are shown as such in Outlook."""

    required: bool = True


class GraphEvent(BaseModel):
    """A meeting as it should look in the organiser mailbox's calendar."""

    model_config = ConfigDict(frozen=True)

    subject: str = Field(min_length=1, max_length=255)
    body_html: str
    start: AwareDatetime
    end: AwareDatetime
    timezone: str = Field(
        default="Europe/Stockholm",
        description="IANA name; python-o365 sends the Windows name (W. Europe Standard Time).",
    )
    location: str | None = None
    online_url: str | None = Field(default=None, description="Join link of a digital meeting.")
    online_meeting: bool = Field(
        default=False,
        description="Create it as a Teams meeting (isOnlineMeeting, teamsForBusiness).",
    )
    attendees: list[GraphAttendee] = Field(min_length=1)
    transaction_id: str | None = Field(
        default=None,
        max_length=255,
        description="Graph idempotency key: a retried create returns the same event.",
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class GraphAttachment(BaseModel):
    """A small file attached inline (Graph's limit for inline attachments is 3 MB)."""

    model_config = ConfigDict(frozen=True)

    filename: str = Field(min_length=1)
    content: bytes = Field(max_length=3 * 1024 * 1024)


class GraphMail(BaseModel):
    """An HTML mail sent from the organiser mailbox through Graph sendMail."""

    model_config = ConfigDict(frozen=True)

    subject: str
    body_html: str
    to: list[GraphRecipient] = Field(min_length=1)
    attachments: list[GraphAttachment] = Field(default_factory=list)
    headers: dict[str, str] = Field(
        default_factory=dict, description="internetMessageHeaders; Graph accepts X- names only."
    )
    save_to_sent_items: bool = True

    @model_validator(mode="after")
    def _x_headers_only(self) -> Self:
        if any(not name.lower().startswith("x-") for name in self.headers):
            raise ValueError("Graph accepts only X- headers")
        return self

    @property
    def recipient_count(self) -> int:
        """What the message counts against the mailbox's daily recipient cap."""
        return len(self.to)


class AttendeeResponse(BaseModel):
    """An attendee's answer read back from Graph, already in our RSVP vocabulary."""

    model_config = ConfigDict(frozen=True)

    email: str
    response: RsvpValue
    responded_at: dt.datetime | None = None
