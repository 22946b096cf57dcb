"""Statements: attributed statements with speaker, cue, mode and claim type.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:53:21.064228
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statement",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("cue", sa.String(length=200), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("speaker_name", sa.String(length=300), nullable=True),
        sa.Column("speaker_role", sa.Text(), nullable=True),
        sa.Column("speaker_affiliation", sa.String(length=300), nullable=True),
        sa.Column("speaker_kind", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("claim_type", sa.String(length=20), nullable=False),
        sa.Column("relayed_by", sa.String(length=300), nullable=True),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column("said_on", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_speaker_name"), ["speaker_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_speaker_name"))
        batch_op.drop_index(batch_op.f("ix_statement_article_id"))

    op.drop_table("statement")
