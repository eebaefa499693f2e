"""Retrieval metrics over ranked clause lists: pure functions, tested with plain lists."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def rank_of(target: str, ranked: Sequence[str]) -> int | None:
    """1-based position of `target` in `ranked`, or None when it is not there."""
    try:
        return ranked.index(target) + 1
    except ValueError:
        return None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose target clause is among the first `k`."""
    if not ranks:
        return 0.0
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    if not ranks:
        return 0.0
    return sum(1.0 / rank for rank in ranks if rank is not None) / len(ranks)


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in (0, 1]); 0 for no samples."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, int(-(-share * len(ordered) // 1)) - 1))
    return ordered[index]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else 0.0
