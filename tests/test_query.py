"""Tests for qa.query: cleaning, history, follow-up detection, answer types, filters."""

from __future__ import annotations

import pytest

from qa.errors import QueryError
from qa.query import (MAX_HISTORY, Filters, Query, Term, asks_who_won, answer_kind_nouns, answer_type, chinese_terms, clean_history,
                      clean_question, count_unit, counted_nouns, focus_words, ordinal_forms, ordinals,
                      unmatched_specifics, normalize_question, is_followup, resolve, asks_own, context_asked, where_action)


def test_clean_question_drops_control_characters_and_cuts():
    assert clean_question("  大兴\x00知识\n竞赛  ") == "大兴 知识 竞赛"
    assert clean_question(None) == ""
    assert len(clean_question("问" * 5000)) == 2000


@pytest.mark.parametrize("history", ["一个字符串", 42, [1, 2], [None], {"q": "x"}])
def test_history_that_is_not_a_list_of_strings_is_refused(history):
    with pytest.raises(QueryError):
        clean_history(history)


def test_history_keeps_the_last_questions_cleaned():
    history = [f"问题{i}" for i in range(20)] + ["  ", "最后\x07一个"]
    kept = clean_history(history)
    assert kept[-1] == "最后 一个" and len(kept) <= MAX_HISTORY and "问题0" not in kept


@pytest.mark.parametrize("question,kind", [
    ("大兴区职工知识竞赛谁获得了一等奖？", "person"),
    ("海淀技能大赛有多少人参加？", "person_count"),
    ("自来水集团开了几次座谈会？", "count"),
    ("奖金是多少？", "money"),
    ("骑手入会要交多少会费？", "money"),                 # a fee is a sum too
    ("有百分之几的女职工认为产假不足？", "percent"),
    ("what percentage of working women think so?", "percent"),
    ("how much is the membership fee?", "money"),
    ("博览会是哪一天开幕的？", "date"),
    ("决赛什么时候举行？", "when"),
    ("决赛在哪里举行？", "place"),
    ("他今年多大了？", "age"),
    ("知识竞赛以什么为契机？", None),
    ("what was the total amount of award money?", "money"),
    ("what was peng guanyu's finishing time?", "duration"),
    ("what are the shower room hours?", "time"),
    ("她可以拿到多少？", "money"),                       # what one gets, nothing after 多少: a sum
    ("最高能补多少", "money"),
    ("他拿到多少票", "count"),                           # ... not votes
])
def test_answer_types(question, kind):
    assert answer_type(question) == kind


@pytest.mark.parametrize("text,names_topic,expected", [
    ("那二等奖呢？", False, True),
    ("它在哪里举办？", False, True),
    ("what about haidian?", True, True),
    ("三等奖呢", False, True),
    ("朝阳区产改博览会在哪里举办？", True, False),
    ("How many units do the water group's contracts cover?", True, False),
    ("海淀那个比赛谁主办的？", True, False),   # names its own topic, asks its own question: 那个 is no reference back
    ("他是哪个单位的？", True, True),          # a person pronoun still leans on the conversation
    ("那海淀呢？", True, True),
    ("how much prize money did the champion get?", False, True),   # English naming nothing of its own, 8 words
    ("which companies took part in the electric vehicle repair skills contest?", False, False),  # long: its own
])
def test_followup_detection(text, names_topic, expected):
    assert is_followup(text, names_topic) is expected


def test_resolve_reads_a_followup_with_the_question_it_follows():
    def names(q):
        return "大兴" in q or "朝阳" in q

    merged, context = resolve("那二等奖呢？", ["大兴知识竞赛谁拿了第一？"], names)
    assert context == "大兴知识竞赛谁拿了第一？" and merged.endswith("那二等奖呢？")
    # chained follow-ups lean on the first question that named the topic
    merged, context = resolve("三等奖呢？", ["大兴知识竞赛谁拿了第一？", "那二等奖呢？"], names)
    assert "大兴" in merged and "二等奖" in merged
    # a question that stands alone ignores the conversation
    merged, context = resolve("朝阳区产改博览会在哪里举办？", ["大兴知识竞赛谁拿了第一？"], names)
    assert context is None and merged == "朝阳区产改博览会在哪里举办？"


