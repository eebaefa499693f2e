"""Runs every in-scope golden question through each retrieval mode and scores the rankings."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tqdm import tqdm

from evaluation.golden import Case
from evaluation.metrics import mean_reciprocal_rank, median, percentile, rank_of, recall_at
from indexer.retrieval import RetrievalMode, Retriever

RANKED_DEPTH = 10


@dataclass(frozen=True, slots=True)
class CaseRun:
    case_id: str
    question: str
    expected: str
    ranked: tuple[str, ...]
    rank: int | None
    latency_ms: float


@dataclass(frozen=True, slots=True)
class ModeSummary:
    mode: str
    questions: int
    recall_at_1: float
    recall_at_3: float
    mrr: float
    latency_p50_ms: float
    latency_p95_ms: float
    misses_at_1: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ModeRun:
    mode: str
    runs: tuple[CaseRun, ...]

    def summary(self) -> ModeSummary:
        ranks = [run.rank for run in self.runs]
        latencies = [run.latency_ms for run in self.runs]
        misses = Counter(run.expected for run in self.runs if run.rank != 1)
        return ModeSummary(
            mode=self.mode,
            questions=len(self.runs),
            recall_at_1=recall_at(ranks, 1),
            recall_at_3=recall_at(ranks, 3),
            mrr=mean_reciprocal_rank(ranks),
            latency_p50_ms=median(latencies),
            latency_p95_ms=percentile(latencies, 0.95),
            misses_at_1=dict(sorted(misses.items())),
        )


def combine(splits: Sequence[Sequence[ModeRun]]) -> list[ModeRun]:
    """One run per mode over every split's questions: the golden set as a whole."""
    modes = [run.mode for run in splits[0]] if splits else []
    return [
        ModeRun(mode, tuple(case for runs in splits for run in runs if run.mode == mode for case in run.runs))
        for mode in modes
    ]


def run_retrieval(
    retriever: Retriever,
    cases: Sequence[Case],
    modes: Sequence[RetrievalMode],
    doc_id: str,
    show_progress: bool = True,
) -> list[ModeRun]:
    """Each case through each mode; a case counts as found when its main clause (of `doc_id`) ranks."""
    # One query before timing: the first call pays for lazy set-up inside torch and Chroma.
    if cases:
        for mode in modes:
            retriever.search(cases[0].question, RANKED_DEPTH, mode)
    results: dict[str, list[CaseRun]] = {mode: [] for mode in modes}
    with tqdm(total=len(cases) * len(modes), desc="检索评测", unit="问") as bar:
        for case in cases:
            for mode in modes:
                started = time.perf_counter()
                hits = retriever.search(case.question, RANKED_DEPTH, mode)
                latency = (time.perf_counter() - started) * 1000
                ranked = tuple(hit.clause.clause_id for hit in hits if hit.clause.doc_id == doc_id)
                expected = case.main_clause or ""
                results[mode].append(
                    CaseRun(case.id, case.question, expected, ranked, rank_of(expected, ranked), latency)
                )
                bar.update()
    return [ModeRun(mode, tuple(runs)) for mode, runs in results.items()]
