"""Tests for qa.store and qa.publish: damaged and missing indexes; versions published by one atomic switch; the
writer lock; recovery after a crash; a fault injected at every step of a build; real processes killed at named
steps (they wait on a marker the build writes, never on a timer)."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pytest

from qa import NewsQA, publish
from qa.errors import (BuildError, DiskFullError, IndexLoadError, IndexLockedError, IndexWriteError, QAError)
from tests.conftest import DAXING_ANSWER, ROOT, SEED

QUESTION = "大兴区职工知识竞赛谁获得了一等奖？"


def _version(folder: Path) -> Path:
    return folder / (folder / "CURRENT").read_text(encoding="ascii").strip()


def _manifest(folder):
    return json.loads((_version(folder) / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(folder, manifest):
    (_version(folder) / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (the lock file aside: it only records who builds), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != publish.LOCK}


def _page(title: str, body: str) -> str:
    return f"{title}\n\n本报讯（记者 张三）{body}\n\n{body[::-1]}。\n"


@pytest.fixture
def news(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "b.txt").write_text(_page("海淀区职工羽毛球赛开幕", "三十支队伍参加了比赛，最终机关队获得冠军。"), encoding="utf-8")
    return folder


def _add_page(news: Path) -> None:
    (news / "c.txt").write_text(_page("丰台区总工会开展送温暖活动", "慰问困难职工一百二十户。"), encoding="utf-8")


# ---------------------------------------------------------------- damaged and missing indexes
def test_missing_folder(tmp_path):
    with pytest.raises(IndexLoadError, match="no index at .*qa build"):
        NewsQA.load(tmp_path / "nothing")


@pytest.mark.parametrize("name", ["manifest.json", "passages.jsonl", "passages.offsets.npy", "passages.pids.npy",
                                  "vectors.npy", "dense.faiss", "articles.jsonl", "articles.ids.json", "bm25.json"])
def test_missing_file(index_copy, name):
    (_version(index_copy) / name).unlink()
    with pytest.raises(IndexLoadError, match="qa build"):
        NewsQA.load(index_copy)


def test_rebuild_hint_names_the_index_folder_not_the_version(index_copy):
    (_version(index_copy) / "vectors.npy").unlink()
    with pytest.raises(IndexLoadError, match=f"rebuild with: qa build --out {index_copy}$"):
        NewsQA.load(index_copy)


def test_truncated_faiss_file(index_copy):
    path = _version(index_copy) / "dense.faiss"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(IndexLoadError, match="damaged or truncated.*qa build"):
        NewsQA.load(index_copy)


def test_truncated_vectors(index_copy):
    path = _version(index_copy) / "vectors.npy"
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(IndexLoadError, match="vectors.npy.*qa build"):
        NewsQA.load(index_copy)


def test_manifest_of_a_newer_format(index_copy):
    manifest = _manifest(index_copy)
    manifest["version"] = 99
    _write_manifest(index_copy, manifest)
    with pytest.raises(IndexLoadError, match="newer union-news-qa"):
        NewsQA.load(index_copy)


def test_another_dimension_is_refused(index_copy):
    manifest = _manifest(index_copy)
    manifest["embedder"]["dim"] = 384
    _write_manifest(index_copy, manifest)
    with pytest.raises(IndexLoadError, match="384"):
        NewsQA.load(index_copy)


def test_index_of_another_tokenizer_is_refused(index_copy):
    """Query tokens from another segmenter would not match the index's vocabulary: rebuild, never mix."""
    manifest = _manifest(index_copy)
    manifest["lexical"]["tokenizer"] = "jieba+bigram/1"
    _write_manifest(index_copy, manifest)
    with pytest.raises(IndexLoadError, match="tokenized by 'jieba\\+bigram/1'.*qa build"):
        NewsQA.load(index_copy)


def test_passage_counts_that_disagree(index_copy):
    manifest = _manifest(index_copy)
    manifest["passages"] += 1
    _write_manifest(index_copy, manifest)
    with pytest.raises(IndexLoadError, match="passages.*manifest says"):
        NewsQA.load(index_copy)


