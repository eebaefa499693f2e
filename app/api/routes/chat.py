"""`POST /api/chat` and `POST /api/chat/stream` (Server-Sent Events): one turn of the conversation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from app.api.questions import clean_question
from app.api.schemas import ErrorReply
from app.chat.contract import ChatReply
from app.chat.service import ChatService

router = APIRouter(tags=["chat"])

MAX_MESSAGE_CHARS = 1000
_ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorReply, "description": "输入不合法"}}
# The answer goes out in pieces of a sentence each: the guard has already approved the whole.
_PIECE = re.compile(r"[^。！？；\n]*[。！？；\n]?")


def get_chat(request: Request) -> ChatService:
    chat: ChatService = request.app.state.chat
    return chat


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(
        min_length=1, max_length=MAX_MESSAGE_CHARS, examples=["我们拿到了部委的数据授权运营，能拿多少？"]
    )
    session_id: str | None = Field(
        default=None, max_length=64, description="上一轮返回的会话编号；新会话不填"
    )

    @field_validator("message")
    @classmethod
    def _clean(cls, message: str) -> str:
        return clean_question(message)


@router.post("/api/chat", response_model=ChatReply, responses=_ERRORS, summary="提问")
async def chat(request: ChatRequest, service: Annotated[ChatService, Depends(get_chat)]) -> ChatReply:
    return await run_in_threadpool(service.reply, request.message, request.session_id)


@router.post(
    "/api/chat/stream",
    responses={
        **_ERRORS,
        200: {"content": {"text/event-stream": {}}, "description": "delta 事件，最后是 final 事件"},
    },
    summary="提问（流式）",
)
async def chat_stream(
    request: ChatRequest, service: Annotated[ChatService, Depends(get_chat)]
) -> EventSourceResponse:
    # Composed and guarded before the first byte: a stream never shows text the guard would remove.
    reply = await run_in_threadpool(service.reply, request.message, request.session_id)
    return EventSourceResponse(_events(reply))


def _events(reply: ChatReply) -> Iterator[ServerSentEvent]:
    for piece in _PIECE.findall(reply.answer):
        if piece:
            yield ServerSentEvent(json.dumps({"text": piece}, ensure_ascii=False), event="delta")
    yield ServerSentEvent(reply.model_dump_json(), event="final")
