"""A local server speaking the part of Graph's contract we use, so python-o365 runs for real.

Graph: POST users/{mb}/calendar/events (idempotent by transactionId), PATCH/GET
users/{mb}/events/{id}, POST users/{mb}/events/{id}/cancel, POST users/{mb}/sendMail, drafts:
POST users/{mb}/mailFolders/drafts/messages (internetMessageId kept) and POST
users/{mb}/messages/{id}/send, and GET users/{mb}/mailFolders/{drafts|sentitems}/messages with
$filter=internetMessageId eq '…'. Like Exchange, Sent Items shows a sent message only after
`sent_items_delay_s`. Optional: an https OAuth authority (openid-configuration and a
client-credentials token endpoint) with a self-signed certificate, for MSAL token renewal.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import ssl
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import msal
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
_EVENTS = re.compile(r"^/v1\.0/users/([^/]+)/calendar/events$")
_EVENT = re.compile(r"^/v1\.0/users/([^/]+)/events/([^/]+)(/cancel)?$")
_SEND = re.compile(r"^/v1\.0/users/([^/]+)/sendMail$")
_DRAFTS = re.compile(r"^/v1\.0/users/([^/]+)/(?:mailFolders/drafts/)?messages$")
_SEND_DRAFT = re.compile(r"^/v1\.0/users/([^/]+)/messages/([^/]+)/send$")
_FOLDER = re.compile(r"^/v1\.0/users/([^/]+)/mailFolders/(drafts|sentitems)/messages$")
_BY_ID = re.compile(r"^internetMessageId eq '(.*)'$")
_OIDC = re.compile(r"^/([^/]+)/v2\.0/\.well-known/openid-configuration$")
_TOKEN = re.compile(r"^/([^/]+)/oauth2/v2\.0/token$")


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Scripted:
    """A canned answer for the next request (e.g. 429 + Retry-After)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


