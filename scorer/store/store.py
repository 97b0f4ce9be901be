"""Open the review store and read and write it.

    >>> from scorer.store import open_store
    >>> store = open_store()                       # $XDG_DATA_HOME/scorer/scorer.db
    >>> store = open_store("postgresql://u:p@127.0.0.1:5432/scorer")   # a team's server
    >>> store.add_decision(row_key=..., file_hash=..., code="VAG001", decision="rejected",
    ...                    reason="原文已量化", reviewer="张三", source="excel")

``open_store`` upgrades the database to the newest Alembic revision before returning, so a
new scorer version works on an old database file. Every write is its own short transaction;
reads return detached objects (``expire_on_commit=False``), safe to use after the session.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, selectinload, sessionmaker

from scorer.store.models import DECISIONS, EDIT_KINDS, SOURCES, Base, Decision, Declaration, Reviewer, RowEdit, Upload

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_path() -> Path:
    """``$SCORER_DB`` if it is a path, else ``$XDG_DATA_HOME/scorer/scorer.db`` (~/.local/share/...)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "scorer" / "scorer.db"


def resolve_url(url_or_path: str | Path | None = None) -> str:
    """A SQLAlchemy URL: a ``postgresql://`` URL gets the psycopg 3 driver; a path becomes SQLite."""
    value = url_or_path if url_or_path not in (None, "") else os.environ.get("SCORER_DB") or default_path()
    value = str(value)
    if "://" in value:
        if value.startswith(("postgresql://", "postgres://")):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    path = Path(value).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def describe(url: str) -> str:
    """The URL without its password, for printing."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest revision (Alembic, migrations shipped in the package)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # two servers starting at once migrate one after the other
            conn.execute(text("SELECT pg_advisory_xact_lock(7316001)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_store(url_or_path: str | Path | None = None, *, upgrade: bool = True) -> Store:
    """Open (and create or upgrade) the store at a path or URL; None: the default SQLite file."""
    url = resolve_url(url_or_path)
    kw: dict[str, Any] = {"future": True, "pool_pre_ping": True}
    if url.startswith("sqlite"):
        kw["connect_args"] = {"check_same_thread": False, "timeout": 15}
    engine = create_engine(url, **kw)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if upgrade:
        migrate(engine)
    return Store(engine)


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=False)
        self._session = sessionmaker(engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Store({describe(self.url)})"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self._session() as s, s.begin():
            yield s

    def close(self) -> None:
        self.engine.dispose()

    # ---- reviewers --------------------------------------------------------------------------
    def ensure_reviewer(self, name: str, s: Session | None = None) -> str:
        name = (name or "").strip()[:200]
        if not name:
            return ""
        if s is None:
            with self.session() as s:
                return self.ensure_reviewer(name, s)
        if s.scalar(select(Reviewer.id).where(Reviewer.name == name)) is None:
            with s.begin_nested():
                s.add(Reviewer(name=name))
        return name

    def reviewers(self) -> list[str]:
        with self.session() as s:
            return list(s.scalars(select(Reviewer.name).order_by(Reviewer.name)))

    # ---- uploads and declarations -----------------------------------------------------------
    def create_upload(self, reviewer: str, files: list[dict[str, Any]]) -> Upload:
        """One upload with its files: dicts of file_name, file_hash, format, size,
        declaration_json (or None) and error (or None)."""
        with self.session() as s:
            reviewer = self.ensure_reviewer(reviewer, s)
            up = Upload(public_id=secrets.token_hex(12), reviewer=reviewer)
            for n, f in enumerate(files):
                up.declarations.append(Declaration(position=n, file_name=str(f.get("file_name") or "")[:1000],
                                                   file_hash=f["file_hash"], format=f.get("format") or "",
                                                   size=int(f.get("size") or 0),
                                                   declaration_json=f.get("declaration_json"), error=f.get("error")))
            s.add(up)
            s.flush()
            s.refresh(up, ["declarations"])
            return up

    def upload(self, public_id: str) -> Upload | None:
        with self.session() as s:
            return s.scalar(select(Upload).where(Upload.public_id == public_id)
                            .options(selectinload(Upload.declarations)))  # fmt: skip

    def recent_uploads(self, limit: int = 20) -> list[Upload]:
        with self.session() as s:
            return list(s.scalars(select(Upload).order_by(Upload.id.desc()).limit(limit)
                                  .options(selectinload(Upload.declarations))))  # fmt: skip

    def save_result(self, upload_id: int, result_json: str) -> None:
        from scorer.store.models import utcnow

        with self.session() as s:
            up = s.get(Upload, upload_id)
            if up is not None:
                up.result_json, up.scored_at = result_json, utcnow()

    def declaration_of(self, file_hash: str):
        """The newest stored :class:`scorer.model.Declaration` read from a file with these bytes
        (None when no upload of it was readable)."""
        from scorer.model import Declaration as Parsed

        with self.session() as s:
            text = s.scalar(select(Declaration.declaration_json).where(Declaration.file_hash == file_hash,
                                                                       Declaration.declaration_json.is_not(None))
                            .order_by(Declaration.id.desc()).limit(1))  # fmt: skip
        return Parsed.from_json(text) if text else None

    def row_keys(self, file_hash: str) -> set[str]:
        """The row keys of a stored declaration (scorer.store.identity): which rows a decision
        about this file may name; empty when the file was never stored."""
        from scorer.store.identity import row_key as key

        decl = self.declaration_of(file_hash)
        if decl is None:
            return set()
        return {key(p.department or decl.department, p.name, i.level2, i.name) for p in decl.projects
                for i in p.indicators}  # fmt: skip

    # ---- decisions --------------------------------------------------------------------------
    def add_decision(self, *, row_key: str, file_hash: str, code: str, decision: str, reason: str = "",
                     text: str = "", reviewer: str = "", source: str = "web", upload_id: int | None = None,
                     created_at=None, s: Session | None = None) -> Decision:  # fmt: skip
        """Store one decision (a new row; the newest per file_hash, row_key, code is the current one)."""
        if decision not in DECISIONS:
            raise ValueError(f"未知的复核结论 {decision!r}（应为 {'/'.join(DECISIONS)}）")
        if source not in SOURCES:
            raise ValueError(f"未知的来源 {source!r}（应为 {'/'.join(SOURCES)}）")
        if s is None:
            with self.session() as s:
                return self.add_decision(row_key=row_key, file_hash=file_hash, code=code, decision=decision,
                                         reason=reason, text=text, reviewer=reviewer, source=source,
                                         upload_id=upload_id, created_at=created_at, s=s)  # fmt: skip
        reviewer = self.ensure_reviewer(reviewer, s)
        d = Decision(row_key=row_key, file_hash=file_hash, code=code or "", decision=decision, reason=reason or "",
                     text=text or "", reviewer=reviewer, source=source, upload_id=upload_id)  # fmt: skip
        if created_at is not None:
            d.created_at = created_at
        s.add(d)
        s.flush()
        return d

    def decisions(self, file_hashes: Iterable[str] | None = None) -> list[Decision]:
        """Every stored decision (of these files), oldest first."""
        q = select(Decision).order_by(Decision.created_at, Decision.id)
        if file_hashes is not None:
            q = q.where(Decision.file_hash.in_(list(set(file_hashes))))
        with self.session() as s:
            return list(s.scalars(q))

    def latest_decisions(self, file_hashes: Iterable[str]) -> dict[tuple[str, str, str], Decision]:
        """The current decision per (file_hash, row_key, code) of these files."""
        out: dict[tuple[str, str, str], Decision] = {}
        for d in self.decisions(file_hashes):
            out[(d.file_hash, d.row_key, d.code)] = d  # oldest first: the newest stays
        return out

    # ---- row edits --------------------------------------------------------------------------
    def add_edit(self, *, declaration_id: int, project_index: int, indicator_index: int, row_key: str,
                 file_hash: str, name: str, value: str, kind: str, reviewer: str = "") -> RowEdit:  # fmt: skip
        if kind not in EDIT_KINDS:
            raise ValueError(f"unknown edit kind {kind!r}")
        with self.session() as s:
            reviewer = self.ensure_reviewer(reviewer, s)
            e = RowEdit(declaration_id=declaration_id, project_index=project_index, indicator_index=indicator_index,
                        row_key=row_key, file_hash=file_hash, name=name, value=value, kind=kind, reviewer=reviewer)
            s.add(e)
            s.flush()
            return e

    def latest_edits(self, declaration_ids: Iterable[int]) -> dict[tuple[int, int, int], RowEdit]:
        """The current text per (declaration_id, project_index, indicator_index)."""
        ids = list(set(declaration_ids))
        out: dict[tuple[int, int, int], RowEdit] = {}
        if not ids:
            return out
        with self.session() as s:
            for e in s.scalars(select(RowEdit).where(RowEdit.declaration_id.in_(ids))
                               .order_by(RowEdit.created_at, RowEdit.id)):  # fmt: skip
                out[(e.declaration_id, e.project_index, e.indicator_index)] = e
        return out

    def edits_elsewhere(self, file_hashes: Iterable[str], exclude_declarations: Iterable[int] = ()
                        ) -> dict[tuple[str, str], RowEdit]:  # fmt: skip
        """The newest edit per (file_hash, row_key) made on other uploads of these files: what the
        same declaration uploaded again starts from."""
        hashes, exclude = list(set(file_hashes)), list(set(exclude_declarations))
        out: dict[tuple[str, str], RowEdit] = {}
        if not hashes:
            return out
        q = select(RowEdit).where(RowEdit.file_hash.in_(hashes)).order_by(RowEdit.created_at, RowEdit.id)
        if exclude:
            q = q.where(RowEdit.declaration_id.not_in(exclude))
        with self.session() as s:
            for e in s.scalars(q):
                out[(e.file_hash, e.row_key)] = e
        return out

    # ---- maintenance ------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Rows per table (tests: "nothing was stored")."""
        with self.session() as s:
            return {t.name: s.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}
