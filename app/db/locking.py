"""One writer at a time for migrations and indexing, across processes and workers.

Several workers may start together (SPEC §10) and all migrate and index the bundled corpus. Each does
that inside `exclusive_transaction`: SQLite takes its write lock at BEGIN IMMEDIATE, PostgreSQL a
transaction-scoped advisory lock; the others wait, then find the work done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

from app.db.engine import SQLITE_IMMEDIATE

# Any constant shared by every process of this service; the digits spell nothing.
_ADVISORY_LOCK_KEY = 7_305_921_044


@contextmanager
def exclusive_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction no other process of the service runs at the same time; committed on success."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.execution_options(**{SQLITE_IMMEDIATE: True})
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            yield connection
