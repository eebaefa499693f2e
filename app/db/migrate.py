"""Apply Alembic migrations at start; never `create_all` on a live database."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

logger = logging.getLogger(__name__)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_database(connection: Connection) -> None:
    """Bring the schema to the newest migration inside the caller's transaction.

    Callers hold `exclusive_transaction`, so two processes never migrate at once, and a failed step
    rolls back with everything else (DDL is transactional on PostgreSQL and, as configured, SQLite).
    """
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    logger.info("database schema is at head (%s)", connection.engine.url.render_as_string(hide_password=True))
