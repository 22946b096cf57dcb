"""A place's first-level region as found when it was resolved: place.region ("CC.code").

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 18:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: rows stored before it stay NULL, and the reconcile stage looks their region up in the
    # gazetteer as it did before. New rows hold the key, or "" when the place has no region.
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_column("region")
