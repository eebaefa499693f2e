"""The retrieval side of the service: the embedding model, Chroma, and a retriever over stored clauses.

The model and the jieba dictionary are loaded once per process and shared: loading is the slow part
(seconds), and every app built in the same process (tests, the CLI) asks for the same ones.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.settings import PROJECT_ROOT, Settings
from app.store import stored_clauses
from indexer.embedding import Embedder, EmbeddingModelError, load_embedding_model
from indexer.retrieval import Retriever
from indexer.tokenizing import PolicyTokenizer
from indexer.vectors import VectorStore, open_chroma

logger = logging.getLogger(__name__)

RETRIEVAL_DATA_DIR = "retrieval"

_lock = threading.Lock()
_embedders: dict[str, Embedder] = {}
_tokenizers: dict[tuple[Path, str], PolicyTokenizer] = {}


def load_embedder(reference: str) -> Embedder:
    with _lock:
        embedder = _embedders.get(reference)
        if embedder is None:
            try:
                embedder = load_embedding_model(reference, base_dir=PROJECT_ROOT)
            except EmbeddingModelError as exc:
                raise EmbeddingModelError(f"{exc}（设置项 PA_EMBEDDING_MODEL）") from exc
            _embedders[reference] = embedder
        return embedder


def load_tokenizer(corpus_dir: Path) -> PolicyTokenizer:
    """The tokenizer for the vocabulary in `corpus_dir/retrieval`, rebuilt when those files change."""
    directory = (corpus_dir / RETRIEVAL_DATA_DIR).resolve()
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    key = (directory, digest.hexdigest())
    with _lock:
        tokenizer = _tokenizers.get(key)
        if tokenizer is None:
            tokenizer = PolicyTokenizer.from_directory(directory)
            _tokenizers[key] = tokenizer
        return tokenizer


@dataclass(frozen=True, slots=True)
class VectorIndex:
    """A Chroma client and the collection of the configured model."""

    client: Any
    store: VectorStore

    def close(self) -> None:
        # Embedded clients keep SQLite handles; the server client keeps an HTTP pool.
        close = getattr(self.client, "close", None)
        if callable(close):
            close()


def open_vector_index(settings: Settings, embedder: Embedder) -> VectorIndex:
    client = open_chroma(path=settings.chroma_dir, url=settings.chroma_url)
    return VectorIndex(client, VectorStore(client, embedder))


def build_retriever(session: Session, settings: Settings, vectors: VectorStore | None) -> Retriever:
    return Retriever(stored_clauses(session), load_tokenizer(settings.corpus_dir), vectors)
