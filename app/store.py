"""Documents and clauses in the database: the queries the API and the indexing service need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session, selectinload

from app.db.models import ClauseRecord, Document, utc_now
from app.errors import NotFoundError
from indexer import PARSER_VERSION, Clause, ParsedDocument

DocumentStatus = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """What storing one document changed, clause by clause."""

    doc_id: str
    title: str
    status: DocumentStatus
    clauses: int
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


def find_document(session: Session, doc_id: str) -> Document | None:
    return session.scalar(select(Document).where(Document.doc_id == doc_id))


def get_document(session: Session, doc_id: str) -> Document:
    document = find_document(session, doc_id)
    if document is None:
        raise NotFoundError(f"未找到文档“{doc_id}”", field="doc_id")
    return document


def list_documents(session: Session) -> list[tuple[Document, int]]:
    counts = (
        select(ClauseRecord.document_id, func.count().label("n"))
        .group_by(ClauseRecord.document_id)
        .subquery()
    )
    rows = session.execute(
        select(Document, cast(func.coalesce(counts.c.n, 0), Integer))
        .outerjoin(counts, counts.c.document_id == Document.id)
        .order_by(Document.id)
    )
    return [(document, n) for document, n in rows]


def list_clauses(session: Session, doc_id: str | None = None) -> list[ClauseRecord]:
    query = (
        select(ClauseRecord)
        .join(ClauseRecord.document)
        .options(selectinload(ClauseRecord.document))
        .order_by(Document.id, ClauseRecord.position)
    )
    if doc_id is not None:
        get_document(session, doc_id)
        query = query.where(Document.doc_id == doc_id)
    return list(session.scalars(query))


def get_clause(session: Session, doc_id: str, clause_id: str) -> ClauseRecord:
    document = get_document(session, doc_id)
    record = session.scalar(
        select(ClauseRecord).where(
            ClauseRecord.document_id == document.id, ClauseRecord.clause_id == clause_id
        )
    )
    if record is None:
        raise NotFoundError(f"文档“{doc_id}”中没有条款“{clause_id}”", field="clause_id")
    return record


def clause_texts(session: Session) -> dict[tuple[str, str], str]:
    """{(doc_id, clause_id): text} of every stored clause, for checking rules against the policy."""
    rows = session.execute(
        select(Document.doc_id, ClauseRecord.clause_id, ClauseRecord.text).join(ClauseRecord.document)
    )
    return {(doc_id, clause_id): text for doc_id, clause_id, text in rows}


def stored_clauses(session: Session) -> list[Clause]:
    """Every stored clause of every document, in document then policy order, as the indexer's type."""
    return [
        Clause(
            doc_id=record.document.doc_id,
            clause_id=record.clause_id,
            article=record.article,
            title=record.title,
            order=record.position,
            text=record.text,
            start=record.start_offset,
            end=record.end_offset,
            headings=tuple(record.headings),
        )
        for record in list_clauses(session)
    ]


def count_clauses(session: Session, document: Document) -> int:
    return session.scalar(select(func.count()).where(ClauseRecord.document_id == document.id)) or 0


def count_documents_and_clauses(session: Session) -> tuple[int, int]:
    documents = session.scalar(select(func.count()).select_from(Document)) or 0
    clauses = session.scalar(select(func.count()).select_from(ClauseRecord)) or 0
    return documents, clauses


def store_document(session: Session, parsed: ParsedDocument, version: str) -> DocumentReport:
    """Insert or update a document and its clauses; the caller commits."""
    document = find_document(session, parsed.doc_id)
    if document is None:
        document = Document(
            doc_id=parsed.doc_id,
            title=parsed.title,
            version=version,
            revision=1,
            parser_version=PARSER_VERSION,
            source_name=parsed.source_name,
            sha256=parsed.sha256,
            source_text=parsed.source_text,
        )
        session.add(document)
        document.clauses = [_record(clause) for clause in parsed.clauses]
        return DocumentReport(
            parsed.doc_id, parsed.title, "added", len(parsed.clauses), added=len(parsed.clauses)
        )

    existing = {record.clause_id: record for record in document.clauses}
    added = changed = unchanged = 0
    kept: list[ClauseRecord] = []
    for clause in parsed.clauses:
        record = existing.pop(clause.clause_id, None)
        if record is None:
            record = _record(clause)
            added += 1
        elif record.content_hash != clause.content_hash:
            changed += 1
        else:
            unchanged += 1
        # Offsets and order move whenever text before the clause changes, so they are always refreshed.
        _fill(record, clause)
        kept.append(record)
    removed = len(existing)
    document.clauses = kept  # delete-orphan removes what disappeared
    document.title = parsed.title
    document.version = version
    document.source_name = parsed.source_name
    document.sha256 = parsed.sha256
    document.source_text = parsed.source_text
    document.parser_version = PARSER_VERSION
    document.revision += 1
    document.updated_at = utc_now()
    return DocumentReport(
        parsed.doc_id,
        parsed.title,
        "updated",
        len(parsed.clauses),
        added=added,
        changed=changed,
        removed=removed,
        unchanged=unchanged,
    )


def _record(clause: Clause) -> ClauseRecord:
    record = ClauseRecord()
    _fill(record, clause)
    return record


def _fill(record: ClauseRecord, clause: Clause) -> None:
    record.clause_id = clause.clause_id
    record.article = clause.article
    record.title = clause.title
    record.position = clause.order
    record.text = clause.text
    record.start_offset = clause.start
    record.end_offset = clause.end
    record.headings = list(clause.headings)
    record.content_hash = clause.content_hash
