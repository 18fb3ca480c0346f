"""Hybrid fusion as pure functions over ranked runs [(id, score)], best first."""

from __future__ import annotations

from typing import Hashable, Sequence

Run = Sequence[tuple[Hashable, float]]

# Measured on the seed questions and CMRC 2018 dev (see README "Retrieval quality"):
# lexical scores scaled so the best candidate is 1.0, plus this much raw cosine.
DENSE_WEIGHT = 0.3
TITLE_WEIGHT = 0.5
# How NewsQA ranks: the hybrid (default), BM25 alone, the cosine alone, or naive RRF (the baseline it replaces).
MODES = ("hybrid", "lexical", "dense", "rrf")


def max_normalize(run: Run) -> list[tuple[Hashable, float]]:
    """Scores divided by the run's best score; a run whose best is 0 (no term matched) becomes all zeros."""
    best = max((score for _, score in run), default=0.0)
    if best <= 0:
        return [(key, 0.0) for key, _ in run]
    return [(key, score / best) for key, score in run]


def weighted_sum(runs: Sequence[Run], weights: Sequence[float], missing: float = 0.0) -> list[tuple[Hashable, float]]:
    """Sum of weighted scores per id across runs (an id absent from a run scores `missing` there), best first."""
    if len(runs) != len(weights):
        raise ValueError("one weight per run")
    total: dict[Hashable, float] = {}
    for run, weight in zip(runs, weights):
        for key, _ in run:
            total.setdefault(key, 0.0)
    for run, weight in zip(runs, weights):
        present = dict(run)
        for key in total:
            total[key] += weight * present.get(key, missing)
    return sorted(total.items(), key=lambda item: (-item[1], str(item[0])))


def reciprocal_rank(runs: Sequence[Run], k: int = 60) -> list[tuple[Hashable, float]]:
    """Reciprocal rank fusion (Cormack et al. 2009): the naive baseline, kept for measurement."""
    total: dict[Hashable, float] = {}
    for run in runs:
        for rank, (key, _) in enumerate(run, start=1):
            total[key] = total.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(total.items(), key=lambda item: (-item[1], str(item[0])))


def hybrid(lexical: Run, dense: Run, dense_weight: float = DENSE_WEIGHT) -> list[tuple[Hashable, float]]:
    """Max-normalized lexical score plus weighted cosine: an empty lexical side leaves the dense ranking intact."""
    return weighted_sum([max_normalize(lexical), dense], [1.0, dense_weight])