def test_a_chain_of_followups_keeps_its_first_question_and_latest_step():
    history = ["大兴知识竞赛谁拿了第一？", "那二等奖呢？", "三等奖呢？", "复赛呢？"]
    merged, context = resolve("初赛呢？", history, lambda q: "大兴" in q)
    assert context == "大兴知识竞赛谁拿了第一？ 复赛呢？" and "二等奖" not in merged and merged.endswith("初赛呢？")


def test_a_followup_with_a_question_word_of_its_own_asks_its_own_thing():
    assert asks_own("在哪办的?") and asks_own("who is he?") and asks_own("都是干哪行的")
    assert not asks_own("那二等奖呢?") and not asks_own("what about haidian?") and not asks_own("先进集体呢?")


def test_what_the_context_asked_is_told_apart_from_its_topic():
    """在哪办的 after 大兴知识竞赛谁拿了第一: the quiz is the topic, who came first was the earlier question's."""
    assert context_asked("大兴知识竞赛谁拿了第一?", "在哪办的?") == ("谁拿了第一", [])
    assert context_asked("大兴知识竞赛谁拿了第一?", "那二等奖呢?") == ("", [])   # asks nothing of its own
    assert context_asked("谁获得了一等奖?", "在哪办的?") == ("", [])              # nothing before its question word
    assert "海淀" in context_asked("知识竞赛谁在海淀拿了第一?", "什么时候办的?")[1]  # a place said there stays a name


def test_chat_phrases_around_a_question_are_dropped():
    assert normalize_question("换个话题，中铁保理公司建了哪些设施？") == "中铁保理公司建了哪些设施?"
    assert normalize_question("你好，决赛在哪里举行？谢谢啦") == "决赛在哪里举行?"
    assert normalize_question("谢谢") == "谢谢"  # nothing else: kept as said


def test_synonyms_search_for_words_the_news_does_not_use():
    known = {"一等奖", "职工", "知识竞赛", "大兴"}.__contains__
    tokens, terms = chinese_terms("大兴知识竞赛冠军是谁", known, lambda w: frozenset({"一等奖"}) if w == "冠军" else frozenset())
    assert "一等奖" in tokens
    champion = next(t for t in terms if t.token == "冠军")
    assert champion.alternatives == ("一等奖",)
    assert next(t for t in terms if t.token == "#冠军").alternatives == ("一等奖",)


def test_focus_and_kind_nouns():
    assert focus_words("自来水集团工会主席叫什么名字") == ["工会主席"]
    assert focus_words("朝阳区总工会主席是谁") == ["主席"]
    assert "设施" in answer_kind_nouns("公司建了哪些设施")


def test_filters_parse_and_admit():
    f = Filters.parse({"since": "2025-01-01", "until": "2025-12-31", "source": "劳动午报"})
    assert f.admits("a#1", "2025-03-04", "劳动午报", "news.jsonl")
    assert not f.admits("a#1", "2024-12-31", "劳动午报", "news.jsonl")
    assert not f.admits("a#1", "2025-03-04", "工人日报", "news.jsonl")
    assert not f.admits("a#1", None, "劳动午报", "news.jsonl")  # no date: a date filter cannot admit it
    assert Filters.parse({}) is None and Filters.parse(None) is None
    assert Filters.parse({"since": "2025", "until": "2025-02"}).admits("a", "2025-02-28", None, "x")
    assert Filters.parse({"source": "seeds/000"}).admits("x", None, None, "seeds/000_31f1b2df397274cc.txt")


@pytest.mark.parametrize("bad", [{"since": "yesterday"}, {"until": "2025/01/01"}, {"colour": "red"}, "2025",
                                 {"since": "2025-13-01"}, {"until": "2025-02-30"},
                                 {"since": "2025-05-01", "until": "2025-01-01"}, {"source": 5}])
def test_bad_filters_are_refused_in_one_line(bad):
    with pytest.raises(QueryError) as info:
        Filters.parse(bad)
    assert "\n" not in str(info.value)


def test_where_action_is_the_thing_whose_place_is_asked():
    assert where_action("北京市总工会在哪里办公？") == "办公"
    assert where_action("决赛在哪里举行？") == "举行"
    assert where_action("朱元璋以何处作为根据地") is None  # a light verb
    assert where_action("苏联时代的国旗在哪里比较流行？") is None  # an adverb first
    assert where_action("他来自哪里？") is None


UNITS = {"公司": "家", "单位": "个", "队伍": "个支条", "劳模": ""}


