"""Fusing the sparse and dense rankings into one: reciprocal-rank fusion and weighted scores.

Pure functions over {key: score} maps, so they are tested without any index.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def ranking(scores: Mapping[K, float]) -> list[K]:
    """Keys best first; ties keep the mapping's order, so results are deterministic."""
    order = {key: index for index, key in enumerate(scores)}
    return sorted(scores, key=lambda key: (-scores[key], order[key]))


def reciprocal_rank_fusion(rankings: Sequence[Sequence[K]], k: float = 60.0) -> dict[K, float]:
    """Σ 1 / (k + rank) over the rankings a key appears in (rank counted from 1)."""
    if k <= 0:
        raise ValueError("k must be positive")
    fused: dict[K, float] = {}
    for keys in rankings:
        for rank, key in enumerate(keys, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return fused


def min_max(scores: Mapping[K, float]) -> dict[K, float]:
    """Scores scaled to [0, 1]; all equal → all 0, so a mode that cannot tell keys apart adds nothing."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high - low <= 1e-12:
        return dict.fromkeys(scores, 0.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}


def weighted_fusion(scored: Sequence[tuple[Mapping[K, float], float]]) -> dict[K, float]:
    """Σ weight × min-max-normalised score; a key missing from one mode scores 0 there."""
    fused: dict[K, float] = {}
    for scores, weight in scored:
        if weight < 0:
            raise ValueError("weights must not be negative")
        for key, value in min_max(scores).items():
            fused[key] = fused.get(key, 0.0) + weight * value
        for key in scores:
            fused.setdefault(key, 0.0)
    return fused
