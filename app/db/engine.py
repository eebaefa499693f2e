"""Engines and sessions: a SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# Set on a connection to start its transaction with BEGIN IMMEDIATE (see `exclusive_transaction`).
SQLITE_IMMEDIATE = "sqlite_begin_immediate"


def make_engine(url: str | URL, sqlite_busy_seconds: float = 30.0) -> Engine:
    """`sqlite_busy_seconds`: how long one SQLite statement waits on another process's write lock."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": sqlite_busy_seconds})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 would run DDL outside any transaction and begin DML transactions on its own;
    # SQLAlchemy emits BEGIN itself instead (its documented pysqlite recipe), so a failed migration
    # rolls back whole. WAL lets readers run beside a writer; FULL sync keeps every acknowledged
    # commit through a power cut; foreign keys make ON DELETE CASCADE real.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(SQLITE_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
