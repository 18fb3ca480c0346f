"""Tests for qa.tokenization: union vocabulary, question words, unseen names."""

from __future__ import annotations

from qa.tokenization import (readable, salient_terms, STOPWORDS, bigrams, is_common_word, is_local_place, is_person_name,
                             mentions, names_person_with, people_named, tokenize,
                             tokenize_query, words)


def test_union_vocabulary_stays_whole():
    tokens = words("朝阳区产改评价体系和集体合同签订率")
    assert "产改" in tokens and "集体合同" in tokens and "签订率" in tokens


def test_question_words_are_dropped_from_queries():
    tokens = tokenize_query("大兴区职工知识竞赛谁获得了一等奖？")
    assert "谁" not in tokens and "#赛谁" not in tokens and "#谁获" not in tokens
    assert "一等奖" in tokens and "#获得" in tokens


def test_unseen_names_survive_as_bigrams():
    assert "#瀛海" in tokenize("瀛海镇总工会代表队")


def test_full_width_and_case_are_normalized():
    assert "abc" in tokenize("ＡＢＣ工会") and "2023" in tokenize("２０２３年")


def test_english_words_are_tokens():
    assert tokenize_query("Who won the Daxing quiz?") == ["won", "daxing", "quiz"]


def test_tokenize_is_words_then_bigrams():
    """tokenize() does in one pass what words() and bigrams() do in two."""
    for text in ["最终，瀛海镇总工会代表队获得了一等奖。", "ＡＢＣ 12.5% 的 Daxing 区", "谁", "工", "", "the 工会 of 2023年"]:
        expected = [w for w in words(text) if w not in STOPWORDS] + ["#" + b for b in bigrams(text) if b not in STOPWORDS]
        assert tokenize(text) == expected


def test_jieba_rs_keeps_unseen_names_with_hmm():
    """HMM on: a name in no dictionary still comes out whole (王敬东), as Python jieba gave it."""
    assert "王敬东" in words("区总工会常务副主席王敬东出席活动")


def test_local_places_are_districts_counties_and_towns():
    assert is_local_place("朝阳区") and is_local_place("瀛海镇") and is_local_place("西城街道")
    assert not is_local_place("北京市") and not is_local_place("社区") and not is_local_place("区")


def test_common_words_and_the_strings_the_tagger_makes_up():
    assert is_common_word("篮球赛", 10) and is_common_word("预订电话", 10)  # a word; two words
    assert not is_common_word("布符贴", 10) and not is_common_word("气会", 10)  # 布符 + 贴, 气 + 会


def test_a_role_counts_as_named_only_with_a_person_in_its_clause():
    assert names_person_with("海淀区人大常委会副主任，区总工会主席李卫华与选手交流。", "主席")
    assert names_person_with("朝阳区总工会常务副主席、区产改办公室主任姬文革出席。", "常务副主席")  # 姬: a surname
    assert not names_person_with("该集团12家分公司、子公司工会主席、女工干部参加。", "主席")
    assert not names_person_with("大兴区总工会相关负责人介绍，近年来成绩显著。", "负责人")
    assert not names_person_with("区总工会主席李卫华出席。", "书记")


def test_a_name_before_a_union_of_a_district_is_that_district():
    names, _ = salient_terms("顺义区总工会主席是谁？")
    assert "顺义区" in names


def test_a_deputy_is_not_the_role_asked_about():
    assert not names_person_with("顺义区总工会副主席吴振华介绍", "主席")
    assert names_person_with("顺义区总工会副主席吴振华介绍", "副主席")
    assert names_person_with("区总工会主席李卫华出席", "主席")


def test_person_names_are_told_from_other_short_answers():
    assert all(is_person_name(w) for w in ["刘海峰", "孙蕾", "何静", "韦斯·昂塞尔德"])
    assert not any(is_person_name(w) for w in ["练兵", "区总工会", "瀛海镇总工会代表队", "一等奖"])


def test_a_demonstrative_points_and_names_nothing():
    names, nouns = salient_terms("朝阳出的那本书多少字")
    assert "那本书" not in names and "那本书" not in nouns


def test_a_surname_that_is_also_a_preposition_joins_the_given_name_after_it():
    assert "于海涛" in people_named("个人奖项方面,于海涛以11个进球获得男子组最佳射手。") and is_person_name("于海涛")
    assert people_named("决赛于3月1日举行。") == ()  # 于 before a date: a preposition


def test_a_how_much_word_joined_to_its_noun_is_no_name_nor_noun():
    names, nouns = salient_terms("彭冠宇半马跑了多长时间")
    assert "多长时间" not in names + nouns and "彭冠宇" in names


def test_a_question_word_with_its_unit_is_no_query_term():
    """多少钱, 几天 never occur in the news, and the unit after 多少 (多少名工人) is not part of what is asked about."""
    assert tokenize_query("刘海峰帮公司省了多少钱") == tokenize_query("刘海峰帮公司省了")
    tokens = tokenize_query("前后用了几天")
    assert "几天" not in tokens and "#天" not in tokens and "#用了" in tokens
    assert tokenize_query("多少名工人") == ["工人", "#工人"]


def test_a_district_is_not_its_neighbour():
    """西城区 does not mention 东城区 (a glued first character is forgiven for other names, not for districts)."""
    assert not mentions("西城区总工会启动送温暖活动", "东城区")
    assert mentions("西城区总工会启动送温暖活动", "西城")
    assert mentions("潘淑是一位作家", "潘淑是")  # the tagger glued 是 to the name


def test_readable_keeps_offsets():
    """Traditional text reads as Simplified character for character; a text whose normalizing changes its length
    (㎡ -> m2) stays as written, so a span found in the reading is a span of the text."""
    assert readable("追回欠薪共210萬元") == "追回欠薪共210万元"
    assert readable("面積120㎡") == "面積120㎡"


def test_a_word_the_dictionary_knows_only_as_common_is_no_name():
    """jieba's tagger calls 欢庆 a place and 令人 a person; CC-CEDICT writes their pinyin in lower case: they are
    ordinary words, which a passage may say otherwise, not names it must contain. 上海 stays a name."""
    names, nouns = salient_terms("在哪一年武漢大學歡慶百年校慶?")
    assert "欢庆" not in names and "欢庆" in nouns
    names, _ = salient_terms("明朝使用何種制度令人世代守護北疆?")
    assert "令人" not in names
    names, _ = salient_terms("上海市总工会主席是谁")
    assert any(n.startswith("上海") for n in names)


def test_a_question_word_joined_to_its_noun_is_no_name():
    names, nouns = salient_terms("清初增為內地十八省，後增為幾省?")
    assert not any("几" in n for n in names + nouns)
    names, _ = salient_terms("当时蒙古归谁管辖?")
    assert not any("谁" in n for n in names)
    names, _ = salient_terms("几内亚在哪里?")  # a name with 几 in it that the dictionary knows
    assert "几内亚" in names
