"""Tests for qa.fusion: pure functions over ranked runs."""

from __future__ import annotations

import pytest

from qa.fusion import hybrid, max_normalize, reciprocal_rank, weighted_sum


def test_max_normalize_scales_best_to_one():
    assert max_normalize([("a", 4.0), ("b", 2.0)]) == [("a", 1.0), ("b", 0.5)]


def test_max_normalize_of_an_all_zero_run_is_zero():
    assert max_normalize([("a", 0.0), ("b", 0.0)]) == [("a", 0.0), ("b", 0.0)]
    assert max_normalize([]) == []


def test_weighted_sum_counts_missing_ids_as_zero():
    fused = weighted_sum([[("a", 1.0)], [("b", 0.5), ("a", 0.25)]], [1.0, 2.0])
    assert fused == [("a", 1.5), ("b", 1.0)]


def test_weighted_sum_needs_one_weight_per_run():
    with pytest.raises(ValueError):
        weighted_sum([[("a", 1.0)]], [1.0, 2.0])


def test_empty_lexical_side_leaves_dense_order():
    dense = [("x", 0.4), ("y", 0.3), ("z", 0.1)]
    assert [key for key, _ in hybrid([("x", 0.0), ("y", 0.0), ("z", 0.0)], dense)] == ["x", "y", "z"]
    assert [key for key, _ in hybrid([], dense)] == ["x", "y", "z"]


def test_strong_lexical_match_beats_a_slightly_closer_vector():
    lexical = [("exact", 12.0), ("vague", 3.0)]
    dense = [("exact", 0.30), ("vague", 0.45)]
    assert hybrid(lexical, dense)[0][0] == "exact"


def test_reciprocal_rank():
    fused = reciprocal_rank([[("a", 9), ("b", 1)], [("b", 9), ("c", 1)]], k=1)
    assert fused[0][0] == "b"
