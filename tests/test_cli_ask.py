"""`qa ask`: empty and over-long questions, filters, follow-ups, and the article's date, publisher and URL."""

from __future__ import annotations

import json
import shutil

import pytest

from qa import NewsQA
from tests.conftest import ROOT
from tests.test_chat_browser import ARCHIVE
from tests.test_cli import qa


@pytest.fixture(scope="module")
def news_index(tmp_path_factory):
    news = tmp_path_factory.mktemp("news")
    shutil.copy(ROOT / "seeds" / "000_31f1b2df397274cc.txt", news / "000.txt")
    (news / "archive.jsonl").write_text(json.dumps(ARCHIVE, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("cli") / "embeddings"
    NewsQA.build([news], out=out)
    return out


@pytest.mark.parametrize("question", ["", "   ", "工" * 2001])
def test_an_empty_or_too_long_question_is_one_line_on_stderr_and_a_failure(news_index, question):
    asked = qa("ask", question, "--index", str(news_index))
    assert asked.returncode != 0 and asked.stdout == ""
    assert len(asked.stderr.strip().splitlines()) == 1 and asked.stderr.startswith("Error: ")


def test_json_and_text_carry_date_publisher_and_url(news_index):
    asked = qa("ask", "海淀区乒乓球比赛谁获得男子单打冠军？", "--index", str(news_index), "--json", "-k", "1")
    top = json.loads(asked.stdout)["passages"][0]
    assert (top["date"], top["publisher"], top["url"]) == (ARCHIVE["date"], ARCHIVE["source"], ARCHIVE["url"])
    text = qa("ask", "海淀区乒乓球比赛谁获得男子单打冠军？", "--index", str(news_index), "-k", "1").stdout
    assert f"· {ARCHIVE['date']} · {ARCHIVE['source']} · {ARCHIVE['url']}" in text


def test_filters_choose_the_articles_that_may_answer(news_index):
    question = "职工比赛谁获得了冠军？"
    dated = json.loads(qa("ask", question, "--index", str(news_index), "--json", "--since", "2025-01-01",
                          "--until", "2025-12-31", "--source", "北京日报").stdout)
    assert dated["passages"] and all(p["publisher"] == "北京日报" for p in dated["passages"])
    later = json.loads(qa("ask", question, "--index", str(news_index), "--json", "--since", "2026-01-01").stdout)
    assert later["abstained"] and later["passages"] == []
    bad = qa("ask", question, "--index", str(news_index), "--since", "yesterday")
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and "since" in bad.stderr


def test_history_makes_a_follow_up_answerable(news_index):
    asked = qa("ask", "二等奖呢？", "--index", str(news_index), "--json", "--history", "大兴区职工知识竞赛谁获得了一等奖？")
    assert "青云店镇" in json.loads(asked.stdout)["short_answer"]
