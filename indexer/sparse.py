"""BM25 over policy tokens, with bm25s (actively maintained, sparse-matrix scoring, numpy only)."""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np


class SparseIndex:
    """BM25 scores of every document for a tokenised query; documents are addressed by position."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.size = len(documents)
        self._bm25: bm25s.BM25 | None = None
        if self.size:
            self._bm25 = bm25s.BM25(k1=k1, b=b)
            # bm25s needs at least one token per document to build its vocabulary.
            self._bm25.index([list(tokens) or [""] for tokens in documents], show_progress=False)
            self._vocabulary = set(self._bm25.vocab_dict)

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        known = [token for token in query_tokens if token in self._vocabulary]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
