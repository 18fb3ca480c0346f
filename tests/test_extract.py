"""Answers written in fixed forms: quoted names, and the unit and title before a person's name."""

from __future__ import annotations

import pytest

from qa.extract import apposition, listed, origin, prize_by, prize_of, quoted_name, role_holder

WANG = "近日，北京市总工会党组成员、副主席王敬东出席并讲话。"
MA = "首批入住的北京公交集团第一客运分公司驾驶员马红梅已安全驾驶28年。"
ZHAO = "北京蓝驰新能源汽车制造有限公司的李明远、北京和顺汽车技术有限公司的赵一鸣分获二等奖。"


@pytest.mark.parametrize("text,name,part,expected", [
    (WANG, "王敬东", "all", "北京市总工会党组成员、副主席"),   # a short title after 、 stays with the unit
    (WANG, "王敬东", "unit", "北京市总工会"),
    (WANG, "王敬东", "title", "党组成员、副主席"),
    (MA, "马红梅", "unit", "北京公交集团第一客运分公司"),       # the last organisation word, not 首批入住的
    (MA, "马红梅", "title", "驾驶员"),
    (ZHAO, "赵一鸣", "unit", "北京和顺汽车技术有限公司"),      # X的赵一鸣, not the list before it
    (ZHAO, "赵一鸣", "title", None),                          # a unit alone tells no title
    ("会上，刘海峰代表受表彰者发言。", "刘海峰", "all", None),  # the name opens its clause
])
def test_the_unit_and_title_before_a_name(text, name, part, expected):
    found = apposition(text, 0, len(text), name, part)
    assert (text[found[0]:found[1]] if found else None) == expected


def test_the_quoted_name_next_to_the_thing_asked_about():
    text = "中铁资本保理公司工会打造了“书适圈”读书角，并开展“融e先锋”企业文化建设。"
    for focus, expected in [(["读书角"], "书适圈"), (["企业文化"], "融e先锋"), ([], "书适圈")]:
        a, b = quoted_name(text, 0, len(text), focus, "读书角叫什么")
        assert text[a:b] == expected, focus
    # a name the question itself says is not its answer
    a, b = quoted_name(text, 0, len(text), ["读书角"], "书适圈读书角和什么企业文化")
    assert text[a:b] == "融e先锋"
    assert quoted_name("没有引号的句子。", 0, 8, ["句子"], "") is None


def test_of_near_quoted_names_the_first_is_taken():
    """发布了图书《创新朝阳》，…继…发布《匠心朝阳》之后: both follow 发布 closely; the first is what was published."""
    text = "同时发布了图书《创新朝阳》，这是继2022年博览会发布《匠心朝阳》图书后的第二部。"
    a, b = quoted_name(text, 0, len(text), ["发布"], "发布了什么书")
    assert text[a:b] == "创新朝阳"


def test_the_prize_someone_won():
    text = "最终，瀛海镇总工会代表队获得了一等奖，青云店镇总工会代表队获得了二等奖，采育镇总工会代表队获得了三等奖。"
    for subject, expected in [("采育镇", "三等奖"), ("青云店镇", "二等奖"), ("瀛海镇", "一等奖")]:
        a, b = prize_of(text, 0, len(text), [subject])
        assert text[a:b] == expected, subject
    listed = "北京蓝驰公司的李明远、北京和顺公司的赵一鸣分获二等奖，他荣获“首都劳动奖章”称号。"
    a, b = prize_of(listed, 0, len(listed), ["李明远"])       # a list shares its verb
    assert listed[a:b] == "二等奖"
    assert prize_of(text, 0, len(text), ["长辛店镇"]) is None  # no one of that name won anything


HAIDIAN = ("据了解，本次比赛在神策网络、华为云、中软教育、工业互联网发展联盟等单位的支持下，共开展数据分析、云计算、大数据、"
           "人工智能四个赛道，共有596名选手参与竞赛，涵盖了IT、金融、教育等多个行业。")


