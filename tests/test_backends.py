"""One contract for every Backend: the local index files and Milvus (Milvus Lite in a temporary folder, migrated from
the same local index) must give the same candidates, filters, passages and vocabulary statistics; Milvus's writes
show at once and a write stopped half-way shows nothing."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from qa import NewsQA
from qa.backends import LocalBackend, PassageRecord
from qa.backends.milvus import MilvusBackend, MilvusError
from qa.backends.sync import migrate
from qa.errors import IndexLoadError
from qa.query import Filters
from qa.segment import Article
from qa.store import read_index
from qa.tokenization import tokenize, tokenize_query
from tests.conftest import DAXING_TITLE, ROOT, free_port

QUESTIONS = ["大兴区职工知识竞赛谁获得了一等奖？", "朝阳区博览会上发布的“产改”图书有多少字？",
             "石景山区表彰了多少名劳动模范？", "who won the Daxing quiz?", "送温暖活动"]
WORDS = ["大兴区", "瀛海镇", "劳动模范", "工会", "篮球赛", "#一等"]


@pytest.fixture(scope="module")
def news_index(tmp_path_factory):
    """seeds/ plus the dated JSONL archive (dates and publishers for the filters)."""
    out = tmp_path_factory.mktemp("backends") / "news"
    NewsQA.build([ROOT / "seeds", ROOT / "tests" / "data" / "news"], out=out)
    return out


@pytest.fixture(scope="module")
def milvus_uri(news_index, tmp_path_factory):
    uri = str(tmp_path_factory.mktemp("milvus") / "news.db")
    report = migrate(news_index, uri, "news")
    assert report.upserted == report.passages > 20 and report.generation == 1
    return uri


@pytest.fixture(scope="module")
def local(news_index):
    return LocalBackend(read_index(news_index))


@pytest.fixture(scope="module", params=["local", "milvus"])
def backend(request, news_index, local):
    if request.param == "local":
        yield local
    else:
        milvus = MilvusBackend(request.getfixturevalue("milvus_uri"), "news")
        yield milvus
        milvus.close()


def query_tokens(reference: LocalBackend, question: str) -> list[str]:
    return [t for t in dict.fromkeys(tokenize_query(question)) if reference.known(t)]


def same_ranking(got, expected, k):
    """Same ids in the same order, allowing ties (scores within 1e-4) to swap and to straddle the k-th place."""
    assert len(got) == len(expected)
    for (gid, gscore), (eid, escore) in zip(got, expected):
        assert gscore == pytest.approx(escore, rel=1e-4, abs=1e-5)
    cut = expected[-1][1] if len(expected) == k else -1
    strict = lambda hits: {pid for pid, score in hits if score > cut + 1e-4}  # noqa: E731
    assert strict(got) == strict(expected)


def test_count_and_fetch(backend, local):
    assert backend.count() == local.count()
    pids = [int(p) for p in local._pids[:7]]
    fetched = backend.fetch(pids + [12345])
    assert set(fetched) == set(pids)
    for pid in pids:
        assert fetched[pid] == local.fetch([pid])[pid]
    np.testing.assert_allclose(backend.vectors(pids), local.vectors(pids), atol=1e-6)


@pytest.mark.parametrize("question", QUESTIONS)
def test_lexical_and_dense_top_k(backend, local, question):
    tokens = query_tokens(local, question) or tokenize("大兴")
    for k in (5, 20):
        same_ranking(backend.lexical_search([tokens], k)[0], local.lexical_search([tokens], k)[0], k)
    from qa.embedders import load_embedder

    vector = load_embedder(None).encode_query([question])
    for k in (5, 20):
        same_ranking(backend.dense_search(vector, k)[0], local.dense_search(vector, k)[0], k)


def test_lexical_among_scores_only_those(backend, local):
    tokens = query_tokens(local, QUESTIONS[0])
    among = [int(p) for p in local._pids[::3]]
    got = dict(backend.lexical_search([tokens], 100, among=among)[0])
    expected = dict(local.lexical_search([tokens], 100, among=among)[0])
    assert set(got) == set(expected) and set(got) <= set(among)
    for pid, score in expected.items():
        assert got[pid] == pytest.approx(score, rel=1e-4)


@pytest.mark.parametrize("filters", [Filters(since="2025-04-01"), Filters(until="2025-04"),
                                     Filters(since="2025-03-01", until="2025-06-20"), Filters(source="劳动午报"),
                                     Filters(article="sjs-laomo-2025"), Filters(source="000_31f1")])
def test_filters(backend, local, filters):
    vector = np.asarray(local.vectors([int(local._pids[0])])[0])[None, :]
    admitted = set(int(p) for p, ok in zip(local._pids, local._admitted(filters)) if ok)
    assert admitted, "each filter admits something"
    dense = backend.dense_search(vector, 100, filters)[0]
    assert {pid for pid, _ in dense} == admitted
    tokens = tokenize("工会 劳动 职工")
    lexical = backend.lexical_search([tokens], 100, filters)[0]
    assert {pid for pid, _ in lexical} <= admitted
    same_ranking(lexical, local.lexical_search([tokens], 100, filters)[0], 100)


def test_vocabulary(backend, local):
    np.testing.assert_allclose(backend.idf(WORDS), local.idf(WORDS), rtol=1e-6)
    for word in WORDS + ["瀛海", "瀛海镇总工会", "上海"]:
        assert backend.known(word) == local.known(word)
        assert backend.in_vocabulary(word) == local.in_vocabulary(word)
    assert backend.romanized().get("daxing") == local.romanized().get("daxing")
    assert set(backend.articles()) == set(local.articles())
    assert backend.article("sjs-laomo-2025") == local.article("sjs-laomo-2025")
    assert backend.article("no-such-article") is None


def test_newsqa_answers_the_daxing_question(backend):
    qa = NewsQA.from_backend(backend)
    res = qa.ask("大兴区职工知识竞赛谁获得了一等奖？")
    assert not res.abstained and res.short_answer == "瀛海镇总工会代表队"
    assert res.passages[0].title == DAXING_TITLE
    assert qa.ask("上海的职工篮球赛谁赢了？").abstained


def test_the_web_app_answers_from_the_backend(backend, tmp_path):
    """qa serve --backend milvus: the chat's app over NewsQA.from_backend (no index folder behind it)."""
    from fastapi.testclient import TestClient

    from qa.management import summarize
    from qa.web import FixedIndex, create_app

    qa = NewsQA.from_backend(backend)
    app = create_app(tmp_path / "served", live=FixedIndex(qa))
    with TestClient(app) as client:
        reply = client.post("/api/ask", json={"question": "大兴区职工知识竞赛谁获得了一等奖？"})
        assert reply.status_code == 200 and reply.json()["short_answer"] == "瀛海镇总工会代表队"
    summary = summarize(qa)  # what the News tab lists, without reading passages by row
    assert summary.passages == backend.count() and summary.articles == len(qa.articles) == 11


