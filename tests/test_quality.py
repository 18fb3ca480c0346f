"""Regression tests for answer quality on the project's own question sets about the seed page (tests/data/).

seed_questions.jsonl: 41 questions written for this project from seeds/000_31f1b2df397274cc.txt (31 answerable,
9 of them English; 10 not: neighbouring districts, years and cities the news never names, off-topic).
Hybrid retrieval measured hit@1 0.935, hit@3 0.968, abstentions 1.0 / 0.032, answer sentence 0.839 when the targets
below were set; BM25 alone, USE alone and naive RRF reach hit@1 0.74, 0.74 and 0.68, so the targets can fail.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from qa import NewsQA
from qa.evaluate import evaluate, load_jsonl_cases
from tests.conftest import TEST_DATA

HIT1_TARGET = 0.90


@pytest.fixture(scope="module")
def seed_report(seed_qa):
    return evaluate(seed_qa, load_jsonl_cases(TEST_DATA / "seed_questions.jsonl"), "seed")


def test_seed_set_retrieval_meets_the_targets(seed_report):
    metrics = seed_report.metrics
    missed = [r["question"] for r in seed_report.rows if r["answerable"] and r["rank"] != 1]
    assert metrics["answerable"] == 31 and metrics["unanswerable"] == 10
    assert metrics["hit@1"] >= HIT1_TARGET, missed
    assert metrics["hit@3"] >= 0.95, missed  # at most one of 31 outside the top 3


def test_seed_set_abstention_meets_the_targets(seed_report):
    metrics = seed_report.metrics
    assert metrics["abstained_unanswerable"] >= 0.9
    assert metrics["abstained_answerable"] <= 0.05  # at most one of 31


def test_seed_set_answer_sentence(seed_report):
    assert seed_report.metrics["answer_sentence"] >= 0.8


@pytest.mark.parametrize("mode", ["lexical", "dense"])
def test_the_fusion_is_at_least_as_good_as_either_retriever_alone(seed_index, seed_report, mode):
    """The target measures the fusion: neither retriever alone does better on the same questions, and USE alone
    falls short of the target (BM25 alone reaches it since Traditional, synonyms and the English bridge)."""
    alone = NewsQA.load(seed_index)
    alone.settings.mode = mode
    metrics = evaluate(alone, load_jsonl_cases(TEST_DATA / "seed_questions.jsonl"), mode).metrics
    assert metrics["hit@1"] <= seed_report.metrics["hit@1"]
    if mode == "dense":
        assert metrics["hit@1"] < HIT1_TARGET


def test_dev_set_generalises(seed_qa):
    """Questions written independently of the tuning (English paraphrases, near-miss districts, off-topic)."""
    metrics = evaluate(seed_qa, load_jsonl_cases(TEST_DATA / "dev_questions.jsonl"), "dev").metrics
    assert metrics["hit@3"] >= 0.9
    assert metrics["abstained_unanswerable"] >= 0.9
    assert metrics["abstained_answerable"] <= 0.1


@pytest.fixture(scope="module")
def news_qa(tmp_path_factory):
    """The seed page and tests/data/news (6 more articles, one in Traditional characters), as the two sets ask."""
    return NewsQA.build([TEST_DATA.parent.parent / "seeds", TEST_DATA / "news"], out=tmp_path_factory.mktemp("news"))


@pytest.fixture(scope="module")
def round3_qa(tmp_path_factory):
    """The seed page, tests/data/news and the six articles of tests/data/round3, as round3's questions ask."""
    return NewsQA.build([TEST_DATA.parent.parent / "seeds", TEST_DATA / "news", TEST_DATA / "round3" / "news.jsonl"],
                        out=tmp_path_factory.mktemp("round3"))


@pytest.fixture(scope="module")
def round4_qa(tmp_path_factory):
    """Round3's sources and the seven articles of tests/data/round4, as round4's questions ask."""
    return NewsQA.build([TEST_DATA.parent.parent / "seeds", TEST_DATA / "news", TEST_DATA / "round3" / "news.jsonl",
                         TEST_DATA / "round4" / "news.jsonl"], out=tmp_path_factory.mktemp("round4"))


