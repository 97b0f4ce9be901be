"""Decisions in the review store (scorer.store), shared by every channel.

``save_decisions`` is idempotent: a decision equal to a stored one (same row, file, code,
verdict, reviewer, reason and text) is not stored again, so importing the same file twice
changes nothing. ``load_decisions`` returns :class:`scorer.feedback.Decision` objects with the
row's text filled in — from the decision itself, or from the stored declaration it was made on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scorer.feedback.decisions import Decision


def _store(store_or_url: Any):
    from scorer.store import Store, open_store

    return store_or_url if isinstance(store_or_url, Store) else open_store(store_or_url)


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)  # SQLite returns naive times


def _identity(row_key: str, file_hash: str, code: str, decision: str, reviewer: str, reason: str, text: str) -> tuple:
    return (row_key, file_hash or "", code or "", decision, reviewer or "", (reason or "").strip(), (text or "").strip())


def save_decisions(store_or_url: Any, decisions: Iterable[Decision]) -> tuple[int, int]:
    """Store new decisions; returns (added, already stored)."""
    from scorer.store.models import Decision as Row

    store = _store(store_or_url)
    decisions = list(decisions)
    existing = {
        _identity(d.row_key, d.file_hash, d.code, d.decision, d.reviewer, d.reason, d.text)
        for d in store.decisions({d.file_hash for d in decisions})
    }
    added = 0
    with store.session() as s:
        for d in decisions:
            key = _identity(d.row_key, d.file_hash, d.code, d.decision, d.reviewer, d.reason, d.text)
            if key in existing:
                continue
            existing.add(key)
            reviewer = store.ensure_reviewer(d.reviewer, s)
            s.add(Row(row_key=d.row_key, file_hash=d.file_hash or "", code=d.code or "", decision=d.decision,
                      reason=d.reason or "", text=d.text or "", reviewer=reviewer, source=d.source,
                      created_at=d.created_at, row_name=d.name or "", row_value=d.value or "",
                      row_level2=d.level2 or ""))  # fmt: skip
            added += 1
    return added, len(decisions) - added


def load_decisions(store_or_url: Any, *, since: datetime | None = None) -> list[Decision]:
    """Every stored decision (made at or after ``since``), oldest first, with row texts."""
    store = _store(store_or_url)
    rows = store.decisions()
    texts = _declared_rows(store, {r.file_hash for r in rows if not getattr(r, "row_name", "")})
    out = []
    for r in rows:
        created = _aware(r.created_at)
        if since is not None and created < since:
            continue
        name, value, level2 = (getattr(r, "row_name", ""), getattr(r, "row_value", ""), getattr(r, "row_level2", ""))
        if not name:
            name, value, level2 = texts.get((r.file_hash, r.row_key), ("", "", ""))
        source = r.source if r.source in ("web", "excel", "csv", "jsonl") else "web"
        out.append(Decision(row_key=r.row_key, code=r.code, decision=r.decision, file_hash=r.file_hash,
                            reason=r.reason, reviewer=r.reviewer, source=source, text=r.text, created_at=created,
                            name=name, value=value, level2=level2))  # fmt: skip
    return out


_CACHE: dict[str, tuple[tuple, list[Decision]]] = {}


def load_decisions_cached(url_or_path: str | Path) -> list[Decision]:
    """``load_decisions`` for runs that score file after file (the batch): read again only when
    the store changed (its number of decisions or newest id)."""
    from sqlalchemy import func, select

    from scorer.store.models import Decision as Row

    key = str(url_or_path)
    store = _STORES.get(key) or _STORES.setdefault(key, _store(url_or_path))
    with store.session() as s:
        stamp = tuple(s.execute(select(func.count(Row.id), func.max(Row.id))).one())
    hit = _CACHE.get(key)
    if hit is None or hit[0] != stamp:
        _CACHE[key] = hit = (stamp, load_decisions(store))
    return hit[1]


_STORES: dict[str, Any] = {}


def _declared_rows(store, file_hashes: set[str]) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(file_hash, row_key) → (name, value, level2) of the stored declarations of these files."""
    from sqlalchemy import select

    from scorer.model import Declaration
    from scorer.store.identity import row_key
    from scorer.store.models import Declaration as Stored

    out: dict[tuple[str, str], tuple[str, str, str]] = {}
    hashes = [h for h in file_hashes if h]
    if not hashes:
        return out
    with store.session() as s:
        stored = list(s.scalars(select(Stored).where(Stored.file_hash.in_(hashes), Stored.declaration_json.is_not(None))))
    for st in stored:
        try:
            decl = Declaration.from_json(st.declaration_json)
        except (ValueError, TypeError, KeyError):
            continue
        for p in decl.projects:
            dept = p.department or decl.department
            for ind in p.indicators:
                out.setdefault((st.file_hash, row_key(dept, p.name, ind.level2, ind.name)), (ind.name, ind.value, ind.level2))
    return out


def known_rows(store_or_url: Any):
    """``known(row_key, file_hash) -> bool`` for importers: a decision on a file the store holds
    must name one of its rows; a file the store has never seen cannot be checked (accepted)."""
    store = _store(store_or_url)
    cache: dict[str, set[str] | None] = {}

    def known(key: str, file_hash: str) -> bool:
        if not file_hash:
            return True
        if file_hash not in cache:
            rows = _declared_rows(store, {file_hash})
            cache[file_hash] = {k for (_, k) in rows} if rows else None
        keys = cache[file_hash]
        return keys is None or key in keys

    return known


def default_url() -> str:
    from scorer.store import resolve_url

    return resolve_url(None)


__all__ = ["default_url", "known_rows", "load_decisions", "save_decisions", "Path"]
