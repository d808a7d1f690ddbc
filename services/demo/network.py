"""One bulk network: organisations, members, a coordinator account, and its terms of meetings."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from infra.clock import utcnow
from schemas.notifications import MailKind
from services.demo.followup import NetworkState
from services.demo.plan import Plan
from services.demo.rows import Rows, local, new_id, stamp
from services.demo.vocabulary import AGENDA, AUTHORITIES, FIRST, LAST, MUNICIPALITIES
from services.meetings.mail import change_key
from services.notifications.service import member_key


def build_network(rows: Rows, rng: random.Random, plan: Plan, today: date, label: str) -> uuid.UUID:
    now = utcnow()
    origin = local(date(today.year - plan.years, 1, 10), 9)
    network_id = new_id()
    region = rng.choice(MUNICIPALITIES)
    rows.add(
        "network",
        id=network_id,
        name=f"Nätverket mottagande och integration {region} {label}",
        slug=f"natverk-{label}",
        delivery_channel="smtp",
        organiser_mailbox=None,
        coordinator_organisation_id=None,
        **stamp(origin),
    )
    orgs = _organisations(rows, rng, network_id, origin)
    members = _members(rows, rng, plan, network_id, orgs, origin)
    account_id = new_id()
    rows.add(
        "user_account",
        id=account_id,
        email=f"samordnare-{label}@example.org",
        name="Samordnare",
        password_hash=None,
        active=True,
        is_admin=False,
        last_login_at=None,
        **stamp(origin),
    )
    rows.add(
        "network_membership",
        id=new_id(),
        account_id=account_id,
        network_id=network_id,
        role="coordinator",
        **stamp(origin),
    )
    ctx = NetworkBuilder(rng, plan, today, now, network_id, orgs, members)
    for year in range(today.year - plan.years + 1, today.year + 1):
        for term, months in (("VT", (2, 5)), ("HT", (9, 11))):
            ctx.term(rows, year, term, months)
    return network_id


def _organisations(
    rows: Rows, rng: random.Random, network_id: uuid.UUID, origin: datetime
) -> list[tuple[uuid.UUID, str, str]]:
    names = rng.sample(MUNICIPALITIES, rng.randint(4, 8))
    orgs = [(name, name, "municipality") for name in names]
    orgs += [
        *rng.sample(AUTHORITIES, rng.randint(1, 3)),
        ("Samordnaren", "Samordn.", "coordinator"),
    ]
    result = []
    for name, short, kind in orgs:
        org_id = new_id()
        rows.add(
            "organisation",
            id=org_id,
            network_id=network_id,
            name=name,
            short_name=short,
            aliases=f'["{name} kommun"]' if kind == "municipality" else "[]",
            kind=kind,
            contact_member_id=None,
            **stamp(origin),
        )
        result.append((org_id, short, kind))
        if kind == "coordinator":
            rows.coordinator_orgs.append({"b_id": network_id, "b_org": org_id})
    return result


def _members(
    rows: Rows,
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
        member_id = new_id()
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
            **stamp(origin),
        )
        members.append((member_id, org_id, steering))
        if index < len(orgs):
            rows.contacts.append({"b_id": org_id, "b_member": member_id})
    return members


class NetworkBuilder(NetworkState):
    """Terms of meetings, each with its agenda, RSVPs, invites and attendance."""

    def term(self, rows: Rows, year: int, term: str, months: tuple[int, int]) -> None:
        rng = self.rng
        series_id = new_id()
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
            **stamp(local(first_day - timedelta(days=40), 10)),
        )
        count = rng.choice((2, 2, 3)) if term == "VT" else rng.choice((2, 3, 3))
        span = (date(year, months[1], 28) - first_day).days
        days = sorted(
            next_meeting_day(first_day + timedelta(days=span * (i + rng.random() * 0.6) / count))
            for i in range(count)
        )
        for position, day in enumerate(days):
            meeting_id = self.meeting(rows, series_id, day, "network", None)
            if position == 0:
                self.meeting(rows, series_id, day, "steering", meeting_id)

    def meeting(
        self,
        rows: Rows,
        series_id: uuid.UUID,
        day: date,
        kind: str,
        adjacent_to: uuid.UUID | None,
    ) -> uuid.UUID:
        """A meeting in the state its date gives it, with what its members did around it."""
        rng = self.rng
        starts = local(day, 13) if kind == "network" else local(day, 10)
        ends = starts + timedelta(hours=3 if kind == "network" else 2)
        status = self.status(starts, ends)
        meeting_id = new_id()
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
            **stamp(starts - timedelta(days=60)),
        )
        items = self.agenda(rows, meeting_id, presenter) if kind == "network" else []
        audience = [m for m in self.members if kind == "network" or m[2]]
        if status != "cancelled" and starts - timedelta(days=45) < self.now:
            self.rsvps(rows, meeting_id, audience, starts)
            self.invites(rows, meeting_id, audience, starts - timedelta(days=40))
        if status in {"held", "minutes_approved"}:
            present = self.attendance(rows, meeting_id, audience)
            if kind == "network":
                self.survey(rows, meeting_id, present, ends)
                if status == "minutes_approved":
                    self.minutes(rows, meeting_id, day, ends, items)
        return meeting_id

    def status(self, starts: datetime, ends: datetime) -> str:
        """Approved ten days after, held before that, scheduled 90 days ahead, else planned."""
        now = self.now
        if self.rng.random() < 0.02:
            return "cancelled"
        if ends < now - timedelta(days=10):
            return "minutes_approved"
        if ends < now:
            return "held"
        return "scheduled" if starts < now + timedelta(days=90) else "planned"

    def agenda(
        self, rows: Rows, meeting_id: uuid.UUID, presenter: uuid.UUID | None
    ) -> list[uuid.UUID]:
        """Four to six of the usual agenda items, "Kommun i fokus" with its presenter."""
        items = []
        for position, title in enumerate(self.rng.sample(AGENDA, self.rng.randint(4, 6)), start=1):
            item_id = new_id()
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
        return items

    def rsvps(
        self,
        rows: Rows,
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
                id=new_id(),
                meeting_id=meeting_id,
                member_id=member_id,
                response=response,
                substitute_member_id=None,
                responded_at=min(self.now, starts - timedelta(days=rng.randint(1, 30))),
            )

    def invites(
        self,
        rows: Rows,
        meeting_id: uuid.UUID,
        audience: Sequence[tuple[uuid.UUID, uuid.UUID, bool]],
        sent: datetime,
    ) -> None:
        if sent < self.now - timedelta(days=self.plan.notification_days):
            return  # older mail is assumed purged
        event_id = new_id()
        key = change_key(MailKind.meeting_invite, event_id)
        for member_id, _, _ in audience:
            self.notification(
                rows, "meeting_invite", member_key(key, member_id), member_id, meeting_id, sent,
                event_id=event_id,
            )  # fmt: skip

    def attendance(
        self,
        rows: Rows,
        meeting_id: uuid.UUID,
        audience: Sequence[tuple[uuid.UUID, uuid.UUID, bool]],
    ) -> list[tuple[uuid.UUID, uuid.UUID]]:
        rng, present = self.rng, []
        for member_id, org_id, _ in audience:
            draw = rng.random()
            status = "present" if draw < 0.7 else ("partial" if draw < 0.75 else "absent")
            rows.add(
                "attendance",
                id=new_id(),
                meeting_id=meeting_id,
                member_id=member_id,
                status=status,
                items='["5"]' if status == "partial" else "[]",
            )
            if status != "absent":
                present.append((member_id, org_id))
        return present


def next_meeting_day(day: date) -> date:
    """Network meetings fall on Wednesday or Friday afternoons."""
    while day.weekday() not in (2, 4):
        day += timedelta(days=1)
    return day
