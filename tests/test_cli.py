"""Tests for qa.cli: the real `python -m qa` commands and their one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import DAXING_ANSWER, DAXING_TITLE, ROOT, TEST_DATA


def qa(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_build_then_ask_json(tmp_path):
    out = tmp_path / "idx"
    built = qa("build", str(ROOT / "seeds"), "--out", str(out))
    assert built.returncode == 0, built.stderr
    assert "5 articles" in built.stdout and "embedding passages" in built.stderr  # progress bar on stderr
    assert "0 of 1 source files unchanged" in built.stdout
    again = qa("build", str(ROOT / "seeds"), "--out", str(out), "--if-stale")
    assert again.returncode == 0 and "up to date" in again.stdout
    forced = qa("build", str(ROOT / "seeds"), "--out", str(out), "--quiet")
    assert "(0 embedded, 22 reused; 1 of 1 source files unchanged)" in forced.stdout
    full = qa("build", str(ROOT / "seeds"), "--out", str(out), "--quiet", "--full")
    assert "(22 embedded, 0 reused; 0 of 1 source files unchanged)" in full.stdout
    asked = qa("ask", "大兴区职工知识竞赛谁获得了一等奖？", "--index", str(out), "-k", "3", "--json")
    assert asked.returncode == 0, asked.stderr
    res = json.loads(asked.stdout)
    assert DAXING_ANSWER in res["answer"] and res["citation"].startswith(f"《{DAXING_TITLE}》 第4段")
    assert len(res["passages"]) == 3


def test_ask_text_output(seed_index):
    asked = qa("ask", "who won the Daxing quiz?", "--index", str(seed_index))
    assert asked.returncode == 0 and DAXING_ANSWER in asked.stdout and "[1] 《" in asked.stdout


def test_missing_index_is_one_line_on_stderr(tmp_path):
    res = qa("ask", "工会", "--index", str(tmp_path / "none"))
    assert res.returncode == 1
    assert res.stdout == "" and "Traceback" not in res.stderr
    assert res.stderr.strip().count("\n") == 0 and "qa build" in res.stderr


def test_build_from_a_missing_folder_is_one_line(tmp_path):
    res = qa("build", str(tmp_path / "nothing"), "--out", str(tmp_path / "o"))
    assert res.returncode == 1 and "Traceback" not in res.stderr and "no such file" in res.stderr


def test_build_skips_a_binary_file_with_a_warning(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "page.txt").write_bytes((ROOT / "seeds" / "000_31f1b2df397274cc.txt").read_bytes())
    (news / "scan.txt").write_bytes(b"\x00\x01\x02" * 1000)
    res = qa("build", str(news), "--out", str(tmp_path / "o"), "--quiet")
    assert res.returncode == 0 and "warning:" in res.stderr and "scan.txt" in res.stderr


def test_eval_jsonl_prints_metrics_and_per_question_json(seed_index):
    res = qa("eval", str(TEST_DATA / "seed_questions.jsonl"), "--index", str(seed_index), "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["metrics"]["questions"] == 41 and len(report["questions"]) == 41
    assert report["metrics"]["answerable"] == 31 and report["metrics"]["unanswerable"] == 10
    assert {"rank", "abstained", "signals", "top"} <= set(report["questions"][0])


def test_serve_rejects_a_bad_auth_value(seed_index):
    res = qa("serve", "--index", str(seed_index), "--auth", "nopassword")
    assert res.returncode == 2 and "USER:PASSWORD" in res.stderr


def test_build_from_an_empty_folder_is_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    res = qa("build", str(tmp_path / "empty"), "--out", str(tmp_path / "o"))
    assert res.returncode == 1 and "Traceback" not in res.stderr and "no news text" in res.stderr
    assert not (tmp_path / "o").exists()


def test_if_stale_rebuilds_a_damaged_index(tmp_path):
    out = tmp_path / "idx"
    assert qa("build", str(ROOT / "seeds"), "--out", str(out), "--quiet").returncode == 0
    (out / "dense.faiss").write_bytes(b"broken")
    res = qa("build", str(ROOT / "seeds"), "--out", str(out), "--if-stale", "--quiet")
    assert res.returncode == 0 and "built" in res.stdout
    assert qa("ask", "朝阳区总工会主席是谁？", "--index", str(out)).returncode == 0
