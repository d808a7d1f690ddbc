"""must change password: accounts with a one-time password wait for a new one

Revision ID: 0005_must_change_password
Revises: 0004_performance_indexes
Create Date: 2026-11-26 08:00:00

- user_account.must_change_password: set when `samverkan user create` or
  `samverkan user reset-password` hands out a one-time password; existing accounts keep
  their passwords, so the column defaults to false.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_must_change_password"
down_revision: str | None = "0004_performance_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("must_change_password")
