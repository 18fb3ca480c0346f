"""Tests for qa.span: the short answer inside the answering sentence."""

from __future__ import annotations

import pytest

import numpy as np

from qa.span import agent, align, counted_spans, counts_of, locate, short_answer, typed_spans, winner

DAXING = ("经过“突出重围”“步步为营”“巅峰对决”三个环节的激烈角逐，最终，瀛海镇总工会代表队获得了一等奖，"
          "青云店镇总工会代表队获得了二等奖，采育镇总工会代表队获得了三等奖，同时评选出了优秀组织奖。")
HAIDIAN = "共有596名选手参与竞赛，涵盖了IT、金融、教育等多个行业。经过激烈角逐，此次比赛评出一等奖4名、二等奖8名、三等奖12名"


def answer(question, text, kind=None, focus=()):
    span = short_answer(question, text, (0, len(text)), kind, focus)
    return None if span is None else text[span[0]:span[1]]


def test_the_team_that_won():
    assert answer("大兴区职工知识竞赛谁获得了一等奖？", DAXING, "person") == "瀛海镇总工会代表队"


@pytest.mark.parametrize("focus,team", [("二等奖", "青云店镇总工会代表队"), ("三等奖", "采育镇总工会代表队")])
def test_a_followup_takes_the_clause_of_what_it_adds(focus, team):
    assert answer("大兴知识竞赛谁拿了第一 那" + focus + "呢", DAXING, "person", (focus,)) == team


def test_numbers_with_their_units():
    assert answer("海淀技能大赛有多少人参加", HAIDIAN, "person_count") == "596名"
    assert answer("二等奖有几个", HAIDIAN, "count") == "8名"


def test_alias_questions_take_the_names_after_the_marker():
    text = "十字园蛛（学名：Araneus diadematus），又名园圃蜘蛛、花园十字蛛或园蛛，是园蛛属的一种。"
    assert answer("十字园蛛又叫什么？", text) == "园圃蜘蛛、花园十字蛛或园蛛"


def test_linking_words_tighten_the_span():
    assert answer("《金刀情侠》由谁导演？", "金刀情侠，是佳艺电视的一套古装武侠小说改编电视剧，由徐克导演兼武术指导兼剪接。",
                  "person") == "徐克"


def test_a_typed_question_without_a_fitting_span_gets_none():
    assert answer("大兴知识竞赛奖金多少钱？", DAXING, "money") is None
    assert typed_spans("money", "共发放慰问金300万元") == [(6, 11)]
    assert typed_spans("date", "于2023年10月12日举行")[0] == (1, 12)


def test_align_reports_how_much_of_the_question_matched():
    span, matched = align("谁获得了一等奖", DAXING, (0, len(DAXING)))
    assert DAXING[span[0]:span[1]] == "瀛海镇总工会代表队" and matched >= 6
    assert align("完全无关的问题", DAXING, (0, len(DAXING)))[0] is None


SAMURAI = ("本作以三大故事为主轴，分别是以武田信玄等人为主的《关东三国志》，织田信长等人为主的《战国三杰》。"
           "《战国无双3》（）是由光荣和ω-force开发的战国无双系列的正统第三续作。")


def located(question, text, sentence, kind=None, focus=()):
    home, span = locate(question, text, sentence, kind, focus)
    return home, None if span is None else text[span[0]:span[1]]


def test_locate_keeps_a_full_alignment_and_a_followup_clause():
    assert located("大兴区职工知识竞赛谁获得了一等奖？", DAXING, (0, len(DAXING)), "person")[1] == "瀛海镇总工会代表队"
    assert located("大兴知识竞赛谁拿了第一 那二等奖呢", DAXING, (0, len(DAXING)), "person", ("二等奖",))[1] == \
        "青云店镇总工会代表队"


def test_locate_reads_past_a_wrongly_chosen_sentence():
    first = (0, SAMURAI.index("。") + 1)
    # The rule only reads the chosen sentence, which does not hold the answer.
    assert "光荣" not in answer_in(SAMURAI, first, "《战国无双3》是由哪两个公司合作开发的？")
    home, short = located("《战国无双3》是由哪两个公司合作开发的？", SAMURAI, first)
    assert home == (first[1], len(SAMURAI)) and short.startswith("光荣")


