"""export key: a per-database secret that signs the export record of task workbooks

A returned task workbook used to be trusted for its very hidden export record (scope and task
list), which a recipient could rewrite to reach another unit's tasks. The record is now signed
with an HMAC whose key is generated here once per database and kept only in it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 03:45:00
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KEY_BYTES = 32


def upgrade() -> None:
    table = op.create_table(
        "export_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "secret": secrets.token_hex(KEY_BYTES)}])


def downgrade() -> None:
    op.drop_table("export_key")