def test_truncated_passages_file(index_copy):
    path = _version(index_copy) / "passages.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(IndexLoadError, match="passages.jsonl is truncated"):
        NewsQA.load(index_copy)


def test_bm25_and_faiss_counts_that_disagree(index_copy, tmp_path):
    other = tmp_path / "other"
    page = tmp_path / "one.txt"
    page.write_text("标题\n\n本报讯（记者 某）只有一段。\n", encoding="utf-8")
    NewsQA.build([page], out=other)
    target = _version(index_copy) / "bm25_body"
    for item in target.iterdir():
        item.unlink()
    for item in (_version(other) / "bm25_body").iterdir():
        (target / item.name).write_bytes(item.read_bytes())
    with pytest.raises(IndexLoadError, match="covers 1 passages"):
        NewsQA.load(index_copy)


@pytest.mark.parametrize("pointer", [b"", b"../../etc\n", b"v000001-zz\n", b"\xff\xfe"])
def test_a_damaged_pointer_is_one_line(index_copy, pointer):
    (index_copy / "CURRENT").write_bytes(pointer)
    with pytest.raises(IndexLoadError, match="CURRENT is damaged; rebuild with: qa build"):
        NewsQA.load(index_copy)


def test_a_pointer_to_a_missing_version(index_copy):
    shutil.rmtree(_version(index_copy))
    with pytest.raises(IndexLoadError, match="which is missing; rebuild"):
        NewsQA.load(index_copy)


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


# ---------------------------------------------------------------- versions and the pointer
def test_layout_one_pointer_and_whole_versions(news, tmp_path, seed_qa):
    out = tmp_path / "index"
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    names = sorted(p.name for p in out.iterdir())
    assert names == [publish.LOCK, "CURRENT", _version(out).name]
    assert (out / "CURRENT").read_bytes() == f"{_version(out).name}\n".encode("ascii")
    assert _version(out).name.endswith(publish.digest(_version(out))[:16])
    assert (out / publish.LOCK).read_bytes() == b""  # a clean exit leaves no holder record


def test_a_build_of_unchanged_sources_changes_no_byte(news, tmp_path, seed_qa):
    """Same sources, same bytes: no new version, no file touched (the committed embeddings/ stays stable)."""
    out = tmp_path / "index"
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    before = _tree(out)
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    NewsQA.build([news], out=out, embedder=seed_qa.embedder, reuse=False)  # from scratch: the same bytes too
    assert _tree(out) == before


def test_at_most_keep_versions_are_kept_and_only_after_the_switch(news, tmp_path, seed_qa):
    out = tmp_path / "index"
    published = []
    for n in range(4):
        (news / f"p{n}.txt").write_text(_page(f"第{n}届职工运动会", f"{n + 2}百名职工参加。"), encoding="utf-8")
        NewsQA.build([news], out=out, embedder=seed_qa.embedder)
        published.append(_version(out).name)
    assert [int(name[1:7]) for name in published] == [1, 2, 3, 4]
    assert sorted(publish.versions(out)) == published[-publish.KEEP_VERSIONS:]
    assert NewsQA.load(out).ask("第3届职工运动会有多少名职工参加？").passages


def test_a_flat_index_of_the_earlier_layout_loads_and_is_migrated(news, tmp_path, seed_qa):
    out = tmp_path / "index"
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    flat = tmp_path / "flat"
    shutil.copytree(_version(out), flat)  # the old layout: the files at the top
    assert NewsQA.load(flat).ask(QUESTION).passages[0].text.count(DAXING_ANSWER) == 1
    _add_page(news)
    NewsQA.build([news], out=flat, embedder=seed_qa.embedder)
    assert (flat / "manifest.json").is_file()  # the flat files are the older version kept
    assert "c.txt" in " ".join(_manifest(flat)["sources"])
    (news / "d.txt").write_text(_page("石景山区劳模宣讲", "五位劳模走进企业。"), encoding="utf-8")
    NewsQA.build([news], out=flat, embedder=seed_qa.embedder)
    assert sorted(p.name for p in flat.iterdir() if not p.name.startswith(".")) == ["CURRENT", *publish.versions(flat)]
    assert len(publish.versions(flat)) == 2


