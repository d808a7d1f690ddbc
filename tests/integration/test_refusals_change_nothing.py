"""Every state-changing route, page or API, answers a refused request with 4xx and changes nothing.

Each case sends one request the service refuses and compares every row of every table before and
after. A new route without a case fails `test_every_state_changing_route_has_a_refusal`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from infra.db import Base
from infra.settings import Settings
from services.auth.models import UserAccount
from services.auth.service import LinkSigner
from services.deadlines.models import Deadline
from services.meetings.models import AgendaItem, Meeting, MeetingStatus
from services.people.models import Member, Network, Organisation
from services.series.models import MeetingSeries
from services.tasks.models import Task
from tests.support.factories import make_meeting, make_member, make_organisation

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# A refused login is still a login attempt: the rate limit counts it, so it commits by design.
# A wrong current password in a password change counts the same way.
MAY_RECORD = {
    ("POST", "/login"): {"login_attempt"},
    ("POST", "/api/auth/login"): {"login_attempt"},
    ("POST", "/losenord"): {"login_attempt"},
    ("POST", "/api/auth/password"): {"login_attempt"},
}


@dataclass
class World:
    """What the refused requests point at: one network's ordinary data."""

    network: Network
    coordinator: UserAccount
    ale: Organisation
    lerum: Organisation
    anna: Member
    bo: Member
    ahead: Meeting  # scheduled, two months ahead, one agenda item
    item: AgendaItem
    held: Meeting  # held yesterday, no minutes
    series: MeetingSeries
    task: Task
    deadline: Deadline
    signer: LinkSigner
    forged: LinkSigner

    def link(self, scope: str, subject: uuid.UUID | None = None) -> str:
        return self.signer.sign(self.anna, scope=scope, subject_id=subject)  # type: ignore[arg-type]

    def fake(self, scope: str, subject: uuid.UUID | None = None) -> str:
        return self.forged.sign(self.anna, scope=scope, subject_id=subject)  # type: ignore[arg-type]


Request = tuple[str, dict[str, Any]]  # url, keyword arguments of TestClient.request
Case = Callable[[World], Request]


def form(url: str, data: dict[str, Any] | None = None, **extra: Any) -> Request:
    """A page form post; the CSRF token is added by the test."""
    return url, {"data": data or {}, "form": True, **extra}


def body(url: str, payload: Any = None, **extra: Any) -> Request:
    return url, {"json": payload, **extra}


def _future(days: int, hour: int = 13) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0).isoformat()


def _past_day() -> str:
    return (date.today() - timedelta(days=2)).isoformat()


