"""Tests for qa.building: an incremental build equals a full one; unchanged sources are not read again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa import NewsQA, building
from qa.freshness import is_fresh
from tests.conftest import SEED

FILES = ("passages.jsonl", "passages.offsets.npy", "passages.pids.npy", "passages.hashes.npy", "articles.jsonl",
         "articles.offsets.npy", "articles.ids.json", "sources.json")


def _version(folder: Path) -> Path:
    """The published version's folder (qa.publish layout)."""
    return folder / (folder / "CURRENT").read_text(encoding="ascii").strip()


def _page(title: str, body: str) -> str:
    return f"{title}\n\n本报讯（记者 张三）{body}\n\n{body[::-1]}。\n"


@pytest.fixture
def news(tmp_path):
    folder = tmp_path / "news"
    (folder / "2024").mkdir(parents=True)
    shutil.copy(SEED, folder / "2024" / "seed.txt")
    (folder / "2024" / "b.txt").write_text(_page("海淀区职工羽毛球赛开幕", "三十支队伍参加了比赛，最终机关队获得冠军。"),
                                          encoding="utf-8")
    (folder / "2024" / "c.txt").write_text(_page("丰台区总工会开展送温暖活动", "慰问困难职工一百二十户。"),
                                          encoding="utf-8")
    return folder


def _parsed(monkeypatch) -> list[str]:
    """Names of the sources parse_source is called on from now on."""
    calls: list[str] = []
    real = building.parse_source

    def counting(data, name):
        calls.append(name)
        return real(data, name)

    monkeypatch.setattr(building, "parse_source", counting)
    return calls


def test_incremental_build_equals_a_full_build(news, tmp_path, monkeypatch):
    """Change one page, add one, remove one: the updated index is byte for byte the one a fresh build makes."""
    out = tmp_path / "incremental"
    NewsQA.build([news], out=out)
    (news / "2024" / "b.txt").write_text(_page("海淀区职工羽毛球赛闭幕", "二十支队伍参加了比赛，最终税务队获得冠军。"),
                                        encoding="utf-8")
    (news / "2024" / "c.txt").unlink()
    (news / "2024" / "d.txt").write_text(_page("石景山区劳模宣讲", "五位劳模走进企业讲述奋斗故事。"), encoding="utf-8")
    calls = _parsed(monkeypatch)
    updated = NewsQA.build([news], out=out)
    assert sorted(calls) == [(news / "2024" / n).as_posix() for n in ("b.txt", "d.txt")]
    assert updated.report.reused_sources == 1 and updated.report.sources == 3
    full = NewsQA.build([news], out=tmp_path / "full")
    for name in FILES:
        assert (_version(out) / name).read_bytes() == (_version(tmp_path / "full") / name).read_bytes(), name
    assert np.allclose(np.load(_version(out) / "vectors.npy"), np.load(_version(tmp_path / "full") / "vectors.npy"),
                       atol=1e-5)
    for question in ["大兴区职工知识竞赛谁获得了一等奖？", "羽毛球赛谁获得冠军？", "劳模宣讲有几位劳模？"]:
        mine, theirs = updated.ask(question), full.ask(question)
        assert [p.citation for p in mine.passages] == [p.citation for p in theirs.passages]
        assert [p.lexical for p in mine.passages] == pytest.approx([p.lexical for p in theirs.passages], abs=1e-5)
        assert mine.answer == theirs.answer
    assert "税务队" in updated.ask("羽毛球赛谁获得冠军？").answer
    assert not any(p.source.endswith("c.txt") for p in NewsQA.load(out).passages)


def test_unchanged_sources_are_not_parsed_again(news, tmp_path, monkeypatch):
    out = tmp_path / "index"
    first = NewsQA.build([news], out=out)
    calls = _parsed(monkeypatch)
    again = NewsQA.build([news], out=out)
    assert calls == [] and again.report.reused_sources == again.report.sources == 3
    assert again.report.embedded == 0 and again.report.passages == first.report.passages
    assert again.ask("大兴区职工知识竞赛谁获得了一等奖？").passages[0].citation.startswith("《大兴区职工知识竞赛决赛开赛》")


