"""Database access through SQLAlchemy 2; schema changes only through Alembic migrations."""
