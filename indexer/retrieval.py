"""Hybrid retrieval: BM25 over policy tokens fused with dense vectors, returning clauses with quotes.

Each hit carries the scores of both modes and the best supporting sentence(s) inside its clause, as
verbatim spans of the clause text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from indexer.dense import ClauseKey, ClauseVectors, DenseScores
from indexer.fusion import ranking, reciprocal_rank_fusion, weighted_fusion
from indexer.models import Clause
from indexer.references import referenced_clause_ids
from indexer.sentences import Sentence, split_sentences
from indexer.sparse import SparseIndex
from indexer.tokenizing import PolicyTokenizer
from indexer.vectors import VectorStore, VectorStoreError

RetrievalMode = Literal["bm25", "dense", "hybrid"]
FusionMethod = Literal["weighted", "rrf"]
RETRIEVAL_MODES: tuple[RetrievalMode, ...] = ("bm25", "dense", "hybrid")


@dataclass(frozen=True, slots=True)
class RetrievalConfig:
    """How the modes are combined; the defaults are the ones the golden set measured best (README)."""

    fusion: FusionMethod = "weighted"
    dense_weight: float = 0.4
    # When the question says what kind of answer it wants (who may apply, stacking, validity …), the
    # words that say so are lexical; the vectors know topics, and would pull towards the topic named.
    kind_dense_weight: float = 0.2
    rrf_k: float = 60.0
    # A second sentence joins the quote when it scores at least this share of the best one.
    quote_share: float = 0.85


@dataclass(frozen=True, slots=True)
class Hit:
    clause: Clause
    score: float
    bm25: float
    dense: float
    bm25_rank: int | None
    dense_rank: int | None
    quote: tuple[Sentence, ...]
    # The question names this clause by number ("第七条讲啥"): first whatever the scores say.
    referenced: bool = False

    @property
    def quote_text(self) -> str:
        return "".join(sentence.text for sentence in self.quote)


def _bm25_document(clause: Clause) -> str:
    return f"{clause.title}\n{clause.text}"


class Retriever:
    """Searches a fixed set of clauses; build a new one when the clauses change."""

    def __init__(
        self,
        clauses: Sequence[Clause],
        tokenizer: PolicyTokenizer,
        vectors: VectorStore | None,
        config: RetrievalConfig | None = None,
    ) -> None:
        self.clauses = list(clauses)
        self.tokenizer = tokenizer
        self.vectors = vectors
        self.config = config or RetrievalConfig()
        self._keys: list[ClauseKey] = [(c.doc_id, c.clause_id) for c in self.clauses]
        self._by_key = dict(zip(self._keys, self.clauses, strict=True))
        documents = [tokenizer.tokens(_bm25_document(c)) for c in self.clauses]
        self._sparse = SparseIndex(documents)
        self._idf = _inverse_document_frequency(documents)
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dense-query")
        # Read once: the stored vectors do not change under a retriever (a new index builds a new one).
        self._dense: ClauseVectors | None = None
        if vectors is not None:
            self._dense = ClauseVectors(vectors.snapshot(), self._keys)
            if self._dense and self._dense.dimension != vectors.embedder.dimension:
                raise VectorStoreError(
                    f"向量库 {vectors.name} 中的向量为 {self._dense.dimension} 维，"
                    f"与嵌入模型的 {vectors.embedder.dimension} 维不一致，请重建向量索引"
                )
        self._sentences = {key: split_sentences(c.text) for key, c in self._by_key.items()}
        self._sentence_tokens = {
            key: [frozenset(tokenizer.tokens(s.text)) for s in sentences]
            for key, sentences in self._sentences.items()
        }

    def close(self) -> None:
        """Stop the thread that embeds queries."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    @property
    def modes(self) -> tuple[RetrievalMode, ...]:
        return RETRIEVAL_MODES if self.vectors is not None else ("bm25",)

    def search(self, query: str, k: int = 5, mode: RetrievalMode = "hybrid") -> list[Hit]:
        """The `k` best clauses for `query` under `mode`, best first."""
        return self.search_with_vector(query, k, mode)[0]

    def search_with_vector(
        self, query: str, k: int = 5, mode: RetrievalMode = "hybrid"
    ) -> tuple[list[Hit], tuple[float, ...] | None]:
        """`search`, and the query's vector when the mode embedded it: a caller that reads the vector
        too (the chat's scope check) embeds the question once."""
        if mode not in self.modes:
            raise ValueError(f"retrieval mode {mode!r} needs a vector store")
        if not self.clauses or k <= 0:
            return [], None
        # The query embedding (ONNX Runtime or torch, both outside the GIL) runs while BM25 scores here.
        expansion = self.tokenizer.expand(query)
        pending: Future[tuple[tuple[float, ...], DenseScores]] | None = None
        if mode in ("dense", "hybrid") and self.vectors is not None:
            # The question as asked: appending the synonyms' policy words measured worse for vectors.
            pending = self._pool.submit(self._dense_scores, query)
        query_tokens = self.tokenizer.tokens(expansion.expanded_text)

        bm25: dict[ClauseKey, float] = {}
        if mode in ("bm25", "hybrid"):
            bm25 = dict(zip(self._keys, map(float, self._sparse.scores(query_tokens)), strict=True))
        dense: dict[ClauseKey, float] = {}
        sentence_similarity: dict[tuple[ClauseKey, int], float] = {}
        vector: tuple[float, ...] | None = None
        if pending is not None:
            vector, scores = pending.result()
            dense, sentence_similarity = scores.clauses, scores.sentences

        every_dense = {key: dense.get(key, 0.0) for key in self._keys}
        if mode == "bm25":
            fused = bm25
        elif mode == "dense":
            fused = every_dense
        elif self.config.fusion == "rrf":
            fused = reciprocal_rank_fusion([ranking(bm25), ranking(every_dense)], self.config.rrf_k)
        else:
            weight = self.config.kind_dense_weight if expansion.asks_kind else self.config.dense_weight
            fused = weighted_fusion([(bm25, 1.0 - weight), (every_dense, weight)])

        bm25_order = {key: rank for rank, key in enumerate(ranking(bm25), start=1)} if bm25 else {}
        dense_order = {key: rank for rank, key in enumerate(ranking(dense), start=1)} if dense else {}
        referenced = [
            key
            for group in referenced_clause_ids(query, [clause_id for _, clause_id in self._keys])
            for key in sorted((k for k in self._keys if k[1] in group), key=lambda k: -fused.get(k, 0.0))
        ]
        order = [key for key in ranking(fused) if key not in referenced]
        if expansion.asks_kind and order and referenced and fused[order[0]] > fused.get(referenced[0], 0.0):
            # "第五条和第九条的奖励能同时拿吗": the kind of answer asked for (stacking, who, how long) is in
            # the words; the clauses named come next, as what that answer is about. Not when a clause named
            # is that answer ("第十条里说有效期多久" names the article holding it).
            order = [order[0], *referenced, *order[1:]]
        else:
            order = [*referenced, *order]
        hits = []
        for key in order[:k]:
            hits.append(
                Hit(
                    clause=self._by_key[key],
                    score=fused[key],
                    bm25=bm25.get(key, 0.0),
                    dense=dense.get(key, 0.0),
                    bm25_rank=bm25_order.get(key),
                    dense_rank=dense_order.get(key),
                    quote=self._quote(key, query_tokens, sentence_similarity),
                    referenced=key in referenced,
                )
            )
        return hits, vector

    def _dense_scores(self, query: str) -> tuple[tuple[float, ...], DenseScores]:
        assert self.vectors is not None and self._dense is not None
        vector = tuple(self.vectors.embedder.embed_query(query))
        return vector, self._dense.scores(vector)

    def _quote(
        self,
        key: ClauseKey,
        query_tokens: Sequence[str],
        sentence_similarity: dict[tuple[ClauseKey, int], float],
    ) -> tuple[Sentence, ...]:
        """The sentence(s) of the clause that best support an answer to the query."""
        sentences = self._sentences[key]
        if len(sentences) <= 1:
            return sentences
        wanted = Counter(query_tokens)
        lexical = [
            sum(self._idf.get(token, 0.0) for token in wanted if token in present)
            for present in self._sentence_tokens[key]
        ]
        top = max(lexical) or 1.0
        scores = [
            lexical[i] / top + sentence_similarity.get((key, i + 1), 0.0) for i in range(len(sentences))
        ]
        best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
        chosen = {best}
        for i, score in enumerate(scores):
            if i != best and scores[best] > 0 and score >= self.config.quote_share * scores[best]:
                chosen.add(i)
                break
        return tuple(sentences[i] for i in sorted(chosen))


def _inverse_document_frequency(documents: Sequence[Sequence[str]]) -> dict[str, float]:
    total = len(documents)
    frequency: Counter[str] = Counter()
    for tokens in documents:
        frequency.update(set(tokens))
    return {token: math.log(1.0 + (total - df + 0.5) / (df + 0.5)) for token, df in frequency.items()}
