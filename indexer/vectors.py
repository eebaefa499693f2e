"""Clause and sentence vectors in Chroma, kept in step with the clauses by content hash.

Each clause becomes one passage for the whole clause and one per sentence. Every passage carries the
clause's content hash and the number of passages the clause has, so a sync can tell, from Chroma alone,
which clauses are new, changed, gone, unchanged — or half-written by a sync that was cut short.

Vectors are always computed by our embedder and passed in; the collection has no embedding function,
so Chroma never falls back to its default one (which would download a model).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from indexer.dense import ClauseKey, PassageKind, PassageMatrix, StoredPassage
from indexer.embedding import Embedder
from indexer.errors import IndexerError
from indexer.models import Clause
from indexer.sentences import Sentence, split_sentences

logger = logging.getLogger(__name__)

COLLECTION_PREFIX = "clauses-"
_PAGE = 1000


class VectorStoreError(IndexerError):
    """Chroma cannot be reached or holds something unexpected."""


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of a clause that gets its own vector."""

    doc_id: str
    clause_id: str
    kind: PassageKind
    number: int  # 0 for the whole clause, 1… for its sentences in order
    text: str
    start: int  # offsets into the clause text
    end: int

    @property
    def id(self) -> str:
        return f"{self.doc_id}|{self.clause_id}|{self.number}"


def clause_passages(clause: Clause) -> list[Passage]:
    """The whole clause (with its article title, which names the topic) and each of its sentences."""
    sentences: Sequence[Sentence] = split_sentences(clause.text)
    heading = f"{clause.title}：" if clause.title else ""
    passages = [
        Passage(clause.doc_id, clause.clause_id, "clause", 0, heading + clause.text, 0, len(clause.text))
    ]
    if len(sentences) > 1:
        passages.extend(
            Passage(clause.doc_id, clause.clause_id, "sentence", number, s.text, s.start, s.end)
            for number, s in enumerate(sentences, start=1)
        )
    return passages


@dataclass(frozen=True, slots=True)
class VectorSyncReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded_passages: int = 0


