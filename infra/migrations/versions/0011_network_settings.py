"""network settings: per-network reminder days

Revision ID: 0011_network_settings
Revises: 0010_security_revocation
Create Date: 2026-12-03 07:00:00

- network.task_reminder_days: a task's reminder goes out this many days before its due date
  (none: 3, as before).
- network.deadline_reminder_days: a deadline's reminders go out these working days before it
  closes (none: the operator's DEADLINE_REMINDER_WORKING_DAYS, as before).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011_network_settings"
down_revision: str | None = "0010_security_revocation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("network", recreate="never") as batch_op:  # a rebuild would cascade
        batch_op.add_column(sa.Column("task_reminder_days", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "deadline_reminder_days",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade() -> None:
    # ALTER in place: rebuilding the table on SQLite would cascade and delete the networks' rows
    with op.batch_alter_table("network", recreate="never") as batch_op:
        batch_op.drop_column("deadline_reminder_days")
        batch_op.drop_column("task_reminder_days")
