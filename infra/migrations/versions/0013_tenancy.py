"""tenancy: an account has a role per network; API tokens belong to one network

Revision ID: 0013_tenancy
Revises: 0012_meeting_links
Create Date: 2026-12-03 07:00:00

- network_membership (account, network, role): today's user_account.network_id and role become
  each account's one membership, so nobody loses their network or role; then both columns go.
- user_account.is_admin: the installation-wide administrator (creates networks, gives roles).
- api_token.network_id: a token works in the network it was made in (existing ones: their
  account's network).

SQLite rebuilds user_account to drop its columns; with foreign keys on, dropping the old table
would delete the rows that point at accounts (API tokens, notifications) and clear minutes'
approvers, so those are kept aside and put back around the rebuild.
"""

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

from infra.clock import utcnow

revision: str = "0013_tenancy"
down_revision: str | None = "0012_meeting_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = sa.Enum(
    "coordinator", "viewer", name="userrole", native_enum=False, create_constraint=True, length=32
)


def _membership_table() -> sa.Table:
    return op.create_table(
        "network_membership",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("role", ROLE, nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["user_account.id"],
            name=op.f("fk_network_membership_account_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_network_membership_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_membership")),
        sa.UniqueConstraint(
            "account_id", "network_id", name=op.f("uq_network_membership_account_id_network_id")
        ),
    )


@contextmanager
def _rows_pointing_at_accounts_kept() -> Iterator[None]:
    """Around a rebuild of user_account on SQLite: what its DROP TABLE would cascade to."""
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        yield
        return
    for table in ("api_token", "notification", "minutes"):
        conn.exec_driver_sql(f"CREATE TEMP TABLE keep_{table} AS SELECT * FROM {table}")
    yield
    for table in ("api_token", "notification"):
        conn.exec_driver_sql(
            f"INSERT INTO {table} SELECT * FROM keep_{table}"
            f" WHERE id NOT IN (SELECT id FROM {table})"
        )
    conn.exec_driver_sql(
        "UPDATE minutes SET approved_by_id = (SELECT k.approved_by_id FROM keep_minutes k"
        " WHERE k.id = minutes.id)"
    )
    for table in ("api_token", "notification", "minutes"):
        conn.exec_driver_sql(f"DROP TABLE keep_{table}")


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def upgrade() -> None:
    conn = op.get_bind()
    accounts = [
        (_uuid(a.id), _uuid(a.network_id), a.role)
        for a in conn.execute(sa.text("SELECT id, network_id, role FROM user_account"))
    ]
    with _rows_pointing_at_accounts_kept(), op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(
            sa.Column("is_admin", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.drop_index(op.f("ix_user_account_network_id"))
        batch_op.drop_constraint(op.f("fk_user_account_network_id_network"), type_="foreignkey")
        batch_op.drop_constraint(op.f("ck_user_account_userrole"), type_="check")
        batch_op.drop_column("network_id")
        batch_op.drop_column("role")
    membership = _membership_table()
    op.create_index(op.f("ix_network_membership_account_id"), "network_membership", ["account_id"])
    op.create_index(op.f("ix_network_membership_network_id"), "network_membership", ["network_id"])
    now = utcnow()
    rows = [
        {"id": uuid.uuid4(), "account_id": account, "network_id": network, "role": role,
         "created_at": now, "updated_at": now}
        for account, network, role in accounts
    ]  # fmt: skip
    if rows:
        op.bulk_insert(membership, rows)
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.add_column(sa.Column("network_id", sa.Uuid(), nullable=True))
    token_table = sa.table(
        "api_token", sa.column("user_id", sa.Uuid()), sa.column("network_id", sa.Uuid())
    )
    for account, network, _role in accounts:
        conn.execute(
            token_table.update().where(token_table.c.user_id == account).values(network_id=network)
        )
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.alter_column("network_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.create_foreign_key(
            op.f("fk_api_token_network_id_network"),
            "network",
            ["network_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(op.f("ix_api_token_network_id"), ["network_id"])


def downgrade() -> None:
    """Each account keeps its first network and role (further ones cannot be stored); an
    account without any (an administrator only) goes."""
    with op.batch_alter_table("user_account", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("network_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("role", sa.String(32), nullable=True))
    conn = op.get_bind()
    first = (
        "(SELECT {col} FROM network_membership m WHERE m.account_id = user_account.id"
        " ORDER BY m.created_at LIMIT 1)"
    )
    conn.execute(
        sa.text(
            f"UPDATE user_account SET network_id = {first.format(col='network_id')},"
            f" role = {first.format(col='role')}"
        )
    )
    conn.execute(sa.text("DELETE FROM user_account WHERE network_id IS NULL"))
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.drop_index(op.f("ix_api_token_network_id"))
        batch_op.drop_constraint(op.f("fk_api_token_network_id_network"), type_="foreignkey")
        batch_op.drop_column("network_id")
    op.drop_index(op.f("ix_network_membership_network_id"), table_name="network_membership")
    op.drop_index(op.f("ix_network_membership_account_id"), table_name="network_membership")
    op.drop_table("network_membership")
    with _rows_pointing_at_accounts_kept(), op.batch_alter_table("user_account") as batch_op:
        batch_op.alter_column("network_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.alter_column("role", existing_type=sa.String(32), type_=ROLE, nullable=False)
        batch_op.create_foreign_key(
            op.f("fk_user_account_network_id_network"),
            "network",
            ["network_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(op.f("ix_user_account_network_id"), ["network_id"])
        batch_op.drop_column("is_admin")
