"""Conversations in the database: a session's earlier turns, and each new exchange written as it happens.

A session id the client sends that is well formed but unknown (expired, from another deployment) starts
a new session rather than failing; one that is not well formed is refused, so nothing odd is stored.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.chat.contract import ChatReply, ChatStatus
from app.db.engine import SQLITE_IMMEDIATE
from app.db.models import Conversation, Message, utc_now
from app.errors import InvalidInputError

SESSION_ID_FIELD = "session_id"
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True, slots=True)
class Turn:
    """An earlier message of the session, as the engines read history."""

    role: str  # "user" or "assistant"
    text: str
    status: ChatStatus | None
    citations: list[dict[str, Any]]
    calculation: dict[str, Any] | None
    topic: dict[str, Any] | None = None


@contextmanager
def writing(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction that writes conversations, committed on success.

    SQLite takes its write lock at BEGIN IMMEDIATE, so two requests never both read the last turn and
    then collide; PostgreSQL locks the conversation row in `record_exchange`.
    """
    with sessions() as db, db.begin():
        options: dict[str, Any] = {SQLITE_IMMEDIATE: True}
        db.connection(execution_options=options)
        yield db


def check_session_id(session_id: str | None) -> str | None:
    if session_id is not None and not _SESSION_ID.fullmatch(session_id):
        raise InvalidInputError(
            "会话编号格式不正确：应为 8–64 位字母、数字、下划线或连字符", field=SESSION_ID_FIELD
        )
    return session_id


def new_session_id() -> str:
    return uuid.uuid4().hex


def find_conversation(db: Session, session_id: str) -> Conversation | None:
    return db.scalar(select(Conversation).where(Conversation.session_id == session_id))


def open_conversation(db: Session, session_id: str | None, create_as: str | None = None) -> Conversation:
    """The session's conversation, or a new one when there is none under that id (with `create_as`, an id
    the caller has already handed out, else a fresh one)."""
    check_session_id(session_id)
    if session_id is not None:
        found = db.scalar(select(Conversation).where(Conversation.session_id == session_id))
        if found is not None:
            return found
    conversation = Conversation(session_id=create_as or new_session_id())
    db.add(conversation)
    db.flush()
    return conversation


def recent_turns(db: Session, conversation: Conversation, limit: int = 12) -> list[Turn]:
    """The last `limit` messages, oldest first."""
    rows = db.scalars(
        select(Message)
        .where(Message.conversation_id == conversation.id)
        .order_by(Message.turn.desc())
        .limit(limit)
    ).all()
    return [
        Turn(m.role, m.text, m.status, list(m.citations or []), m.calculation, m.topic)  # type: ignore[arg-type]
        for m in reversed(rows)
    ]


def record_exchange(
    db: Session,
    conversation: Conversation,
    question: str,
    reply: ChatReply,
    engine: str,
    latency_ms: float,
    guard_problems: list[dict[str, str]],
    topic: dict[str, Any] | None = None,
) -> None:
    """Append the question and the reply as the next two turns (the caller commits)."""
    # Rows of one conversation are numbered under a lock on it, so two requests in one session never
    # take the same turn (SQLite serialises writers; PostgreSQL locks the row).
    db.execute(select(Conversation.id).where(Conversation.id == conversation.id).with_for_update())
    last = db.scalar(select(func.max(Message.turn)).where(Message.conversation_id == conversation.id))
    turn = -1 if last is None else last
    db.add_all(
        [
            Message(conversation_id=conversation.id, turn=turn + 1, role="user", text=question),
            Message(
                conversation_id=conversation.id,
                turn=turn + 2,
                role="assistant",
                text=reply.answer,
                status=reply.status,
                engine=engine,
                citations=[citation.model_dump() for citation in reply.citations],
                calculation=reply.calculation.model_dump() if reply.calculation else None,
                guard_problems=guard_problems,
                latency_ms=latency_ms,
                topic=topic,
            ),
        ]
    )
    conversation.updated_at = utc_now()
