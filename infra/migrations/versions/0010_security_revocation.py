"""security revocation: session and link versions, API token expiry

Revision ID: 0010_security_revocation
Revises: 0009_inbound_mail
Create Date: 2026-12-02 16:00:00

- user_account.session_version: written into the session cookie at login and bumped on logout,
  password change, reset and deactivation, so an older (stolen) cookie stops working.
- api_token.expires_at: tokens end on a date (existing ones: none, as before).
- member.link_version: signed into member links and bumped when the member's e-mail changes or
  the coordinator revokes their links; links of an older version are refused.
- login_attempt.account_key, address_key: failed logins are limited per account and per
  address too (spraying many accounts from one address), not only per pair.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_security_revocation"
down_revision: str | None = "0009_inbound_mail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("member") as batch_op:
        batch_op.add_column(
            sa.Column("link_version", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("login_attempt") as batch_op:
        batch_op.add_column(sa.Column("account_key", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("address_key", sa.String(64), nullable=True))
        batch_op.create_index(op.f("ix_login_attempt_account_key"), ["account_key"])
        batch_op.create_index(op.f("ix_login_attempt_address_key"), ["address_key"])


def downgrade() -> None:
    with op.batch_alter_table("login_attempt") as batch_op:
        batch_op.drop_index(op.f("ix_login_attempt_address_key"))
        batch_op.drop_index(op.f("ix_login_attempt_account_key"))
        batch_op.drop_column("address_key")
        batch_op.drop_column("account_key")
    with op.batch_alter_table("member") as batch_op:
        batch_op.drop_column("link_version")
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("session_version")
