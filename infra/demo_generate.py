"""Bulk demo data at national scale: many networks shaped like the GR network's minutes.

`samverkan demo generate --networks 1000 --years 20` writes about 20,000 members,
100,000 meetings and 1,000,000 tasks. Rows are streamed with PostgreSQL COPY (psycopg's
`cursor.copy`), one chunk of networks per transaction; other databases get executemany inserts.

Shape of one network (from the sample minutes): 6–12 organisations (municipalities, authorities,
the coordinating organisation) with ~20 members; two terms a year (VT, HT) of 4–6 network meetings
plus an adjacent steering-group meeting; attendance, RSVPs, approved minutes with decisions and
~10 action items, each a follow-up task; ~15% of the tasks overdue and open, the rest done (a
few cancelled); task timers as the service arms them; application windows; surveys; and the
notifications of the last `notification_days` (older mail is assumed purged).
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time as clock
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, bindparam, update

from infra.clock import LOCAL_TZ, utcnow
from infra.db import engine_for
from services.auth.models import UserAccount
from services.deadlines.models import Deadline
from services.events.models import Timer
from services.meetings.models import AgendaItem, Attendance, Meeting, Rsvp
from services.minutes.models import ActionItem, Decision, Minutes
from services.notifications.models import Notification
from services.people.models import Member, Network, Organisation
from services.series.models import MeetingSeries
from services.surveys.models import Survey, SurveyQuestion, SurveyRecipient
from services.tasks.models import Task

MUNICIPALITIES = (
    "Ale", "Alingsås", "Borås", "Falköping", "Göteborg", "Halmstad", "Härryda", "Jönköping",
    "Kalmar", "Karlstad", "Kungsbacka", "Kungälv", "Lerum", "Lidköping", "Lilla Edet", "Luleå",
    "Lund", "Malmö", "Mölndal", "Norrköping", "Partille", "Skövde", "Stenungsund", "Sundsvall",
    "Tjörn", "Trollhättan", "Umeå", "Uddevalla", "Uppsala", "Vänersborg", "Västerås", "Växjö",
    "Örebro", "Östersund", "Öckerö", "Gävle", "Eskilstuna", "Linköping", "Helsingborg", "Visby",
)  # fmt: skip
AUTHORITIES = (
    ("Arbetsförmedlingen", "AF", "authority"),
    ("Länsstyrelsen", "Lst", "authority"),
    ("Migrationsverket", "MV", "authority"),
    ("Regionen", "Region", "region"),
)
FIRST = (
    "Karin", "Johan", "Sara", "Per", "Elin", "Mikael", "Nadia", "Oskar", "Maria", "Lena",
    "Anders", "Hanna", "Erik", "Amina", "Jonas", "Sofia", "Ali", "Emma", "Fatima", "Lars",
)  # fmt: skip
LAST = (
    "Lindqvist", "Berg", "Holm", "Nyström", "Dahl", "Ek", "Haddad", "Lund", "Sjöberg", "Vik",
    "Strand", "Björk", "Sandberg", "Yusuf", "Falk", "Wall", "Karimi", "Norén", "Åberg", "Öman",
)  # fmt: skip
AGENDA = (
    "Inledning och föregående anteckningar",
    "Information från Länsstyrelsen",
    "Kommun i fokus",
    "Etableringsuppdraget – läget just nu",
    "Samhällsorientering",
    "Utlysning §37a-medel",
    "Övrigt och nästa möte",
)
ACTIONS = (
    ("send_material", "PP-bilderna mejlas ut till nätverket"),
    ("send_material", "Information skickas ut om utlysningen"),
    ("follow_up", "återkommer om studiebesök"),
    ("follow_up", "tittar vidare på frågan inför kommande möte"),
    ("follow_up", "tar fram statistik över mottagandet"),
    ("present_next_meeting", "presenterar sitt arbete nästa möte (kommun i fokus)"),
    ("reply", "svarar på remissen senast fredag"),
    ("survey", "besvarar enkäten om nätverksträffen"),
)
ACTION_WEIGHTS = (18, 10, 20, 15, 12, 8, 10, 7)
MINUTES_TEXT = (
    "Mötesanteckningar nätverksträff {day}\n\nNärvarande: se närvarolista.\n\n"
    "1. Inledning\nFöregående anteckningar godkändes.\n\n"
    "2. Information från Länsstyrelsen\nUtlysningen öppnar 15 februari, ansökan senast 31 mars. "
    "PP-bilderna mejlas ut.\n\n3. Kommun i fokus\n{org} berättade om sitt mottagande. "
    "{org} återkommer om studiebesök.\n\n4. Övrigt\nNästa möte: se kallelse.\n"
)


@dataclass(frozen=True)
class Plan:
    """How much to generate; defaults give a realistic mid-size network."""

    networks: int = 10
    years: int = 2
    members_per_network: int = 20
    tasks_per_meeting: int = 10
    overdue_share: float = 0.15
    notification_days: int = 400
    seed: int = 1
    today: date | None = None
    chunk_networks: int = 20


@dataclass
class Generated:
    """What was written: row counts per table, the networks, and how long it took."""

    counts: dict[str, int] = field(default_factory=dict)
    network_ids: list[uuid.UUID] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def tasks(self) -> int:
        return self.counts.get("task", 0)


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


class _Rows:
    """Per-table row buffers for one chunk of networks, flushed in foreign-key order."""

    ORDER: tuple[Table, ...] = tuple(
        _table(m)
        for m in (
            Network,
            Organisation,
            Member,
            UserAccount,
            MeetingSeries,
            Meeting,
            AgendaItem,
            Attendance,
            Rsvp,
            Minutes,
            Decision,
            ActionItem,
            Task,
            Timer,
            Deadline,
            Survey,
            SurveyQuestion,
            SurveyRecipient,
            Notification,
        )
    )

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in self.ORDER}
        self.contacts: list[dict[str, Any]] = []
        self.coordinator_orgs: list[dict[str, Any]] = []

    def add(self, table: str, **values: Any) -> None:
        self.rows[table].append(values)


def generate(
    engine: Engine,
    plan: Plan,
    *,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Generated:
    """Write `plan` into the (migrated) database behind `engine`; returns what was written.

    Chunks of networks are independent (own random stream, own transaction), so `workers`
    processes can generate and COPY them side by side; the data does not depend on `workers`.
    """
    started = clock.perf_counter()
    today = plan.today or utcnow().astimezone(LOCAL_TZ).date()
    run = uuid.uuid4().hex[:6]
    chunks = [
        (first, min(plan.networks, first + plan.chunk_networks))
        for first in range(0, plan.networks, plan.chunk_networks)
    ]
    result = Generated()

    def merge(part: Generated) -> None:
        result.network_ids += part.network_ids
        for table, count in part.counts.items():
            result.counts[table] = result.counts.get(table, 0) + count
        if progress:
            progress(f"{len(result.network_ids)}/{plan.networks} networks, {result.tasks} tasks")

    if workers <= 1 or len(chunks) == 1:
        for chunk in chunks:
            merge(_chunk(engine, plan, today, run, chunk))
    else:
        url = engine.url.render_as_string(hide_password=False)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            jobs = [pool.submit(_chunk_in_process, url, plan, today, run, c) for c in chunks]
            for job in jobs:
                merge(job.result())
    result.seconds = clock.perf_counter() - started
    return result


def _chunk_in_process(
    url: str, plan: Plan, today: date, run: str, chunk: tuple[int, int]
) -> Generated:
    return _chunk(engine_for(url), plan, today, run, chunk)


def _chunk(engine: Engine, plan: Plan, today: date, run: str, chunk: tuple[int, int]) -> Generated:
    """One transaction: generate the chunk's networks in memory, then COPY table by table."""
    rng = random.Random(f"{plan.seed}:{chunk[0]}")
    _id.reset(rng)
    rows, part = _Rows(), Generated()
    for index in range(*chunk):
        part.network_ids.append(_network(rows, rng, plan, today, f"{run}-{index + 1}"))
    with engine.begin() as conn:
        _flush(conn, rows, part.counts)
    return part


