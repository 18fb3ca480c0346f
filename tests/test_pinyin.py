"""Tests for qa.pinyin: romanized readings, the map built from the news's words, and the bridge for English."""

from __future__ import annotations

from itertools import islice, product

import pytest
from pypinyin import Style, pinyin

from qa.pinyin import bridge, build_map, is_pinyin, romanize


@pytest.mark.parametrize("word", ["朝阳", "朝阳区", "重庆市", "银行行长", "长安街", "瀛海镇", "王敬东", "绿色", "大兴区总工会"])
def test_romanize_reads_as_pypinyin_does(word):
    """The segment cache gives pypinyin's own heteronym readings, in its order."""
    readings = pinyin(word, style=Style.NORMAL, heteronym=True)
    assert romanize(word) == ["".join(c).lower() for c in islice(product(*readings), 8)]


def test_romanize_covers_heteronyms():
    assert {"chaoyang", "zhaoyang"} <= set(romanize("朝阳"))


def test_map_keeps_place_names_with_and_without_suffix():
    mapping = build_map(["大兴区", "瀛海镇", "工会"])
    assert mapping["daxing"] == ["大兴"] and mapping["daxingqu"] == ["大兴区"]
    assert "瀛海" in mapping["yinghai"] and "工会" in mapping["gonghui"]


def test_map_reuses_the_previous_readings():
    """A word already romanized by the last build is not romanized again (its readings are taken as they were)."""
    mapping = build_map(["大兴"], previous={"daxing-old": ["大兴"]})
    assert mapping == {"daxing-old": ["大兴"]}


def test_bridge_joins_capitalized_words_and_reports_unknown_pinyin():
    mapping = build_map(["王敬东", "大兴区"])
    found, missing = bridge("Did Wang Jingdong visit Daxing or Shanghai in China?", mapping)
    assert found == ["王敬东", "大兴"] and missing == ["Shanghai"]


def test_is_pinyin_tells_pinyin_from_english():
    assert is_pinyin("shanghai") and is_pinyin("daxing") and not is_pinyin("france") and not is_pinyin("a")


def test_bridge_prefers_the_place_among_homophones():
    mapping = build_map(["大兴区", "大型", "大姓"])
    found, _ = bridge("Who won the Daxing quiz?", mapping)
    assert set(found) == {"大兴", "大型", "大姓"}
    found, _ = bridge("Who won the Daxing quiz?", mapping, prefer=lambda w: w == "大兴")
    assert found == ["大兴"]


def test_an_english_word_that_is_also_pinyin_is_not_a_name():
    from qa.pinyin import bridge

    found, missing = bridge("Can people visit the Chaoyang expo?", {"chaoyang": ["朝阳"]})
    assert found == ["朝阳"] and missing == []


def test_one_syllable_is_no_romanized_name():
    """A surname alone (Gao, Qin) or an English word read as one-letter syllables (Area = a + re + a) is not a
    Chinese name the news must mention; names of two full syllables or more are (Anhui, Binhai, Ezhou)."""
    assert not any(is_pinyin(w) for w in ["gao", "qin", "area", "wang"])
    assert all(is_pinyin(w) for w in ["anhui", "binhai", "ezhou", "xiuying"])


def test_a_new_area_is_named_without_its_suffix():
    assert build_map(["滨海新区"])["binhai"] == ["滨海"]


def test_a_surname_written_apart_joins_the_given_name_the_news_writes_beside_it():
    mapping = build_map(["秀英", "宇航"])
    beside = {("覃", "秀英"), ("高", "宇航")}
    found, missing = bridge("How old is Qin Xiuying?", mapping, adjoins=lambda c, w: (c, w) in beside)
    assert found == ["覃秀英"] and missing == []
    found, _ = bridge("What was Gao Yuhang's time?", mapping, adjoins=lambda c, w: (c, w) in beside)
    assert found == ["高宇航"]
    found, _ = bridge("How old is Qin Yuhang?", mapping, adjoins=lambda c, w: (c, w) in beside)
    assert found == ["宇航"]  # no 秦宇航 or 覃宇航 in the news: the given name alone


def test_a_common_reading_comes_before_a_rare_one():
    """Taoyuan is 桃园; pypinyin also reads 姚 (yao) as tao, but 姚远 is read yaoyuan first."""
    mapping = build_map(["桃园", "姚远"])
    found, _ = bridge("Where in Taoyuan was the race?", mapping)
    assert found == ["桃园"]
