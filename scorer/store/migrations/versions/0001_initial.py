"""The review store: reviewers, uploads, declarations, row edits, decisions.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("scored_at", TS, nullable=True),
        sa.Column("result_json", sa.Text, nullable=True),
    )
    op.create_table(
        "declarations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("declaration_json", sa.Text, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
    )
    op.create_index("ix_declarations_upload_id", "declarations", ["upload_id"])
    op.create_index("ix_declarations_file_hash", "declarations", ["file_hash"])
    op.create_table(
        "row_edits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("declaration_id", sa.Integer, sa.ForeignKey("declarations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("project_index", sa.Integer, nullable=False),
        sa.Column("indicator_index", sa.Integer, nullable=False),
        sa.Column("row_key", sa.String(32), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("kind IN ('adopted', 'edited')", name="ck_row_edits_kind"),
    )
    op.create_index("ix_row_edits_declaration_id", "row_edits", ["declaration_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("row_key", sa.String(32), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("decision IN ('confirmed', 'rejected', 'adopted', 'edited')", name="ck_decisions_decision"),
        sa.CheckConstraint("source IN ('web', 'excel', 'csv')", name="ck_decisions_source"),
    )
    op.create_index("ix_decisions_file_row", "decisions", ["file_hash", "row_key"])


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("row_edits")
    op.drop_table("declarations")
    op.drop_table("uploads")
    op.drop_table("reviewers")
