"""The tables of the review store (SQLAlchemy 2 declarative models).

Schema changes go through a new Alembic revision in ``scorer/store/migrations/versions``;
``open_store`` upgrades a database to the newest revision at start-up.

* ``reviewers``    — a name entered once per browser (or given to an import).
* ``uploads``      — one submission of the web page: one or several files or pasted rows,
  with the latest scores of its current state (``result_json``).
* ``declarations`` — one file of an upload: its name as text only (never a path), the
  SHA-256 of its bytes, the format read, the parsed :class:`scorer.model.Declaration` as
  JSON — or the one-line error when the file was unusable.
* ``row_edits``    — a row's text changed by the reviewer (adopted suggestion or own edit);
  the newest edit of a row is its current text.
* ``decisions``    — a reviewer's judgement of a finding (``code``) or of a whole row
  (``code = ""``), keyed by ``row_key`` + ``file_hash`` (scorer.store.identity) so it is found
  again whenever the same declaration is scored; the newest decision per key wins.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

DECISIONS = ("confirmed", "rejected", "adopted", "edited")
SOURCES = ("web", "excel", "csv", "jsonl")
EDIT_KINDS = ("adopted", "edited")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class Reviewer(Base):
    __tablename__ = "reviewers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Upload(Base):
    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # random, used in URLs
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    scored_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    result_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # summary + project scores

    declarations: Mapped[list[Declaration]] = relationship(
        back_populates="upload", order_by="Declaration.position", cascade="all, delete-orphan"
    )


class Declaration(Base):
    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str] = mapped_column(Text, default="")  # as the user named it; text only
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(16), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    declaration_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)

    upload: Mapped[Upload] = relationship(back_populates="declarations")


class RowEdit(Base):
    __tablename__ = "row_edits"
    __table_args__ = (CheckConstraint(f"kind IN {EDIT_KINDS!r}", name="ck_row_edits_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"), index=True)
    project_index: Mapped[int] = mapped_column(Integer)
    indicator_index: Mapped[int] = mapped_column(Integer)
    row_key: Mapped[str] = mapped_column(String(32))
    file_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(f"decision IN {DECISIONS!r}", name="ck_decisions_decision"),
        CheckConstraint(f"source IN {SOURCES!r}", name="ck_decisions_source"),
        Index("ix_decisions_file_row", "file_hash", "row_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_key: Mapped[str] = mapped_column(String(32))
    file_hash: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16), default="")  # "" = the whole row
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")  # adopted / edited row text
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(8), default="web")
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the row as it was when decided (revision 0002): lets imported decisions train the models
    row_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    row_value: Mapped[str] = mapped_column(Text, default="", server_default="")
    row_level2: Mapped[str] = mapped_column(Text, default="", server_default="")
