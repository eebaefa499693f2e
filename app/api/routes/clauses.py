from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.deps import SessionDep
from app.api.schemas import ClauseReply, ErrorReply
from app.db.models import ClauseRecord
from app.store import get_clause, list_clauses
from indexer.models import DOC_ID_PATTERN

router = APIRouter(tags=["clauses"])

# Checked before any query: a NUL byte or an over-long value must be a 422, whatever the database.
DocIdPath = Annotated[str, Path(pattern=DOC_ID_PATTERN, description="政策文件的 doc_id")]
ClauseIdPath = Annotated[
    str,
    Path(
        min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$", description="条款编号，如 第二条（二）"
    ),
]

_ASCII_TO_FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})


def normalize_clause_id(clause_id: str) -> str:
    """Accept 第二条(二) and stray spaces for 第二条（二）: ids are written with full-width brackets."""
    return "".join(clause_id.split()).translate(_ASCII_TO_FULL_WIDTH)


def clause_reply(record: ClauseRecord) -> ClauseReply:
    return ClauseReply(
        doc_id=record.document.doc_id,
        clause_id=record.clause_id,
        title=record.title,
        article=record.article,
        order=record.position,
        text=record.text,
        start=record.start_offset,
        end=record.end_offset,
        headings=list(record.headings),
    )


@router.get("/api/clauses", response_model=list[ClauseReply], summary="全部条款（按文件中的顺序）")
def all_clauses(
    session: SessionDep,
    doc_id: str | None = Query(default=None, pattern=DOC_ID_PATTERN, description="只列出该文件的条款"),
) -> list[ClauseReply]:
    return [clause_reply(record) for record in list_clauses(session, doc_id)]


@router.get(
    "/api/clauses/{doc_id}/{clause_id}",
    response_model=ClauseReply,
    responses={404: {"model": ErrorReply, "description": "文件或条款不存在"}},
    summary="按编号查条款",
)
def one_clause(doc_id: DocIdPath, clause_id: ClauseIdPath, session: SessionDep) -> ClauseReply:
    return clause_reply(get_clause(session, doc_id, normalize_clause_id(clause_id)))
