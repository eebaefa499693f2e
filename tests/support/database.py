"""Counting what the service stored, straight from its database."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.engine import make_engine
from app.db.models import Message
from app.settings import Settings


def stored_messages(settings: Settings) -> int:
    engine = make_engine(settings.resolved_database_url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Message))
    engine.dispose()
    return int(count or 0)
