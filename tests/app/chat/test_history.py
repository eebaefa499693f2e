"""Conversations on both backends: kept across a restart, numbered safely under concurrent requests."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from app.chat.contract import ChatReply, Citation
from app.chat.history import open_conversation, recent_turns, record_exchange, writing
from app.db.engine import make_engine, make_sessionmaker
from app.db.models import Message
from app.errors import InvalidInputError
from app.indexing import migrate_and_index


def _reply(session_id: str, answer: str) -> ChatReply:
    citation = Citation(doc_id="d", clause_id="第一条", title="适用范围", text="条款", quote="条款")
    return ChatReply(session_id=session_id, answer=answer, citations=[citation], status="answered")


def _ask(sessions: object, session_id: str | None, question: str) -> str:
    with writing(sessions) as db:  # type: ignore[arg-type]
        conversation = open_conversation(db, session_id)
        record_exchange(
            db, conversation, question, _reply(conversation.session_id, "答：" + question), "offline", 3.5, []
        )
        return conversation.session_id


def test_history_survives_a_restart(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate_and_index(engine, [])
    sessions = make_sessionmaker(engine)
    session_id = _ask(sessions, None, "第一问")
    assert _ask(sessions, session_id, "第二问") == session_id
    engine.dispose()

    restarted = make_engine(database_url)  # a new process's engine on the same database
    with writing(make_sessionmaker(restarted)) as db:
        turns = recent_turns(db, open_conversation(db, session_id))
    restarted.dispose()
    assert [(t.role, t.text) for t in turns] == [
        ("user", "第一问"),
        ("assistant", "答：第一问"),
        ("user", "第二问"),
        ("assistant", "答：第二问"),
    ]
    assert turns[1].status == "answered" and turns[1].citations[0]["clause_id"] == "第一条"


def test_an_unknown_session_starts_a_new_one_and_an_odd_one_is_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate_and_index(engine, [])
    sessions = make_sessionmaker(engine)
    assert _ask(sessions, "never-seen-before", "问") != "never-seen-before"
    for odd in ("../../etc/passwd", "短", "x" * 65, "a b c d e f"):
        with pytest.raises(InvalidInputError) as error, writing(sessions) as db:
            open_conversation(db, odd)
        assert error.value.field == "session_id"
    engine.dispose()


def test_concurrent_requests_keep_every_turn_in_order(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate_and_index(engine, [])
    sessions = make_sessionmaker(engine)
    shared = _ask(sessions, None, "开场")
    others = [_ask(sessions, None, f"会话{i}") for i in range(4)]
    work = [(shared, f"同一会话{i}") for i in range(8)] + [
        (s, f"{s}的追问") for s in others for _ in range(3)
    ]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda job: _ask(sessions, *job), work))
    with sessions() as db:
        rows = db.scalars(select(Message).order_by(Message.conversation_id, Message.turn)).all()
    engine.dispose()
    by_conversation: dict[int, list[int]] = {}
    for row in rows:
        by_conversation.setdefault(row.conversation_id, []).append(row.turn)
    assert sorted(len(turns) for turns in by_conversation.values()) == [8, 8, 8, 8, 18]
    assert all(turns == list(range(len(turns))) for turns in by_conversation.values())