@pytest.mark.parametrize("question,terms,units", [
    ("自来水集团一共签了几份集体合同", [], "份"),          # named
    ("多少个公司参加了", [], "家"),                        # 个 + the noun's measure word
    ("西城要看多少家困难户", [], "家户"),                  # named, and the noun's own last character
    ("几支队伍进了决赛", [], "支条"),                      # named, and the others the noun takes
    ("一共评了多少个活动", [], None),                      # 个, and a noun without a measure word
    ("how many companies took part?", [Term("company", ("公司",))], "家"),
    ("how many were there?", [Term("company", ("公司",))], None),
    ("how many model worker innovation studios are there?",  # the plural head, not the first noun, is counted
     [Term("model worker", ("劳模",)), Term("studio", ("工作室",))], None),
    ("how many riders joined?", [Term("rider", ("骑手",)), Term("join", ("加入",))], "名人位"),
    ("石景山今年评了多少个劳模", [], "名人位"),                 # a noun that names people: counted in 名
    ("大兴知识竞赛谁拿了第一", [], None),                  # not a count
    ("自来水集团覆盖多少家单位", [], "家"),                 # 单位 ends in 位 and counts no people
    ("电子书屋有多少本电子书", [], "本册部"),              # and the measure words that count the same (本 = 册)
])
def test_count_unit_is_the_measure_word_asked_in(question, terms, units):
    assert count_unit(question, terms, lambda w: UNITS.get(w, "")) == units


@pytest.mark.parametrize("question,terms,counted", [
    ("石景山今年评了多少个劳模", [], ["劳模", "劳动模范"]),         # with its synonyms
    ("东城多少外卖小哥入会了", [], ["外卖", "小哥"]),              # nouns in a row, up to the verb
    ("书屋里有多少书", [], ["书"]),                               # one character that is no measure word
    ("当场发了几张卡", [], ["卡"]),
    ("山西今年评了多少个省劳模", [], ["劳模", "劳动模范"]),        # a place's level (省) before the noun is no noun
    ("招聘会多少人当场有就业意向", [], []),                        # an adverb after the question word counts nothing
    ("大兴知识竞赛谁拿了第一", [], []),                            # not a count
    ("how many companies sent contestants?",                     # the first plural, not a later one
     [Term("company", ("公司",)), Term("contestant", ("选手",))], ["公司"]),
    ("how many labour and skills competitions did they run?",    # plurals in a row: the last is the head
     [Term("skill", ("技能",)), Term("competition", ("竞赛",))], ["竞赛"]),
])
def test_counted_nouns_are_what_a_count_question_counts(question, terms, counted):
    assert counted_nouns(question, terms) == counted


def test_phone_questions_have_their_own_answer_type():
    assert answer_type("石景山区总工会的联系电话是多少？") == "phone"
    assert answer_type("what is the union's hotline?") == "phone"
    assert answer_type("石景山区评了多少劳模？") == "count"


def test_the_focus_keeps_a_deputy_title_whole():
    assert focus_words("朝阳区委副书记是谁？") == ["副书记"]
    assert focus_words("工会主席是谁？") == ["工会主席"] and focus_words("工会副主席是谁？") == ["副主席"]


def test_a_cross_word_bigram_the_news_never_holds_is_not_a_term():
    known = {"大兴", "知识竞赛", "#大兴", "#知识", "#竞赛"}.__contains__
    _, terms = chinese_terms("大兴那个知识竞赛谁拿了第一", known, lambda w: frozenset())
    tokens = {t.token for t in terms}
    assert {"#兴那", "#个知", "#了第"}.isdisjoint(tokens) and {"大兴", "#大兴", "#第一"} <= tokens


def test_a_followups_own_words_weigh_more_than_its_context(seed_qa):
    from qa.query import FOLLOWUP_FOCUS

    alone = {t.token: t.weight for t in seed_qa._analyze("大兴区职工知识竞赛谁获得了一等奖？ 二等奖呢？", []).terms}
    followup = {t.token: t.weight for t in seed_qa._analyze("二等奖呢？", ["大兴区职工知识竞赛谁获得了一等奖？"]).terms}
    assert followup["二等奖"] == pytest.approx(FOLLOWUP_FOCUS * alone["二等奖"])
    assert followup["知识竞赛"] == pytest.approx(alone["知识竞赛"])