def answer_in(text, sentence, question, kind=None):
    span = short_answer(question, text, sentence, kind)
    return "" if span is None else text[span[0]:span[1]]


def test_expected_f1_pick_follows_the_mass_of_near_spans():
    from qa.span_rank import expected_f1_pick

    spans = [(0, 4), (0, 5), (1, 5), (10, 12)]
    assert expected_f1_pick(spans, np.array([1.0, 1.0, 1.0, 1.5])) in (0, 1, 2)
    assert expected_f1_pick(spans, np.array([0.0, 0.0, 0.0, 5.0])) == 3


def test_the_weights_file_names_only_known_features():
    import json

    from qa.span_rank import NAMES, WEIGHTS_FILE, weights

    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["trained_on"] == "drcd_dev.json"
    assert set(data["weights"]) <= set(NAMES.names)
    assert weights().shape == (len(NAMES.names),) and np.count_nonzero(weights()) > 100


def test_counts_of_finds_the_number_told_of_the_noun_counted():
    text = "大会表彰了2025年度石景山区劳动模范86名、先进集体24个。"
    units = "名人位个家"
    assert [text[a:b] for a, b in counts_of(["劳动模范"], units, text)] == ["86名"]
    assert [text[a:b] for a, b in counts_of(["先进集体"], units, text)][0] == "24个"  # right after it, first
    listed = "来自美团等平台的1860名快递员、外卖送餐员集中加入工会组织，现场发放会员卡200张。"
    assert [listed[a:b] for a, b in counts_of(["外卖"], units, listed)] == ["1860名"]  # in the list after the number
    assert counts_of(["外卖"], "张", listed) == []
    quoted = "建成“骑手之家”17家。"
    assert [quoted[a:b] for a, b in counts_of(["骑手"], units, quoted)] == ["17家"]
    assert counts_of(["骑手"], units, "6名代表，其中骑手居多。") == []  # another clause


def test_winner_is_the_subject_of_winning_the_prize_asked():
    text = ("经过两天的激烈比拼，北京顺航汽车服务有限公司维修技师王建军以总分第一的成绩获得一等奖，北京蓝驰新能源汽车制造有限公司的"
            "李明远、北京和顺汽车技术有限公司的赵一鸣分获二等奖，张晓东等5名选手获得三等奖。")

    def won(prize: str) -> str | None:
        span = winner(text, 0, len(text), [prize])
        return text[span[0]:span[1]] if span else None

    assert won("一等奖") == "王建军"  # the name, not its company and title nor the adverbial
    assert won("二等奖") == "李明远、北京和顺汽车技术有限公司的赵一鸣"  # a list: from the first name on
    assert won("三等奖") == "张晓东"
    teams = "最终，瀛海镇总工会代表队获得了一等奖，青云店镇总工会代表队获得了二等奖，采育镇总工会代表队获得了三等奖。"
    span = winner(teams, 0, len(teams), ["二等奖"])
    assert teams[span[0]:span[1]] == "青云店镇总工会代表队"
    assert winner("双方取得共识。", 0, 7, ["共识"]) is None  # no prize: nothing won
    assert winner("双方取得共识。", 0, 7, ["共识"], awards_only=False) is not None
    total = "雁栖镇总工会代表队以386分获得团体总分第一名，怀柔区教育系统工会代表队和怀北公司工会代表队分获第二名和第三名。"
    span = winner(total, 0, len(total), ["第一名"], totals=True)  # 团体第一 asked: a team's total before the prize
    assert total[span[0]:span[1]] == "雁栖镇总工会代表队"
    assert winner(total, 0, len(total), ["第一名"]) is None  # not asked: who won a race is not the team total
    points = "广州科澜公司运维技师黎浩然以总成绩95.2分获得职工组一等奖；"
    span = winner(points, 0, len(points), ["一等奖"])  # 95.2分获得: points, not 分获 (each won)
    assert "95.2" not in points[span[0]:span[1]] and points[span[0]:span[1]].endswith("黎浩然")


def test_percentages_and_fractions_are_a_typed_answer():
    text = "调查显示，71.3%受访者认为产假不足，逾七成支持延长，约三分之一表示会因此辞职，另有一半人未回答。"
    assert [text[a:b] for a, b in typed_spans("percent", text)] == ["71.3%", "逾七成", "约三分之一", "一半"]


