"""Tests for qa.bridge: ordinary English words read as the news's Chinese words through CC-CEDICT."""

from __future__ import annotations

from qa.bridge import bridge, common_word, dictionary, english_terms, lemma, proper_name


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


def test_question_phrases_are_no_concepts():
    assert english_terms("How long has nurse Wang worked there?") == ["nurse", "wang", "work"]
    assert english_terms("What is the name of the reading corner?") == ["read", "corner"]
    assert english_terms("what's the title of the book?") == ["book"]


def test_a_cut_silent_e_finds_the_base_word():
    news = {"完成", "鼓励"}
    concepts = dict(bridge("Which projects were completed and encouraged?", news.__contains__))
    assert "完成" in concepts["complet"] and "鼓励" in concepts["encourag"]


def test_the_news_sense_of_a_domain_word_replaces_the_dictionary():
    news = {"知识竞赛", "一等奖", "以前"}
    concepts = dict(bridge("Who came first in the quiz?", news.__contains__))
    assert concepts["come first"] == ["一等奖"] and concepts["quiz"] == ["知识竞赛"]


def test_senses_of_equal_rank_are_ordered_by_how_often_the_news_uses_them():
    news = {"争夺": 1, "角逐": 1, "较量": 40, "对决": 1, "比拼": 1}  # all whole senses of "contest"
    concepts = dict(bridge("contest", news.__contains__, lambda words: [news[w] for w in words]))
    assert concepts["contest"][0] == "较量"
    assert dict(bridge("contest", news.__contains__))["contest"][0] != "较量"  # without counts: by length, then code


def test_an_agent_noun_without_its_own_word_is_read_through_its_verb():
    concepts = dict(bridge("Who is the welder?", {"焊接"}.__contains__))
    assert concepts["welder"] == ["焊接"]


def test_a_phrasal_verb_is_one_concept():
    assert english_terms("How many people took part in the contest?") == ["take part", "contest"]
    assert english_terms("When did it take place?") == ["take place"]
    assert english_terms("Who came first in the quiz?") == ["come", "first", "quiz"]  # no "first in"
    concepts = dict(bridge("How many people took part?", {"参加", "部分"}.__contains__))
    assert concepts["take part"] == ["参加"] and "part" not in concepts


def test_the_news_senses_of_union_words_replace_the_dictionarys():
    """union is 工会 here (CC-CEDICT's first sense is 联盟); the union programmes have the news's own names."""
    news = {"工会", "联盟", "维修", "修理", "评委", "举行", "骑手之家", "妈咪小屋", "欠薪"}.__contains__
    concepts = dict(bridge("How many mommy rooms and rider homes did the union repair?", news))
    assert concepts["union"] == ["工会"] and "维修" in concepts["repair"]
    assert concepts["mommy room"] == ["妈咪小屋"] and concepts["rider home"] == ["骑手之家"]
    assert dict(bridge("Where did the final take place?", news))["take place"] == ["举行"]


def test_places_known_by_other_romanizations():
    """Kaohsiung, Taichung, Kowloon are not Hanyu Pinyin: CC-CEDICT's sense that opens with the name and says what
    it is (Kaohsiung or Gaoxiong city in south Taiwan) bridges them; a name opening another kind of sense (Beijing
    opera) does not."""
    table = dictionary()
    assert "高雄" in table["kaohsiung"] and "台中" in table["taichung"] and "九龙" in table["kowloon"]
    assert "京剧" not in table.get("beijing", {})


def test_the_dictionary_tells_names_from_common_words_by_their_capitals():
    assert common_word("欢庆") and common_word("中央政府") and not proper_name("欢庆")
    assert proper_name("上海") and proper_name("东城区") and not common_word("上海")
    assert not common_word("瀛海镇总工会代表队") and not proper_name("瀛海镇总工会代表队")  # unknown: neither


def test_a_union_s_president_is_its_chair_in_every_region():
    found = dict(bridge("Who is the president of the union?", lambda w: w in {"主席", "理事长", "会长", "工会"}))
    assert set(found["president"]) == {"主席", "理事长", "会长"}
