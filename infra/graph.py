"""Microsoft 365 delivery through python-o365: calendar events, sendMail, attendee responses.

The library does not retry (request_retries=0): 429 and 5xx surface at once as typed errors so
the Celery task owns every retry and its countdown. Pacing across workers is infra.graph_limits.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import requests
from O365 import MSGraphProtocol
from O365.calendar import (
    Attendee,
    AttendeeType,
    Event,
    EventResponse,
    OnlineMeetingProviderType,
)
from O365.utils import BaseTokenBackend

from infra.clock import utcnow
from infra.graph_token import AuthorityAccount
from schemas.graph import AttendeeResponse, GraphEvent, GraphMail, RsvpValue

GRAPH_BASE_URL = "https://graph.microsoft.com"
TOKEN_RENEW_MARGIN = dt.timedelta(minutes=2)

_RSVP: dict[Any, RsvpValue] = {
    EventResponse.Accepted: "accepted",
    EventResponse.Organizer: "accepted",  # the organiser attends its own meeting
    EventResponse.TentativelyAccepted: "tentative",
    EventResponse.Declined: "declined",
    EventResponse.NotResponded: "needs_action",
    None: "needs_action",  # python-o365 turns Graph's "none" into None
}


class GraphError(Exception):
    """A Graph call failed; the message holds the operation and status, never addresses."""

    def __init__(self, message: str, *, status_code: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code


class GraphThrottled(GraphError):
    """429: try again after retry_after_seconds (Graph's Retry-After)."""

    def __init__(self, message: str, *, retry_after_seconds: float, code: str = "") -> None:
        super().__init__(message, status_code=429, code=code)
        self.retry_after_seconds = retry_after_seconds


class GraphTransientError(GraphError):
    """5xx, 408, timeouts, connection errors: retry with backoff and jitter."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str = "",
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, code=code)
        self.retry_after_seconds = retry_after_seconds


class GraphPermanentError(GraphError):
    """Other 4xx: retrying the same request will not help."""


class GraphNotFound(GraphPermanentError):
    """404: the event is gone (e.g. deleted in Outlook)."""


class GraphAuthError(GraphPermanentError):
    """No token could be obtained, or Graph refused it (401/403)."""


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or utcnow())).total_seconds())


def _raise_for_response(
    operation: str, response: requests.Response, default_retry_after: float
) -> NoReturn:
    status = response.status_code
    try:
        code = str(response.json().get("error", {}).get("code", ""))
    except ValueError:
        code = ""
    message = f"Graph {operation}: HTTP {status} {code}".rstrip()
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    if status == 429:
        raise GraphThrottled(
            message,
            retry_after_seconds=default_retry_after if retry_after is None else retry_after,
            code=code,
        )
    if status >= 500 or status == 408:
        raise GraphTransientError(
            message, status_code=status, code=code, retry_after_seconds=retry_after
        )
    if status == 404:
        raise GraphNotFound(message, status_code=status, code=code)
    if status in (401, 403):
        raise GraphAuthError(message, status_code=status, code=code)
    raise GraphPermanentError(message, status_code=status, code=code)


@contextmanager
def _mapped_errors(operation: str, default_retry_after: float) -> Iterator[None]:
    """Turn requests' exceptions (raised by python-o365) into our typed errors."""
    try:
        yield
    except requests.HTTPError as exc:
        if exc.response is None:
            raise GraphTransientError(f"Graph {operation}: no response") from exc
        _raise_for_response(operation, exc.response, default_retry_after)
    except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema) as exc:
        raise GraphPermanentError(f"Graph {operation}: bad URL") from exc
    except requests.RequestException as exc:
        raise GraphTransientError(f"Graph {operation}: {type(exc).__name__}") from exc


