"""GraphMailbox drives python-o365's real code path against a local server speaking Graph."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from infra.graph import (
    GraphAuthError,
    GraphMailbox,
    GraphNotFound,
    GraphThrottled,
    GraphTransientError,
    parse_retry_after,
)
from infra.graph_token import CallbackTokenBackend
from schemas.graph import GraphAttachment, GraphAttendee, GraphEvent, GraphMail, GraphRecipient
from tests.support.graph_server import GraphServer, self_signed_certificate, token_cache

TENANT, CLIENT, SECRET = "tenant-1", "client-1", "secret-1"
MAILBOX = "natverk@goteborgsregionen.example.org"
TOKEN = "seeded-token"  # a test token the local server accepts
STHLM = ZoneInfo("Europe/Stockholm")


class Store:
    """Stands in for the database row that will hold the serialized token cache."""

    def __init__(self, value: str | None) -> None:
        self.value = value
        self.saves = 0

    def load(self) -> str | None:
        return self.value

    def save(self, serialized: str) -> None:
        self.value = serialized
        self.saves += 1


@pytest.fixture
def server() -> Iterator[GraphServer]:
    with GraphServer(tokens={TOKEN}) as srv:
        yield srv


def mailbox_for(server: GraphServer, store: Store, **kwargs: object) -> GraphMailbox:
    return GraphMailbox(
        tenant_id=TENANT,
        client_id=CLIENT,
        client_secret=SECRET,
        mailbox=MAILBOX,
        token_backend=CallbackTokenBackend(store.load, store.save),
        base_url=server.url,
        timeout_seconds=5,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def mailbox(server: GraphServer) -> GraphMailbox:
    return mailbox_for(server, Store(token_cache(TOKEN, client_id=CLIENT, tenant_id=TENANT)))


def invite(**changes: object) -> GraphEvent:
    data: dict[str, object] = {
        "subject": "Nätverksträff mottagande och integration",
        "body_html": "<p>Välkomna!</p>",
        "start": dt.datetime(2024, 3, 27, 13, 0, tzinfo=STHLM),
        "end": dt.datetime(2024, 3, 27, 16, 0, tzinfo=STHLM),
        "location": "GR, Anders Personsgatan 8",
        "attendees": [
            GraphAttendee(email="anna@kungalv.example.org", name="Anna"),
            GraphAttendee(email="omar@ale.example.org", name="Omar", required=False),
        ],
        "transaction_id": "meeting-17-v1",
    }
    data.update(changes)
    return GraphEvent.model_validate(data)


def test_create_event_posts_to_the_mailbox_calendar(
    server: GraphServer, mailbox: GraphMailbox
) -> None:
    event_id = mailbox.create_event(invite())

    [req] = server.requests
    assert (req.method, req.path) == ("POST", f"/v1.0/users/{MAILBOX}/calendar/events")
    assert req.headers["authorization"] == f"Bearer {TOKEN}"
    body = req.body
    assert body["subject"] == "Nätverksträff mottagande och integration"
    assert body["body"] == {"contentType": "HTML", "content": "<p>Välkomna!</p>"}
    assert body["start"] == {
        "dateTime": "2024-03-27T13:00:00",
        "timeZone": "W. Europe Standard Time",
    }
    assert body["end"]["dateTime"] == "2024-03-27T16:00:00"
    assert body["location"] == {"displayName": "GR, Anders Personsgatan 8"}
    assert body["transactionId"] == "meeting-17-v1"
    assert [(a["emailAddress"]["address"], a["type"]) for a in body["attendees"]] == [
        ("anna@kungalv.example.org", "required"),
        ("omar@ale.example.org", "optional"),
    ]
    assert event_id in server.events


def test_utc_times_are_sent_in_stockholm_time(server: GraphServer, mailbox: GraphMailbox) -> None:
    start = dt.datetime(2024, 6, 5, 11, 0, tzinfo=dt.UTC)  # 13:00 CEST
    mailbox.create_event(invite(start=start, end=start + dt.timedelta(hours=2)))
    assert server.requests[0].body["start"]["dateTime"] == "2024-06-05T13:00:00"


def test_create_is_idempotent_through_transaction_id(mailbox: GraphMailbox) -> None:
    assert mailbox.create_event(invite()) == mailbox.create_event(invite())


def test_update_patches_only_what_we_own(server: GraphServer, mailbox: GraphMailbox) -> None:
    event_id = mailbox.create_event(invite())
    online = "https://teams.example.org/join/123"
    mailbox.update_event(
        event_id, invite(subject="Flyttad träff", location=None, online_url=online)
    )

    req = server.requests[-1]
    assert (req.method, req.path) == ("PATCH", f"/v1.0/users/{MAILBOX}/events/{event_id}")
    assert set(req.body) == {"subject", "body", "start", "end", "location", "attendees"}
    assert req.body["location"] == {"displayName": online, "locationUri": online}
    assert server.events[event_id]["subject"] == "Flyttad träff"


def test_cancel_posts_the_cancel_action_with_comment(
    server: GraphServer, mailbox: GraphMailbox
) -> None:
    event_id = mailbox.create_event(invite())
    mailbox.cancel_event(event_id, "Inställt p.g.a. sjukdom")

    req = server.requests[-1]
    assert (req.method, req.path) == ("POST", f"/v1.0/users/{MAILBOX}/events/{event_id}/cancel")
    assert req.body == {"comment": "Inställt p.g.a. sjukdom"}
    assert server.events[event_id]["isCancelled"] is True


def test_unknown_event_is_not_found(mailbox: GraphMailbox) -> None:
    with pytest.raises(GraphNotFound):
        mailbox.cancel_event("AAMk-gone")


def test_send_mail_with_ics_attachment(server: GraphServer, mailbox: GraphMailbox) -> None:
    ics = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    mailbox.send_mail(
        GraphMail(
            subject="Inbjudan",
            body_html="<p>Se bifogad inbjudan.</p>",
            to=[GraphRecipient(email="anna@kungalv.example.org", name="Anna")],
            attachments=[GraphAttachment(filename="invite.ics", content=ics)],
            headers={"X-Samverkan-Notification": "n-42"},
        )
    )

    [req] = server.requests  # one request: sendMail, no draft
    assert (req.method, req.path) == ("POST", f"/v1.0/users/{MAILBOX}/sendMail")
    message = req.body["message"]
    assert message["body"] == {"contentType": "HTML", "content": "<p>Se bifogad inbjudan.</p>"}
    assert message["toRecipients"] == [
        {"emailAddress": {"address": "anna@kungalv.example.org", "name": "Anna"}}
    ]
    [attachment] = message["attachments"]
    assert attachment["@odata.type"] == "#microsoft.graph.fileAttachment"
    assert attachment["name"] == "invite.ics"
    assert base64.b64decode(attachment["contentBytes"]) == ics
    assert message["internetMessageHeaders"] == [
        {"name": "X-Samverkan-Notification", "value": "n-42"}
    ]


def test_attendee_responses_are_mapped_to_rsvp(server: GraphServer, mailbox: GraphMailbox) -> None:
    extra = [GraphAttendee(email=f"p{i}@gr.example.org") for i in range(3)]
    event_id = mailbox.create_event(invite(attendees=[*invite().attendees, *extra]))
    server.respond(event_id, "anna@kungalv.example.org", "accepted")
    server.respond(event_id, "omar@ale.example.org", "tentativelyAccepted")
    server.respond(event_id, "p0@gr.example.org", "declined")
    server.respond(event_id, "p1@gr.example.org", "notResponded")

    answers = {a.email: a.response for a in mailbox.attendee_responses(event_id)}

    assert server.requests[-1].method == "GET"
    assert server.requests[-1].path == f"/v1.0/users/{MAILBOX}/events/{event_id}"
    assert answers == {
        "anna@kungalv.example.org": "accepted",
        "omar@ale.example.org": "tentative",
        "p0@gr.example.org": "declined",
        "p1@gr.example.org": "needs_action",
        "p2@gr.example.org": "needs_action",  # Graph "none"
    }


@pytest.mark.parametrize("operation", ["create_event", "attendee_responses"])
def test_429_raises_throttled_without_library_retry(
    operation: str, server: GraphServer, mailbox: GraphMailbox
) -> None:
    server.fail_next(3, 429, retry_after="2")
    call: Callable[[], object] = {
        "create_event": lambda: mailbox.create_event(invite()),
        "attendee_responses": lambda: mailbox.attendee_responses("AAMk-any"),
    }[operation]
    with pytest.raises(GraphThrottled) as caught:
        call()
    assert caught.value.retry_after_seconds == 2.0
    assert len(server.requests) == 1  # python-o365's default would retry a GET 3 times


def test_503_raises_transient(server: GraphServer, mailbox: GraphMailbox) -> None:
    server.fail_next(3, 503)
    with pytest.raises(GraphTransientError) as caught:
        mailbox.send_mail(
            GraphMail(
                subject="x", body_html="<p>x</p>", to=[GraphRecipient(email="a@b.example.org")]
            )
        )
    assert caught.value.status_code == 503
    assert len(server.requests) == 1
    assert server.sent_mail == []


def test_connection_refused_is_transient(server: GraphServer, mailbox: GraphMailbox) -> None:
    server.__exit__()
    with pytest.raises(GraphTransientError):
        mailbox.create_event(invite())


def test_rejected_token_is_an_auth_error(server: GraphServer) -> None:
    store = Store(token_cache("stolen", client_id=CLIENT, tenant_id=TENANT))
    with pytest.raises(GraphAuthError):
        mailbox_for(server, store).create_event(invite())
    assert server.requests[0].headers["authorization"] == "Bearer stolen"


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("2", 2.0), ("0.5", 0.5), ("Wed, 27 Mar 2024 12:00:30 GMT", 30.0), ("x", None), (None, None)],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    now = dt.datetime(2024, 3, 27, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after(header, now=now) == seconds


@pytest.fixture
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    # requests lets these variables override a Session's own `verify` (psf/requests#3829)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    return self_signed_certificate(tmp_path)


@pytest.mark.parametrize("stored", ["expired", "nothing"])
def test_token_is_obtained_through_msal_over_https(stored: str, tls: tuple[Path, Path]) -> None:
    cert, key = tls
    with GraphServer(tls=(cert, key)) as authority, GraphServer() as graph:
        host = authority.url.removeprefix("https://")
        expired = token_cache(
            "old", client_id=CLIENT, tenant_id=TENANT, expires_in=-60, authority_host=host
        )
        store = Store(expired if stored == "expired" else None)
        graph.valid_tokens = authority.valid_tokens  # the authority's tokens open Graph
        mailbox = mailbox_for(
            graph, store, authority_url=f"{authority.url}/{TENANT}", verify=str(cert)
        )

        mailbox.create_event(invite())
        mailbox.create_event(invite(transaction_id="second"))

    [token_request] = [r for r in authority.requests if r.method == "POST"]
    assert token_request.body["grant_type"] == "client_credentials"
    assert token_request.body["client_id"] == CLIENT
    [renewed] = authority.issued_tokens
    assert [r.headers["authorization"] for r in graph.requests] == [f"Bearer {renewed}"] * 2
    assert store.saves == 1
    assert renewed in json.dumps(json.loads(store.value or "{}"))


def test_wrong_client_secret_is_an_auth_error(tls: tuple[Path, Path]) -> None:
    cert, key = tls
    with GraphServer(tls=(cert, key)) as authority, GraphServer() as graph:
        authority.reject_secret = True
        mailbox = mailbox_for(
            graph, Store(None), authority_url=f"{authority.url}/{TENANT}", verify=str(cert)
        )
        with pytest.raises(GraphAuthError):
            mailbox.send_mail(
                GraphMail(subject="x", body_html="x", to=[GraphRecipient(email="a@b.example.org")])
            )
    assert graph.requests == []
