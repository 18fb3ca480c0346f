"""Tests for qa.dense: exact and approximate FAISS indexes with stable ids, saved and loaded."""

from __future__ import annotations

import numpy as np
import pytest

from qa.dense import DenseIndex, ivf_cells, ivf_nprobe
from qa.errors import IndexLoadError


def _vectors(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_search_returns_stable_ids(kind, tmp_path):
    vectors = _vectors(4000)
    ids = np.arange(4000, dtype=np.int64) * 1_000_003 + 7  # sparse, non-positional ids
    index = DenseIndex.build(vectors, ids, kind=kind)
    scores, found = index.search(vectors[:50], 5)
    hits = np.mean(found[:, 0] == ids[:50])
    assert hits >= (1.0 if kind == "flat" else 0.9)
    index.save(tmp_path)
    again = DenseIndex.load(tmp_path, kind, expected=4000, dim=32, mmap=True)
    assert np.array_equal(again.search(vectors[:50], 5)[1], found)


def test_approximate_recall_against_exact():
    vectors = _vectors(20000, seed=1)
    queries = _vectors(100, seed=2)
    ids = np.arange(20000, dtype=np.int64)
    exact = DenseIndex.build(vectors, ids, kind="flat").search(queries, 10)[1]
    approx = DenseIndex.build(vectors, ids, kind="ivf").search(queries, 10)[1]
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact)])
    assert recall >= 0.5  # random vectors are the worst case; real embeddings cluster (see benchmarks)


def test_auto_kind_is_exact_for_small_indexes():
    assert DenseIndex.build(_vectors(10), np.arange(10), kind="auto").kind == "flat"
    assert ivf_cells(1_000_000) == 4000 and ivf_cells(100) == 2
    assert ivf_nprobe(2) == 2 and ivf_nprobe(200) == 32 and ivf_nprobe(896) == 112 and ivf_nprobe(4000) == 256


def test_loaded_ivf_searches_as_many_cells_as_built(tmp_path):
    vectors = _vectors(8000, seed=5)
    built = DenseIndex.build(vectors, np.arange(8000, dtype=np.int64), kind="ivf")
    built.save(tmp_path)
    loaded = DenseIndex.load(tmp_path, "ivf", expected=8000, dim=32)
    assert loaded.index.nprobe == built.index.nprobe == ivf_nprobe(built.index.nlist)


def test_load_checks_count_and_dimension(tmp_path):
    DenseIndex.build(_vectors(10), np.arange(10), kind="flat").save(tmp_path)
    with pytest.raises(IndexLoadError, match="holds 10 vectors"):
        DenseIndex.load(tmp_path, "flat", expected=11, dim=32)


def test_ivf_reuses_centroids_from_the_last_build(tmp_path):
    vectors = _vectors(8000, seed=3)
    ids = np.arange(8000, dtype=np.int64)
    first = DenseIndex.build(vectors, ids, kind="ivf")
    first.save(tmp_path)
    centroids = np.load(tmp_path / "dense.centroids.npy")
    second = DenseIndex.build(vectors[:7900], ids[:7900], kind="ivf", centroids=centroids)
    assert np.array_equal(second.centroids(), centroids)
    assert second.index.is_trained and second.size == 7900
    assert second.search(vectors[:20], 1)[1][:, 0].tolist() == ids[:20].tolist()


def test_ivf_stores_8_bit_codes(tmp_path):
    """A quarter of the bytes of the float vectors: what keeps a million passages inside 4 GB when serving."""
    vectors = _vectors(8000, dim=256, seed=4)
    DenseIndex.build(vectors, np.arange(8000, dtype=np.int64), kind="ivf").save(tmp_path)
    assert (tmp_path / "dense.faiss").stat().st_size < vectors.nbytes / 3
