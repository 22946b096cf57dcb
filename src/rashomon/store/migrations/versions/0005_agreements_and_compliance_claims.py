"""Agreement mentions, compliance claims and the agreements linked across articles.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreement",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("family", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("date_value", sa.String(length=40), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("brokers", sa.Text(), nullable=False),
        sa.Column("provisions", sa.Text(), nullable=False),
        sa.Column("article_ids", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "agreement_mention",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("instance", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("head", sa.String(length=40), nullable=False),
        sa.Column("family", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("definite", sa.Boolean(), nullable=False),
        sa.Column("date_text", sa.String(length=200), nullable=True),
        sa.Column("date_value", sa.String(length=40), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("brokers", sa.Text(), nullable=False),
        sa.Column("provisions", sa.Text(), nullable=False),
        sa.Column("made_by", sa.String(length=40), nullable=True),
        sa.Column("reported_by", sa.String(length=80), nullable=True),
        sa.Column("agreement_id", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agreement_mention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreement_mention_agreement_id"), ["agreement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreement_mention_article_id"), ["article_id"], unique=False)

    op.create_table(
        "compliance_claim",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("mention_id", sa.String(length=80), nullable=False),
        sa.Column("stance", sa.String(length=10), nullable=False),
        sa.Column("cue", sa.String(length=100), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=False),
        sa.Column("cue_end", sa.Integer(), nullable=False),
        sa.Column("accused_name", sa.Text(), nullable=True),
        sa.Column("accused_id", sa.String(length=120), nullable=True),
        sa.Column("accused_country", sa.String(length=2), nullable=True),
        sa.Column("statement_id", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mention_id"], ["agreement_mention.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("compliance_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_compliance_claim_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_compliance_claim_mention_id"), ["mention_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("compliance_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_compliance_claim_mention_id"))
        batch_op.drop_index(batch_op.f("ix_compliance_claim_article_id"))

    op.drop_table("compliance_claim")
    with op.batch_alter_table("agreement_mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_mention_article_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_mention_agreement_id"))

    op.drop_table("agreement_mention")
    op.drop_table("agreement")