# ---------------------------------------------------------------- the writer lock
def test_a_second_writer_fails_at_once_naming_the_holder(news, tmp_path, seed_qa):
    out = tmp_path / "index"
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    before = _tree(out)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom qa.publish import Writer\n"
                               "w = Writer(sys.argv[1]).acquire()\nprint('held', flush=True)\ntime.sleep(600)",
                               str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(IndexLockedError, match=f"pid {holder.pid} on {socket.gethostname()}, started 20"):
            NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    finally:
        holder.kill()
        holder.wait()
    assert _tree(out) == before
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)  # the dead holder's lock is taken over


def test_the_lock_of_a_killed_holder_is_taken_over_with_one_line(news, tmp_path, seed_qa, caplog):
    out = tmp_path / "index"
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom qa.publish import Writer\n"
                               "w = Writer(sys.argv[1]).acquire()\nprint('held', flush=True)\ntime.sleep(600)",
                               str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with caplog.at_level(logging.WARNING, logger="qa.index"):
        NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    lines = [r.getMessage() for r in caplog.records if "took over the lock" in r.getMessage()]
    assert len(lines) == 1 and f"pid {holder.pid}" in lines[0]


def test_a_failed_first_build_leaves_no_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(QAError, match="no news text"):
        NewsQA.build([tmp_path / "empty"], out=tmp_path / "o")
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- recovery
def test_a_stranded_index_of_the_two_rename_layout_is_restored(news, tmp_path, seed_qa, caplog):
    """The earlier swap renamed the old index aside, then the new one in: a kill between left neither in place."""
    out = tmp_path / "embeddings"
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    flat = tmp_path / ".embeddings.old-4242-1732500000000000000"
    shutil.copytree(_version(out), flat)
    shutil.rmtree(out)
    with caplog.at_level(logging.WARNING, logger="qa.index"):
        qa = NewsQA.load(out)
    assert DAXING_ANSWER in qa.ask(QUESTION).passages[0].text
    assert not flat.exists() and (out / "manifest.json").is_file()
    assert [r.getMessage() for r in caplog.records] == [f"restored {out} from {flat.name} (a build was killed "
                                                        f"between the two renames of the old layout)"]


def test_a_stranded_copy_beside_a_good_index_is_removed_only_then(news, tmp_path, seed_qa):
    out = tmp_path / "embeddings"
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    stranded = tmp_path / ".embeddings.old-4242-1"
    shutil.copytree(_version(out), stranded)
    (_version(out) / "vectors.npy").write_bytes(b"damaged")  # the current one does not load: keep every copy
    with pytest.raises(IndexLoadError):
        NewsQA.load(out)
    assert stranded.is_dir()
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)  # a good version again: the copy can go
    NewsQA.load(out)
    assert not stranded.exists()


# ---------------------------------------------------------------- a fault at every step

@contextlib.contextmanager
def _fault_hook(hook: Callable[[str], None]) -> Iterator[None]:
    """Call `hook` at every named step of a build and publish (qa.publish.FAULT_HOOK), for the block's duration."""
    publish.FAULT_HOOK = hook
    try:
        yield
    finally:
        publish.FAULT_HOOK = None


def _steps_of_a_build(news, out, embedder) -> list[str]:
    seen: list[str] = []
    with _fault_hook(seen.append):
        NewsQA.build([news], out=out, embedder=embedder)
    return seen


def _assert_old_or_new(out: Path, old: dict[str, bytes], new_name: str, new_digest: str, exact: bool = True,
                       embedder=None) -> str:
    """The folder loads as exactly the old index or exactly the new one (and answers); which one. `exact`: the
    new one must be byte for byte the reference (same process, same embedder); else a whole version (its files
    match the digest in its name) of the new sources."""
    qa = NewsQA.load(out, embedder=embedder)
    assert DAXING_ANSWER in qa.ask(QUESTION).passages[0].text
    left = {p.name for p in out.iterdir()}
    assert not any(n.startswith((publish.STAGING, publish.DELETING)) or n == publish.POINTER_TMP for n in left)
    version = _version(out)
    if any(p.source.endswith("c.txt") for p in qa.passages):
        assert version.name.endswith(publish.digest(version)[:16])
        if exact:
            assert version.name == new_name and publish.digest(version) == new_digest
        return "new"
    assert {k: v for k, v in _tree(out).items() if k.startswith(("CURRENT", "v"))} == old
    return "old"