def test_cantonese_is_read_as_the_mandarin_of_the_news():
    assert normalize_question("工聯會呢個調查係用咩方式做嘅？") == "工联会这个调查是用什么方式做的?"
    assert normalize_question("邊個係工聯會會長？") == "谁是工联会会长?"
    assert normalize_question("這個體系係咩") == "这个体系是什么"  # 系 of 体系 stays
    assert normalize_question("熱線號碼係幾多") == "热线号码是多少"  # 係幾多 whole, not 係幾 + 多
    assert normalize_question("標準工時係幾多個鐘？") == "标准工时是多少小时?"
    assert normalize_question("晶宇工會邊個做理事長？") == "晶宇工会谁做理事长?"  # 边个 before a verb: who
    assert normalize_question("邊個區最多人？") == "哪个区最多人?"  # before a noun: which


def test_ordinals_read_chinese_numerals_and_first():
    assert ordinals("首批200名职工入住，第二批下月，第十二届运动会，第3期培训") == {
        ("1", "批"), ("2", "批"), ("12", "届"), ("3", "期")}
    assert ordinals("他第一次来到这里") == set()  # 第一次 is mostly "the first time": no series


@pytest.mark.parametrize("question,article,missing", [
    ("2022年朝阳产改博览会有多少人参观？", "2023年朝阳区产改博览会举行", ["<2022>"]),  # before every year told
    ("1950年东德鼓励什么艺术？", "1945年至1990年东德……", []),                    # inside the years told
    ("2025年西城送温暖筹了多少钱？", "西城区总工会启动送温暖活动", []),             # no year told: cannot say
    ("延庆基地第二批职工什么时候入住？", "首批200名一线职工入住", ["<第2批>"]),
    ("延庆基地第一批职工什么时候入住？", "首批200名一线职工入住", []),
    ("东城入会的女骑手有多少", "6名骑手代表与平台沟通", ["<女骑手>"]),
    ("自来水集团有多少女职工", "覆盖女职工2000余人", []),
    ("李昆的处女作是哪一部？", "李昆的处女作是电影《作品》", []),               # no person noun after 女
    ("怀柔下一届职工运动会在哪办", "怀柔区第六届职工运动会闭幕", ["<next>"]),      # the next one, never told
    ("下一届在哪办", "下一届运动会将于2027年在雁栖镇举行", []),
])
def test_what_a_question_pins_and_the_article_lacks(question, article, missing):
    assert unmatched_specifics(question, article) == missing


def test_the_article_date_counts_as_a_year_told():
    assert unmatched_specifics("2024年的活动有多少人？", "活动举行", "2025-04-27") == ["<2024>"]


def test_ordinal_forms_are_how_the_news_may_write_them():
    assert ordinal_forms("第一批住了多少人") == ["第一批", "第1批", "首批"]
    assert ordinal_forms("第十二届有几支队") == ["第十二届", "第12届"]


def test_what_is_counted_may_follow_a_copula():
    counted = counted_nouns("劳模里面有几位是一线职工", [])
    assert {"一线", "职工"} <= set(counted) and "是" not in counted


def test_what_is_counted_may_come_before_the_question_word():
    assert counted_nouns("海淀数字经济竞赛一等奖有几个", [])[0] == "一等奖"
    assert counted_nouns("书屋里有多少书", []) == ["书"]  # a thing after it comes first
    assert counted_nouns("海淀那比赛拿一等的有几个人？", [])[0] == "一等"  # 人 is a measure of people, not a thing


def test_who_won_is_asked_by_who_or_by_a_bare_prize():
    def query(own: str, context: str | None = None) -> Query:
        return Query(asked=own, text=own, search_text=own, chinese=True, own=own, context=context,
                     followup=context is not None)

    assert asks_who_won(query("大兴知识竞赛二等奖是谁"))
    assert asks_who_won(query("大兴知识竞赛二等奖"))  # bare
    assert not asks_who_won(query("大兴知识竞赛二等奖"), bare_alone=False)
    assert asks_who_won(query("那二等奖呢？", "大兴知识竞赛谁拿了第一？"))
    assert asks_who_won(query("what about the second prize?", "Who won first prize?"))
    assert not asks_who_won(query("在哪办的？", "大兴知识竞赛谁拿了第一？"))  # asks where now


