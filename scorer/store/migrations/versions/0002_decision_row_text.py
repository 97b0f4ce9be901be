"""Decisions keep the row's text (for training) and accept JSONL imports.

``row_name``, ``row_value``, ``row_level2``: the indicator as it was when decided, so that a
decision imported from Excel, CSV or JSONL (whose declaration the store may never have seen)
can still become a training row for ``scorer train --with-feedback``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decisions", recreate="auto") as batch:
        batch.add_column(sa.Column("row_name", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("row_value", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("row_level2", sa.Text, nullable=False, server_default=""))
        batch.drop_constraint("ck_decisions_source", type_="check")
        batch.create_check_constraint("ck_decisions_source", "source IN ('web', 'excel', 'csv', 'jsonl')")


def downgrade() -> None:
    with op.batch_alter_table("decisions", recreate="auto") as batch:
        batch.drop_constraint("ck_decisions_source", type_="check")
        batch.create_check_constraint("ck_decisions_source", "source IN ('web', 'excel', 'csv')")
        batch.drop_column("row_level2")
        batch.drop_column("row_value")
        batch.drop_column("row_name")
