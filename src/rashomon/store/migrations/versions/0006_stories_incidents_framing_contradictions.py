"""Stories and their members, incidents, framing rows and contradictions (the reconcile stage).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 13:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contradiction",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("aspect", sa.String(length=20), nullable=True),
        sa.Column("subject", sa.String(length=120), nullable=True),
        sa.Column("sides", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contradiction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contradiction_topic"), ["topic"], unique=False)

    op.create_table(
        "framing",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=False),
        sa.Column("actor_id", sa.String(length=120), nullable=False),
        sa.Column("actor_name", sa.String(length=300), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=True),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("labels", sa.Text(), nullable=False),
        sa.Column("own_labels", sa.Text(), nullable=False),
        sa.Column("quoted_labels", sa.Text(), nullable=False),
        sa.Column("loaded_terms", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("framing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_framing_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_framing_outlet"), ["outlet"], unique=False)

    op.create_table(
        "incident",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("plover_type", sa.String(length=20), nullable=False),
        sa.Column("date", sa.String(length=40), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("event_ids", sa.Text(), nullable=False),
        sa.Column("article_ids", sa.Text(), nullable=False),
        sa.Column("outlets", sa.Text(), nullable=False),
        sa.Column("versions", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "story",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("first", sa.String(length=10), nullable=True),
        sa.Column("last", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "story_member",
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("story_id", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    with op.batch_alter_table("story_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_member_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_member_story_id"))

    op.drop_table("story_member")
    op.drop_table("story")
    op.drop_table("incident")
    with op.batch_alter_table("framing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framing_outlet"))
        batch_op.drop_index(batch_op.f("ix_framing_actor_id"))

    op.drop_table("framing")
    with op.batch_alter_table("contradiction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contradiction_topic"))

    op.drop_table("contradiction")