def test_everyday_question_words_read_as_written_ones():
    """啥地方 is 什么地方 (a place is asked), 咋 is 怎么; a sum asked of 工资 is not a span of days."""
    assert normalize_question("表彰会是在啥地方开的") == "表彰会是在什么地方开的"
    assert answer_type(normalize_question("表彰会是在啥地方开的")) == "place"
    assert normalize_question("咋入会") == "怎么入会"
    assert answer_type("丰台工会帮工人要工资前后用了几天") == "count"
    assert answer_type("工人的工资一共有多少") == "money"


def test_the_head_of_a_counted_phrase_says_it_counts_people():
    """多少快递外卖小哥: the phrase ends with a person (小哥), so the count is told in 名, not in 年."""
    terms = [Term(token=t) for t in ("快递", "外卖", "小哥")]
    text = "东城一下子有多少快递外卖小哥进了工会"
    assert "小哥" in counted_nouns(text, terms)
    unit = count_unit(text, terms, lambda word: "")
    assert unit is not None and "名" in unit and "年" not in unit


@pytest.mark.parametrize("question", [
    "how much unpaid wages did the fengtai construction workers get back?",
    "what's the maximum payout for a rider's accident?",
    "how much did the fangshan union give each studio?",
])
def test_english_money_questions(question):
    """A sum asked in English without the word money (how much wages, how much did they give, the maximum payout)."""
    assert answer_type(question) == "money"


def test_english_how_much_of_a_non_sum_is_not_money():
    assert answer_type("how much time does it take?") == "count"


@pytest.mark.parametrize("question,kind", [
    ("骑手安心保保费总共多少", "money"),   # a fee (保费, 会费, 学费) asked is a sum
    ("高雄加薪幾趴", "percent"),           # Taiwanese 幾趴: what percentage
    ("消费多少次", "count"),               # … but how many times is a count
])
def test_fees_and_percent_slang(question, kind):
    from qa.tokenization import normalize

    assert answer_type(normalize(question)) == kind


def test_a_rise_is_asked_before_a_sum_or_a_count():
    assert answer_type("一线工人工资涨多少") == "rise"
    assert answer_type("会员加薪多少?") == "rise"
    assert answer_type("经费增加了多少人") != "rise"  # a count of people


def test_an_english_rate_asks_for_a_percentage():
    assert answer_type(normalize_question("What is the success rate of the Langfang mediation centre?")) == "percent"
    assert answer_type(normalize_question("What's the pass rate at the studios?")) == "percent"


@pytest.mark.parametrize("question", ["他跑了多久?", "理赔多久到账", "女子组冠军用了几耐?", "what was gao yuhang's time?"])
def test_how_long_asks_for_a_duration(question):
    assert answer_type(question) == "duration"


def test_cantonese_who_after_a_prize_asks_who_won():
    from qa.lexicon import WHO_QUESTION
    assert WHO_QUESTION.search(normalize_question("熱菜組金獎係邊個？"))
    assert WHO_QUESTION.search(normalize_question("銅獎係邊個攞？"))
    assert not WHO_QUESTION.search(normalize_question("是哪个奖？"))


@pytest.mark.parametrize("question,kind", [
    ("决赛比分是多少", "score"), ("他多大", "age"), ("她今年多大?", "age"),
    ("技能津贴一个月多少", "money"), ("每家工作室给了多少资助", "money"),
])
def test_everyday_wordings_of_a_score_an_age_and_a_sum(question, kind):
    assert answer_type(normalize_question(question)) == kind


@pytest.mark.parametrize("question,yes_no", [
    ("还能补报吗", True), ("破纪录了没有", True), ("驿站能免费喝绿豆汤不", True), ("要不要交钱", True),
    ("is it open 24 hours?", True),  # (questions are read lower-cased)
    ("专项协议是什么？", False),  # 什么 ends in 么: no yes-or-no question
    ("这是怎么？", False), ("大兴谁拿了第一", False),
])
def test_yes_or_no_questions(question, yes_no):
    from qa.lexicon import YES_NO_QUESTION

    assert bool(YES_NO_QUESTION.search(question)) is yes_no


def test_how_old_asks_an_age_not_a_value_before_its_change():
    from qa.lexicon import PAST_QUESTION

    assert not PAST_QUESTION.search("how old is shao guodong, the national model worker?")
    assert PAST_QUESTION.search("what was the old fee?") and PAST_QUESTION.search("去年是多少")
