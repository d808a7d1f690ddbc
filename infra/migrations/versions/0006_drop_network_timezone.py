"""drop network.timezone: the installation's SAMVERKAN_TIMEZONE is the one local time

Revision ID: 0006_drop_network_timezone
Revises: 0005_must_change_password
Create Date: 2026-12-02 12:00:00

- network.timezone was written but never read; every network of an installation is shown and
  scheduled in the zone of the setting, read in one place (infra.clock.LOCAL_TZ).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_drop_network_timezone"
down_revision: str | None = "0005_must_change_password"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("network") as batch_op:
        batch_op.drop_column("timezone")


def downgrade() -> None:
    with op.batch_alter_table("network") as batch_op:
        batch_op.add_column(
            sa.Column(
                "timezone", sa.String(64), server_default="Europe/Stockholm", nullable=False
            )
        )
