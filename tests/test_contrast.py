"""Tests for qa.contrast: a clause about another prize rank, group or person does not answer."""

from __future__ import annotations

from qa.contrast import other_member, other_person

RULES = "根据竞赛规则，一等奖获得者将获得奖金1万元，并按程序申报称号；获得二、三等奖的选手可晋升相应的职业技能等级。"
RACE = ("半馬男子組由桃園市半導體業產業工會的工程師彭冠宇以1小時14分08秒奪得冠軍，亞軍為桃園國際機場地勤職業工會的鍾承翰。")


def test_a_clause_about_another_rank_does_not_answer():
    at = RULES.index("1万元")
    assert other_member("养老护理员比赛二等奖奖金多少钱?", RULES, at) == "<二等奖>"
    assert other_member("养老护理员比赛一等奖奖金多少钱?", RULES, at) is None
    assert other_member("冠军奖金多少钱?", RULES, at) is None  # 冠军 is 一等奖


def test_two_ranks_written_as_one_are_both():
    at = RULES.index("晋升")
    assert other_member("三等奖能得到什么?", RULES, at) is None


def test_a_sentence_about_another_group_does_not_answer_a_prize_question():
    at = RACE.index("鍾承翰")
    assert other_member("桃园路跑半马女子组亚军是谁?", RACE, at) == "<跑半马女子组>"
    assert other_member("桃园路跑半马男子组亚军是谁?", RACE, at) is None
    assert other_member("男、女子组亚军是谁?", RACE, at) is None


def test_a_group_counts_only_in_a_question_about_a_prize():
    text = "考古队在这里一共发现了岩画三组，其中一组位于山顶。"
    assert other_member("一共发现了多少组岩画?", text, text.index("三组")) is None


def test_an_age_told_of_someone_else_does_not_answer():
    passage = "今年28歲的區嘉欣說，自己中學畢業後跟隨師傅學做點心。"
    assert other_person(["梁卓轩"], passage) == "<梁卓轩>"
    assert other_person(["区嘉欣"], passage) is None
    assert other_person([], passage) is None


def test_a_clause_about_another_stage_does_not_answer():
    text = "经过精心组织，比拼选拔，全区共40支代表队进入复赛阶段，最终10支代表队脱颖而出进入决赛。"
    assert other_member("决赛一共几支队?", text, text.index("40支")) == "<决赛>"
    assert other_member("决赛一共几支队?", text, text.index("10支")) is None
    assert other_member("半决赛有几支队?", text, text.index("40支")) is None  # 半决赛 is read as 复赛
