"""A statement speaker's country and sector, coded as event parties are: statement.speaker_country,
statement.speaker_sector.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: statements stored before it were not coded, and many speakers name no country.
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaker_country", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("speaker_sector", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_column("speaker_sector")
        batch_op.drop_column("speaker_country")
