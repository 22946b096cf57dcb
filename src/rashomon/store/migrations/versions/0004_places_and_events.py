"""Resolved place mentions and coded events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 11:26:00.599932
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=300), nullable=False),
        sa.Column("plover_type", sa.String(length=20), nullable=False),
        sa.Column("plover_mode", sa.String(length=40), nullable=True),
        sa.Column("acled_event_type", sa.String(length=60), nullable=True),
        sa.Column("acled_sub_event_type", sa.String(length=80), nullable=True),
        sa.Column("actor_name", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.String(length=120), nullable=True),
        sa.Column("actor_country", sa.String(length=2), nullable=True),
        sa.Column("actor_sector", sa.String(length=20), nullable=True),
        sa.Column("target_name", sa.Text(), nullable=True),
        sa.Column("target_id", sa.String(length=120), nullable=True),
        sa.Column("target_country", sa.String(length=2), nullable=True),
        sa.Column("target_sector", sa.String(length=20), nullable=True),
        sa.Column("location_name", sa.String(length=300), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("location_country", sa.String(length=2), nullable=True),
        sa.Column("location_precision", sa.Integer(), nullable=True),
        sa.Column("date_value", sa.String(length=40), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("modality", sa.String(length=20), nullable=False),
        sa.Column("reported_by", sa.String(length=80), nullable=True),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_plover_type"), ["plover_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_target_id"), ["target_id"], unique=False)

    op.create_table(
        "place",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("resolved_name", sa.String(length=300), nullable=False),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("precision", sa.Integer(), nullable=False),
        sa.Column("literal", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_place_geonameid"), ["geonameid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_geonameid"))
        batch_op.drop_index(batch_op.f("ix_place_article_id"))

    op.drop_table("place")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_target_id"))
        batch_op.drop_index(batch_op.f("ix_event_plover_type"))
        batch_op.drop_index(batch_op.f("ix_event_article_id"))
        batch_op.drop_index(batch_op.f("ix_event_actor_id"))

    op.drop_table("event")