@pytest.fixture(scope="module")
def round5_qa(tmp_path_factory):
    """Round4's sources and the seven articles of tests/data/round5, as round5's questions ask."""
    return NewsQA.build([TEST_DATA.parent.parent / "seeds", TEST_DATA / "news", TEST_DATA / "round3" / "news.jsonl",
                         TEST_DATA / "round4" / "news.jsonl", TEST_DATA / "round5" / "news.jsonl"],
                        out=tmp_path_factory.mktemp("round5"))


@pytest.fixture(scope="module")
def round6_qa(tmp_path_factory):
    """Round5's sources and the seven articles of tests/data/round6, as round6's questions ask."""
    return NewsQA.build([TEST_DATA.parent.parent / "seeds", TEST_DATA / "news", TEST_DATA / "round3" / "news.jsonl",
                         TEST_DATA / "round4" / "news.jsonl", TEST_DATA / "round5" / "news.jsonl",
                         TEST_DATA / "round6" / "news.jsonl"], out=tmp_path_factory.mktemp("round6"))


@pytest.fixture(scope="module")
def round7_qa(tmp_path_factory):
    """Round6's sources and the seven articles of tests/data/round7, as round7's questions ask."""
    return NewsQA.build([TEST_DATA.parent.parent / "seeds", TEST_DATA / "news", TEST_DATA / "round3" / "news.jsonl",
                         TEST_DATA / "round4" / "news.jsonl", TEST_DATA / "round5" / "news.jsonl",
                         TEST_DATA / "round6" / "news.jsonl", TEST_DATA / "round7" / "news.jsonl"],
                        out=tmp_path_factory.mktemp("round7"))


@pytest.fixture(scope="module")
def round8_qa(tmp_path_factory):
    """Round7's sources and the seven articles of tests/data/round8, as round8's questions ask."""
    return NewsQA.build([TEST_DATA.parent.parent / "seeds", TEST_DATA / "news",
                         *(TEST_DATA / f"round{n}" / "news.jsonl" for n in range(3, 9))],
                        out=tmp_path_factory.mktemp("round8"))


@pytest.mark.parametrize("name,overall,per_kind,short_f1", [
    ("everyday_questions.jsonl", 0.88, 0.80, 0.55),  # measured 0.936 (english 0.87, the least); short F1 0.633
    ("fresh_questions.jsonl", 0.80, 0.72, 0.47),     # measured 0.857 (english 0.80, the least); short F1 0.543
    ("round3/questions.jsonl", 0.86, 0.80, 0.68),    # read since round 4: 0.906 (english 0.86); 0.740
    ("round4/questions.jsonl", 0.78, 0.55, 0.64),    # read since round 5: 0.839 (unanswerable 0.60); 0.705
    ("round5/questions.jsonl", 0.80, 0.60, 0.60),    # held out in round 5, read since: 0.890 (unanswerable 0.73); 0.699
    ("round6/questions.jsonl", 0.80, 0.65, 0.56),    # held out in round 6, read since: 0.875 (unanswerable 0.70); 0.659
    ("round7/questions.jsonl", 0.74, 0.52, 0.47),    # held out in round 7, read since: 0.800 (english 0.60); 0.536
    ("round8/questions.jsonl", 0.74, 0.62, 0.42),    # held out this round: 0.800 (unanswerable 0.70); 0.473
])
def test_questions_people_really_ask(news_qa, round3_qa, round4_qa, round5_qa, round6_qa, round7_qa, round8_qa, name,
                                     overall, per_kind, short_f1):
    """Everyday wording, English, Traditional and Cantonese, follow-ups with history, near misses: right = the first
    passage holds the answer and the bot answered, or it abstained where the news does not answer; and the short
    answer's F1 against the expected answer text."""
    by_round = {"round3/": round3_qa, "round4/": round4_qa, "round5/": round5_qa, "round6/": round6_qa, "round7/": round7_qa,
                "round8/": round8_qa}
    qa = next((index for prefix, index in by_round.items() if name.startswith(prefix)), news_qa)
    report = evaluate(qa, load_jsonl_cases(TEST_DATA / name), name)
    wrong = [r["question"] for r in report.rows if not r["right"]]
    assert report.metrics["right"] >= overall, wrong
    assert min(report.metrics["right_by_kind"].values()) >= per_kind, report.metrics["right_by_kind"]
    assert report.metrics["short_answer_f1"] >= short_f1, report.metrics["short_answer_f1_by_kind"]


