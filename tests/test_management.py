"""News management: what is indexed, uploads, removing a source, rebuilding beside the chat, and who may."""

from __future__ import annotations

import json
import shutil

import pytest

from qa import NewsQA
from qa.management import ManagementError, NewsManager, summarize, summary_html
from qa.web import LiveIndex
from tests.conftest import DAXING_ANSWER, ROOT
from tests.test_chat_browser import ARCHIVE
from tests.test_web import CHROMIUM_ARGS, _request, _serve

PAGE = ROOT / "tests" / "data" / "news_page.html"
TONGZHOU = "通州区职工厨艺大赛谁获得了金奖？"


@pytest.fixture
def news_index(tmp_path, seed_qa):
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(ROOT / "seeds" / "000_31f1b2df397274cc.txt", news / "000.txt")
    (news / "archive.jsonl").write_text(json.dumps(ARCHIVE, ensure_ascii=False) + "\n", encoding="utf-8")
    index = tmp_path / "embeddings"
    NewsQA.build([news], out=index, embedder=seed_qa.embedder)
    return index


def test_the_summary_counts_articles_passages_dates_and_sources(news_index):
    qa = NewsQA.load(news_index)
    summary = summarize(qa)
    assert (summary.articles, summary.first, summary.last) == (6, "2025-03-01", "2025-03-01")
    assert summary.passages == len(qa.passages) and summary.publishers == ["北京日报"] and summary.built_at
    by_name = {s.name.rsplit("/", 1)[-1]: s for s in summary.sources}
    assert by_name["000.txt"].articles == 5 and by_name["archive.jsonl"].publishers == ["北京日报"]
    assert sum(s.passages for s in summary.sources) == summary.passages
    assert "archive.jsonl" in summary_html(summary) and "<script" not in summary_html(summary)


def test_uploads_are_checked_and_saved_under_safe_names(news_index, tmp_path):
    manager = NewsManager(news_index, LiveIndex(news_index, watch=False))
    bad = tmp_path / "evil.exe"
    bad.write_bytes(b"MZ")
    with pytest.raises(ManagementError, match="only .txt, .jsonl, .html, .htm"):
        manager.save_upload(bad)
    saved = manager.save_upload(PAGE, "../../etc/通州 厨艺<script>.html")
    assert saved.parent == news_index.with_name("embeddings.news") and saved.name == "通州_厨艺_script.html"
    assert manager.save_upload(PAGE, "通州 厨艺<script>.html") == saved  # the same file again: the same name


def test_a_rebuild_adds_and_removes_news_while_the_chat_answers_from_the_old_index(news_index):
    live = LiveIndex(news_index, watch=False)
    old = live.qa
    manager = NewsManager(news_index, live)
    during: list[bool] = []

    def progress(what, done, total):  # mid-build: the chat still answers, from the old index
        during.append(live.qa is old and DAXING_ANSWER in (live.qa.ask("大兴区职工知识竞赛谁获得了一等奖？").answer or ""))

    added = manager.save_upload(PAGE, "chuyi.html")
    result = manager.rebuild([added], progress=progress)
    assert during and all(during)
    assert live.qa is not old and result["articles"] == 7 and result["reused"] > 0 and result["switched"]
    assert "宋庄镇" in live.qa.ask(TONGZHOU).answer
    archive = next(name for name in manager.sources() if name.endswith("archive.jsonl"))
    manager.rebuild(remove=[archive])
    assert not any(p.source.endswith("archive.jsonl") for p in live.qa.passages)
    manager.rebuild(remove=[str(added)])
    assert not added.exists()  # an upload removed from the index leaves the uploads folder too
    with pytest.raises(ManagementError, match="not a source"):
        manager.rebuild(remove=["nope.txt"])


def test_one_rebuild_at_a_time_and_never_a_source_dropped_by_accident(news_index, tmp_path):
    live = LiveIndex(news_index, watch=False)
    manager = NewsManager(news_index, live)
    manager._lock.acquire()
    try:
        with pytest.raises(ManagementError, match="already running"):
            manager.rebuild(remove=[manager.sources()[0]])
    finally:
        manager._lock.release()
    (tmp_path / "news" / "archive.jsonl").unlink()
    with pytest.raises(ManagementError, match="archive.jsonl: source file not found"):
        manager.rebuild([manager.save_upload(PAGE)])
    assert len(live.qa.articles) == 6  # nothing changed


def test_management_is_off_beyond_loopback_without_logins(news_index):
    from fastapi.testclient import TestClient

    from qa.web import create_app

    with TestClient(create_app(news_index, host="0.0.0.0")) as client:
        reply = client.get("/api/manage/status")
        assert reply.status_code == 403 and "needs logins" in reply.json()["detail"]
    with TestClient(create_app(news_index)) as client:
        assert client.get("/api/manage/status").json()["articles"] == 6


def test_a_browser_uploads_a_news_page_and_the_chat_answers_from_it_without_a_restart(news_index):
    from playwright.sync_api import sync_playwright

    with _serve(news_index) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url)
        page.wait_for_selector("#question textarea", timeout=60_000)
        page.get_by_role("tab", name="新闻 News").click()
        page.wait_for_selector("#news-info .index-summary")
        assert "6 篇文章" in page.inner_text("#news-info")
        page.set_input_files("#news-upload input[type=file]", str(PAGE))
        page.wait_for_selector("#news-upload :text('news_page.html')")
        page.click("#news-rebuild")
        page.wait_for_function("document.querySelector('#news-status textarea').value.includes('已重建')",
                               timeout=120_000)
        assert "7 篇文章" in page.inner_text("#news-info") and "工人日报" in page.inner_text("#news-info")
        assert _request(url, "api/manage/status", method="GET", content_type=None)[1]["articles"] == 7
        page.get_by_role("tab", name="对话 Chat").click()
        box = page.locator("#question textarea")
        box.fill(TONGZHOU)
        box.press("Enter")
        page.wait_for_selector("#chat-log section.turn:not(.pending) .reply > .cite")
        assert "宋庄镇" in page.inner_text("#chat-log") and "工人日报" in page.inner_text("#chat-log .reply > .cite")
        browser.close()


def test_with_an_open_chat_a_visitor_cannot_change_the_news(news_index, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("QA_AUTH", "alice:s3cret")
    with _serve(news_index, "--open-chat") as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("#question textarea", timeout=60_000)  # the chat is open
        page.get_by_role("tab", name="新闻 News").click()
        page.wait_for_selector("#news-info .manage-note")
        assert "需要登录" in page.inner_text("#news-info .manage-note")
        page.set_input_files("#news-upload input[type=file]", str(PAGE))
        page.wait_for_selector("#news-upload :text('news_page.html')")
        page.click("#news-rebuild")
        page.wait_for_selector(":text('News management needs a login')", timeout=60_000)  # Gradio's error toast
        assert _request(url, "api/manage/status", method="GET", content_type=None, auth="alice:s3cret")[1][
            "articles"] == 6
        assert not news_index.with_name("embeddings.news").exists()
        browser.close()
