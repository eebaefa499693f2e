"""`POST /api/search`: the clauses retrieval finds for a question, with each mode's scores and a quote."""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from app.api.questions import clean_question
from app.api.schemas import ErrorReply
from indexer.retrieval import Hit, Retriever

router = APIRouter(tags=["search"])

MAX_QUERY_CHARS = 500

_ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorReply, "description": "输入不合法"}}


def get_retriever(request: Request) -> Retriever:
    retriever: Retriever = request.app.state.retriever
    return retriever


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        min_length=1, max_length=MAX_QUERY_CHARS, examples=["我们拿到了部委的数据授权运营，能拿多少？"]
    )
    mode: Literal["bm25", "dense", "hybrid"] = Field(default="hybrid", description="检索方式")
    k: int = Field(default=5, ge=1, le=20, description="返回的条款数")

    @field_validator("query")
    @classmethod
    def _clean(cls, query: str) -> str:
        return clean_question(query)


class ModeScores(BaseModel):
    bm25: float
    dense: float


class ModeRanks(BaseModel):
    bm25: int | None
    dense: int | None


class SearchHit(BaseModel):
    doc_id: str
    clause_id: str
    title: str
    text: str
    quote: str = Field(description="条款中最能支持回答的原文句子，逐字摘自 text")
    score: float = Field(description="所选检索方式下的得分")
    scores: ModeScores
    ranks: ModeRanks


class SearchReply(BaseModel):
    query: str
    mode: str
    hits: list[SearchHit]
    took_ms: float


def search_hit(hit: Hit) -> SearchHit:
    return SearchHit(
        doc_id=hit.clause.doc_id,
        clause_id=hit.clause.clause_id,
        title=hit.clause.title,
        text=hit.clause.text,
        quote=hit.quote_text,
        score=round(hit.score, 6),
        scores=ModeScores(bm25=round(hit.bm25, 6), dense=round(hit.dense, 6)),
        ranks=ModeRanks(bm25=hit.bm25_rank, dense=hit.dense_rank),
    )


@router.post("/api/search", response_model=SearchReply, responses=_ERRORS, summary="检索相关条款")
async def search(
    request: SearchRequest, retriever: Annotated[Retriever, Depends(get_retriever)]
) -> SearchReply:
    query = request.query
    started = time.perf_counter()
    hits = await run_in_threadpool(retriever.search, query, request.k, request.mode)
    took = (time.perf_counter() - started) * 1000
    return SearchReply(
        query=query, mode=request.mode, hits=[search_hit(h) for h in hits], took_ms=round(took, 2)
    )