def open_chroma(path: Path | None = None, url: str | None = None) -> Any:
    """An embedded PersistentClient under `path`, or an HttpClient to the server at `url`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise VectorStoreError(f"Chroma 服务地址“{url}”不合法，应写成 http://主机:端口")
        try:
            return chromadb.HttpClient(
                host=parts.hostname,
                port=parts.port or (443 if parts.scheme == "https" else 8000),
                ssl=parts.scheme == "https",
                settings=settings,
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError variants
            raise VectorStoreError(f"无法连接 Chroma 服务 {url}：{exc}") from exc
    if path is None:
        raise VectorStoreError("未指定 Chroma 数据目录")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class VectorStore:
    """One Chroma collection per embedding model: vectors of two models never share a collection."""

    def __init__(self, client: Any, embedder: Embedder) -> None:
        self.embedder = embedder
        self.name = COLLECTION_PREFIX + embedder.identity
        try:
            self._collection = client.get_or_create_collection(
                name=self.name,
                embedding_function=None,
                metadata={"hnsw:space": "cosine", "dimension": embedder.dimension},
            )
        except Exception as exc:
            raise VectorStoreError(f"无法打开 Chroma 集合 {self.name}：{exc}") from exc

    def _stored(self) -> dict[ClauseKey, tuple[str, int, list[str]]]:
        """(content hash, expected passages, stored ids) per clause, read page by page."""
        stored: dict[ClauseKey, tuple[str, int, list[str]]] = {}
        offset = 0
        while True:
            page = self._collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
            ids, metadatas = page["ids"], page["metadatas"] or []
            for passage_id, metadata in zip(ids, metadatas, strict=True):
                key = (str(metadata["doc_id"]), str(metadata["clause_id"]))
                content_hash, passages = str(metadata["content_hash"]), int(metadata["passages"])
                previous = stored.get(key)
                if previous is None:
                    stored[key] = (content_hash, passages, [passage_id])
                else:
                    # Two hashes for one clause is a half-written state: it never matches, so it is redone.
                    same = previous[0] == content_hash and previous[1] == passages
                    stored[key] = (previous[0] if same else "", previous[1], [*previous[2], passage_id])
            if len(ids) < _PAGE:
                return stored
            offset += _PAGE

    def sync(self, clauses: Iterable[Clause], show_progress: bool = False) -> VectorSyncReport:
        """Make the collection hold exactly `clauses`, embedding only what is new or changed."""
        wanted = {(c.doc_id, c.clause_id): c for c in clauses}
        passages = {key: clause_passages(clause) for key, clause in wanted.items()}
        stored = self._stored()
        added = [key for key in wanted if key not in stored]
        removed = [key for key in stored if key not in wanted]
        changed, unchanged = [], 0
        for key, clause in wanted.items():
            if key not in stored:
                continue
            content_hash, expected, ids = stored[key]
            if content_hash == clause.content_hash and expected == len(ids) == len(passages[key]):
                unchanged += 1
            else:
                changed.append(key)

        stale = [passage_id for key in (*changed, *removed) for passage_id in stored[key][2]]
        for start in range(0, len(stale), _PAGE):
            self._collection.delete(ids=stale[start : start + _PAGE])

        to_embed = [(wanted[key], passages[key]) for key in (*added, *changed)]
        texts = [passage.text for _, items in to_embed for passage in items]
        if texts:
            vectors = iter(self.embedder.embed_documents(texts, show_progress=show_progress))
            self._add([(clause, items, [next(vectors) for _ in items]) for clause, items in to_embed])
        report = VectorSyncReport(
            added=len(added),
            changed=len(changed),
            removed=len(removed),
            unchanged=unchanged,
            embedded_passages=len(texts),
        )
        logger.info(
            "vectors %s: +%d ~%d -%d =%d (%d passages embedded)",
            self.name,
            report.added,
            report.changed,
            report.removed,
            report.unchanged,
            report.embedded_passages,
        )
        return report

    def _add(self, clauses: Sequence[tuple[Clause, list[Passage], list[list[float]]]]) -> None:
        rows = [
            (passage, vector, clause.content_hash, len(passages))
            for clause, passages, vectors in clauses
            for passage, vector in zip(passages, vectors, strict=True)
        ]
        batch = 256
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            self._collection.add(
                ids=[passage.id for passage, _, _, _ in chunk],
                embeddings=[vector for _, vector, _, _ in chunk],
                documents=[passage.text for passage, _, _, _ in chunk],
                metadatas=[
                    {
                        "doc_id": passage.doc_id,
                        "clause_id": passage.clause_id,
                        "kind": passage.kind,
                        "number": passage.number,
                        "start": passage.start,
                        "end": passage.end,
                        "content_hash": content_hash,
                        "passages": count,
                    }
                    for passage, _, content_hash, count in chunk
                ],
            )

    def snapshot(self) -> PassageMatrix:
        """Every stored passage and its vector, read page by page, for scoring in memory."""
        passages: list[StoredPassage] = []
        pages: list[np.ndarray] = []
        offset = 0
        while True:
            page = self._collection.get(include=["metadatas", "embeddings"], limit=_PAGE, offset=offset)
            ids, metadatas = page["ids"], page["metadatas"] or []
            if ids:
                pages.append(np.asarray(page["embeddings"], dtype=np.float32))
            for metadata in metadatas:
                passages.append(
                    StoredPassage(
                        doc_id=str(metadata["doc_id"]),
                        clause_id=str(metadata["clause_id"]),
                        kind="clause" if metadata["kind"] == "clause" else "sentence",
                        number=int(metadata["number"]),
                        start=int(metadata["start"]),
                        end=int(metadata["end"]),
                    )
                )
            if len(ids) < _PAGE:
                vectors = (
                    np.concatenate(pages) if pages else np.zeros((0, self.embedder.dimension), np.float32)
                )
                return PassageMatrix.build(passages, vectors)
            offset += _PAGE