@pytest.fixture
def old_and_new(news, tmp_path, seed_qa):
    """An index of `news` (old), its files, and the version a build after one added page publishes (new)."""
    pristine = tmp_path / "pristine"
    NewsQA.build([news], out=pristine, embedder=seed_qa.embedder)
    old = {k: v for k, v in _tree(pristine).items()}
    _add_page(news)
    reference = tmp_path / "reference"
    shutil.copytree(pristine, reference)
    steps = _steps_of_a_build(news, reference, seed_qa.embedder)
    new = _version(reference)
    return pristine, old, new.name, publish.digest(new), steps


def test_every_step_is_seen_by_the_seam(old_and_new):
    steps = old_and_new[4]
    for name in ("read:*", "embed", "begin:vectors.npy", "write:vectors.npy", "write:dense.faiss", "write:bm25",
                 "write:manifest.json", "fsync:vectors.npy", "fsync:CURRENT", "rename:before", "rename:after",
                 "switch:before", "switch:after"):
        assert any(__import__("fnmatch").fnmatchcase(s, name) for s in steps), name
    assert steps.index("rename:before") < steps.index("switch:before") < steps.index("switch:after")


class Injected(Exception):
    pass


IO_STEPS = ("staging", "begin:", "write:", "fsync:")  # steps inside the writing of files


@pytest.mark.parametrize("failure", ["exception", "enospc"])
def test_a_failure_at_every_step_leaves_exactly_the_old_or_the_new_index(old_and_new, news, tmp_path, seed_qa,
                                                                          failure):
    """Each step of build and publish fails in turn: the folder is exactly the old index (before the switch) or
    exactly the new one (after), the API raises a project error, and the next build succeeds."""
    pristine, old, new_name, new_digest, steps = old_and_new
    switched = steps.index("switch:after")
    out = tmp_path / "out"
    for at, name in enumerate(steps):
        if failure == "enospc" and not name.startswith(IO_STEPS):
            continue  # the same failure as an exception there: no I/O happens at that step
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(pristine, out)
        count = [0]

        def hook(step_name: str) -> None:
            count[0] += 1
            if count[0] == at + 1:
                if failure == "exception":
                    raise Injected(step_name)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "<injected>")

        with _fault_hook(hook):
            with pytest.raises((Injected, QAError, OSError)) as raised:
                NewsQA.build([news], out=out, embedder=seed_qa.embedder)
        if failure == "enospc":
            assert isinstance(raised.value, DiskFullError), (name, raised.value)
            assert "no space left" in str(raised.value) and "previous index is untouched" in str(raised.value)
        ended = _assert_old_or_new(out, old, new_name, new_digest, embedder=seed_qa.embedder)
        assert ended == ("new" if at >= switched else "old"), (at, name, ended)
        NewsQA.build([news], out=out, embedder=seed_qa.embedder)
        assert _version(out).name == new_name and len(publish.versions(out)) <= publish.KEEP_VERSIONS