@pytest.mark.parametrize("verb,expected", [
    ("主办", "大兴区总工会"),
    ("协办", "庞各庄镇党委政府"),   # after the other verb of the list
])
def test_the_agent_of_an_organising_verb(verb, expected):
    text = "近日，由大兴区总工会主办、庞各庄镇党委政府协办的知识竞赛决赛举行。"
    found = agent(text, 0, len(text), verb)
    assert found is not None and text[found[0]:found[1]] == expected


def test_the_agent_is_the_whole_list_and_none_without_the_verb():
    text = "由海淀区总工会、海淀区人力资源和社会保障局主办，海淀区科学技术协会、中关村科学城总工会承办的决赛举办。"
    a, b = agent(text, 0, len(text), "主办")
    assert text[a:b] == "海淀区总工会、海淀区人力资源和社会保障局"
    a, b = agent(text, 0, len(text), "承办")
    assert text[a:b] == "海淀区科学技术协会、中关村科学城总工会"
    assert agent(text, 0, len(text), "指导") is None


def test_typed_and_counted_spans_read_traditional_news():
    """A sum, a date or a count written in Traditional characters (3萬元, 10月27號, 326名) is found where the Simplified
    one is, at the offsets of the text as written: a Traditional passage holds the answer a question asks for."""
    text = "冠軍獲得獎金3萬元，10月27號頒獎，共有326名勞工報名。"
    assert [text[a:b] for a, b in typed_spans("money", text)] == ["3萬元"]
    assert [text[a:b] for a, b in typed_spans("date", text)] == ["10月27號"]
    assert [text[a:b] for a, b in counted_spans("名", text)] == ["326名"]


def test_years_of_three_digits_and_of_the_republic_are_dates():
    """845年, 西元337年, 民國16年 tell a year as 1984年 does (a which-year question is answered, not a near miss);
    a decade (300年代) is not one."""
    for text, year in [("會昌滅法於845年爆發", "845年"), ("西元337年開始禁用", "西元337年"), ("民國16年4月起義", "民國16年")]:
        assert year in [text[a:b] for a, b in typed_spans("date", text)], text
    assert typed_spans("date", "他們在300年代") == []


def test_a_rise_is_the_share_or_sum_after_its_verb():
    text = "从明年1月起，公司一线生产职工月工资平均增长6.5%，管理人员平均增长3%，夜班补贴由每班40元提高到60元。"
    found = [text[a:b] for a, b in typed_spans("rise", text)]
    assert found == ["6.5%", "3%", "60元"]
    pay = "公司自2027年1月起為全體會員調薪4%"
    assert [pay[a:b] for a, b in typed_spans("rise", pay)] == ["4%"]


def test_a_duration_is_a_span_of_time_not_a_date():
    def found(text: str) -> list[str]:
        return [text[a:b] for a, b in typed_spans("duration", text)]
    assert found("彭冠宇以1小時14分08秒奪得冠軍") == ["1小時14分08秒"]
    assert found("俄軍應在三個月內撤出，理赔7个工作日到账") == ["三個月", "7个工作日"]
    assert found("新巴82线最长可服务22.5小时") == ["22.5小时"]  # (not 5小时)
    assert found("2025年的比赛在1998年举行") == []  # years of the calendar are dates


def test_a_winner_of_a_group_s_prize_without_the_manner_of_winning():
    text = "經過激烈比拼，廚師梁卓軒以「椒鹽馬介休球」奪得熱菜組金獎。"
    found = winner(text, 0, len(text), ["金奖"])
    assert text[slice(*found)] == "廚師梁卓軒" or text[slice(*found)] == "梁卓軒"
    text = "北京晚晴颐养院护理组长覃秀英以总成绩94.8分获得一等奖"
    assert text[slice(*winner(text, 0, len(text), ["一等奖"]))] == "覃秀英"  # the name, as for 王建军 (94.8分 is points)


def test_a_score_is_two_numbers_with_比_between():
    text = "最终以3比1获胜；9:00:00开赛，比分2:0。"
    assert [text[a:b] for a, b in typed_spans("score", text)] == ["3比1", "2:0"]