class GraphMailbox:
    """One organiser mailbox, app-only (client credentials), driven through python-o365."""

    def __init__(
        self,
        *,
        tenant_id: str,
        client_id: str,
        client_secret: str,
        mailbox: str,
        token_backend: BaseTokenBackend,
        base_url: str = GRAPH_BASE_URL,
        timeout_seconds: float = 30.0,
        timezone: str = "Europe/Stockholm",
        default_retry_after_seconds: float = 30.0,
        authority_url: str | None = None,
        verify: bool | str = True,
    ) -> None:
        protocol = MSGraphProtocol(default_resource=mailbox, timezone=timezone)
        protocol.service_url = f"{base_url.rstrip('/')}/{protocol.api_version}/"
        self.mailbox = mailbox
        self._default_retry_after = default_retry_after_seconds
        self._account = AuthorityAccount(
            (client_id, client_secret),
            protocol=protocol,
            main_resource=mailbox,
            auth_flow_type="credentials",
            tenant_id=tenant_id,
            token_backend=token_backend,
            request_retries=0,  # no urllib3 Retry: our worker owns 429/5xx retries
            requests_delay=0,  # pacing is infra.graph_limits, shared across workers
            timeout=timeout_seconds,
            # True or a CA bundle path, for requests and MSAL (REQUESTS_CA_BUNDLE wins if set)
            verify_ssl=verify,
            authority_url=authority_url,
        )
        self._schedule = self._account.schedule()

    @property
    def account(self) -> Any:
        """The python-o365 Account, for what this adapter does not wrap."""
        return self._account

    def ensure_token(self) -> None:
        """Get a new app token through MSAL when none is stored or it expires within minutes."""
        backend = self._account.con.token_backend
        if not backend.has_data:
            self._account.con.load_token_from_backend()
        expires = backend.token_expiration_datetime()
        if (
            expires is not None
            and expires - utcnow().astimezone().replace(tzinfo=None) > TOKEN_RENEW_MARGIN
        ):
            return
        try:
            with self._errors("token"):
                ok = self._account.authenticate()
        except ValueError as exc:  # MSAL: the authority refused the tenant (4xx on discovery)
            raise GraphAuthError("Graph token: authority rejected the tenant") from exc
        if not ok:  # MSAL's error (e.g. invalid_client) is logged by python-o365, not raised
            raise GraphAuthError("Graph token: MSAL returned no access token")

    def create_event(self, invite: GraphEvent) -> str:
        """Create the meeting in the mailbox's default calendar; Exchange sends the invites."""
        event = self._schedule.new_event()
        self._fill(event, invite)
        if invite.transaction_id:
            event.transaction_id = invite.transaction_id
        self._save(event, "create_event")
        if not event.object_id:
            raise GraphPermanentError("Graph create_event: response had no id")
        return str(event.object_id)

    def update_event(self, event_id: str, invite: GraphEvent) -> None:
        """Patch subject, body, time, place and attendees; Exchange sends the updates."""
        event = self._event(event_id)
        self._fill(event, invite)
        self._save(event, "update_event")

    def join_url(self, event_id: str) -> str | None:
        """The Teams join link Graph made for an online meeting (onlineMeeting.joinUrl)."""
        self.ensure_token()
        url = self._schedule.build_url(Event._endpoints["event"].format(id=event_id))
        select = "isOnlineMeeting,onlineMeeting,onlineMeetingUrl"
        with self._errors("join_url"):
            response = self._account.con.get(url, params={"$select": select})
        event = Event(parent=self._schedule, **{self._schedule._cloud_data_key: response.json()})
        return str(event.online_meeting_url) if event.online_meeting_url else None

    def cancel_event(self, event_id: str, comment: str | None = None) -> None:
        """Cancel the meeting (POST .../events/{id}/cancel); Exchange sends the cancellations."""
        self.ensure_token()
        with self._errors("cancel_event"):
            self._event(event_id).cancel_event(comment or None)

    def send_mail(self, message: GraphMail) -> None:
        """Send an HTML mail from the mailbox through Graph sendMail (one request, no draft)."""
        msg = self._account.new_message()
        msg.to.add([(r.name, str(r.email)) for r in message.to])
        msg.subject = message.subject
        msg.body_type = "HTML"
        msg.body = message.body_html
        for attachment in message.attachments:
            msg.attachments.add([(BytesIO(attachment.content), attachment.filename)])
        for name, value in message.headers.items():
            msg.add_message_header(name, value)
        self.ensure_token()
        with self._errors("send_mail"):
            ok = msg.send(save_to_sent_folder=message.save_to_sent_items)
        if ok is not True:
            raise GraphPermanentError("Graph send_mail: not sent")

    def create_draft(self, message: GraphMail, *, internet_message_id: str) -> str:
        """Save the mail as a draft with a fixed internetMessageId; returns the draft's id.

        python-o365 builds the message body but cannot set internetMessageId (writable only at
        creation): POST it through the account's connection."""
        msg = self._account.new_message()
        msg.to.add([(r.name, str(r.email)) for r in message.to])
        msg.subject = message.subject
        msg.body_type = "HTML"
        msg.body = message.body_html
        for name, value in message.headers.items():
            msg.add_message_header(name, value)
        data = msg.to_api_data()
        data["internetMessageId"] = internet_message_id
        if message.attachments:
            data["attachments"] = [
                {
                    "@odata.type": "#microsoft.graph.fileAttachment",
                    "name": a.filename,
                    "contentBytes": base64.b64encode(a.content).decode("ascii"),
                }
                for a in message.attachments
            ]
        self.ensure_token()
        url = self._schedule.build_url("/mailFolders/drafts/messages")
        with self._errors("create_draft"):
            response = self._account.con.post(url, data=data)
        draft_id = (response.json() or {}).get("id") if response else None
        if not draft_id:
            raise GraphPermanentError("Graph create_draft: response had no id")
        return str(draft_id)

    def send_draft(self, draft_id: str) -> None:
        """Send a saved draft (POST .../messages/{id}/send); Exchange moves it to Sent Items."""
        self.ensure_token()
        url = self._schedule.build_url(f"/messages/{draft_id}/send")
        with self._errors("send_draft"):
            response = self._account.con.post(url, data=None)
        if not response:
            raise GraphPermanentError("Graph send_draft: not sent")

    def find_message(self, folder: str, internet_message_id: str) -> str | None:
        """The id of the message with this internetMessageId in a well-known folder
        ("sentitems", "drafts"), or None; python-o365's folder query would cost a lookup more."""
        self.ensure_token()
        url = self._schedule.build_url(f"/mailFolders/{folder}/messages")
        quoted = internet_message_id.replace("'", "''")
        params = {"$filter": f"internetMessageId eq '{quoted}'", "$select": "id", "$top": "1"}
        with self._errors("find_message"):
            response = self._account.con.get(url, params=params)
        found = (response.json() or {}).get("value") or [] if response else []
        return str(found[0]["id"]) if found else None

    def attendee_responses(self, event_id: str) -> list[AttendeeResponse]:
        """Read each attendee's answer and map it to our RSVP values."""
        self.ensure_token()
        # python-o365 has no get-by-id without a calendar id (which costs a request): GET it
        # through the account's connection and let python-o365's Event parse the attendees.
        url = self._schedule.build_url(Event._endpoints["event"].format(id=event_id))
        with self._errors("attendee_responses"):
            response = self._account.con.get(url, params={"$select": "attendees,isCancelled"})
        event = Event(parent=self._schedule, **{self._schedule._cloud_data_key: response.json()})
        return [
            AttendeeResponse(
                email=attendee.address,
                response=_RSVP.get(status.status if status else None, "needs_action"),
                responded_at=status.response_time if status else None,
            )
            for attendee in event.attendees
            for status in [attendee.response_status]
        ]

    def _errors(self, operation: str) -> Any:
        return _mapped_errors(operation, self._default_retry_after)

    def _event(self, event_id: str) -> Any:
        """An Event that only knows its id: setting fields tracks them for a PATCH."""
        key = self._schedule._cloud_data_key
        return self._schedule.event_constructor(parent=self._schedule, **{key: {"id": event_id}})

    def _save(self, event: Any, operation: str) -> None:
        self.ensure_token()
        with self._errors(operation):
            ok = event.save()
        if ok is not True:
            raise GraphPermanentError(f"Graph {operation}: not saved")

    @staticmethod
    def _fill(event: Any, invite: GraphEvent) -> None:
        tz = ZoneInfo(invite.timezone)
        event.subject = invite.subject
        event.body_type = "HTML"
        event.body = invite.body_html
        event.start = invite.start.astimezone(tz)
        event.end = invite.end.astimezone(tz)
        if invite.online_meeting:  # Graph makes the Teams meeting and its join link
            event.is_online_meeting = True
            event.online_meeting_provider = OnlineMeetingProviderType.TeamsForBusiness
        if invite.online_url and not invite.online_meeting:
            event.location = {
                "displayName": invite.location or invite.online_url,
                "locationUri": invite.online_url,
            }
        else:
            event.location = invite.location or ""
        event.attendees.clear()
        for person in invite.attendees:
            kind = AttendeeType.Required if person.required else AttendeeType.Optional
            event.attendees.add(
                Attendee(str(person.email), name=person.name, attendee_type=kind, event=event)
            )
