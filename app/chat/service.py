"""One chat turn end to end: open the session, compose, guard, store, reply.

Every engine's draft goes through the grounding guard before anything leaves the service; a repaired
or replaced answer is logged with the conversation id and its problems are stored with the message
for staff review.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from app.chat.composer import Draft
from app.chat.contract import ChatReply
from app.chat.guard import ClauseKey, GuardOutcome, guard
from app.chat.history import (
    Turn,
    check_session_id,
    find_conversation,
    new_session_id,
    open_conversation,
    recent_turns,
    record_exchange,
    writing,
)
from indexer.models import Clause

logger = logging.getLogger(__name__)


class ChatEngine(Protocol):
    name: str

    def compose(self, question: str, history: Sequence[Turn] = ()) -> Draft: ...


class ChatService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        engine: ChatEngine,
        clauses: Mapping[ClauseKey, Clause],
        templates: Mapping[str, Any],
    ) -> None:
        self.sessions = sessions
        self.engine = engine
        self.clauses = clauses
        self.safe_answer = str(templates["safe"])

    def reply(self, message: str, session_id: str | None) -> ChatReply:
        check_session_id(session_id)
        started = time.perf_counter()
        # The conversation is created only with its first exchange: a turn that fails leaves nothing.
        history: list[Turn] = []
        with self.sessions() as db:
            found = find_conversation(db, session_id) if session_id else None
            if found is not None:
                history = recent_turns(db, found)
        session_id = session_id if session_id and found is not None else new_session_id()
        try:
            draft = self.engine.compose(message, history)
        except Exception:
            logger.exception(
                "the %s engine failed on a question in conversation %s", self.engine.name, session_id
            )
            draft = Draft(self.safe_answer, [], None, "answered")
        engine = draft.engine or self.engine.name
        outcome = self._guarded(session_id, draft, engine)
        latency = (time.perf_counter() - started) * 1000
        problems = [{"kind": p.kind, "detail": p.detail} for p in outcome.problems]
        # A replaced answer no longer says what the draft was about: a follow-up must not continue it.
        topic = draft.topic.to_json() if draft.topic and not outcome.replaced else None
        with writing(self.sessions) as db:
            conversation = open_conversation(db, session_id, create_as=session_id)
            record_exchange(db, conversation, message, outcome.reply, engine, latency, problems, topic)
        return outcome.reply

    def _guarded(self, session_id: str, draft: Draft, engine: str) -> GuardOutcome:
        reply = ChatReply(
            session_id=session_id,
            answer=draft.answer,
            citations=draft.citations,
            calculation=draft.calculation,
            status=draft.status,
        )
        outcome = guard(
            reply, self.clauses, draft.retrieved, self.safe_answer, draft.supporting, draft.totals
        )
        if not outcome.passed:
            logger.warning(
                "grounding guard %s the %s answer in conversation %s: %s",
                "replaced" if outcome.replaced else "repaired",
                engine,
                session_id,
                "; ".join(f"{p.kind} ({p.detail})" for p in outcome.problems),
            )
        return outcome
