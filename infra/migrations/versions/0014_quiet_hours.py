"""quiet hours: each network's own window for mail that is not urgent

Revision ID: 0014_quiet_hours
Revises: 0013_tenancy
Create Date: 2026-12-03 08:00:00

- network.send_from, network.send_until: the Stockholm wall-clock times between which mail
  that is not urgent goes out (none: 08.00 and 17.00, as before).
- network.send_on_weekends, network.send_on_holidays: whether that window opens on Saturdays
  and Sundays, and on Swedish public and de facto holidays (none: no, as before).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_quiet_hours"
down_revision: str | None = "0013_tenancy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("network") as batch_op:
        batch_op.add_column(sa.Column("send_from", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("send_until", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("send_on_weekends", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("send_on_holidays", sa.Boolean(), nullable=True))


def downgrade() -> None:
    # ALTER in place: rebuilding the table on SQLite would cascade and delete the networks' rows
    with op.batch_alter_table("network", recreate="never") as batch_op:
        batch_op.drop_column("send_on_holidays")
        batch_op.drop_column("send_on_weekends")
        batch_op.drop_column("send_until")
        batch_op.drop_column("send_from")
