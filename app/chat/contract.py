"""The chat's public shapes (SPEC §5): what `POST /api/chat` takes and returns, and the stream's final event."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.awards.calculator import Calculation

ChatStatus = Literal["answered", "out_of_scope", "refused"]


class Citation(BaseModel):
    doc_id: str
    clause_id: str
    title: str
    text: str = Field(description="条款全文")
    quote: str = Field(description="条款中支持回答的原句，逐字摘录")


class ChatReply(BaseModel):
    session_id: str
    answer: str
    citations: list[Citation]
    calculation: Calculation | None = None
    status: ChatStatus
