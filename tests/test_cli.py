"""Tests for qa.cli: the real `python -m qa` commands and their one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

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
    version = out / (out / "CURRENT").read_text(encoding="ascii").strip()
    (version / "dense.faiss").write_bytes(b"broken")
    res = qa("build", str(ROOT / "seeds"), "--out", str(out), "--if-stale", "--quiet")
    assert res.returncode == 0 and "built" in res.stdout
    assert qa("ask", "朝阳区总工会主席是谁？", "--index", str(out)).returncode == 0


# ---------------------------------------------------------------- every build failure is one line
def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".qa.lock"}


@pytest.fixture
def built(tmp_path):
    """A seed index, and a news folder with one more page (so a build has something new to publish)."""
    out = tmp_path / "idx"
    news = tmp_path / "news"
    news.mkdir()
    (news / "seed.txt").write_bytes((ROOT / "seeds" / "000_31f1b2df397274cc.txt").read_bytes())
    assert qa("build", str(news), "--out", str(out), "--quiet").returncode == 0
    (news / "more.txt").write_text("丰台区总工会开展送温暖活动\n\n本报讯（记者 张三）慰问困难职工一百二十户。\n",
                                   encoding="utf-8")
    return news, out


def _env_qa(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, **env))


@pytest.mark.parametrize("fault, says", [
    ("write:vectors.npy=enospc", "no space left on the disk of"),
    ("fsync:dense.faiss=enospc", "no space left on the disk of"),
    ("staging=erofs", "read-only file system"),
    ("begin:passages.jsonl=eacces", "permission denied writing passages.jsonl"),
    ("embed=memory", "out of memory while embedding passages 1-"),
    ("write:bm25=memory", "out of memory while writing bm25"),
    ("rename:before=eio", "Input/output error; nothing was published"),
])
def test_a_failed_build_is_one_line_and_leaves_the_previous_index(built, fault, says):
    news, out = built
    before = _tree(out)
    res = _env_qa({"QA_TEST_FAULT": fault}, "build", str(news), "--out", str(out), "--quiet")
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert res.stderr.strip().count("\n") == 0 and says in res.stderr, res.stderr
    assert _tree(out) == before
    again = qa("build", str(news), "--out", str(out), "--quiet")
    assert again.returncode == 0 and "1 of 2 source files unchanged" in again.stdout


def test_faiss_disk_full_is_one_line(built):
    """FAISS's own error on a full device (dense.faiss written to /dev/full), through the real CLI."""
    news, out = built
    before = _tree(out)
    script = ("import os, sys\nfrom pathlib import Path\nfrom qa import publish\nfrom qa.cli import main\n"
              "def full(step):\n    if step == 'begin:dense.faiss':\n"
              "        for s in Path(sys.argv[2]).glob('.staging-*'):\n"
              "            os.symlink('/dev/full', s / 'dense.faiss.tmp')\n"
              "publish.FAULT_HOOK = full\nmain(['build', sys.argv[1], '--out', sys.argv[2], '--quiet'])\n")
    res = subprocess.run([sys.executable, "-c", script, str(news), str(out)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 1 and res.stderr.strip().count("\n") == 0, res.stderr
    assert "no space left on the disk of" in res.stderr and "dense.faiss" in res.stderr
    assert _tree(out) == before


def test_a_missing_model_is_one_line_and_leaves_the_previous_index(built, tmp_path):
    news, out = built
    before = _tree(out)
    res = qa("build", str(news), "--out", str(out), "--model", str(tmp_path / "no-such-model"))
    assert res.returncode == 1 and "Traceback" not in res.stderr and res.stderr.strip().count("\n") == 0
    assert "no-such-model" in res.stderr
    assert _tree(out) == before


def test_a_second_build_fails_at_once_naming_the_first_or_waits_for_it(built, tmp_path):
    news, out = built
    marker = tmp_path / "marker"
    first = subprocess.Popen([sys.executable, "-m", "qa", "build", str(news), "--out", str(out), "--quiet"], cwd=ROOT,
                             env=dict(os.environ, QA_TEST_FAULT="embed=pause", QA_TEST_MARKER=str(marker)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not marker.exists():  # the first build has the lock and waits at its embedding step
            assert first.poll() is None
            time.sleep(0.05)
        second = qa("build", str(news), "--out", str(out), "--quiet")
        assert second.returncode == 1 and second.stderr.strip().count("\n") == 0
        assert f"being built by another qa build (pid {first.pid} on " in second.stderr
        waiter = subprocess.Popen([sys.executable, "-m", "qa", "build", str(news), "--out", str(out), "--quiet",
                                   "--wait"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert "waiting for another build" in waiter.stderr.readline()
    finally:
        first.kill()
        first.wait()
    out_text, err_text = waiter.communicate(timeout=300)
    assert waiter.returncode == 0, err_text
    assert f"took over the lock of a build that never finished (pid {first.pid}" in err_text
    assert "built" in out_text


def test_a_huge_binary_or_badly_encoded_source_gets_a_clear_warning(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "page.txt").write_bytes((ROOT / "seeds" / "000_31f1b2df397274cc.txt").read_bytes())
    (news / "scan.txt").write_bytes(bytes(range(256)) * 100)
    (news / "broken.txt").write_bytes("工会新闻".encode("utf-8")[:-1] + b"\xff\xfe\x80" * 50)
    with open(news / "huge.txt", "wb") as handle:  # sparse: 600 MB on paper, nothing on disk
        handle.truncate(600 * 1024 * 1024)
    res = qa("build", str(news), "--out", str(tmp_path / "o"), "--quiet")
    assert res.returncode == 0, res.stderr
    lines = res.stderr.strip().splitlines()
    assert any("scan.txt" in line and "binary" in line for line in lines)
    assert any("broken.txt" in line and "not UTF-8, UTF-16 or GB18030" in line for line in lines)
    assert any("huge.txt" in line and "larger than 512 MB" in line for line in lines)
    assert all(line.startswith("warning: ") for line in lines)
