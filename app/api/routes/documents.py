from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import SessionDep
from app.api.routes.clauses import DocIdPath
from app.api.schemas import DocumentDetail, DocumentSummary, ErrorReply
from app.db.models import Document
from app.store import count_clauses, get_document, list_documents

router = APIRouter(tags=["documents"])


def _summary(document: Document, clauses: int) -> dict[str, object]:
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "version": document.version,
        "revision": document.revision,
        "source_name": document.source_name,
        "sha256": document.sha256,
        "clauses": clauses,
        "updated_at": document.updated_at,
    }


@router.get("/api/documents", response_model=list[DocumentSummary], summary="已入库的政策文件")
def all_documents(session: SessionDep) -> list[DocumentSummary]:
    return [DocumentSummary.model_validate(_summary(d, n)) for d, n in list_documents(session)]


@router.get(
    "/api/documents/{doc_id}",
    response_model=DocumentDetail,
    responses={404: {"model": ErrorReply, "description": "文件不存在"}},
    summary="一份政策文件及其规范化原文",
)
def one_document(doc_id: DocIdPath, session: SessionDep) -> DocumentDetail:
    document = get_document(session, doc_id)
    return DocumentDetail.model_validate(
        {**_summary(document, count_clauses(session, document)), "source_text": document.source_text}
    )