@pytest.mark.parametrize("round_dir", ["round3", "round4", "round5", "round6", "round7", "round8"])
def test_held_out_rounds_pass_their_checker(round_dir):
    """Every round's questions and articles still hold what its README promises (tests/data/check_round.py): an
    answer edited into two articles, or a near miss's answer written into the news, would make its figures lie."""
    done = subprocess.run([sys.executable, str(TEST_DATA / "check_round.py"), str(TEST_DATA / round_dir)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.strip().endswith("PASS")


TEAM_TITLE = "Which team won the overall team title at the 6th Huairou workers' sports games?"


@pytest.mark.parametrize("history,question,expected", [
    ([TEAM_TITLE], "With how many points?", "386分"),  # a count in 分, not 18对 of a dating event
    ([TEAM_TITLE], "Who won the men's 100 metres, and in what time?", "11秒62"),  # not the women's 一分钟 (怀柔 = win)
    (["who won first prize in the 2026 Beijing elevator repair skills contest"], "How many judges were there?", "12名"),
    (["海淀区数字经济那个技能比赛一共几个人参赛", "一等奖评了几个"], "一等奖奖金多少钱啊", None),  # not the elder-care 1万元
    (["昆明职工住院互助保障最高能补多少"], "去年呢", "1.5万元"),
    (["今年金秋助学本科生每人给多少"], "总共发了多少钱", "2860万元"),
    (["黄埔工匠杯职工组一等奖是谁"], "那二等奖呢", "苏振邦"),
    (["昆明职工住院互助保障一个人一年交多少"], "服务中心几点到几点办理", "9:00至12:00、14:00至17:30"),
    (["拱墅区爱心暑托班啥时候开始报名"], "今年名额有多少", "1800个"),  # the noun before 多少, not 24个托管点
    (["拱墅区爱心暑托班啥时候开始报名", "今年名额有多少"], "比去年多几个", "600个"),  # how many more, not 1200个
    (["金水区送清凉今年投了多少钱"], "比去年多了多少", "56万元"),
    (["who won first prize in the 2026 Beijing elevator repair skills contest"], "what was his score", "96.5分"),
    ([], "拱墅区爱心暑托班啥时侯开始报名", "6月29日上午9时"),  # 时侯, a slip for 时候: not 本报讯
    ([], "物流職工會個考牌資助計劃幾時開始收申請？", "3月1日"),  # the start (由3月1日起), not 「2026年度…計劃」
    (["物流職工會個考牌資助計劃幾時開始收申請？"], "咁幾時截止呀？", "2027年2月28日"),
    (["昆明職工住院互助保障幾時開始參保？"], "幾時截止？", "3月31日"),  # the end of 1月15日至3月31日
    (["昆明职工住院互助保障每人交多少钱"], "几号截止参保", "3月31日"),  # (walk 8)
    (["拱墅区那个暑托班哪天开始报名啊"], "一共多少名额", "1800个"),  # 名额: places, not people (not 5600余人次)
    (["拱墅区那个暑托班哪天开始报名啊"], "一期交多少钱", "300元"),  # a sum the context's paragraph lacks: the next one's
])
def test_conversations_from_the_browser_walk_throughs(round7_qa, history, question, expected):
    """Turns the walk-throughs (walks 6 and 7) got wrong, in their conversations: answered now, or not found where
    the conversation's article does not tell it."""
    reply = round7_qa.ask(question, history=history)
    if expected is None:
        assert reply.abstained, reply.short_answer
    else:
        assert not reply.abstained and expected in (reply.short_answer or ""), (reply.short_answer, reply.answer)
