"""The review store: declarations, scores, reviewers' decisions and row edits in a database
(SQLAlchemy 2, Alembic migrations run at start-up). One SQLite file in the user's data
directory by default; a ``postgresql://`` URL for a team (psycopg 3).

Row identity — how a decision finds its row again — is defined in :mod:`scorer.store.identity`.
"""

from scorer.store.identity import file_hash, row_key
from scorer.store.store import Store, default_path, describe, open_store, resolve_url

__all__ = ["Store", "default_path", "describe", "file_hash", "open_store", "resolve_url", "row_key"]
