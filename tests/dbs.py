"""Databases for the store's and the web page's tests: a fresh SQLite file, and a fresh schema on
the PostgreSQL server named by $SCORER_TEST_PG_URL (`.ci/run` starts one with .ci/start-postgres).
Without a reachable server the PostgreSQL variants skip and say why."""

from __future__ import annotations

import os
import secrets

import pytest

PG_ENV = "SCORER_TEST_PG_URL"


def pg_url_or_skip() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL: ${PG_ENV} is not set (run `eval \"$(bash .ci/start-postgres)\"`; .ci/run does)")
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            pass
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: skip, saying why
        pytest.skip(f"PostgreSQL: no server reachable at ${PG_ENV} ({type(exc).__name__}: {str(exc).strip()[:120]})")
    return url


def fresh_pg_schema() -> tuple[str, callable]:
    """A URL whose connections use a new empty schema, and a function that drops it."""
    import psycopg

    url = pg_url_or_skip()
    schema = "t_" + secrets.token_hex(6)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    scoped = f"{url}{sep}options=-csearch_path%3D{schema}"

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    return scoped, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL or path for one test, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "scorer.db")
        return
    url, drop = fresh_pg_schema()
    yield url
    drop()
