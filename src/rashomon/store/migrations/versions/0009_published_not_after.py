"""An upper bound on an article's publication day: article.published_not_after.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: rows stored before it stay NULL (no upper bound was kept for them).
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_not_after", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("published_not_after")