def test_model_mismatch_is_refused(backend, news_index):
    with pytest.raises(IndexLoadError, match="built with 'use-multilingual-v3'.*rebuild"):
        if isinstance(backend, LocalBackend):
            NewsQA.load(news_index, model="multilingual-e5-small")
        else:
            MilvusBackend(backend.uri, "news", model="multilingual-e5-small")

    class Tiny:
        name, dim = "tiny", 8

    with pytest.raises(IndexLoadError, match="512-dimension vectors"):
        if isinstance(backend, LocalBackend):  # the local files' manifest is read by NewsQA.load
            NewsQA.load(news_index, embedder=Tiny())
        else:
            NewsQA.from_backend(backend, embedder=Tiny())


def test_unreachable_server_and_missing_collection_are_one_line(milvus_uri):
    with pytest.raises(IndexLoadError) as caught:
        MilvusBackend(f"http://127.0.0.1:{free_port()}", "news", timeout=2)
    assert "cannot reach Milvus" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(IndexLoadError, match="no Milvus collection 'nope'.*qa migrate"):
        MilvusBackend(milvus_uri, "nope")


# ---------- writes (Milvus only: the local files are written whole by qa build) ----------

@pytest.fixture(scope="module")
def writable(news_index, milvus_uri):
    migrate(news_index, milvus_uri, "writable")
    backend = MilvusBackend(milvus_uri, "writable")
    yield backend
    backend.close()


