"""Cosine similarity of a query vector against every stored passage, in memory.

Chroma is where the vectors live (embedded or on a server). A policy has tens to a few thousand
passages, so the retriever reads them once and scores all of them with one matrix product per query:
about 0.05 ms for the bundled policy's 85 passages and about 1 ms for 5,000 (README, Retrieval),
against several milliseconds for a round trip through Chroma's query path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

PassageKind = Literal["clause", "sentence"]


@dataclass(frozen=True, slots=True)
class StoredPassage:
    """Where a stored vector comes from: a whole clause or one of its sentences."""

    doc_id: str
    clause_id: str
    kind: PassageKind
    number: int  # 0 for the whole clause, 1… for its sentences in order
    start: int  # offsets into the clause text
    end: int


@dataclass(frozen=True)
class PassageMatrix:
    """Passages and their unit vectors, row for row."""

    passages: tuple[StoredPassage, ...]
    vectors: np.ndarray  # shape (len(passages), dimension), float32, rows L2-normalised

    def __post_init__(self) -> None:
        if self.vectors.ndim != 2 or self.vectors.shape[0] != len(self.passages):
            raise ValueError("one vector row per passage is required")

    @classmethod
    def build(
        cls, passages: Sequence[StoredPassage], vectors: np.ndarray | Sequence[Sequence[float]]
    ) -> PassageMatrix:
        matrix = np.asarray(vectors, dtype=np.float32)
        matrix = matrix.reshape(len(passages), matrix.shape[-1] if matrix.size else 0)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        # Our embedder stores unit vectors; normalising again keeps cosine right for any other writer.
        matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
        return cls(tuple(passages), matrix)

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    def select(self, keep: Callable[[StoredPassage], bool]) -> PassageMatrix:
        """The rows whose passage `keep` accepts, in their order."""
        rows = [i for i, passage in enumerate(self.passages) if keep(passage)]
        return PassageMatrix(tuple(self.passages[i] for i in rows), self.vectors[rows])

    def similarities(self, query: Sequence[float]) -> np.ndarray:
        """Cosine similarity of `query` to every row, in row order."""
        vector = np.asarray(query, dtype=np.float32)
        if vector.shape != (self.dimension,):
            raise ValueError(f"query has shape {vector.shape}, passages have dimension {self.dimension}")
        norm = float(np.linalg.norm(vector))
        result: np.ndarray = self.vectors @ (vector / norm if norm > 0 else vector)
        return result


ClauseKey = tuple[str, str]  # (doc_id, clause_id)


@dataclass(frozen=True)
class DenseScores:
    """One query's similarities: each clause's best passage, and every sentence's for quoting."""

    clauses: dict[ClauseKey, float]
    sentences: dict[tuple[ClauseKey, int], float]


class ClauseVectors:
    """The passages of a set of clauses, grouped by clause so a query scores them in a few array calls."""

    def __init__(self, matrix: PassageMatrix, keys: Sequence[ClauseKey]) -> None:
        served = set(keys)
        kept = matrix.select(lambda p: (p.doc_id, p.clause_id) in served)
        rows = sorted(
            range(len(kept.passages)), key=lambda i: (_key(kept.passages[i]), kept.passages[i].number)
        )
        self._matrix = PassageMatrix(tuple(kept.passages[i] for i in rows), kept.vectors[rows])
        passages = self._matrix.passages
        self._starts = np.array(
            [i for i, p in enumerate(passages) if i == 0 or _key(p) != _key(passages[i - 1])], dtype=np.intp
        )
        self._keys = [_key(passages[i]) for i in self._starts]
        self._sentence_rows = [
            (i, (_key(p), p.number)) for i, p in enumerate(passages) if p.kind == "sentence"
        ]

    @property
    def dimension(self) -> int:
        return self._matrix.dimension

    def __bool__(self) -> bool:
        return bool(self._keys)

    def scores(self, query: Sequence[float]) -> DenseScores:
        """A clause scores its best passage: the whole clause or its closest sentence."""
        if not self._keys:
            return DenseScores({}, {})
        similarities = self._matrix.similarities(query)
        best = np.maximum.reduceat(similarities, self._starts)
        return DenseScores(
            dict(zip(self._keys, best.tolist(), strict=True)),
            {sentence: float(similarities[row]) for row, sentence in self._sentence_rows},
        )


def _key(passage: StoredPassage) -> ClauseKey:
    return (passage.doc_id, passage.clause_id)