@pytest.mark.parametrize("focus,counted,expected", [
    (["赛道"], False, "数据分析、云计算、大数据、人工智能"),   # 共开展 is no item, 四个赛道 closes the list
    (["行业"], False, "IT、金融、教育"),
    (["支持"], False, "神策网络、华为云、中软教育、工业互联网发展联盟"),
    ([], True, "数据分析、云计算、大数据、人工智能"),        # 哪几个: the list its sentence counts
    ([], False, "神策网络、华为云、中软教育、工业互联网发展联盟"),
])
def test_the_list_a_sentence_gives(focus, counted, expected):
    a, b = listed(HAIDIAN, 0, len(HAIDIAN), focus, counted)
    assert HAIDIAN[a:b] == expected


def test_a_list_starts_after_its_verb_and_none_without_one():
    text = "实操设置动力电池检测、驱动电机故障诊断、整车高压安全防护三个项目。"
    a, b = listed(text, 0, len(text))
    assert text[a:b] == "动力电池检测、驱动电机故障诊断、整车高压安全防护"
    assert listed("比赛分为理论考试和实操考核两部分。", 0, 17) is None


def test_where_someone_comes_from():
    text = "美团外卖东直门站点骑手王小虎是当天第一个领到会员卡的劳动者。他来自河南周口，在东城送外卖已有4年。"
    a, b = origin(text, 0, len(text))
    assert text[a:b] == "河南周口"
    assert origin("他在东城送外卖已有4年。", 0, 12) is None


@pytest.mark.parametrize("text,role,expected", [
    ("朝阳区人大常委会党组书记、副主任、区总工会主席、区推进产改协调小组常务副组长张克斌，朝阳区副区长杨蓓蓓出席", "主席", "张克斌"),
    ("区总工会主席何静宣读表彰决定。", "主席", "何静"),
    ("通州区总工会女职工委员会主任齐红梅介绍，区总工会…", "主任", "齐红梅"),   # a name the tagger splits (齐 + 红梅)
    ("房山区总工会党组书记、常务副主席宁志强介绍", "主席", None),             # 副主席 is not the 主席 asked about
    ("子公司工会主席、女工干部参加。", "主席", None),                          # the role, no one named
])
def test_who_holds_a_role(text, role, expected):
    found = role_holder(text, 0, len(text), role)
    assert (text[found[0]:found[1]] if found else None) == expected


def test_role_holder_reads_traditional_text_and_skips_a_lone_dot():
    text = "保總理事長鄧志強在記者會上表示"
    assert role_holder(text, 0, len(text), "理事长") == (5, 8)
    dotted = "印度獨立後的第一任司法部長·安貝卡"
    found = role_holder(dotted, 0, len(dotted), "司法部长")
    assert found is None or dotted[found[0]:found[1]].strip("·")


def test_prize_by_reads_the_prize_before_who_won_it():
    """女子组冠军则由…护理师叶佩玲以1小时29分55秒夺下: the prize first, then 由 who, then the verb."""
    text = "女子組冠軍則由桃園市護理師護士職業工會的護理師葉佩玲以1小時29分55秒奪下。"
    span = prize_by(text, 0, len(text), ["冠军"])
    assert span is not None and text[span[0]:span[1]] == "葉佩玲"
    assert prize_by(text, 0, len(text), ["亚军"]) is None


def test_prizes_given_in_turn_go_to_their_winners_in_turn():
    text = "銀獎及銅獎分別由新馬路一間老字號酒樓的陳嘉豪、社會服務機構員工飯堂的廚師冼志文奪得。"
    silver = prize_by(text, 0, len(text), ["银奖"])
    bronze = prize_by(text, 0, len(text), ["铜奖"])
    assert text[slice(*silver)] == "陳嘉豪" and text[slice(*bronze)].endswith("冼志文")


def test_who_was_elected_to_a_post_is_named_before_it():
    text = "在隨後召開的第一次理事會中，邱明達以17票當選第十屆理事長，許文彬當選副理事長。"
    assert text[slice(*role_holder(text, 0, len(text), "理事长"))] == "邱明達"
    assert text[slice(*role_holder(text, 0, len(text), "副理事长"))] == "許文彬"