def test_a_kill_at_every_step_leaves_a_folder_that_recovers(old_and_new, news, tmp_path, seed_qa, caplog):
    """What a kill at each step leaves on disk (a copy of the folder taken at that step, leftovers and all) loads
    as exactly the old or the new index, is cleaned with one line per leftover, and builds again."""
    pristine, old, new_name, new_digest, steps = old_and_new
    live = tmp_path / "live"
    shutil.copytree(pristine, live)
    frozen: list[tuple[str, Path]] = []

    def freeze(step_name: str) -> None:
        copy = tmp_path / "frozen" / f"{len(frozen):03d}"
        shutil.copytree(live, copy, symlinks=True)
        frozen.append((step_name, copy))

    with _fault_hook(freeze):
        NewsQA.build([news], out=live, embedder=seed_qa.embedder)
    assert [s for s, _ in frozen] == steps
    outcomes = {}
    for step_name, copy in frozen:
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="qa.index"):
            outcomes[step_name] = _assert_old_or_new(copy, old, new_name, new_digest, embedder=seed_qa.embedder)
        assert all("\n" not in r.getMessage() for r in caplog.records)
        NewsQA.build([news], out=copy, embedder=seed_qa.embedder)
        assert _version(copy).name == new_name
    assert outcomes["rename:after"] == "old" and outcomes["switch:before"] == "old"
    assert outcomes["switch:after"] == "new"


def test_real_faiss_write_error_is_disk_full(index_copy, news, seed_qa):
    """FAISS's own RuntimeError on a full device (dense.faiss written to /dev/full) becomes a DiskFullError."""
    before = _tree(index_copy)

    def full_device(step_name: str) -> None:
        if step_name == "begin:dense.faiss":
            for staging in index_copy.glob(f"{publish.STAGING}*"):
                os.symlink("/dev/full", staging / "dense.faiss.tmp")

    with _fault_hook(full_device):
        with pytest.raises(DiskFullError, match="no space left on the disk of .* while writing dense.faiss"):
            NewsQA.build([news], out=index_copy, embedder=seed_qa.embedder)
    assert _tree(index_copy) == before


@pytest.mark.parametrize("code, error, text", [(errno.EROFS, IndexWriteError, "read-only file system"),
                                               (errno.EACCES, IndexWriteError, "permission denied"),
                                               (errno.EIO, IndexWriteError, "Input/output error")])
def test_write_errors_are_project_errors(index_copy, news, seed_qa, code, error, text):
    before = _tree(index_copy)

    def fail(step_name: str) -> None:
        if step_name == "write:passages.jsonl":
            raise OSError(code, os.strerror(code), "<injected>")

    with _fault_hook(fail):
        with pytest.raises(error, match=text):
            NewsQA.build([news], out=index_copy, embedder=seed_qa.embedder)
    assert _tree(index_copy) == before


def test_out_of_memory_while_embedding_is_a_build_error(index_copy, news, seed_qa):
    _add_page(news)
    before = _tree(index_copy)

    def no_memory(step_name: str) -> None:
        if step_name == "embed":
            raise MemoryError()

    with _fault_hook(no_memory):
        with pytest.raises(BuildError, match="out of memory while embedding passages 1-"):
            NewsQA.build([news], out=index_copy, embedder=seed_qa.embedder)
    assert _tree(index_copy) == before


def test_a_source_deleted_during_the_build_is_a_build_error(index_copy, news, seed_qa):
    before = _tree(index_copy)

    def delete(step_name: str) -> None:
        if step_name.endswith("/b.txt"):
            (news / "b.txt").unlink()

    with _fault_hook(delete):
        with pytest.raises(BuildError, match="b.txt was deleted while the build was reading"):
            NewsQA.build([news], out=index_copy, embedder=seed_qa.embedder)
    assert _tree(index_copy) == before


