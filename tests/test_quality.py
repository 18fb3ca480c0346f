"""Regression tests for answer quality on the public seed question set and a hand-written dev set."""

from __future__ import annotations

import pytest

from qa.evaluate import evaluate, load_jsonl_cases
from tests.conftest import ROOT, SHARED_EVAL


@pytest.fixture(scope="module")
def seed_report(seed_qa):
    return evaluate(seed_qa, load_jsonl_cases(SHARED_EVAL / "seed_questions.jsonl"), "seed")


def test_seed_set_retrieval_meets_the_targets(seed_report):
    metrics = seed_report.metrics
    missed = [r["question"] for r in seed_report.rows if r["answerable"] and r["rank"] != 1]
    assert metrics["hit@1"] >= 0.95, missed
    assert metrics["hit@3"] == 1.0, missed


def test_seed_set_abstention_meets_the_targets(seed_report):
    metrics = seed_report.metrics
    assert metrics["abstained_unanswerable"] >= 0.75
    assert metrics["abstained_answerable"] <= 0.05


def test_seed_set_answer_sentence(seed_report):
    assert seed_report.metrics["answer_sentence"] >= 0.85


def test_dev_set_generalises(seed_qa):
    """Questions written independently of the tuning (English paraphrases, near-miss districts, off-topic)."""
    metrics = evaluate(seed_qa, load_jsonl_cases(ROOT / "tests" / "data" / "dev_questions.jsonl"), "dev").metrics
    assert metrics["hit@3"] >= 0.9
    assert metrics["abstained_unanswerable"] >= 0.9
    assert metrics["abstained_answerable"] <= 0.1