def token_cache(
    access_token: str,
    *,
    client_id: str,
    tenant_id: str,
    expires_in: int = 3600,
    authority_host: str = "login.microsoftonline.com",
) -> str:
    """A serialized MSAL cache holding one app token, written by MSAL's own cache code."""
    cache = msal.SerializableTokenCache()
    cache.add(
        {
            "client_id": client_id,
            "scope": [GRAPH_SCOPE],
            "token_endpoint": f"https://{authority_host}/{tenant_id}/oauth2/v2.0/token",
            "response": {"access_token": access_token, "expires_in": expires_in},
            "data": {"grant_type": "client_credentials"},
        }
    )
    return str(cache.serialize())


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own CA; pass its path as `verify`."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class GraphServer:
    """Threaded Graph double: records requests, checks the bearer token, can be scripted."""

    def __init__(self, *, tokens: set[str] | None = None, tls: tuple[Path, Path] | None = None):
        self.valid_tokens: set[str] = set(tokens or ())
        self.requests: list[Recorded] = []
        self.events: dict[str, dict[str, Any]] = {}
        self.sent_mail: list[dict[str, Any]] = []
        self.drafts: dict[str, dict[str, Any]] = {}
        self.sent_items: list[tuple[float, dict[str, Any]]] = []  # (visible from, message)
        self.sent_items_delay_s = 0.0
        self.issued_tokens: list[str] = []
        self.reject_secret = False  # answer the token endpoint with invalid_client
        self._script: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> GraphServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def fail_next(self, count: int, status: int, *, retry_after: str | None = None) -> None:
        """Answer the next `count` requests with `status` (and Retry-After when given)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        code = {429: "TooManyRequests", 503: "ServiceUnavailable"}.get(status, "Error")
        body = {"error": {"code": code, "message": f"scripted {status}"}}
        with self._lock:
            self._script.extend(Scripted(status, headers, body) for _ in range(count))

    def respond(self, event_id: str, email: str, response: str) -> None:
        """Play an attendee answering in Outlook (Graph's responseStatus.response values)."""
        for attendee in self.events[event_id]["attendees"]:
            if attendee["emailAddress"]["address"].lower() == email.lower():
                attendee["status"] = {"response": response, "time": _now_iso()}

    def handle(self, rec: Recorded) -> Scripted:
        """Route one recorded request; runs under the lock."""
        self.requests.append(rec)
        if self._script:
            return self._script.popleft()
        if m := _OIDC.match(rec.path):
            base = f"{self.url}/{m[1]}"
            return Scripted(200, body={
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
            })  # fmt: skip
        if _TOKEN.match(rec.path):
            return self._token(rec)
        auth = rec.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.valid_tokens:
            return _error(401, "InvalidAuthenticationToken")
        if rec.method == "POST" and _EVENTS.match(rec.path):
            return self._create(rec.body)
        if m := _EVENT.match(rec.path):
            return self._event(rec.method, m[2], bool(m[3]), rec.body)
        if rec.method == "GET" and (m := _FOLDER.match(rec.path)):
            return self._find(m[2], rec.query)
        if rec.method == "POST" and _DRAFTS.match(rec.path):
            return self._draft(rec.body or {})
        if rec.method == "POST" and (m := _SEND_DRAFT.match(rec.path)):
            return self._send_draft(m[2])
        if rec.method == "POST" and _SEND.match(rec.path):
            message = (rec.body or {}).get("message") or {}
            if not message.get("toRecipients"):
                return _error(400, "ErrorInvalidRecipients")
            self.sent_mail.append(message)
            return Scripted(202)
        return _error(404, "ResourceNotFound")

    def _draft(self, body: dict[str, Any]) -> Scripted:
        if not body.get("toRecipients"):
            return _error(400, "ErrorInvalidRecipients")
        draft = {**body, "id": f"AAMkD{uuid.uuid4().hex}", "isDraft": True}
        draft.setdefault("internetMessageId", f"<{uuid.uuid4().hex}@graph.local>")
        self.drafts[draft["id"]] = draft
        return Scripted(201, body=draft)

    def _send_draft(self, draft_id: str) -> Scripted:
        draft = self.drafts.pop(draft_id, None)
        if draft is None:
            return _error(404, "ErrorItemNotFound")
        sent = {**draft, "isDraft": False}
        self.sent_mail.append(sent)
        self.sent_items.append((time.monotonic() + self.sent_items_delay_s, sent))
        return Scripted(202)

    def _find(self, folder: str, query: dict[str, list[str]]) -> Scripted:
        match = _BY_ID.match((query.get("$filter") or [""])[0])
        if match is None:
            return _error(400, "ErrorInvalidUrlQueryFilter")
        wanted = match[1].replace("''", "'")
        if folder == "drafts":
            found = [d for d in self.drafts.values() if d.get("internetMessageId") == wanted]
        else:
            now = time.monotonic()
            found = [
                m for at, m in self.sent_items if at <= now and m.get("internetMessageId") == wanted
            ]
        return Scripted(200, body={"value": [{"id": m["id"]} for m in found[:1]]})

    def _token(self, rec: Recorded) -> Scripted:
        form = rec.body if isinstance(rec.body, dict) else {}
        if form.get("grant_type") != "client_credentials" or self.reject_secret:
            return Scripted(400, body={"error": "invalid_client"})
        token = f"renewed-{uuid.uuid4().hex}"
        self.valid_tokens.add(token)
        self.issued_tokens.append(token)
        return Scripted(
            200, body={"token_type": "Bearer", "expires_in": 3599, "access_token": token}
        )

    def _create(self, body: dict[str, Any]) -> Scripted:
        txn = body.get("transactionId")
        for event in self.events.values():
            if txn and event.get("transactionId") == txn:
                return Scripted(201, body=event)  # Graph's idempotent create
        event_id = f"AAMk{uuid.uuid4().hex}"
        for attendee in body.get("attendees", []):
            attendee["status"] = {"response": "none", "time": "0001-01-01T00:00:00Z"}
        event = {**body, "id": event_id, "iCalUId": uuid.uuid4().hex, "isCancelled": False}
        event["createdDateTime"] = event["lastModifiedDateTime"] = _now_iso()
        _online_meeting(event)
        self.events[event_id] = event
        return Scripted(201, body=event)

    def _event(self, method: str, event_id: str, cancel: bool, body: Any) -> Scripted:
        event = self.events.get(event_id)
        if event is None:
            return _error(404, "ErrorItemNotFound")
        if cancel and method == "POST":
            event["isCancelled"] = True
            return Scripted(202)
        if method == "PATCH" and not cancel:
            if "attendees" in body:
                for attendee in body["attendees"]:
                    attendee["status"] = {"response": "none", "time": "0001-01-01T00:00:00Z"}
            event.update(body)
            event["lastModifiedDateTime"] = _now_iso()
            _online_meeting(event)
            return Scripted(200, body=event)
        if method == "GET" and not cancel:
            return Scripted(200, body=event)
        return _error(405, "MethodNotAllowed")


def _online_meeting(event: dict[str, Any]) -> None:
    """As Graph does: an event with isOnlineMeeting gets a Teams meeting once, and keeps its
    joinUrl through later changes; onlineMeetingUrl stays null for Teams meetings. Graph reads
    a JSON true or the string "true" (python-o365 sends its booleans through its case converter
    as strings)."""
    if event.get("isOnlineMeeting") in (True, "true") and not event.get("onlineMeeting"):
        thread = uuid.uuid4().hex
        event["onlineMeetingProvider"] = "teamsForBusiness"
        event["onlineMeeting"] = {
            "joinUrl": f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{thread}"
            "%40thread.v2/0?context=%7b%7d"
        }
        event["onlineMeetingUrl"] = None


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def _error(status: int, code: str) -> Scripted:
    return Scripted(status, body={"error": {"code": code, "message": code}})


def _handler(server: GraphServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            ctype = self.headers.get("Content-Type", "")
            if not raw:
                body: Any = None
            elif "x-www-form-urlencoded" in ctype:
                body = {k: v[0] for k, v in parse_qs(raw).items()}
            else:
                body = json.loads(raw)
            rec = Recorded(
                method=self.command,
                path=unquote(split.path),
                query=parse_qs(split.query),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            with server._lock:
                answer = server.handle(rec)
            payload = b"" if answer.body is None else json.dumps(answer.body).encode()
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test output is for assertions."""

    return Handler
