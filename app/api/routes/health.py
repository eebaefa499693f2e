from __future__ import annotations

from fastapi import APIRouter

from app import __version__
from app.api.deps import SessionDep
from app.api.schemas import HealthReply
from app.store import count_documents_and_clauses

router = APIRouter(tags=["health"])


@router.get("/api/health", response_model=HealthReply, summary="服务状态")
def health(session: SessionDep) -> HealthReply:
    documents, clauses = count_documents_and_clauses(session)
    return HealthReply(status="ok", version=__version__, documents=documents, clauses=clauses)
