"""Tests for qa.readers: encodings, binary files, JSONL archives, folders."""

from __future__ import annotations

import codecs
import json

import pytest

from qa.errors import SourceError
from qa.readers import decode_bytes, read_sources

PAGE = "大兴区职工知识竞赛决赛开赛\n\n本报讯（记者 孙艳）最终，瀛海镇总工会代表队获得了一等奖。\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-16"])
def test_page_in_each_encoding_reads_the_same(tmp_path, encoding):
    path = tmp_path / f"page-{encoding}.txt"
    path.write_bytes(PAGE.encode(encoding))  # Python's utf-16 codec writes a BOM
    result = read_sources([path])
    assert result.warnings == []
    assert [a.title for a in result.articles] == ["大兴区职工知识竞赛决赛开赛"]
    assert result.articles[0].paragraphs == ["最终，瀛海镇总工会代表队获得了一等奖。"]


def test_utf8_bom_is_stripped():
    assert decode_bytes(codecs.BOM_UTF8 + "工会".encode()) == "工会"


def test_gb18030_only_characters():
    text = "工会𠀀职工"  # U+20000 exists in GB18030, not in GBK
    assert decode_bytes(text.encode("gb18030")) == text


def test_binary_file_is_skipped_with_a_warning_naming_it(tmp_path):
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 20)
    result = read_sources([tmp_path])
    assert len(result.articles) == 1
    assert len(result.warnings) == 1 and "photo.txt" in result.warnings[0]


def test_binary_bytes_raise_source_error():
    with pytest.raises(SourceError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_jsonl_archive_with_bad_lines(tmp_path):
    path = tmp_path / "archive.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "标题一", "text": "第一段。\n第二段，\n接着写。", "date": "2023-12-01",
                    "source": "工人日报", "url": "http://example.org/1"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "a2", "title": "没有正文"}, ensure_ascii=False),
        "",
        json.dumps({"id": "a3", "title": "标题三", "text": "正文。"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read_sources([path])
    assert [a.article_id for a in result.articles] == ["a1", "a3"]
    assert result.articles[0].paragraphs == ["第一段。", "第二段，接着写。"]
    assert result.articles[0].date == "2023-12-01" and result.articles[0].publisher == "工人日报"
    assert any(":2:" in w and "not JSON" in w for w in result.warnings)
    assert any(":3:" in w and "'text'" in w for w in result.warnings)


def test_empty_folder_reads_nothing(tmp_path):
    result = read_sources([tmp_path])
    assert result.articles == [] and result.warnings == []


def test_missing_source_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_sources([tmp_path / "nope"])
