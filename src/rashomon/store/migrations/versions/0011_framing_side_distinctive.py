"""Framing rows: the outlet's side and its distinctive labels (framing.side, framing.distinctive).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Framing rows are rebuilt after every run: rows stored before get "[]" until the next run.
    with op.batch_alter_table("framing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("side", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("distinctive", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("framing", schema=None) as batch_op:
        batch_op.drop_column("distinctive")
        batch_op.drop_column("side")
