"""Initial schema: runs, input failures, articles, dropped lines, entity mentions.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:35:50.881333
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("model_name", sa.String(length=100), nullable=False),
        sa.Column("model_version", sa.String(length=40), nullable=False),
        sa.Column("rashomon_version", sa.String(length=40), nullable=False),
        sa.Column("documents_read", sa.Integer(), nullable=False),
        sa.Column("articles_added", sa.Integer(), nullable=False),
        sa.Column("already_stored", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "article",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("input_kind", sa.String(length=10), nullable=False),
        sa.Column("encoding", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outlet_name", sa.String(length=200), nullable=True),
        sa.Column("outlet_domain", sa.String(length=200), nullable=True),
        sa.Column("outlet_country", sa.String(length=2), nullable=True),
        sa.Column("outlet_ownership", sa.String(length=20), nullable=True),
        sa.Column("outlet_speaks_for", sa.String(length=2), nullable=True),
        sa.Column("outlet_basis", sa.Text(), nullable=True),
        sa.Column("published_date", sa.String(length=10), nullable=True),
        sa.Column("published_precision", sa.String(length=10), nullable=False),
        sa.Column("published_basis", sa.Text(), nullable=False),
        sa.Column("published_not_before", sa.String(length=10), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("language_confidence", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("duplicate_of", sa.String(length=40), nullable=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("model_name", sa.String(length=100), nullable=True),
        sa.Column("model_version", sa.String(length=40), nullable=True),
        sa.Column("rashomon_version", sa.String(length=40), nullable=False),
        sa.Column("sentence_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["duplicate_of"], ["article.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_outlet_name"), ["outlet_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_published_date"), ["published_date"], unique=False)

    op.create_table(
        "input_failure",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("input_failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_input_failure_run_id"), ["run_id"], unique=False)

    op.create_table(
        "dropped_line",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dropped_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dropped_line_article_id"), ["article_id"], unique=False)

    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mention_article_id"), ["article_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mention_article_id"))

    op.drop_table("mention")
    with op.batch_alter_table("dropped_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dropped_line_article_id"))

    op.drop_table("dropped_line")
    with op.batch_alter_table("input_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_input_failure_run_id"))

    op.drop_table("input_failure")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_published_date"))
        batch_op.drop_index(batch_op.f("ix_article_outlet_name"))

    op.drop_table("article")
    op.drop_table("run")
