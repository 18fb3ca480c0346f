"""Tests for qa.store: damaged, mismatched and missing indexes; atomic rebuilds."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from qa import NewsQA
from qa.errors import IndexLoadError
from tests.conftest import ROOT


def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_missing_folder(tmp_path):
    with pytest.raises(IndexLoadError, match="no index at .*qa build"):
        NewsQA.load(tmp_path / "nothing")


@pytest.mark.parametrize("name", ["manifest.json", "passages.jsonl", "passages.offsets.npy", "passages.pids.npy",
                                  "vectors.npy", "dense.faiss", "articles.jsonl", "articles.ids.json", "bm25.json"])
def test_missing_file(index_copy, name):
    (index_copy / name).unlink()
    with pytest.raises(IndexLoadError, match="qa build"):
        NewsQA.load(index_copy)


def test_truncated_faiss_file(index_copy):
    path = index_copy / "dense.faiss"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(IndexLoadError, match="damaged or truncated.*qa build"):
        NewsQA.load(index_copy)


def test_truncated_vectors(index_copy):
    path = index_copy / "vectors.npy"
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(IndexLoadError, match="vectors.npy.*qa build"):
        NewsQA.load(index_copy)


def test_manifest_of_a_newer_format(index_copy):
    manifest = _manifest(index_copy)
    manifest["version"] = 99
    (index_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexLoadError, match="newer union-news-qa"):
        NewsQA.load(index_copy)


def test_another_dimension_is_refused(index_copy):
    manifest = _manifest(index_copy)
    manifest["embedder"]["dim"] = 384
    (index_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexLoadError, match="384"):
        NewsQA.load(index_copy)


def test_index_of_another_tokenizer_is_refused(index_copy):
    """Query tokens from another segmenter would not match the index's vocabulary: rebuild, never mix."""
    manifest = _manifest(index_copy)
    manifest["lexical"]["tokenizer"] = "jieba+bigram/1"
    (index_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexLoadError, match="tokenized by 'jieba\\+bigram/1'.*qa build"):
        NewsQA.load(index_copy)


def test_passage_counts_that_disagree(index_copy):
    manifest = _manifest(index_copy)
    manifest["passages"] += 1
    (index_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexLoadError, match="passages.*manifest says"):
        NewsQA.load(index_copy)


def test_truncated_passages_file(index_copy):
    lines = (index_copy / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    (index_copy / "passages.jsonl").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(IndexLoadError, match="passages.jsonl is truncated"):
        NewsQA.load(index_copy)


def test_bm25_and_faiss_counts_that_disagree(index_copy, tmp_path):
    other = tmp_path / "other"
    page = tmp_path / "one.txt"
    page.write_text("标题\n\n本报讯（记者 某）只有一段。\n", encoding="utf-8")
    NewsQA.build([page], out=other)
    for name in ("bm25_body",):
        target = index_copy / name
        for item in target.iterdir():
            item.unlink()
        for item in (other / name).iterdir():
            (target / item.name).write_bytes(item.read_bytes())
    with pytest.raises(IndexLoadError, match="covers 1 passages"):
        NewsQA.load(index_copy)


def test_failed_build_leaves_the_previous_index(index_copy, tmp_path, monkeypatch):
    before = {p.name: p.read_bytes() for p in index_copy.iterdir() if p.is_file()}
    import qa.store

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(qa.store, "swap_in", boom)
    with pytest.raises(RuntimeError):
        NewsQA.build([ROOT / "seeds"], out=index_copy)
    after = {p.name: p.read_bytes() for p in index_copy.iterdir() if p.is_file()}
    assert after == before
    assert not list(index_copy.parent.glob(".embeddings.tmp-*"))
    NewsQA.load(index_copy)


def test_killed_build_leaves_the_previous_index_loadable(index_copy, tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    big = "\n\n".join(f"第{i}条新闻\n\n本报讯（记者 甲）某区总工会第{i}次举办职工技能竞赛，共有{i}支队伍参加，比赛内容涵盖多个工种。" for i in range(12000))
    (news / "big.txt").write_text(big, encoding="utf-8")
    before = (index_copy / "manifest.json").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "qa", "build", str(news), "--out", str(index_copy), "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(6)  # well into embedding 12,000 passages (3,000 took only 6 s to build whole once jieba-rs came in)
    assert proc.poll() is None, "build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (index_copy / "manifest.json").read_bytes() == before
    qa = NewsQA.load(index_copy)
    assert "瀛海镇" in qa.ask("大兴区职工知识竞赛谁获得了一等奖？").passages[0].text


def test_vectors_are_memory_mapped(seed_index):
    qa = NewsQA.load(seed_index, mmap=True)
    assert isinstance(qa._data.vectors, np.memmap)


def test_records_copy_old_rows_as_bytes_and_write_new_ones(tmp_path, monkeypatch):
    """Runs of old rows are copied byte for byte, new records dumped; offsets index every line either way."""
    from qa import store
    from qa.store import JsonlRows, Records, _write_jsonl

    monkeypatch.setattr(store, "RUN_ROWS", 2)  # long runs are copied in pieces
    old_path = tmp_path / "old.jsonl"
    _write_jsonl(old_path, [{"n": i, "text": "工会" * i} for i in range(6)], dict)
    old = JsonlRows(old_path, np.load(tmp_path / "old.offsets.npy"), dict)
    records = Records(old, np.array([3, 4, 5, -1, 0, -2]), [{"n": "new-a"}, {"n": "new-b"}])
    assert [r["n"] for r in records] == [3, 4, 5, "new-a", 0, "new-b"]
    new_path = tmp_path / "new.jsonl"
    _write_jsonl(new_path, records, dict)
    again = JsonlRows(new_path, np.load(tmp_path / "new.offsets.npy"), dict)
    assert [again[i] for i in range(len(again))] == list(records)
    old_lines = old_path.read_bytes().splitlines(keepends=True)
    assert new_path.read_bytes().startswith(b"".join(old_lines[3:6]))
