"""Tests for qa.synonyms: the Cilin thesaurus's synonym groups plus the domain groups of qa.lexicon."""

from __future__ import annotations

from qa.synonyms import synonyms, table


def test_cilin_synonym_groups_are_loaded():
    assert len(table()) > 10_000
    assert "职工" in synonyms("员工") and "竞赛" in synonyms("比赛")


def test_domain_groups_link_everyday_words_to_the_news():
    assert "一等奖" in synonyms("冠军") and "二等奖" in synonyms("亚军")


def test_related_but_not_synonymous_words_are_not_linked():
    assert "二等奖" not in synonyms("一等奖")  # same Cilin class ("#"), not synonyms ("=")
    assert "工会" not in synonyms("学生会")


def test_one_character_words_only_get_domain_synonyms():
    assert synonyms("开") == frozenset()  # Cilin's 开 group is loose (开 = 打 = 发 …)
    assert "获胜" in synonyms("赢")