CASES: dict[tuple[str, str], Case] = {
    # pages: sign-in and the coordinator's forms
    ("POST", "/login"): lambda w: form("/login", {"email": w.coordinator.email, "password": "x"}),
    ("POST", "/logout"): lambda w: ("/logout", {"data": {}}),  # no CSRF token
    ("POST", "/losenord"): lambda w: form(
        "/losenord", {"current": "wrong", "password": "a much longer new password", "repeat": "x"}
    ),
    ("POST", "/natverk"): lambda w: form("/natverk", {"network_id": str(uuid.uuid4())}),
    ("POST", "/admin/natverk"): lambda w: form(
        "/admin/natverk", {"name": "Nytt nätverk", "slug": "nytt"}
    ),  # a coordinator is no administrator
    ("POST", "/admin/natverk/roller"): lambda w: form(
        "/admin/natverk/roller",
        {"email": w.coordinator.email, "network": str(w.network.id), "role": "viewer"},
    ),
    ("POST", "/api-nycklar"): lambda w: form("/api-nycklar", {"name": "", "days": "30"}),
    ("POST", "/api-nycklar/{token_id}/aterkalla"): lambda w: form(
        f"/api-nycklar/{uuid.uuid4()}/aterkalla"
    ),
    ("POST", "/organisationer/medlemmar/{member_id}/personuppgifter/radera"): lambda w: form(
        f"/organisationer/medlemmar/{w.anna.id}/personuppgifter/radera"
    ),  # not confirmed: the question again
    ("POST", "/misslyckade/{kind}/{item_id}/retry"): lambda w: form(
        f"/misslyckade/leverans/{uuid.uuid4()}/retry"
    ),
    ("POST", "/moten"): lambda w: form(
        "/moten", {"title": "Träff", "date": _past_day(), "start": "13:00", "end": "16:00"}
    ),
    ("POST", "/moten/{meeting_id}/schemalagg"): lambda w: form(f"/moten/{w.held.id}/schemalagg"),
    ("POST", "/moten/{meeting_id}/hallet"): lambda w: form(f"/moten/{w.ahead.id}/hallet"),
    ("POST", "/moten/{meeting_id}/flytta"): lambda w: form(
        f"/moten/{w.ahead.id}/flytta",
        {"new_date": _past_day(), "new_start": "13:00", "new_end": "16:00", "confirm": "1"},
    ),
    ("POST", "/moten/{meeting_id}/stall-in"): lambda w: form(
        f"/moten/{w.held.id}/stall-in", {"confirm": "1"}
    ),
    ("POST", "/moten/{meeting_id}/andra"): lambda w: form(
        f"/moten/{w.held.id}/andra",
        {"title": "Nytt namn", "mode": "on_site", "confirm": "1"},
    ),  # a held meeting is a record
    ("POST", "/moten/{meeting_id}/punkter"): lambda w: form(
        f"/moten/{w.ahead.id}/punkter",
        {"new_title": "Ny punkt", "new_presenter": str(uuid.uuid4()), "confirm": "1"},
    ),
    ("POST", "/moten/{meeting_id}/narvaro"): lambda w: form(
        f"/moten/{w.ahead.id}/narvaro",
        {
            "member": [str(w.anna.id), str(w.bo.id)],
            f"present-{w.bo.id}": "1",
            f"items-{w.anna.id}": "9",
        },
    ),
    ("POST", "/moten/{meeting_id}/punkter/{item_id}"): lambda w: form(
        f"/moten/{w.ahead.id}/punkter/{w.item.id}", {"title": "", "position": "1"}
    ),
    ("POST", "/moten/{meeting_id}/punkter/{item_id}/ta-bort"): lambda w: form(
        f"/moten/{w.ahead.id}/punkter/{uuid.uuid4()}/ta-bort"
    ),
    ("POST", "/moten/{meeting_id}/protokoll"): lambda w: form(
        f"/moten/{w.held.id}/protokoll", files={"file": ("x.exe", b"MZ\x00\x01", "application/x")}
    ),
    ("POST", "/moten/{meeting_id}/protokoll/granska"): lambda w: form(
        f"/moten/{w.ahead.id}/protokoll/granska", {"text": "Anteckningar", "action": "approve"}
    ),  # saving works, approving refuses (not held yet): the saved minutes must go too
    ("POST", "/uppgifter/ny"): lambda w: form(
        "/uppgifter/ny",
        {"nt_title": "Skicka ut", "nt_owner": f"m:{w.anna.id}", "nt_due": _past_day()},
    ),
    ("POST", "/uppgifter/bulk"): lambda w: form(
        "/uppgifter/bulk", {"task": [str(w.task.id)], "op": "reassign", "new_owner": "nobody"}
    ),
    ("POST", "/m/{token}/uppgift/{task_id}/klar"): lambda w: form(
        f"/m/{w.link('member')}/uppgift/{uuid.uuid4()}/klar"
    ),
    ("POST", "/m/{token}/svar/{meeting_id}"): lambda w: form(
        f"/m/{w.link('member')}/svar/{w.held.id}", {"response": "accepted"}
    ),  # the meeting is over
    ("POST", "/m/{token}/installningar"): lambda w: form(
        f"/m/{w.fake('member')}/installningar", {"language": "en"}
    ),
    ("POST", "/m/ny-lank"): lambda w: ("/m/ny-lank", {"data": {"token": w.link("member")}}),
    ("POST", "/rsvp/{token}/svar"): lambda w: form(
        f"/rsvp/{w.fake('rsvp', w.ahead.id)}/svar", {"response": "declined"}
    ),
    ("POST", "/survey/{token}/svar"): lambda w: form(f"/survey/{w.fake('survey', w.held.id)}/svar"),
    ("POST", "/unsubscribe/{token}/bekrafta"): lambda w: form(
        f"/unsubscribe/{w.fake('unsubscribe')}/bekrafta"
    ),
    ("POST", "/organisationer/medlemmar"): lambda w: form(
        "/organisationer/medlemmar",
        {"name": "Ny Person", "email": "inte-en-adress", "organisation_id": str(w.ale.id)},
    ),
    ("POST", "/organisationer/medlemmar/{member_id}"): lambda w: form(
        f"/organisationer/medlemmar/{w.anna.id}", {"op": "move", "organisation_id": "x"}
    ),
    ("POST", "/personer/{member_id}"): lambda w: form(
        f"/personer/{w.anna.id}", {"name": "Anna", "email": w.bo.email, "role": "member"}
    ),  # the address is taken
    ("POST", "/organisation/{organisation_id}"): lambda w: form(
        f"/organisation/{w.ale.id}", {"contact_member_id": str(w.bo.id), "aliases": "AK"}
    ),  # Bo works for Lerum
    ("POST", "/deadlines"): lambda w: form(
        "/deadlines", {"title": "Ansökan", "closes": _past_day()}
    ),
    ("POST", "/deadlines/{deadline_id}"): lambda w: form(
        f"/deadlines/{w.deadline.id}", {"title": "Ny", "closes": _past_day()}
    ),
    ("POST", "/deadlines/{deadline_id}/foljare"): lambda w: form(
        f"/deadlines/{w.deadline.id}/foljare", {"who": "chosen", "member": str(uuid.uuid4())}
    ),
    ("POST", "/deadlines/{deadline_id}/dra-tillbaka"): lambda w: form(
        f"/deadlines/{uuid.uuid4()}/dra-tillbaka", {"confirm": "1"}
    ),
    ("POST", "/installningar"): lambda w: form(
        "/installningar",
        {
            "delivery_channel": "microsoft365",
            "task_reminder_days": "3",
            "deadline_reminder_days": "14, 3",
        },
    ),  # Microsoft 365 without a mailbox
    ("POST", "/installningar/testmeddelande"): lambda w: (
        "/installningar/testmeddelande",
        {"data": {}},
    ),  # no CSRF token
    ("POST", "/enkater/installningar"): lambda w: form(
        "/enkater/installningar",
        {"series_id": str(w.series.id), "external_url": "javascript:alert(1)", "open_days": "5"},
    ),
    ("POST", "/serie/svar/{token}"): lambda w: form(
        f"/serie/svar/{w.fake('rsvp', w.ahead.id)}", {"works": "0"}
    ),
    ("POST", "/serie/enkat/{token}"): lambda w: form(
        f"/serie/enkat/{w.fake('poll', w.series.id)}", {"slot": "wed-pm"}
    ),
    # the series planning pages
    ("POST", "/serier/ny"): lambda w: form("/serier/ny", {"name": "", "term": "VT 2027"}),
    ("POST", "/serier/{series_id}/uppgifter"): lambda w: form(
        f"/serier/{w.series.id}/uppgifter", {"name": "", "description": "Ny text"}
    ),
    ("POST", "/serier/{series_id}/enkat"): lambda w: form(
        f"/serier/{w.series.id}/enkat", {"options": ["wed-pm"], "closes_on": _past_day()}
    ),
    ("POST", "/serier/{series_id}/forslag"): lambda w: form(
        f"/serier/{w.series.id}/forslag", {"term": "VT0000", "count": "3"}
    ),
    ("POST", "/serier/{series_id}/skicka"): lambda w: form(
        f"/serier/{w.series.id}/skicka", {"reply_by": _past_day(), "confirmed": "1"}
    ),  # nothing proposed yet
    ("POST", "/serier/{series_id}/bekrafta"): lambda w: form(f"/serier/{w.series.id}/bekrafta"),
    ("POST", "/serier/{series_id}/aterkommande"): lambda w: form(
        f"/serier/{w.series.id}/aterkommande",
        {"start": "2027-01-01", "rrule": "FREQ=NEVER;BYDAY=WE"},
    ),
    ("POST", "/serier/{series_id}/videolank"): lambda w: form(
        f"/serier/{w.series.id}/videolank", {"series_online_url": "javascript:alert(1)"}
    ),
    ("POST", "/serier/{series_id}/rotation"): lambda w: form(
        f"/serier/{w.series.id}/rotation", {f"place-{w.ale.id}": "1", f"place-{w.lerum.id}": "1"}
    ),
    # member links (JSON for API clients)
    ("POST", "/rsvp/{token}"): lambda w: body(
        f"/rsvp/{w.fake('rsvp', w.ahead.id)}", params={"response": "accepted"}
    ),
    ("POST", "/survey/{token}"): lambda w: body(
        f"/survey/{w.fake('survey', w.held.id)}", {"answers": {"q": 3}}
    ),
    ("POST", "/unsubscribe/{token}"): lambda w: body(f"/unsubscribe/{w.fake('unsubscribe')}"),
    ("POST", "/link/fresh"): lambda w: body("/link/fresh", {"token": 5}),
    # API
    ("POST", "/api/auth/login"): lambda w: body(
        "/api/auth/login", {"email": w.coordinator.email, "password": "wrong"}
    ),
    ("POST", "/api/auth/logout"): lambda w: body("/api/auth/logout", headers={"X-CSRF-Token": ""}),
    ("POST", "/api/auth/tokens"): lambda w: body("/api/auth/tokens", {"name": ""}),
    ("POST", "/api/auth/password"): lambda w: body(
        "/api/auth/password", {"current": "wrong", "new": "a much longer one", "repeat": "x"}
    ),
    ("DELETE", "/api/auth/tokens/{token_id}"): lambda w: body(f"/api/auth/tokens/{uuid.uuid4()}"),
    ("POST", "/api/members/{member_id}/revoke-links"): lambda w: body(
        f"/api/members/{uuid.uuid4()}/revoke-links"
    ),
    ("POST", "/api/members/{member_id}/erase"): lambda w: body(
        f"/api/members/{uuid.uuid4()}/erase"
    ),
    ("POST", "/api/organisations"): lambda w: body("/api/organisations", {"name": "Lerum"}),
    ("PATCH", "/api/organisations/{organisation_id}"): lambda w: body(
        f"/api/organisations/{w.ale.id}", {"name": "Lerum"}
    ),
    ("POST", "/api/members"): lambda w: body(
        "/api/members",
        {"name": "X", "email": "x@example.org", "organisation_id": str(uuid.uuid4())},
    ),
    ("PATCH", "/api/members/{member_id}"): lambda w: body(
        f"/api/members/{w.anna.id}", {"email": w.bo.email}
    ),
    ("POST", "/api/series"): lambda w: body(
        "/api/series", {"name": "VT", "presenter_rotation": [str(uuid.uuid4())]}
    ),
    ("PATCH", "/api/series/{series_id}"): lambda w: body(
        f"/api/series/{w.series.id}", {"name": None}
    ),
    ("POST", "/api/meetings"): lambda w: body(
        "/api/meetings", {"title": "T", "starts_at": _future(-3), "ends_at": _future(-3, 15)}
    ),
    ("PATCH", "/api/meetings/{meeting_id}"): lambda w: body(
        f"/api/meetings/{w.held.id}", {"title": "Nytt namn"}
    ),
    ("POST", "/api/meetings/{meeting_id}/schedule"): lambda w: body(
        f"/api/meetings/{w.held.id}/schedule"
    ),
    ("POST", "/api/meetings/{meeting_id}/reschedule"): lambda w: body(
        f"/api/meetings/{w.ahead.id}/reschedule",
        {"starts_at": _future(-5), "ends_at": _future(-5, 15)},
    ),
    ("POST", "/api/meetings/{meeting_id}/cancel"): lambda w: body(
        f"/api/meetings/{w.held.id}/cancel", {}
    ),
    ("POST", "/api/meetings/{meeting_id}/held"): lambda w: body(f"/api/meetings/{w.ahead.id}/held"),
    ("POST", "/api/meetings/{meeting_id}/agenda"): lambda w: body(
        f"/api/meetings/{w.ahead.id}/agenda",
        {"title": "Ny punkt", "presenter_organisation_id": str(uuid.uuid4())},
    ),
    ("PATCH", "/api/meetings/{meeting_id}/agenda/{item_id}"): lambda w: body(
        f"/api/meetings/{w.ahead.id}/agenda/{w.item.id}",
        {"title": "Ändrad", "presenter_organisation_id": str(uuid.uuid4())},
    ),
    ("DELETE", "/api/meetings/{meeting_id}/agenda/{item_id}"): lambda w: body(
        f"/api/meetings/{w.ahead.id}/agenda/{uuid.uuid4()}"
    ),
    ("PUT", "/api/meetings/{meeting_id}/attendance"): lambda w: body(
        f"/api/meetings/{w.ahead.id}/attendance",
        {
            "entries": [
                {"member_id": str(w.anna.id), "status": "present"},
                {"member_id": str(uuid.uuid4()), "status": "present"},
            ]
        },
    ),
    ("POST", "/api/minutes/extract"): lambda w: body(
        "/api/minutes/extract", files={"file": ("x.exe", b"MZ", "application/x")}
    ),
    ("PUT", "/api/meetings/{meeting_id}/minutes"): lambda w: body(
        f"/api/meetings/{w.held.id}/minutes",
        {"text": "Anteckningar", "extraction": _extraction_with_unknown_owner()},
    ),
    ("POST", "/api/meetings/{meeting_id}/minutes/approve"): lambda w: body(
        f"/api/meetings/{w.held.id}/minutes/approve"
    ),  # no minutes yet: the meeting must stay held
    ("POST", "/api/series/{series_id}/poll"): lambda w: body(
        f"/api/series/{w.series.id}/poll", {"closes_on": _past_day()}
    ),
    ("POST", "/api/poll/vote"): lambda w: body(
        "/api/poll/vote", {"slot": "wed-pm"}, params={"token": w.fake("poll", w.series.id)}
    ),
    ("POST", "/api/series/{series_id}/proposal"): lambda w: body(
        f"/api/series/{w.series.id}/proposal", {"term": "VT0000", "count": 3}
    ),
    ("POST", "/api/series/{series_id}/recurring"): lambda w: body(
        f"/api/series/{w.series.id}/recurring",
        {"rrule": "FREQ=NEVERLY", "start": "2027-01-01", "time": "13:00-16:00"},
    ),
    ("POST", "/api/series/{series_id}/send-proposal"): lambda w: body(
        f"/api/series/{w.series.id}/send-proposal", {"reply_by": _past_day()}
    ),
    ("POST", "/api/consent"): lambda w: body(
        "/api/consent", {"works": False}, params={"token": w.fake("rsvp", w.ahead.id)}
    ),
    ("POST", "/api/series/{series_id}/rotation"): lambda w: body(
        f"/api/series/{w.series.id}/rotation", {"organisation_ids": [str(uuid.uuid4())]}
    ),
    ("POST", "/api/tasks"): lambda w: body(
        "/api/tasks",
        {"title": "Skicka ut", "owner_member_id": str(w.anna.id), "due_date": _past_day()},
    ),
    ("PATCH", "/api/tasks/{task_id}"): lambda w: body(
        f"/api/tasks/{w.task.id}",
        {"title": "Ny titel", "owner_member_id": None, "owner_organisation_id": None},
    ),
    ("POST", "/api/deadlines"): lambda w: body(
        "/api/deadlines",
        {"title": "Utlysning", "opens_at": _future(20), "closes_at": _future(10)},
    ),
    ("PATCH", "/api/deadlines/{deadline_id}"): lambda w: body(
        f"/api/deadlines/{w.deadline.id}", {"title": "Ny", "opens_at": _future(90)}
    ),
    ("DELETE", "/api/deadlines/{deadline_id}"): lambda w: body(f"/api/deadlines/{uuid.uuid4()}"),
    ("POST", "/api/dead-letters/{letter_id}/retry"): lambda w: body(
        f"/api/dead-letters/{uuid.uuid4()}/retry"
    ),
}