def test_pages_of_the_same_name_in_two_folders_keep_their_own_articles(news, tmp_path, monkeypatch):
    """Article ids come from file names; a second 2025/b.txt must not replace 2024/b.txt's articles."""
    out = tmp_path / "index"
    (news / "2025").mkdir()
    (news / "2025" / "b.txt").write_text(_page("延庆区职工冰雪运动会", "一千名职工参加滑雪比赛。"), encoding="utf-8")
    qa = NewsQA.build([news], out=out)
    ids = list(qa.articles)
    assert len(ids) == len(set(ids))
    titles = {qa.articles[i].title for i in ids if qa.articles[i].source.endswith("b.txt")}
    assert titles == {"海淀区职工羽毛球赛开幕", "延庆区职工冰雪运动会"}
    answer = qa.ask("冰雪运动会有多少名职工参加？")
    assert qa.article(answer.passages[0].article_id).title == "延庆区职工冰雪运动会"
    # A page of the same name added in an earlier folder takes the plain id: the later page, though unchanged,
    # is read again so that ids stay unique.
    (news / "2023").mkdir()
    (news / "2023" / "b.txt").write_text(_page("怀柔区职工读书会", "两百名职工参加读书分享。"), encoding="utf-8")
    calls = _parsed(monkeypatch)
    again = NewsQA.build([news], out=out)
    assert (news / "2023" / "b.txt").as_posix() in calls and (news / "2024" / "seed.txt").as_posix() not in calls
    ids = list(again.articles)
    assert len(ids) == len(set(ids)) == len(qa.articles) + 1
    assert {again.articles[p.article_id].source for p in again.passages} == {p.source for p in again.passages}


def test_a_damaged_sources_record_only_costs_reading_again(news, tmp_path):
    out = tmp_path / "index"
    first = NewsQA.build([news], out=out)
    (_version(out) / "sources.json").write_text("{broken", encoding="utf-8")
    again = NewsQA.build([news], out=out)
    assert again.report.reused_sources == 0 and again.report.embedded == 0
    assert again.report.passages == first.report.passages


def test_an_index_chunked_differently_is_stale_and_read_again(news, tmp_path):
    out = tmp_path / "index"
    NewsQA.build([news], out=out)
    assert is_fresh(out, [news], None)
    manifest = json.loads((_version(out) / "manifest.json").read_text(encoding="utf-8"))
    manifest["chunking"]["max_chars"] = 200
    (_version(out) / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert not is_fresh(out, [news], None)
    again = NewsQA.build([news], out=out)
    assert again.report.reused_sources == 0 and is_fresh(out, [news], None)


def test_warnings_of_unchanged_sources_are_reported_again(news, tmp_path):
    out = tmp_path / "index"
    (news / "archive.jsonl").write_text('{"id": "x1", "title": "标题", "text": "工会新闻正文。"}\nnot json\n',
                                        encoding="utf-8")
    first = NewsQA.build([news], out=out)
    again = NewsQA.build([news], out=out)
    assert again.report.reused_sources == again.report.sources == 4
    assert any("archive.jsonl:2" in w for w in first.report.warnings)
    assert again.report.warnings == first.report.warnings


class _CharEmbedder:
    """A stand-in model with another name: character-hash vectors (logic around the embedder, not retrieval)."""

    name, dim = "char-hash-test", 64

    def encode(self, texts):
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for ch in text:
                rows[i, ord(ch) % self.dim] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)

    encode_query = encode_document = encode


def test_another_model_re_embeds_every_passage_from_the_reused_records(news, tmp_path):
    """Unchanged files are still not parsed again; their passages' text comes from the last index's records."""
    out = tmp_path / "index"
    first = NewsQA.build([news], out=out)
    other = NewsQA.build([news], out=out, embedder=_CharEmbedder())
    assert other.report.reused_sources == 3 and other.report.embedded == first.report.passages
    assert other.manifest["embedder"] == {"name": "char-hash-test", "dim": 64}
    vectors = np.load(_version(out) / "vectors.npy")
    expected = _CharEmbedder().encode([p.context_text for p in other.passages])
    assert np.allclose(vectors, expected)