# ---------------------------------------------------------------- real processes killed at named steps
def _build_paused_at(step: str, news: Path, out: Path, marker: Path) -> subprocess.Popen:
    env = dict(os.environ, QA_TEST_FAULT=f"{step}=pause", QA_TEST_MARKER=str(marker))
    return subprocess.Popen([sys.executable, "-m", "qa", "build", str(news), "--out", str(out), "--quiet"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for_marker(proc: subprocess.Popen, marker: Path) -> str:
    """Block until the build reaches its step (it writes the marker there); a build that ends first fails."""
    deadline = time.monotonic() + 300  # a generous bound, not a timing assumption
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"build ended before its step: {proc.stderr.read()}")
        assert time.monotonic() < deadline, "build never reached its step"
        time.sleep(0.05)
    return marker.read_text(encoding="utf-8")


@pytest.mark.parametrize("step, expected", [("embed", "old"), ("write:vectors.npy", "old"),
                                            ("fsync:dense.faiss", "old"), ("rename:after", "old"),
                                            ("switch:before", "old"), ("switch:after", "new")])
def test_a_killed_build_process_leaves_the_old_or_the_new_index(old_and_new, news, tmp_path, seed_qa, step,
                                                                 expected):
    pristine, old, new_name, new_digest, _ = old_and_new
    out = tmp_path / "out"
    shutil.copytree(pristine, out)
    marker = tmp_path / "marker"
    proc = _build_paused_at(step, news, out, marker)
    assert _wait_for_marker(proc, marker) == step
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _assert_old_or_new(out, old, new_name, new_digest, exact=False) == expected
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    assert any(p.source.endswith("c.txt") for p in NewsQA.load(out).passages)


def test_a_build_killed_while_embedding_a_large_archive_leaves_the_previous_index(index_copy, tmp_path):
    """The former timing-based kill test, on a marker: the build is killed in the middle of embedding."""
    news = tmp_path / "big"
    news.mkdir()
    big = "\n\n".join(f"第{i}条新闻\n\n本报讯（记者 甲）某区总工会第{i}次举办职工技能竞赛，共有{i}支队伍参加。"
                      for i in range(600))
    (news / "big.txt").write_text(big, encoding="utf-8")
    before = _tree(index_copy)
    marker = tmp_path / "marker"
    env = dict(os.environ, QA_TEST_FAULT="embed=pause", QA_TEST_MARKER=str(marker))
    proc = subprocess.Popen([sys.executable, "-m", "qa", "build", str(news), "--out", str(index_copy), "--quiet"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _wait_for_marker(proc, marker)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {k: v for k, v in _tree(index_copy).items() if not k.startswith(publish.STAGING)} == before
    assert DAXING_ANSWER in NewsQA.load(index_copy).ask(QUESTION).passages[0].text
    assert _tree(index_copy) == before  # the load cleaned the dead build's leftovers


# ---------------------------------------------------------------- the live server's reloader
def test_refresh_switches_to_a_published_version_and_survives_a_vanished_folder(news, tmp_path, seed_qa, caplog):
    out = tmp_path / "index"
    qa = NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    assert qa.refresh() is qa
    _add_page(news)
    NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    fresh = qa.refresh()
    assert fresh is not qa and any(p.source.endswith("c.txt") for p in fresh.passages)
    moved = tmp_path / "moved"
    out.rename(moved)
    with caplog.at_level(logging.WARNING, logger="qa.index"):
        assert fresh.refresh() is fresh and fresh.refresh() is fresh  # logged once, not every second
    assert len([r for r in caplog.records if "still answering" in r.getMessage()]) == 1
    assert DAXING_ANSWER in fresh.ask(QUESTION).passages[0].text  # its files stay open and mapped
    shutil.rmtree(moved)
    assert DAXING_ANSWER in fresh.ask(QUESTION).passages[0].text


def test_refresh_never_reads_a_half_built_version(news, tmp_path, seed_qa):
    out = tmp_path / "index"
    qa = NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    _add_page(news)
    seen = []

    def refresh_at_every_step(step_name: str) -> None:
        current = qa.refresh()
        seen.append((step_name, current is qa))

    with _fault_hook(refresh_at_every_step):
        NewsQA.build([news], out=out, embedder=seed_qa.embedder)
    unchanged = [name for name, same in seen if same]
    assert unchanged[-1] == "switch:before" and not seen[-1][1]


def test_a_runtime_error_inside_the_build_is_a_build_error(index_copy, news, seed_qa):
    """FAISS reports C++ failures (bad_alloc in training, ...) as RuntimeError: the API raises BuildError."""
    _add_page(news)
    before = _tree(index_copy)

    def faiss_fails(step_name: str) -> None:
        if step_name == "embed":
            raise RuntimeError("Error in faiss::Clustering::train: std::bad_alloc")

    with _fault_hook(faiss_fails):
        with pytest.raises(BuildError, match="out of memory while building"):
            NewsQA.build([news], out=index_copy, embedder=seed_qa.embedder)
    assert _tree(index_copy) == before