def _extraction_with_unknown_owner() -> dict[str, Any]:
    """Minutes whose action names an organisation the network does not have (refused: 422)."""
    return {
        "attendance": {"present": [{"name": "Anna Andersson", "organisation": "Ale"}]},
        "agenda_items": [],
        "decisions": [{"item": "1", "text": "Dagordningen godkänns."}],
        "action_items": [
            {"text": "Okänd kommun återkommer", "kind": "follow_up",
             "owner_organisation": "Atlantis"},
        ],
        "dates": [],
    }  # fmt: skip


def state_changing_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route that may change something, pages and API alike."""
    found = set()
    for route in app.router.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for context in contexts() if contexts else [route]:
            for method in (getattr(context, "methods", None) or set()) & UNSAFE:
                found.add((method, context.path))
    return found


def snapshot(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order (what a refused request must leave alone)."""
    tables = {}
    for table in Base.metadata.sorted_tables:
        rows = connection.execute(text(f'SELECT * FROM "{table.name}"')).all()
        tables[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return tables


@pytest.fixture
def world(db: Session, network: Network, coordinator: UserAccount, settings: Settings) -> World:
    ale, lerum = make_organisation(db, network, "Ale"), make_organisation(db, network, "Lerum")
    anna, bo = make_member(db, ale, "Anna Andersson"), make_member(db, lerum, "Bo Berg")
    ahead = make_meeting(db, network, days_ahead=60, status=MeetingStatus.scheduled)
    item = AgendaItem(meeting_id=ahead.id, position=0, title="Inledning")
    held = make_meeting(db, network, days_ahead=-1, status=MeetingStatus.held)
    series = MeetingSeries(network_id=network.id, name="VT 2027", presenter_rotation=[])
    task = Task(
        network_id=network.id,
        title="Skicka statistik",
        owner_member_id=anna.id,
        owner_organisation_id=ale.id,
        due_date=date.today() + timedelta(days=10),
    )
    deadline = Deadline(
        network_id=network.id,
        title="Utlysning",
        closes_at=datetime.now(UTC) + timedelta(days=30),
    )
    db.add_all([item, series, task, deadline])
    db.commit()
    secret = settings.secret_key.get_secret_value()
    return World(
        network, coordinator, ale, lerum, anna, bo, ahead, item, held, series, task, deadline,
        signer=LinkSigner(secret, max_age_s=3600),
        forged=LinkSigner("not-our-key-0123456789abcdef-xyz", max_age_s=3600),
    )  # fmt: skip


def test_every_state_changing_route_has_a_refusal(app_client: TestClient) -> None:
    routes = state_changing_routes(app_client.app)  # type: ignore[arg-type]
    assert routes - CASES.keys() == set(), "add a refused request for the new route"
    assert CASES.keys() - routes == set(), "a case names a route that no longer exists"


@pytest.mark.parametrize("route", sorted(CASES), ids=lambda r: f"{r[0]} {r[1]}")
def test_a_refused_request_changes_nothing(
    route: tuple[str, str], client: TestClient, world: World, connection: Connection
) -> None:
    url, kwargs = CASES[route](world)
    if kwargs.pop("form", False):
        kwargs["data"] = {**kwargs["data"], "csrf_token": client.headers["X-CSRF-Token"]}
    before = snapshot(connection)
    response = client.request(route[0], url, follow_redirects=False, **kwargs)
    after = snapshot(connection)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    allowed = MAY_RECORD.get(route, set())
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= allowed, f"{route} changed {sorted(changed - allowed)}"
    for name in allowed:  # only added rows: nothing there before was touched
        assert set(before[name]) <= set(after[name])
    assert _still(world, connection)


def _still(world: World, connection: Connection) -> bool:
    """The two meetings the worst offenders touched keep their status (read afresh)."""
    statuses = dict(
        connection.execute(
            select(Meeting.id, Meeting.status).where(
                Meeting.id.in_([world.ahead.id, world.held.id])
            )
        ).all()
    )
    return statuses == {world.ahead.id: MeetingStatus.scheduled, world.held.id: MeetingStatus.held}
