"""Alembic environment: runs on the connection `upgrade_database` hands over, or on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.db.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    # `alembic -c … revision --autogenerate` from a shell: use the service's own database.
    from app.db.engine import make_engine
    from app.settings import get_settings

    with make_engine(get_settings().resolved_database_url).begin() as own_connection:
        _run(own_connection)
