"""One writer at a time for migrations and indexing, across processes and workers.

Several workers may start together (SPEC §10) and all migrate and index the bundled corpus. Each does
that inside `exclusive_transaction`: SQLite takes its write lock at BEGIN IMMEDIATE, PostgreSQL a
transaction-scoped advisory lock; the others wait, then find the work done.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, RootTransaction, text
from sqlalchemy.exc import OperationalError

from app.db.engine import SQLITE_IMMEDIATE

logger = logging.getLogger(__name__)

# Any constant shared by every process of this service; the digits spell nothing.
_ADVISORY_LOCK_KEY = 7_305_921_044

# How long a process waits for another that holds the lock. Indexing a new policy version on this
# CPU-only machine may take minutes, far longer than a request should wait on a busy SQLite file.
LOCK_WAIT_SECONDS = 900.0
_RETRY_PAUSE_SECONDS = 0.2


@contextmanager
def exclusive_transaction(engine: Engine, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[Connection]:
    """A transaction no other process of the service runs at the same time; committed on success."""
    connection, transaction = _take_lock(engine, time.monotonic() + wait_seconds)
    with connection, transaction:
        yield connection


def _take_lock(engine: Engine, deadline: float) -> tuple[Connection, RootTransaction]:
    # SQLite's busy handler gives up after the engine's own timeout, and is skipped altogether in some
    # lock states (a checkpoint on another process's close), so a locked file is retried until the
    # deadline. PostgreSQL's advisory lock simply blocks until it is granted.
    waiting = False
    while True:
        connection: Connection | None = None
        try:
            connection = engine.connect()
            if engine.dialect.name == "sqlite":
                connection.execution_options(**{SQLITE_IMMEDIATE: True})
            transaction = connection.begin()
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            return connection, transaction
        except BaseException as error:
            if connection is not None:
                connection.close()
            if not isinstance(error, OperationalError) or not _is_locked(error):
                raise
            if time.monotonic() >= deadline:
                raise
            if not waiting:
                logger.info("database locked by another process; waiting for it to finish")
                waiting = True
            time.sleep(_RETRY_PAUSE_SECONDS)


def _is_locked(error: OperationalError) -> bool:
    return "database is locked" in str(error.orig)
