"""Tests for qa.span_rank: the learned short-answer scorer's candidates, features and weights."""

from __future__ import annotations

import json

import numpy as np

from qa import span_rank
from qa.chunking import split_sentences
from qa.tokenization import normalize

TEXT = ("该基地由世园会周边的一家酒店改建而成，设有客房160间，配备职工书屋和健身房，其中职工书屋藏书6000余册。"
        "《战国无双3》是由光荣和ω-force开发的战国无双系列的正统第三续作。")


def rows_for(question: str, text: str = TEXT, kind: str | None = None):
    q = span_rank.make_question(question)
    norm = normalize(text)
    sentences = split_sentences(text)
    picked, info = span_rank.nearby_sentences(q, norm, sentences, sentences[0], 2)
    return q, picked, info, *span_rank.passage_rows(q, text, norm, picked, info, kind)


def test_scores_by_block_equal_the_full_matrix():
    _, _, _, spans, rows = rows_for("职工书屋有多少书？", kind="count")
    w = np.random.default_rng(0).normal(size=len(span_rank.NAMES.names))
    full = rows.sparse()
    assert full.shape == (len(spans), len(span_rank.NAMES.names))
    assert np.allclose(rows.score(w), full @ w, atol=1e-4)


def test_candidates_are_never_half_a_title():
    _, _, _, spans, _ = rows_for("《战国无双3》是由哪两个公司开发的？")
    texts = {TEXT[a:b] for a, b in spans}
    assert "《战国无双3》" in texts
    assert not any(t.endswith("》") and "《" not in t or t.startswith("《") and "》" not in t for t in texts)


def test_the_kind_of_answer_a_question_names():
    assert span_rank.kind_noun("哪个国家") == "国家"
    assert span_rank.kind_noun("是由哪两个公司开发的") == "公司"
    assert span_rank.kind_noun("除夕要办多少桌年夜饭") == "桌"
    assert span_rank.kind_noun("有多少人参加") == "人"


def test_a_number_is_read_with_its_unit():
    text = "6名骑手代表参加，书屋藏书6000余册，共计2023年"
    assert span_rank.with_unit(text, (0, 1), len(text)) == (0, 2)
    at = text.index("6000")
    assert text[slice(*span_rank.with_unit(text, (at, at + 4), len(text)))] == "6000余册"
    assert span_rank.with_unit(text, (2, 4), len(text)) == (2, 4)  # not a number


def test_sentence_features_mark_the_chosen_one_and_its_neighbours():
    _, picked, info, _, _ = rows_for("职工书屋有多少书？")
    assert info.shape == (len(picked), len(span_rank.SENTENCE_FEATURES))
    assert info[0, span_rank.SENTENCE_FEATURES.index("sent_chosen")] == 1
    if len(picked) > 1:
        assert info[1:, span_rank.SENTENCE_FEATURES.index("sent_chosen")].sum() == 0


def test_weights_are_plain_versioned_json_naming_known_features():
    data = json.loads(span_rank.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["trained_on"] == "drcd_dev.json"
    assert set(data["weights"]) <= set(span_rank.NAMES.names)
    assert len(set(span_rank.NAMES.names)) == len(span_rank.NAMES.names)


def test_the_scorer_finds_a_count_with_its_unit():
    from qa.span import locate

    home, span = locate("职工书屋藏书有多少册？", TEXT, split_sentences(TEXT)[0], "count")
    assert TEXT[span[0]:span[1]] == "6000余册"


def test_the_scorer_reads_the_sentences_asked_for():
    from qa.span import EXTRA_SENTENCES

    text = "".join(f"第{i}句说的是书屋的第{i}件事。" for i in range(1, 10))
    q = span_rank.make_question("书屋的第三件事是什么？")
    sentences = split_sentences(text)
    picked, info = span_rank.nearby_sentences(q, normalize(text), sentences, sentences[0], EXTRA_SENTENCES)
    assert len(picked) == 1 + EXTRA_SENTENCES == 6
    assert info.shape == (len(picked), len(span_rank.SENTENCE_FEATURES))


def test_sentence_features_weigh_rare_question_words_and_long_runs():
    text = "职工书屋开放了。职工书屋藏书6000余册，由工会管理。书屋在三楼。"
    q = span_rank.make_question("职工书屋藏书有多少册？")
    sentences = split_sentences(text)
    picked, info = span_rank.nearby_sentences(q, normalize(text), sentences, sentences[0], 2)
    col = {name: k for k, name in enumerate(span_rank.SENTENCE_FEATURES)}
    second = picked.index(sentences[1])
    assert info[second, col["sent_run_best"]] == 1 and info[second, col["sent_idf_best"]] == 1
    assert info[0, col["sent_run"]] < 1 and info[0, col["sent_first"]] == 1
    assert info[0, col["sent_chosen*idf_gap"]] < 0  # the chosen sentence holds less of the rare words than another
    assert span_rank._longest_run("职工书屋藏书有多少册", "职工书屋藏书6000余册") == 6
