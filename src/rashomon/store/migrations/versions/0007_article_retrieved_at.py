"""When an article's copy was retrieved (a web archive's crawl time): article.retrieved_at.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 14:47:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column: ADD COLUMN on both SQLite and PostgreSQL, no table rebuild; rows stored
    # before it stay NULL (their retrieval time was never kept).
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retrieved_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("retrieved_at")
