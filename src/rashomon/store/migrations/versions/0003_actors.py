"""Actor mentions linked to the knowledge base, and the speaker actor id of statements.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:57:49.772823
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actor_mention",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("sector", sa.String(length=20), nullable=True),
        sa.Column("cameo", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("actor_mention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_mention_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actor_mention_article_id"), ["article_id"], unique=False)

    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaker_actor_id", sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f("ix_statement_speaker_actor_id"), ["speaker_actor_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_speaker_actor_id"))
        batch_op.drop_column("speaker_actor_id")

    with op.batch_alter_table("actor_mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_mention_article_id"))
        batch_op.drop_index(batch_op.f("ix_actor_mention_actor_id"))

    op.drop_table("actor_mention")
