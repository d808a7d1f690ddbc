"""domains own their mail: the 'notifications' consumer's inbox goes to its two successors

Revision ID: 0007_domains_own_mail
Revises: 0006_drop_network_timezone
Create Date: 2026-12-03 09:00:00

- The consumer 'notifications' (meeting and task events → mail) became two, one per domain:
  'meeting_invites' (meetings) and 'task_mail' (tasks). Their inbox rows are copied from the
  old one, so an event handled before the upgrade is not handled again after it.
- notification.expires_at: the domain asking for a mail may say until when it is worth sending
  (a survey's closing time, a deadline's); delivery suppresses it after that.
- notification.context now holds the mail's typed payload (services/<domain>/mail.py), filled
  when the mail is asked for. Rows still pending from before hold the old, smaller context and
  fail to render (a failed delivery with a dead letter): drain the queue before upgrading.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_domains_own_mail"
down_revision: str | None = "0006_drop_network_timezone"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "notifications"
SUCCESSORS = {
    "meeting_invites": ("meeting.scheduled", "meeting.rescheduled", "meeting.cancelled"),
    "task_mail": ("task.created", "task.completed"),
}


def _copy_inbox(source: str, target: str, types: Sequence[str]) -> None:
    listed = ", ".join(f"'{t}'" for t in types)
    op.execute(
        "INSERT INTO processed_event (consumer, event_id, processed_at) "
        f"SELECT '{target}', p.event_id, p.processed_at FROM processed_event p "
        "JOIN domain_event e ON e.id = p.event_id "
        f"WHERE p.consumer = '{source}' AND e.type IN ({listed}) "
        "AND NOT EXISTS (SELECT 1 FROM processed_event q "
        f"WHERE q.consumer = '{target}' AND q.event_id = p.event_id)"
    )


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    for name, types in SUCCESSORS.items():
        _copy_inbox(OLD, name, types)
    op.execute(f"DELETE FROM processed_event WHERE consumer = '{OLD}'")


def downgrade() -> None:
    for name, types in SUCCESSORS.items():
        _copy_inbox(name, OLD, types)
    names = ", ".join(f"'{n}'" for n in SUCCESSORS)
    op.execute(f"DELETE FROM processed_event WHERE consumer IN ({names})")
    with op.batch_alter_table("notification") as batch_op:
        batch_op.drop_column("expires_at")
