"""Tests for qa.rank: candidates from a backend, fused and re-scored by their best sentence."""

from __future__ import annotations

from qa.chunking import Passage
from qa.query import Query, Term
from qa.rank import NAME_PENALTY, TYPE_BONUS, concept_share, rank, rescore


def passage(pid: int, text: str, title: str = "") -> Passage:
    return Passage(pid=pid, text=text, title=title, article_id=f"a#{pid}", paragraph=1, source="s.txt", start=0,
                   end=len(text), content_hash=str(pid))


def test_concept_share_counts_each_concept_once_through_any_of_its_words():
    query = Query(asked="", text="", search_text="", chinese=False,
                  terms=[Term("contract", ("合同", "协议"), 1.0), Term("大兴", (), 3.0)])
    shares = concept_share(query, {1: passage(1, "签订集体合同和专项协议"), 2: passage(2, "活动", title="大兴区知识竞赛")})
    assert shares == {1: 0.25, 2: 0.75}


def test_rescore_prefers_the_passage_whose_one_sentence_answers():
    query = Query(asked="", text="", search_text="", chinese=True,
                  terms=[Term("一等奖", (), 1.0), Term("瀛海镇", (), 1.0)])
    scattered = passage(1, "瀛海镇举办活动。另一场比赛评出一等奖。")
    together = passage(2, "最终，瀛海镇代表队获得了一等奖。")
    ranked = rescore(query, {1: scattered, 2: together}, [(1, 1.0), (2, 0.9)])
    assert [pid for pid, _ in ranked] == [2, 1]


def test_a_typed_question_prefers_a_sentence_that_holds_its_type():
    query = Query(asked="", text="", search_text="", chinese=True, terms=[Term("选手", (), 1.0)],
                  answer_type="person_count")
    ranked = dict(rescore(query, {1: passage(1, "选手们表现出色。"), 2: passage(2, "共有596名选手参赛。")},
                          [(1, 1.0), (2, 1.0)]))
    assert ranked[2] - ranked[1] == TYPE_BONUS


def test_rank_over_the_local_backend(seed_qa):
    query = seed_qa._analyze("大兴区职工知识竞赛谁获得了一等奖？", [])
    vector = seed_qa.embedder.encode_query([query.text])[0]
    ranked = rank(seed_qa.backend, query, vector, 3)
    assert len(ranked) == 3 and "瀛海镇总工会代表队" in ranked[0].passage.text
    assert ranked[0].score >= ranked[1].score >= ranked[2].score
    alone = rank(seed_qa.backend, query, vector, 3, mode="dense")
    assert [r.dense for r in alone] == sorted((r.dense for r in alone), reverse=True)


def test_a_passage_that_lacks_the_place_asked_about_loses_to_one_that_names_it():
    query = Query(asked="", text="", search_text="", chinese=True, terms=[Term("技能大赛", (), 1.0)],
                  required_names=["海淀"])
    elsewhere = passage(1, "全民影音创作大赛和技能大赛吸引了数千人报名。")
    named = passage(2, "共有596名选手报名参加技能大赛。", title="海淀区数字经济领域职业技能竞赛决赛举办")
    ranked = dict(rescore(query, {1: elsewhere, 2: named}, [(1, 1.5), (2, 1.0)]))
    assert ranked[2] > ranked[1]
    assert ranked[1] == 1.5 + 1.0 - NAME_PENALTY  # the whole penalty: the one name asked about is missing


def test_rescore_prefers_the_sentence_that_counts_in_the_unit_asked():
    from qa.rank import UNIT_BONUS
    from qa.span import counted_spans, typed_spans

    query = Query(asked="", text="", search_text="", chinese=True, terms=[Term("集体合同", (), 1.0)],
                  answer_type="count", count_unit="份")
    other = passage(1, "召开两次集体合同座谈会，覆盖单位37家。")
    counts = passage(2, "集体合同共签订13份。")
    ranked = rescore(query, {1: other, 2: counts}, [(1, 0.5), (2, 0.5 - UNIT_BONUS / 2)])
    assert [pid for pid, _ in ranked] == [2, 1]
    assert counted_spans("份", "共签订13份") == [(3, 6)] and counted_spans("名", "劳模86人") == [(2, 5)]
    assert typed_spans("phone", "服务热线12351，电话010-63456789") and not typed_spans("phone", "共12000人参加")
