"""The follow-up of a bulk network's meetings: surveys, minutes, deadlines, tasks, timers, mail.

Keys and timers come from the domains' own functions, so generated rows are the ones the services
would have written.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.demo.plan import Plan
from services.demo.rows import Rows, local, new_id, stamp
from services.demo.vocabulary import ACTION_WEIGHTS, ACTIONS, MINUTES_TEXT
from services.notifications.service import member_key
from services.surveys.mail import invitation_key
from services.tasks.mail import assigned_key, overdue_key
from services.tasks.service import local_morning, task_timers


@dataclass
class NetworkState:
    """The per-network state the generator needs, and what follows a held meeting."""

    rng: random.Random
    plan: Plan
    today: date
    now: datetime
    network_id: uuid.UUID
    orgs: list[tuple[uuid.UUID, str, str]]
    members: list[tuple[uuid.UUID, uuid.UUID, bool]]

    def notification(
        self,
        rows: Rows,
        kind: str,
        key: str,
        member_id: uuid.UUID | None,
        subject_id: uuid.UUID,
        at: datetime,
        *,
        event_id: uuid.UUID | None = None,
    ) -> None:
        """A mail of the past: sent, or now and then failed. Mail still to come is left out,
        since only the asking domain can fill its payload."""
        if at > self.now:
            return
        if self.rng.random() < 0.005:
            status, sent_at, error = "failed", None, "550 5.1.1 mailbox unavailable"
        else:
            status, sent_at, error = (
                "sent",
                at + timedelta(seconds=5 + 600 * self.rng.random()),
                None,
            )
        rows.add(
            "notification",
            id=new_id(),
            network_id=self.network_id,
            recipient_member_id=member_id,
            recipient_user_id=None,
            channel="smtp",
            kind=kind,
            idempotency_key=key,
            event_id=event_id,
            subject_id=subject_id,
            context="{}",
            status=status,
            send_after=at,
            attempts=3 if status == "failed" else 1,
            provider_id=None,
            last_error=error,
            sent_at=sent_at,
            created_at=at,
            updated_at=sent_at or at,
        )

    def survey(
        self,
        rows: Rows,
        meeting_id: uuid.UUID,
        present: Sequence[tuple[uuid.UUID, uuid.UUID]],
        ends: datetime,
    ) -> None:
        rng = self.rng
        survey_id = new_id()
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
            **stamp(ends),
        )
        for position, (kind, text) in enumerate(
            (("scale", "Hur värdefull var nätverksträffen? (1–5)"), ("text", "Nästa gång?"))
        ):
            rows.add(
                "survey_question",
                id=new_id(),
                survey_id=survey_id,
                position=position,
                kind=kind,
                text=text,
            )
        for member_id, org_id in present:
            answered = rng.random() < 0.45
            rows.add(
                "survey_recipient",
                id=new_id(),
                survey_id=survey_id,
                member_id=member_id,
                organisation_id=org_id,
                clicked_at=ends + timedelta(hours=20) if answered else None,
                responded_at=ends + timedelta(hours=21) if answered else None,
            )
            self.notification(
                rows, "survey_invitation", member_key(invitation_key(survey_id), member_id),
                member_id, survey_id, ends + timedelta(hours=1),
            )  # fmt: skip

    def minutes(
        self, rows: Rows, meeting_id: uuid.UUID, day: date, ends: datetime, items: list[uuid.UUID]
    ) -> None:
        rng, plan = self.rng, self.plan
        minutes_id = new_id()
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
            **stamp(ends + timedelta(days=1)),
        )
        for number in range(rng.randint(1, 2)):
            rows.add(
                "decision",
                id=new_id(),
                minutes_id=minutes_id,
                item_number=number + 1,
                text="Nätverket beslutade att godkänna föregående anteckningar.",
            )
        if rng.random() < 0.4:
            self.deadline(rows, meeting_id, minutes_id, day)
        count = max(1, round(rng.gauss(plan.tasks_per_meeting, 2)))
        for _ in range(count):
            self.task(rows, minutes_id, meeting_id, day, approved, items)

    def deadline(self, rows: Rows, meeting_id: uuid.UUID, minutes_id: uuid.UUID, day: date) -> None:
        rng = self.rng
        opens = day + timedelta(days=rng.randint(10, 40))
        closes = opens + timedelta(days=rng.randint(20, 60))
        authority = [o for o in self.orgs if o[2] != "municipality"]
        rows.add(
            "deadline",
            id=new_id(),
            network_id=self.network_id,
            title="Utlysning §37a-medel: ansökan senast",
            description="Utlysningen öppnar och ansökan ska vara inskickad senast sista dagen.",
            opens_at=local(opens, 8),
            closes_at=local(closes, 23, 59),
            issuer_organisation_id=rng.choice(authority)[0] if authority else None,
            url="https://example.org/utlysning",
            source_meeting_id=meeting_id,
            source_key=f"minutes:{minutes_id}:0",
            **stamp(local(day, 17)),
        )

    def task(
        self,
        rows: Rows,
        minutes_id: uuid.UUID,
        meeting_id: uuid.UUID,
        day: date,
        approved: datetime,
        items: list[uuid.UUID],
    ) -> None:
        """One action item and its follow-up task, done, open or overdue, with its mail."""
        rng = self.rng
        kind, text = rng.choices(ACTIONS, ACTION_WEIGHTS)[0]
        org_id, short, _ = rng.choice(self.orgs)
        staff = [m for m, o, _ in self.members if o == org_id]
        owner = rng.choice(staff) if staff and rng.random() < 0.7 else None
        due = day + timedelta(days=rng.randint(14, 60))
        action_id, task_id = new_id(), new_id()
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
        status, overdue_since, completed = self.task_outcome(due, approved)
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
            **stamp(approved),
        )
        self.timers(rows, task_id, due, status, completed or approved)
        recipient = owner or next((m for m, o, _ in self.members if o == org_id), None)
        if recipient is not None:
            self.task_mail(rows, task_id, recipient, due, approved, overdue_since)

    def task_outcome(
        self, due: date, approved: datetime
    ) -> tuple[str, date | None, datetime | None]:
        """(status, overdue since, completed at): ~15% of the past-due tasks stay open."""
        rng = self.rng
        if due < self.today and rng.random() < self.plan.overdue_share:
            return "open", due + timedelta(days=1), None
        if rng.random() < 0.03:
            return "cancelled", None, None
        if due < self.today or rng.random() < 0.2:
            lag = rng.randint(-12, 6)
            return "done", None, min(self.now, max(approved, local(due + timedelta(days=lag), 14)))
        return "open", None, None

    def task_mail(
        self,
        rows: Rows,
        task_id: uuid.UUID,
        recipient: uuid.UUID,
        due: date,
        approved: datetime,
        overdue_since: date | None,
    ) -> None:
        """The "new task" mail, and for an overdue task the latest overdue mail."""
        self.notification(
            rows, "task_assigned", assigned_key(task_id, recipient), recipient, task_id, approved
        )
        if overdue_since is not None:
            days = min((self.today - due).days, 3)
            self.notification(
                rows, "task_overdue", overdue_key(task_id, days, recipient), recipient, task_id,
                local(due + timedelta(days=days), 8),
            )  # fmt: skip

    def timers(
        self, rows: Rows, task_id: uuid.UUID, due: date, status: str, ended: datetime
    ) -> None:
        """The timers `create_task` arms, in the state the beat would have left them."""
        now, today = self.now, self.today
        for spec in task_timers(task_id, self.network_id, due):
            due_at, fired, cancelled = spec.due_at, None, None
            if status != "open":
                fired = min(due_at, ended)
                cancelled = ended if ended < due_at else None
            elif spec.kind == "task.overdue" and due < today and (today - due).days <= 6:
                due_at = local_morning(today + timedelta(days=1), hour=0)  # re-armed daily
            else:
                fired = due_at if due_at <= now else None
            rows.add(
                "timer",
                id=new_id(),
                network_id=self.network_id,
                kind=spec.kind,
                subject_id=task_id,
                due_at=due_at,
                key=spec.key,
                fired_at=fired,
                cancelled_at=cancelled,
            )
