"""Tests for qa.messages: the not-found message in the question's script."""

from __future__ import annotations

import pytest

from qa.messages import not_found, script_of


@pytest.mark.parametrize("question, script", [("大兴知识竞赛谁拿了第一", "zh-Hans"), ("大興區知識競賽邊個攞咗一等獎？", "zh-Hant"),
                                              ("who won the Daxing quiz?", "en"), ("Ｗｈｏ won？", "en"),
                                              ("Daxing 知识竞赛 who won", "zh-Hans"), ("", "en")])
def test_script_of_tells_simplified_traditional_and_english(question: str, script: str) -> None:
    assert script_of(question) == script


def test_not_found_leads_with_the_questions_script_and_says_the_other_language_after() -> None:
    assert not_found("北京市总工会主席是谁") == "新闻中没有找到这个问题的答案；以下是相关段落。The news does not answer this; related passages below."
    assert not_found("北京市總工會主席係邊個？").startswith("新聞中沒有找到這個問題的答案；以下是相關段落。The news")
    assert not_found("Who chairs the Beijing union?", related=False) == \
        "The news does not answer this. 新闻中没有找到这个问题的答案。"
