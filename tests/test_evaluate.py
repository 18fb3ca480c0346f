"""Tests for qa.evaluate: CMRC 2018's EM/F1, the per-kind "right" rate and short-answer F1."""

from __future__ import annotations

import pytest

from qa.evaluate import Case, evaluate, exact_match, f1_score, load_jsonl_cases


def test_f1_is_the_longest_common_substring_over_characters():
    assert f1_score("瀛海镇总工会代表队", "瀛海镇总工会代表队") == 1.0
    assert f1_score("瀛海镇总工会代表队获得了", "瀛海镇总工会代表队") == pytest.approx(2 * (9 / 12) * 1 / (9 / 12 + 1))
    assert f1_score("", "瀛海镇") == 0.0 and f1_score("青云店镇", "瀛海镇") == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3))


def test_em_ignores_punctuation_and_spaces():
    assert exact_match("《匠心朝阳》", "匠心朝阳") == 1.0
    assert exact_match("596 名", "596名") == 1.0
    assert exact_match("596", "596名") == 0.0


def test_jsonl_cases_keep_kind_and_history(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"kind": "followup", "question": "那二等奖呢？", "answer": "青云店镇总工会代表队", '
                    '"history": ["大兴知识竞赛谁拿了第一？"]}\n', encoding="utf-8")
    (case,) = load_jsonl_cases(path)
    assert case.kind == "followup" and case.history == ["大兴知识竞赛谁拿了第一？"]
    assert case.gold_answers == ["青云店镇总工会代表队"]  # the answer text is the gold short answer


def test_short_answer_f1_by_kind_on_question_files(seed_qa, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"kind": "followup", "question": "那二等奖呢？", "answer": "青云店镇总工会代表队", '
                    '"history": ["大兴知识竞赛谁拿了第一？"]}\n'
                    '{"kind": "colloquial", "question": "大兴知识竞赛谁拿了第一？", "answer": "青云店镇总工会代表队"}\n',
                    encoding="utf-8")
    metrics = evaluate(seed_qa, load_jsonl_cases(path), "t").metrics
    # the follow-up's short answer is the team; the second question's (瀛海镇…) shares only 镇总工会代表队 with it
    assert metrics["short_answer_f1_by_kind"]["followup"] == 1.0
    assert 0 < metrics["short_answer_f1_by_kind"]["colloquial"] < 1


def test_right_by_kind(seed_qa):
    cases = [Case("那二等奖呢？", "青云店镇总工会代表队获得了二等奖", kind="followup", history=["大兴知识竞赛谁拿了第一？"]),
             Case("大兴知识竞赛一等奖奖金多少钱？", None, kind="unanswerable")]
    metrics = evaluate(seed_qa, cases, "t").metrics
    assert metrics["right_by_kind"] == {"followup": 1.0, "unanswerable": 1.0}
