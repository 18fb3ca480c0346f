"""qa.feedback: checked log entries, appends from many threads, 👎 turned into a question file (`qa feedback`)."""

from __future__ import annotations

import json
import threading

import pytest

from qa import feedback
from tests.test_cli import qa


def test_entries_are_checked():
    with pytest.raises(feedback.FeedbackError, match="vote"):
        feedback.entry("谁？", "meh")
    with pytest.raises(feedback.FeedbackError, match="question"):
        feedback.entry("  ", "down")
    with pytest.raises(feedback.FeedbackError, match="comment"):
        feedback.entry("谁？", "down", comment=3)
    with pytest.raises(feedback.FeedbackError, match="history"):
        feedback.entry("谁？", "down", history="大兴")
    record = feedback.entry(" 谁？ ", "up", "瀛海镇", "《x》 第4段", None, ["a"], when=0)
    assert record == {"time": "1970-01-01T00:00:00Z", "vote": "up", "question": "谁？", "answer": "瀛海镇",
                      "citation": "《x》 第4段", "comment": "", "history": ["a"], "amends": False}


def test_appends_from_many_threads_stay_whole_lines(tmp_path):
    log = feedback.log_path(tmp_path / "embeddings")
    assert log == tmp_path / "embeddings.feedback.jsonl"
    record = feedback.entry("问" * 3000, "down", comment="评" * 3000)

    def write():
        for _ in range(50):
            feedback.append(log, record)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(feedback.read(log)) == 400
    assert all(json.loads(line) == record for line in log.read_text(encoding="utf-8").splitlines())


def test_thumbs_down_become_one_question_each_to_review(tmp_path):
    log = tmp_path / "embeddings.feedback.jsonl"
    for record in (feedback.entry("谁获得了一等奖？", "down", "瀛海镇", "《a》 第4段"),
                   feedback.entry("谁获得了一等奖？", "down", "瀛海镇", "《a》 第4段", "不对", amends=True),
                   feedback.entry("谁获得了一等奖？", "down", "青云店镇", "《a》 第4段"),
                   feedback.entry("二等奖呢？", "down", "", "", history=["谁获得了一等奖？"]),
                   feedback.entry("主席是谁？", "up", "张克斌", "《b》 第2段")):
        feedback.append(log, record)
    with open(log, "a", encoding="utf-8") as handle:
        handle.write("not json\n")
    review = feedback.review_questions(feedback.read(log))
    assert [(q["question"], q["downvotes"], q["comments"], q["answer"]) for q in review] == [
        ("谁获得了一等奖？", 2, ["不对"], None), ("二等奖呢？", 1, [], None)]
    assert review[0]["answer_given"] == "青云店镇" and review[1]["history"] == ["谁获得了一等奖？"]

    out = tmp_path / "review.jsonl"
    ran = qa("feedback", "--index", str(tmp_path / "embeddings"), "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    assert [json.loads(line)["question"] for line in out.read_text(encoding="utf-8").splitlines()] == \
        ["谁获得了一等奖？", "二等奖呢？"]
    assert "2 questions to review from 3 👎 of 5 entries" in ran.stderr
    printed = qa("feedback", "--log", str(log))
    assert printed.stdout.count("\n") == 2 and json.loads(printed.stdout.splitlines()[0])["kind"] == "feedback"


def test_no_log_is_one_line_on_stderr(tmp_path):
    ran = qa("feedback", "--index", str(tmp_path / "embeddings"))
    assert ran.returncode == 1 and len(ran.stderr.strip().splitlines()) == 1 and "no feedback log" in ran.stderr
