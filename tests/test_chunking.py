"""Tests for qa.chunking: sentences, windows with overlap, citations, stable ids."""

from __future__ import annotations

from qa.chunking import chunk_articles, split_sentences, window_spans
from qa.segment import Article


def test_sentences_end_at_chinese_punctuation_with_closing_quotes():
    text = "他说：“好。”然后走了！真的吗？是的"
    assert [text[s:e] for s, e in split_sentences(text)] == ["他说：“好。”", "然后走了！", "真的吗？", "是的"]


def test_short_paragraph_is_one_passage():
    assert window_spans("短段落。", max_chars=50) == [(0, 4)]


def test_long_paragraph_windows_overlap_by_one_sentence():
    sentence = "这是一个有二十个字符的句子而且结尾有句号。"
    text = sentence * 10
    spans = window_spans(text, max_chars=3 * len(sentence), overlap=1)
    assert len(spans) > 1
    assert all(e - s <= 3 * len(sentence) for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert s2 < e1  # overlap
        assert text[s2:e1] == sentence


def test_a_sentence_longer_than_the_limit_is_cut():
    text = "字" * 100
    spans = window_spans(text, max_chars=30)
    assert "".join(text[s:e] for s, e in spans).startswith("字" * 30) and spans[-1][1] == 100


def test_passages_carry_their_citation():
    article = Article(article_id="p#4", title="大兴区职工知识竞赛决赛开赛", paragraphs=["第一段。", "最终，瀛海镇获得了一等奖。"],
                      source="seeds/p.txt")
    first, second = chunk_articles([article])
    assert second.paragraph == 2 and second.article_id == "p#4" and second.source == "seeds/p.txt"
    assert second.citation == "《大兴区职工知识竞赛决赛开赛》 第2段 · seeds/p.txt"
    assert second.context_text.startswith("大兴区职工知识竞赛决赛开赛\n")
    assert (second.start, second.end) == (0, len("最终，瀛海镇获得了一等奖。"))
    assert first.pid != second.pid and first.content_hash != second.content_hash


def test_ids_are_stable_across_runs():
    article = Article(article_id="a", title="t", paragraphs=["一。", "二。"], source="s")
    assert [p.pid for p in chunk_articles([article])] == [p.pid for p in chunk_articles([article])]
    assert all(0 <= p.pid < 2**63 for p in chunk_articles([article]))
