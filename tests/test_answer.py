"""Tests for qa.answer: the abstention rule, term coverage and the answering sentence."""

from __future__ import annotations

import pytest

from qa.answer import Signals, abstain, best_sentence, coverage
from qa.query import Term


@pytest.mark.parametrize("signals,abstains", [
    (Signals(coverage=0.8, cosine=0.2, query_terms=5), False),                    # Chinese, words in common
    (Signals(coverage=0.1, cosine=0.3, query_terms=5), True),                     # Chinese, scattered match
    (Signals(coverage=0.1, cosine=0.6, query_terms=5), False),                    # Chinese paraphrase, close
    (Signals(coverage=0.25, cosine=0.47, query_terms=5), False),                  # some words, close enough
    (Signals(coverage=0.25, cosine=0.42, query_terms=5), True),                   # some words, a near miss's cosine
    (Signals(coverage=0.15, cosine=0.47, query_terms=5), True),                   # too few words for that cosine
    (Signals(coverage=0.9, cosine=0.5, query_terms=5, missing=("上海",)), True),  # a name the news lacks
    (Signals(coverage=0.6, cosine=0.12, query_terms=2, chinese=False), False),    # English, words bridged
    (Signals(coverage=0.2, cosine=0.15, query_terms=2, chinese=False), True),
    (Signals(coverage=0.0, cosine=0.26, query_terms=0, chinese=False), True),     # English naming nothing
    (Signals(coverage=0.0, cosine=0.36, query_terms=0, chinese=False), False),
])
def test_abstention_rule(signals, abstains):
    assert abstain(signals) is abstains


def test_coverage_weights_terms_by_idf():
    assert coverage([Term("工会", weight=1.0), Term("瀛海", weight=3.0)], "瀛海镇代表队") == pytest.approx(0.75)
    assert coverage([Term("#一等", weight=1.0), Term("奖杯", weight=1.0)], "获得了一等奖") == pytest.approx(0.5)
    assert coverage([], "任何") == 0.0


def test_coverage_accepts_an_alternative_and_traditional_text():
    terms = [Term("冠军", alternatives=("一等奖",), weight=2.0), Term("大兴", weight=2.0)]
    assert coverage(terms, "大興區瀛海鎮代表隊獲得了一等獎") == pytest.approx(1.0)
    assert coverage(terms, "青云店镇代表队获得了二等奖") == 0.0


def test_best_sentence_is_the_one_with_most_question_terms():
    text = "比赛分为三个环节。最终，瀛海镇总工会代表队获得了一等奖。活动由区总工会主办。"
    start, end = best_sentence(text, [Term("一等奖", weight=1.0), Term("#获得", weight=1.0)])
    assert text[start:end] == "最终，瀛海镇总工会代表队获得了一等奖。"