class _Ids:
    """Time-ordered UUIDs (UUIDv7 layout): B-tree inserts append instead of landing at random."""

    def __init__(self) -> None:
        self.reset(random.Random())

    def reset(self, rng: random.Random) -> None:
        self.rng, self.next = rng, int(clock.time() * 1000) << 16

    def __call__(self) -> uuid.UUID:
        self.next += 1
        value = (self.next << 64) | self.rng.getrandbits(64)
        value = (value & ~(0xF000 << 64) | (0x7000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
        return uuid.UUID(int=value)


_id = _Ids()


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


def _stamp(moment: datetime) -> dict[str, datetime]:
    return {"created_at": moment, "updated_at": moment}


def _network(rows: _Rows, rng: random.Random, plan: Plan, today: date, label: str) -> uuid.UUID:
    now = utcnow()
    origin = _local(date(today.year - plan.years, 1, 10), 9)
    network_id = _id()
    region = rng.choice(MUNICIPALITIES)
    rows.add(
        "network",
        id=network_id,
        name=f"Nätverket mottagande och integration {region} {label}",
        slug=f"natverk-{label}",
        delivery_channel="smtp",
        organiser_mailbox=None,
        coordinator_organisation_id=None,
        **_stamp(origin),
    )
    orgs = _organisations(rows, rng, network_id, origin)
    members = _members(rows, rng, plan, network_id, orgs, origin)
    rows.add(
        "user_account",
        id=_id(),
        network_id=network_id,
        email=f"samordnare-{label}@example.org",
        name="Samordnare",
        role="coordinator",
        password_hash=None,
        active=True,
        last_login_at=None,
        **_stamp(origin),
    )
    ctx = _Network(rng, plan, today, now, network_id, orgs, members)
    for year in range(today.year - plan.years + 1, today.year + 1):
        for term, months in (("VT", (2, 5)), ("HT", (9, 11))):
            ctx.term(rows, year, term, months)
    return network_id


def _organisations(
    rows: _Rows, rng: random.Random, network_id: uuid.UUID, origin: datetime
) -> list[tuple[uuid.UUID, str, str]]:
    names = rng.sample(MUNICIPALITIES, rng.randint(4, 8))
    orgs = [(name, name, "municipality") for name in names]
    orgs += [
        *rng.sample(AUTHORITIES, rng.randint(1, 3)),
        ("Samordnaren", "Samordn.", "coordinator"),
    ]
    result = []
    for name, short, kind in orgs:
        org_id = _id()
        rows.add(
            "organisation",
            id=org_id,
            network_id=network_id,
            name=name,
            short_name=short,
            aliases=f'["{name} kommun"]' if kind == "municipality" else "[]",
            kind=kind,
            contact_member_id=None,
            **_stamp(origin),
        )
        result.append((org_id, short, kind))
        if kind == "coordinator":
            rows.coordinator_orgs.append({"b_id": network_id, "b_org": org_id})
    return result


def _members(
    rows: _Rows,
    rng: random.Random,
    plan: Plan,
    network_id: uuid.UUID,
    orgs: list[tuple[uuid.UUID, str, str]],
    origin: datetime,
) -> list[tuple[uuid.UUID, uuid.UUID, bool]]:
    """~20 members: one per organisation first (its contact), the rest spread at random."""
    members = []
    for index in range(plan.members_per_network):
        org_id, short, kind = orgs[index] if index < len(orgs) else rng.choice(orgs)
        member_id = _id()
        steering = index < len(orgs) and kind != "authority" and rng.random() < 0.5
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.add(
            "member",
            id=member_id,
            network_id=network_id,
            organisation_id=org_id,
            name=f"{first} {last}",
            email=f"{member_id.hex[-12:]}@{short.lower().replace(' ', '')}.example",
            role="coordinator" if kind == "coordinator" else "member",
            in_steering_group=steering,
            in_preparatory_group=kind == "coordinator",
            active=rng.random() > 0.05,
            language="sv" if rng.random() > 0.1 else "en",
            notification_preferences="{}",
            email_status="ok",
            **_stamp(origin),
        )
        members.append((member_id, org_id, steering))
        if index < len(orgs):
            rows.contacts.append({"b_id": org_id, "b_member": member_id})
    return members


@dataclass
class _Network:
    """The per-network state the term generator needs."""

    rng: random.Random
    plan: Plan
    today: date
    now: datetime
    network_id: uuid.UUID
    orgs: list[tuple[uuid.UUID, str, str]]
    members: list[tuple[uuid.UUID, uuid.UUID, bool]]

    def term(self, rows: _Rows, year: int, term: str, months: tuple[int, int]) -> None:
        rng = self.rng
        series_id = _id()
        first_day = date(year, months[0], 1)
        rows.add(
            "meeting_series",
            id=series_id,
            network_id=self.network_id,
            name=f"Nätverksträffar {term} {year}",
            term=f"{term}{year}",
            description="Nätverket mottagande och integration",
            default_location="Regionens lokaler, Göteborg",
            reply_by=first_day - timedelta(days=20),
            presenter_rotation=json.dumps(
                [short for _, short, kind in self.orgs if kind == "municipality"]
            ),
            survey_template="{}",
            **_stamp(_local(first_day - timedelta(days=40), 10)),
        )
        count = rng.choice((2, 2, 3)) if term == "VT" else rng.choice((2, 3, 3))
        span = (date(year, months[1], 28) - first_day).days
        days = sorted(
            _weekday(first_day + timedelta(days=span * (i + rng.random() * 0.6) / count))
            for i in range(count)
        )
        for position, day in enumerate(days):
            meeting_id = self.meeting(rows, series_id, day, "network", None)
            if position == 0:
                self.meeting(rows, series_id, day, "steering", meeting_id)

    def meeting(
        self,
        rows: _Rows,
        series_id: uuid.UUID,
        day: date,
        kind: str,
        adjacent_to: uuid.UUID | None,
    ) -> uuid.UUID:
        rng, now = self.rng, self.now
        starts = _local(day, 13) if kind == "network" else _local(day, 10)
        ends = starts + timedelta(hours=3 if kind == "network" else 2)
        if rng.random() < 0.02:
            status = "cancelled"
        elif ends < now - timedelta(days=10):
            status = "minutes_approved"
        elif ends < now:
            status = "held"
        elif starts < now + timedelta(days=90):
            status = "scheduled"
        else:
            status = "planned"
        meeting_id = _id()
        digital = rng.random() < 0.3
        presenter = rng.choice(self.orgs)[0] if kind == "network" else None
        rows.add(
            "meeting",
            id=meeting_id,
            network_id=self.network_id,
            series_id=series_id,
            adjacent_to_id=adjacent_to,
            kind=kind,
            title="Nätverksträff" if kind == "network" else "Styrgrupp samhällsorientering",
            starts_at=starts,
            ends_at=ends,
            mode="digital" if digital else "on_site",
            location=None if digital else "Regionens lokaler, Göteborg",
            online_url="https://meet.example.org/natverket" if digital else None,
            status=status,
            ical_uid=f"{meeting_id}@samverkan",
            ical_sequence=1 if rng.random() < 0.1 else 0,
            presenter_organisation_id=presenter,
            **_stamp(starts - timedelta(days=60)),
        )
        audience = [m for m in self.members if kind == "network" or m[2]]
        items = []
        if kind == "network":
            for position, title in enumerate(rng.sample(AGENDA, rng.randint(4, 6)), start=1):
                item_id = _id()
                items.append(item_id)
                rows.add(
                    "agenda_item",
                    id=item_id,
                    meeting_id=meeting_id,
                    position=position,
                    number=position,
                    title=title,
                    notes="",
                    presenter_organisation_id=presenter if title == "Kommun i fokus" else None,
                )
        if status != "cancelled" and starts - timedelta(days=45) < now:
            self.rsvps(rows, meeting_id, audience, starts)
            self.invites(rows, meeting_id, audience, starts - timedelta(days=40))
        if status in {"held", "minutes_approved"}:
            present = self.attendance(rows, meeting_id, audience)
            if kind == "network":
                self.survey(rows, meeting_id, present, ends)
                if status == "minutes_approved":
                    self.minutes(rows, meeting_id, day, ends, items)
        return meeting_id

    def rsvps(
        self,
        rows: _Rows,
        meeting_id: uuid.UUID,
        audience: Sequence[tuple[uuid.UUID, uuid.UUID, bool]],
        starts: datetime,
    ) -> None:
        rng = self.rng
        for member_id, _, _ in audience:
            if rng.random() < 0.4:
                continue
            response = rng.choices(("accepted", "declined", "tentative"), (75, 15, 10))[0]
            rows.add(
                "rsvp",
                id=_id(),
                meeting_id=meeting_id,
                member_id=member_id,
                response=response,
                substitute_member_id=None,
                responded_at=min(self.now, starts - timedelta(days=rng.randint(1, 30))),
            )

    def invites(
        self,
        rows: _Rows,
        meeting_id: uuid.UUID,
        audience: Sequence[tuple[uuid.UUID, uuid.UUID, bool]],
        sent: datetime,
    ) -> None:
        if sent < self.now - timedelta(days=self.plan.notification_days):
            return
        event_id = _id()
        for member_id, _, _ in audience:
            self.notification(
                rows, "meeting_invite", f"meeting_invite:{event_id}:{member_id}", member_id,
                meeting_id, sent, event_id=event_id,
            )  # fmt: skip

    def notification(
        self,
        rows: _Rows,
        kind: str,
        key: str,
        member_id: uuid.UUID | None,
        subject_id: uuid.UUID,
        at: datetime,
        *,
        event_id: uuid.UUID | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        rng = self.rng
        if at > self.now:
            status, sent_at, error = "pending", None, None
        elif rng.random() < 0.005:
            status, sent_at, error = "failed", None, "550 5.1.1 mailbox unavailable"
        else:
            status, sent_at, error = "sent", at + timedelta(seconds=5 + 600 * rng.random()), None
        rows.add(
            "notification",
            id=_id(),
            network_id=self.network_id,
            recipient_member_id=member_id,
            recipient_user_id=None,
            channel="smtp",
            kind=kind,
            idempotency_key=key,
            event_id=event_id,
            subject_id=subject_id,
            context=json.dumps(context) if context else "{}",
            status=status,
            send_after=at,
            attempts=0 if status == "pending" else (3 if status == "failed" else 1),
            provider_id=None,
            last_error=error,
            sent_at=sent_at,
            created_at=min(at, self.now),
            updated_at=sent_at or min(at, self.now),
        )

    def attendance(
        self,
        rows: _Rows,
        meeting_id: uuid.UUID,
        audience: Sequence[tuple[uuid.UUID, uuid.UUID, bool]],
    ) -> list[tuple[uuid.UUID, uuid.UUID]]:
        rng, present = self.rng, []
        for member_id, org_id, _ in audience:
            draw = rng.random()
            status = "present" if draw < 0.7 else ("partial" if draw < 0.75 else "absent")
            rows.add(
                "attendance",
                id=_id(),
                meeting_id=meeting_id,
                member_id=member_id,
                status=status,
                items='["5"]' if status == "partial" else "[]",
            )
            if status != "absent":
                present.append((member_id, org_id))
        return present

    def survey(
        self,
        rows: _Rows,
        meeting_id: uuid.UUID,
        present: Sequence[tuple[uuid.UUID, uuid.UUID]],
        ends: datetime,
    ) -> None:
        rng = self.rng
        survey_id = _id()
        closes = ends + timedelta(days=7)
        rows.add(
            "survey",
            id=survey_id,
            meeting_id=meeting_id,
            title="Två frågor om Nätverksträff",
            external_url=None,
            anonymous=True,
            opens_at=ends,
            closes_at=closes,
            status="closed" if closes < self.now else "open",
            **_stamp(ends),
        )
        for position, (kind, text) in enumerate(
            (("scale", "Hur värdefull var nätverksträffen? (1–5)"), ("text", "Nästa gång?"))
        ):
            rows.add(
                "survey_question",
                id=_id(),
                survey_id=survey_id,
                position=position,
                kind=kind,
                text=text,
            )
        for member_id, org_id in present:
            answered = rng.random() < 0.45
            rows.add(
                "survey_recipient",
                id=_id(),
                survey_id=survey_id,
                member_id=member_id,
                organisation_id=org_id,
                clicked_at=ends + timedelta(hours=20) if answered else None,
                responded_at=ends + timedelta(hours=21) if answered else None,
            )
            self.notification(
                rows, "survey_invitation", f"survey_invitation:{survey_id}:{member_id}",
                member_id, survey_id, ends + timedelta(hours=1),
            )  # fmt: skip

    def minutes(
        self, rows: _Rows, meeting_id: uuid.UUID, day: date, ends: datetime, items: list[uuid.UUID]
    ) -> None:
        rng, plan = self.rng, self.plan
        minutes_id = _id()
        approved = ends + timedelta(days=rng.randint(3, 9))
        focus = rng.choice(self.orgs)
        rows.add(
            "minutes",
            id=minutes_id,
            meeting_id=meeting_id,
            text=MINUTES_TEXT.format(day=day.isoformat(), org=focus[1]),
            status="approved",
            approved_by_id=None,
            approved_at=approved,
            extraction="{}",
            **_stamp(ends + timedelta(days=1)),
        )
        for number in range(rng.randint(1, 2)):
            rows.add(
                "decision",
                id=_id(),
                minutes_id=minutes_id,
                item_number=number + 1,
                text="Nätverket beslutade att godkänna föregående anteckningar.",
            )
        if rng.random() < 0.4:
            self.deadline(rows, meeting_id, minutes_id, day)
        count = max(1, round(rng.gauss(plan.tasks_per_meeting, 2)))
        for _ in range(count):
            self.task(rows, minutes_id, meeting_id, day, approved, items)

    def deadline(
        self, rows: _Rows, meeting_id: uuid.UUID, minutes_id: uuid.UUID, day: date
    ) -> None:
        rng = self.rng
        opens = day + timedelta(days=rng.randint(10, 40))
        closes = opens + timedelta(days=rng.randint(20, 60))
        authority = [o for o in self.orgs if o[2] != "municipality"]
        rows.add(
            "deadline",
            id=_id(),
            network_id=self.network_id,
            title="Utlysning §37a-medel: ansökan senast",
            description="Utlysningen öppnar och ansökan ska vara inskickad senast sista dagen.",
            opens_at=_local(opens, 8),
            closes_at=_local(closes, 23, 59),
            issuer_organisation_id=rng.choice(authority)[0] if authority else None,
            url="https://example.org/utlysning",
            source_meeting_id=meeting_id,
            source_key=f"minutes:{minutes_id}:0",
            **_stamp(_local(day, 17)),
        )

    def task(
        self,
        rows: _Rows,
        minutes_id: uuid.UUID,
        meeting_id: uuid.UUID,
        day: date,
        approved: datetime,
        items: list[uuid.UUID],
    ) -> None:
        rng, today = self.rng, self.today
        kind, text = rng.choices(ACTIONS, ACTION_WEIGHTS)[0]
        org_id, short, _ = rng.choice(self.orgs)
        staff = [m for m, o, _ in self.members if o == org_id]
        owner = rng.choice(staff) if staff and rng.random() < 0.7 else None
        due = day + timedelta(days=rng.randint(14, 60))
        action_id, task_id = _id(), _id()
        title = f"{short} {text}"[:300]
        rows.add(
            "action_item",
            id=action_id,
            minutes_id=minutes_id,
            text=title,
            kind=kind,
            item_number=rng.randint(1, len(items) or 1),
            owner_member_id=owner,
            owner_organisation_id=org_id,
            due_date=due,
            title=title[:120],
        )
        completed: datetime | None = None
        overdue_since: date | None = None
        if due < today and rng.random() < self.plan.overdue_share:
            status, overdue_since = "open", due + timedelta(days=1)
        elif rng.random() < 0.03:
            status = "cancelled"
        elif due < today or rng.random() < 0.2:
            status = "done"
            lag = rng.randint(-12, 6)
            completed = min(self.now, max(approved, _local(due + timedelta(days=lag), 14)))
        else:
            status = "open"
        rows.add(
            "task",
            id=task_id,
            network_id=self.network_id,
            title=title[:120],
            description=title,
            kind=kind,
            owner_member_id=owner,
            owner_organisation_id=org_id,
            due_date=due,
            status=status,
            source_meeting_id=meeting_id,
            source_agenda_item_id=rng.choice(items) if items else None,
            source_action_item_id=action_id,
            overdue_since=overdue_since,
            completed_at=completed,
            completed_by=f"member:{owner}" if completed and owner else None,
            completion_comment=None,
            **_stamp(approved),
        )
        self.timers(rows, task_id, due, status, completed or approved)
        recipient = owner or next((m for m, o, _ in self.members if o == org_id), None)
        if recipient is not None:
            self.notification(
                rows, "task_assigned", f"task_assigned:{task_id}:{recipient}", recipient,
                task_id, approved,
            )  # fmt: skip
            if status == "open" and overdue_since is not None:
                days = min((today - due).days, 3)
                self.notification(
                    rows, "task_overdue", f"task_overdue:{task_id}:{days}:{recipient}",
                    recipient, task_id, _local(due + timedelta(days=days), 8),
                    context={"days_overdue": days, "escalation": "owner"},
                )  # fmt: skip

    def timers(
        self, rows: _Rows, task_id: uuid.UUID, due: date, status: str, ended: datetime
    ) -> None:
        """The three timers `create_task` arms, in the state the beat would have left them."""
        now, today = self.now, self.today
        plan = {
            "task.reminder_before": _local(due - timedelta(days=3), 8),
            "task.reminder_due": _local(due, 8),
            "task.overdue": _local(due + timedelta(days=1), 0),
        }
        for kind, due_at in plan.items():
            fired: datetime | None
            cancelled = None
            if status != "open":
                fired = min(due_at, ended)
                cancelled = ended if ended < due_at else None
            elif kind == "task.overdue" and due < today and (today - due).days <= 6:
                due_at, fired = _local(today + timedelta(days=1), 0), None  # re-armed daily
            else:
                fired = due_at if due_at <= now else None
            rows.add(
                "timer",
                id=_id(),
                network_id=self.network_id,
                kind=kind,
                subject_id=task_id,
                due_at=due_at,
                key=f"{kind}:{task_id}",
                fired_at=fired,
                cancelled_at=cancelled,
            )


def _weekday(day: date) -> date:
    """Network meetings fall on Wednesday or Friday afternoons."""
    while day.weekday() not in (2, 4):
        day += timedelta(days=1)
    return day


def _flush(conn: Connection, rows: _Rows, counts: dict[str, int]) -> None:
    write = _copy if conn.dialect.name == "postgresql" else _insert
    for table in rows.ORDER:
        batch = rows.rows[table.name]
        if batch:
            write(conn, table, batch)
            counts[table.name] = counts.get(table.name, 0) + len(batch)
        if table.name == "member":
            _link(conn, rows)


def _link(conn: Connection, rows: _Rows) -> None:
    """Contacts and coordinator organisations point both ways: set after both rows exist."""
    org, network = _table(Organisation), _table(Network)
    if rows.contacts:
        conn.execute(
            update(org)
            .where(org.c.id == bindparam("b_id"))
            .values(contact_member_id=bindparam("b_member")),
            rows.contacts,
        )
    if rows.coordinator_orgs:
        conn.execute(
            update(network)
            .where(network.c.id == bindparam("b_id"))
            .values(coordinator_organisation_id=bindparam("b_org")),
            rows.coordinator_orgs,
        )


def _copy(conn: Connection, table: Table, batch: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY ... FROM STDIN through the connection's psycopg cursor.

    Every row of a table is built by one call site, so its dict's key order is the column list.
    JSON columns hold pre-encoded text, which COPY's text format parses as jsonb.
    """
    names = ", ".join(f'"{c}"' for c in batch[0])
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for values in batch:
            copy.write_row(tuple(values.values()))


def _insert(conn: Connection, table: Table, batch: list[dict[str, Any]]) -> None:
    """Other databases (the embedded SQLite): executemany in slices, JSON text decoded."""
    json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
    for start in range(0, len(batch), 5000):
        chunk = [
            {**row, **{c: json.loads(row[c]) for c in json_columns if c in row}}
            for row in batch[start : start + 5000]
        ]
        conn.execute(table.insert(), chunk)
