"""Sentence embeddings from a local sentence-transformers model folder (or a hub id where one is reachable).

The model is loaded once per process; vectors are L2-normalised so cosine similarity is a dot product,
as m3e and bge recommend for retrieval.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from indexer.errors import IndexerError

logger = logging.getLogger(__name__)

DOCUMENT_BATCH_SIZE = 32


class EmbeddingModelError(IndexerError):
    """The embedding model cannot be loaded."""


class Embedder(Protocol):
    """What retrieval needs from an embedding model."""

    @property
    def identity(self) -> str:
        """A short ASCII name that changes when the model does: vectors of two models never mix."""
        ...

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: Sequence[str], show_progress: bool = False) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def model_identity(reference: str, dimension: int) -> str:
    """`<name>-<dim>-<hash>`: readable, valid as a Chroma collection name, unique per model reference."""
    name = re.sub(r"[^a-z0-9]+", "-", Path(reference.rstrip("/")).name.lower()).strip("-") or "model"
    digest = hashlib.sha256(reference.encode()).hexdigest()[:8]
    return f"{name[:40]}-{dimension}-{digest}"


class SentenceTransformerEmbedder:
    def __init__(self, model: Any, reference: str) -> None:
        self._model = model
        dimension = model.get_embedding_dimension() if hasattr(model, "get_embedding_dimension") else None
        self._dimension = int(dimension or model.get_sentence_embedding_dimension())
        self._identity = model_identity(reference, self._dimension)

    @classmethod
    def load(cls, reference: str, base_dir: Path | None = None) -> SentenceTransformerEmbedder:
        """Load `reference`: a folder (absolute, or relative to `base_dir`) or a hub id.

        With HF_HUB_OFFLINE=1 (the default everywhere but a deployment that opts in) a hub id that is not
        already cached fails with a message naming the setting, instead of trying the network.
        """
        path = Path(reference)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        local = path.is_dir()
        if not local and (reference.startswith((".", "/")) or path.suffix or reference.count("/") != 1):
            raise EmbeddingModelError(
                f"找不到嵌入模型目录 {path}；请先运行 make install 解压 m3e-small，"
                "或把嵌入模型设置改为已有的模型目录或模型库 ID"
            )
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # A per-tensor progress bar on every start says nothing an operator needs.
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # untyped upstream

        target = str(path) if local else reference
        try:
            model = SentenceTransformer(target, device="cpu", local_files_only=local or _offline())
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(f"无法加载嵌入模型 {target}：{exc}") from exc
        logger.info("embedding model %s loaded (%s)", target, "local folder" if local else "hub id")
        return cls(model, _folder_fingerprint(path) if local else reference)

    @property
    def identity(self) -> str:
        return self._identity

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_documents(self, texts: Sequence[str], show_progress: bool = False) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            list(texts),
            batch_size=DOCUMENT_BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return [list(map(float, vector)) for vector in vectors]

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode(
            [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )[0]
        return list(map(float, vector))


def _folder_fingerprint(path: Path) -> str:
    """The folder's name, its small config files and every file's size: stable when the folder moves."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        relative = file.relative_to(path).as_posix()
        digest.update(f"{relative}:{file.stat().st_size}\n".encode())
        if file.suffix == ".json" and file.stat().st_size < 1_000_000:
            digest.update(file.read_bytes())
    return f"{path.name}@{digest.hexdigest()}"


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"}
