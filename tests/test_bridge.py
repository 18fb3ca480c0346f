"""Tests for qa.bridge: ordinary English words read as the news's Chinese words through CC-CEDICT."""

from __future__ import annotations

from qa.bridge import bridge, dictionary, english_terms, lemma


def test_lemmas():
    assert [lemma(w) for w in ["contracts", "won", "competitions", "organized", "companies", "units"]] == \
        ["contract", "win", "competition", "organize", "company", "unit"]


def test_english_terms_drop_question_and_function_words():
    assert english_terms("Who won the Daxing quiz?") == ["win", "daxing", "quiz"]


def test_the_dictionary_knows_common_words_and_phrases():
    table = dictionary()
    assert "冠军" in table["champion"] and "合同" in table["contract"] and "工会" in table["trade union"]
    assert "一等奖" in table["first prize"]


def test_the_bridge_keeps_what_the_news_uses_and_reports_what_it_never_does():
    news = {"合同", "集体合同", "工会", "职工", "获得", "覆盖"}
    concepts = dict(bridge("How many workers do the trade union's contracts cover in chess clubs?", news.__contains__))
    assert concepts["trade union"] == ["工会"]
    assert "合同" in concepts["contract"] and "职工" in concepts["worker"]
    assert concepts["chess"] == []  # translatable, but the news never says it: the news is about something else
    assert all(len(w) >= 2 for words in concepts.values() for w in words)


def test_a_sense_the_news_lacks_reaches_it_through_a_synonym():
    concepts = dict(bridge("Who won?", {"获得"}.__contains__))
    assert concepts["win"] == ["获得"]  # win -> 获胜 (not in the news) -> its synonym 获得


def test_an_agent_noun_is_its_verb_with_an_agent_suffix_the_news_uses():
    from qa.bridge import bridge

    news = {"骑手", "加入"}
    assert ("rider", ["骑手"]) in bridge("How many riders joined?", news.__contains__)


def test_prize_ranks_in_english_are_the_news_s_prize_ranks():
    from qa.bridge import bridge

    news = {"三等奖", "获得"}
    assert ("third prize", ["三等奖"]) in bridge("Which team won third prize?", news.__contains__)
