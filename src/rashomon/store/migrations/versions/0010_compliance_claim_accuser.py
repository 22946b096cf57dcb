"""Who makes a compliance claim when the clause names them: compliance_claim.accuser_*.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: claims stored before it keep their speaker in the statement they belong to.
    with op.batch_alter_table("compliance_claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accuser_name", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("accuser_id", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("accuser_country", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("compliance_claim", schema=None) as batch_op:
        batch_op.drop_column("accuser_country")
        batch_op.drop_column("accuser_id")
        batch_op.drop_column("accuser_name")