def make_article(local: LocalBackend, article_id: str, body: str) -> tuple[Article, list[PassageRecord]]:
    from qa.chunking import chunk_articles
    from qa.embedders import load_embedder

    article = Article(article_id=article_id, title="通州区职工围棋赛落幕", paragraphs=[body], source="new.jsonl",
                      date="2025-12-01", publisher="劳动午报")
    passages = chunk_articles([article])
    vectors = load_embedder(None).encode_document([p.context_text for p in passages])
    return article, [PassageRecord(p, tokenize(p.context_text), tokenize(p.title), v, article.date, article.publisher)
                     for p, v in zip(passages, vectors)]


def test_upsert_and_delete_show_at_once(writable, local, milvus_uri):
    before = writable.count()
    article, records = make_article(local, "tz-weiqi", "通州区职工围棋赛在宋庄镇落幕，张家湾镇总工会代表队夺得冠军。")
    writable.upsert(records, [article])
    pids = [r.passage.pid for r in records]
    other = MilvusBackend(milvus_uri, "writable", refresh_seconds=0)  # another reader of the same collection
    for reader in (writable, other):
        assert reader.count() == before + len(records) and reader.known("围棋赛")
        assert reader.lexical_search([tokenize("围棋赛 张家湾镇")], 3)[0][0][0] == pids[0]
        assert reader.article("tz-weiqi") == article
        assert reader.dense_search(records[0].vector[None, :], 1, Filters(since="2025-11-01"))[0][0][0] == pids[0]
    res = NewsQA.from_backend(other).ask("通州区职工围棋赛谁夺得冠军？")
    assert not res.abstained and "张家湾镇总工会代表队" in res.answer
    writable.delete(pids)
    for reader in (writable, other):
        assert reader.count() == before and not reader.known("围棋赛") and reader.fetch(pids) == {}
    other.close()


@pytest.mark.parametrize("stop", ["rows", "marks", "stats"])
def test_a_write_stopped_half_way_shows_nothing(writable, local, milvus_uri, stop):
    """Generations: rows of an unfinished write are invisible, the rows it would replace stay, and the next write
    cleans up."""
    before = writable.count()
    daxing = [pid for pid, p in writable.fetch([int(x) for x in local._pids]).items() if p.title == DAXING_TITLE]
    article, records = make_article(local, f"tz-{stop}", "通州区职工围棋赛在宋庄镇落幕，张家湾镇总工会代表队夺得冠军。")
    with pytest.raises(MilvusError, match="test"):
        writable.apply(records, [article], delete=daxing, fail_after=stop)
    reader = MilvusBackend(milvus_uri, "writable", refresh_seconds=0)
    for view in (writable, reader):
        assert view.count() == before and not view.known("围棋赛")
        assert view.article(f"tz-{stop}") is None and view.fetch([r.passage.pid for r in records]) == {}
        assert set(view.fetch(daxing)) == set(daxing)
        assert view.lexical_search([tokenize("围棋赛")], 5)[0] == []
    assert NewsQA.from_backend(reader).ask("大兴区职工知识竞赛谁获得了一等奖？").short_answer == "瀛海镇总工会代表队"
    # The next write finishes what it asks and leaves nothing of the stopped one.
    writable.upsert(records[:1], [article])
    assert writable.count() == before + 1 and set(writable.fetch(daxing)) == set(daxing)
    writable.delete([records[0].passage.pid])
    assert writable.count() == before
    reader.close()


def test_incremental_build_from_sources(tmp_path):
    from qa.backends.sync import build

    source = tmp_path / "news.jsonl"
    line = '{{"id": "{id}", "title": "{title}", "text": "{text}", "date": "2025-05-01"}}\n'
    first = line.format(id="a", title="怀柔区职工乒乓球赛举行", text="怀柔区职工乒乓球赛在雁栖镇举行，雁栖镇总工会代表队获得冠军。")
    second = line.format(id="b", title="密云区职工书法展开幕", text="密云区职工书法展在鼓楼街道开幕，展出作品一百二十幅。")
    source.write_text(first + second, encoding="utf-8")
    uri = str(tmp_path / "build.db")
    report = build([source], uri, "built")
    assert (report.passages, report.embedded, report.deleted) == (2, 2, 0)
    source.write_text(first, encoding="utf-8")  # b removed
    report = build([source], uri, "built")
    assert (report.upserted, report.embedded, report.deleted) == (0, 0, 1)
    backend = MilvusBackend(uri, "built")
    assert backend.count() == 1 and not backend.known("书法展") and list(backend.articles()) == ["a"]
    backend.close()
