"""Bring policy files into the database and their vectors into Chroma: read, skip what is unchanged,
parse, store, embed what changed.

A file whose bytes have the same sha256 as the stored version, parsed by the same parser version, is
not parsed again, so indexing the same corpus twice changes nothing. A refused file raises before
anything is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.db.locking import exclusive_transaction
from app.db.migrate import upgrade_database
from app.errors import InvalidInputError
from app.store import DocumentReport, count_clauses, find_document, store_document, stored_clauses
from indexer import PARSER_VERSION, SourceText, parse_document, read_policy_file
from indexer.manifest import load_manifest
from indexer.models import doc_id_from_filename, is_valid_doc_id
from indexer.vectors import VectorStore, VectorSyncReport

logger = logging.getLogger(__name__)

MAX_VERSION_CHARS = 100  # the width of documents.version


@dataclass(frozen=True, slots=True)
class PendingDocument:
    """A read policy file waiting to be indexed under `doc_id`."""

    source: SourceText
    doc_id: str
    title: str | None = None
    version: str | None = None


def read_bundled_corpus(corpus_dir: Path) -> list[PendingDocument]:
    return [
        PendingDocument(
            source=read_policy_file(corpus_dir / entry.source),
            doc_id=entry.doc_id,
            title=entry.title,
            version=entry.version,
        )
        for entry in load_manifest(corpus_dir)
    ]


def read_file_for_index(path: Path, doc_id: str | None = None, version: str | None = None) -> PendingDocument:
    if doc_id is not None and not is_valid_doc_id(doc_id):
        raise InvalidInputError(
            f"doc_id“{doc_id}”不合法：只能使用字母、数字、点、下划线和连字符，最长 64 个字符",
            field="doc_id",
        )
    if version is not None:
        version = version.strip()
        if not 0 < len(version) <= MAX_VERSION_CHARS:
            raise InvalidInputError(f"版本标签应为 1 到 {MAX_VERSION_CHARS} 个字符", field="version")
    return PendingDocument(
        source=read_policy_file(path),
        doc_id=doc_id or doc_id_from_filename(path.name),
        version=version,
    )


@dataclass(frozen=True, slots=True)
class IndexReport:
    documents: list[DocumentReport]
    vectors: VectorSyncReport | None


def migrate_and_index(
    engine: Engine,
    pending: Iterable[PendingDocument],
    vectors: Callable[[], VectorStore] | None = None,
    show_progress: bool = False,
) -> IndexReport:
    """Migrate the schema, index `pending` and bring the vectors in step, under one exclusive lock.

    `vectors` opens the vector store; it is called inside the lock because embedded Chroma must not be
    opened by two processes at once. The vectors are synced inside the database transaction: if
    embedding fails, the clauses are not committed either, and the next run finds both sides as they were.
    """
    with exclusive_transaction(engine) as connection:
        upgrade_database(connection)
        with Session(bind=connection, expire_on_commit=False) as session:
            reports = index_documents(session, pending)
            session.flush()
            vector_report = None
            if vectors is not None:
                vector_report = vectors().sync(stored_clauses(session), show_progress=show_progress)
    return IndexReport(reports, vector_report)


def index_documents(session: Session, pending: Iterable[PendingDocument]) -> list[DocumentReport]:
    """Store each pending document unless it is unchanged; refuses two documents under one doc_id."""
    reports: list[DocumentReport] = []
    seen: set[str] = set()
    for item in pending:
        if item.doc_id in seen:
            raise InvalidInputError(
                f"同一次入库中有两个文件使用 doc_id“{item.doc_id}”（{item.source.name}），请用 --doc-id 区分",
                field="doc_id",
            )
        seen.add(item.doc_id)
        stored = find_document(session, item.doc_id)
        if (
            stored is not None
            and stored.sha256 == item.source.sha256
            and stored.parser_version == PARSER_VERSION
            and item.version in (None, stored.version)
            and item.title in (None, stored.title)
        ):
            logger.info("doc_id=%s unchanged (sha256 %s), not re-parsed", item.doc_id, stored.sha256[:12])
            clauses = count_clauses(session, stored)
            reports.append(
                DocumentReport(stored.doc_id, stored.title, "unchanged", clauses, unchanged=clauses)
            )
            continue
        parsed = parse_document(item.source, item.doc_id, item.title)
        version = item.version or item.source.sha256[:12]
        report = store_document(session, parsed, version)
        logger.info(
            "doc_id=%s %s: %d clauses (+%d ~%d -%d)",
            report.doc_id,
            report.status,
            report.clauses,
            report.added,
            report.changed,
            report.removed,
        )
        reports.append(report)
    return reports
