"""Cosine similarity of a query vector against every stored passage, in memory.

Chroma is where the vectors live (embedded or on a server); a policy has tens to a few thousand
passages, so scoring all of them is one matrix product of well under a millisecond, against several
milliseconds for a round trip through Chroma's query path (README, Retrieval).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

PassageKind = Literal["clause", "sentence"]


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """A stored passage of a clause and how similar it is to the query."""

    doc_id: str
    clause_id: str
    kind: PassageKind
    number: int  # 0 for the whole clause, 1… for its sentences in order
    start: int  # offsets into the clause text
    end: int
    similarity: float


@dataclass(frozen=True)
class PassageMatrix:
    """Passages (similarity unset) and their unit vectors, row for row."""

    passages: tuple[PassageMatch, ...]
    vectors: np.ndarray  # shape (len(passages), dimension), float32, rows L2-normalised

    def __post_init__(self) -> None:
        if self.vectors.ndim != 2 or self.vectors.shape[0] != len(self.passages):
            raise ValueError("one vector row per passage is required")

    @classmethod
    def build(cls, passages: Sequence[PassageMatch], vectors: Sequence[Sequence[float]]) -> PassageMatrix:
        dimension = len(vectors[0]) if len(vectors) else 0
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), dimension)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        # Our embedder stores unit vectors; normalising again keeps cosine right for any other writer.
        matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
        return cls(tuple(passages), matrix)

    def __len__(self) -> int:
        return len(self.passages)

    def nearest(self, query: Sequence[float]) -> list[PassageMatch]:
        """Every passage with its cosine similarity to `query`, most similar first."""
        if not self.passages:
            return []
        vector = np.asarray(query, dtype=np.float32)
        if vector.shape != (self.vectors.shape[1],):
            raise ValueError(f"query has dimension {vector.shape}, passages {self.vectors.shape[1]}")
        norm = float(np.linalg.norm(vector))
        similarities = self.vectors @ (vector / norm if norm > 0 else vector)
        order = np.argsort(-similarities, kind="stable")
        return [replace(self.passages[i], similarity=float(similarities[i])) for i in order]
