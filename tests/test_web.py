"""Tests for qa.web: escaping, the live index, the Gradio API, and a real browser on the served chat."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

import qa.web as web
from qa import NewsQA
from qa import render
from qa.render import compact, turn_html
from qa.web import LiveIndex
from tests.conftest import DAXING_ANSWER, DAXING_TITLE, ROOT, free_port

EVIL_PAGE = """工会新闻安全测试

本报讯（记者 测试）安全测试段落<script>window.__xss=1</script>，含有图片<img src=x onerror="window.__xss=2">和链接[点我](javascript:window.__xss=3)，职工技能比武冠军是张三。
"""
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


HOSTILE = "<script>window.__xss=1</script>**粗**[点我](javascript:alert(1))${alert(2)}\"'"


def _answer(**overrides) -> dict:
    passage = {"text": f"正文{HOSTILE}。“瀛海镇总工会代表队”获得了一等奖。", "title": f"标题{HOSTILE}",
               "article_id": "a#1", "paragraph": 2, "source": "news/a.jsonl", "citation": "c", "start": 5, "end": 60,
               "answer_start": None, "answer_end": None, "date": "2025-03-01", "publisher": f"北京日报{HOSTILE}",
               "url": "javascript:alert(3)"}
    text = passage["text"]
    passage["answer_start"] = text.index("“瀛海镇")
    passage["answer_end"] = len(text)
    passage["short_answer_start"] = text.index("瀛海镇")
    passage["short_answer_end"] = text.index("”获得")
    answer = {"abstained": False, "answer": text[passage["answer_start"]:], "short_answer": "瀛海镇总工会代表队",
              "message": "", "citation": "c", "passages": [passage, dict(passage, paragraph=3, answer_start=None)]}
    answer.update(overrides)
    return answer


def test_rendered_turns_escape_every_piece_of_text_and_use_no_markdown():
    html_text = turn_html({"q": HOSTILE, "a": compact(_answer())}, 0)
    for needle in ("<script", "<strong>粗", "<em>", 'href="javascript'):  # news text stays text, markdown too
        assert needle not in html_text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html_text and "javascript:alert(3)" not in html_text.split("href=")[1]


def test_answer_html_puts_the_short_answer_first_then_its_citation_then_collapsed_passages():
    html_text = render.answer_html("谁获得了一等奖？", _answer())
    short, sentence, cite, details = (html_text.index(m) for m in ('class="short-answer"', 'class="sentence"',
                                                                    'class="cite"', "<details"))
    assert short < sentence < cite < details
    assert '<strong class="short">瀛海镇总工会代表队</strong>' in html_text
    assert "“<mark>瀛海镇总工会代表队</mark>”获得了一等奖" in html_text  # a quotation mark beside the highlight
    assert 'href="article?id=a%231&amp;p=2&amp;hs=' in html_text and "2025-03-01" in html_text


def test_an_abstention_says_so_plainly_and_lists_related_passages_under_their_own_heading():
    html_text = render.answer_html("上海的比赛谁赢了？", _answer(abstained=True, answer=None, short_answer=None))
    assert "新闻中没有找到这个问题的答案。" in html_text and "相关段落（不是答案）" in html_text
    assert "short-answer" not in html_text and "<mark>" not in html_text
    assert '<details class="passages related">' in html_text  # collapsed, as an answer's are: they fill a phone screen


def test_an_abstention_is_said_in_the_script_the_question_was_asked_in():
    hant = render.answer_html("上海的比賽邊個贏咗？", _answer(abstained=True, answer=None, short_answer=None))
    assert "<strong>新聞中沒有找到這個問題的答案。</strong> The news does not answer this." in hant
    assert "相關段落（不是答案）" in hant and "没有" not in hant
    english = render.answer_html("Who won in Shanghai?", _answer(abstained=True, answer=None, short_answer=None))
    assert "<strong>The news does not answer this.</strong> 新闻中没有找到这个问题的答案。" in english
    assert english.index("Related passages, not an answer") < english.index("相关段落（不是答案）")
    assert "新聞中沒有找到這個問題的答案。The news does not answer this." in render.plain_text(
        "上海的比賽邊個贏咗？", _answer(abstained=True, answer=None, short_answer=None))


def test_plain_text_copy_has_the_answer_and_its_citation_without_markup():
    text = render.plain_text("谁获得了一等奖？", _answer())
    assert "答：瀛海镇总工会代表队" in text and "出处：《标题" in text and "第2段" in text and "<" not in text.replace(HOSTILE, "")


def test_seed_answers_render_without_stray_markdown(seed_qa):
    for question in ("知识竞赛以什么为契机？", "大兴区职工知识竞赛谁获得了一等奖？", "上海市总工会主席是谁？"):
        html_text = turn_html({"q": question, "a": compact(seed_qa.ask(question).to_dict())}, 0)
        assert "**" not in html_text and "\\*" not in html_text


def test_live_index_picks_up_a_rebuild_and_answers_during_the_swap(index_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(web, "RELOAD_CHECK_SECONDS", 0.0)
    live = LiveIndex(index_copy)
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask_forever():
        while not stop.is_set():
            try:
                res = live.qa.ask("大兴区职工知识竞赛谁获得了一等奖？")
                assert res.passages
            except BaseException as exc:  # noqa: BLE001 - any failure in flight fails the test
                errors.append(exc)

    worker = threading.Thread(target=ask_forever)
    worker.start()
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(ROOT / "seeds" / "000_31f1b2df397274cc.txt", news / "a.txt")
    (news / "b.txt").write_text(EVIL_PAGE, encoding="utf-8")
    NewsQA.build([news], out=index_copy, embedder=live.qa.embedder)
    deadline = time.time() + 20
    while time.time() < deadline and not any(p.source.endswith("b.txt") for p in live.qa.passages):
        time.sleep(0.1)
    stop.set()
    worker.join()
    assert not errors
    assert any(p.source.endswith("b.txt") for p in live.qa.passages)


def _wait_for(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


@contextmanager
def _serve(index: Path, *extra: str):
    """Run `qa serve` (what `make run` runs) on a free loopback port; yield its URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--index", str(index), "--port", str(port), *extra],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a server that ignores SIGTERM fails the test that started it
            proc.kill()
            proc.wait(timeout=30)
            raise


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The chat over an index of the seed page and a hostile page."""
    news = tmp_path_factory.mktemp("news")
    shutil.copy(ROOT / "seeds" / "000_31f1b2df397274cc.txt", news / "000.txt")
    (news / "evil.txt").write_text(EVIL_PAGE, encoding="utf-8")
    index = tmp_path_factory.mktemp("served") / "embeddings"
    NewsQA.build([news], out=index)
    with _serve(index) as url:
        yield url


def test_no_files_are_served_beyond_the_app(served):
    for path in ("gradio_api/file=/etc/passwd", "file=/etc/passwd", "gradio_api/file=../../../../etc/passwd",
                 "gradio_api/file=embeddings/manifest.json"):
        try:
            with urllib.request.urlopen(served + path, timeout=10) as reply:
                body = reply.read().decode("utf-8", "replace")
            assert "root:" not in body and '"format"' not in body, path
        except urllib.error.HTTPError as exc:
            assert exc.code in (403, 404, 405), path


def _request(url: str, path: str = "api/ask", body: bytes | None = None, method: str = "POST",
             content_type: str | None = "application/json", auth: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url + path, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        return exc.code, (json.loads(body) if body.startswith(b"{") else {})


def _post(url: str, payload, auth: str | None = None) -> tuple[int, dict]:
    return _request(url, body=json.dumps(payload, ensure_ascii=False).encode("utf-8"), auth=auth)


def test_rest_api_answers_with_citation_date_publisher_and_url(served):
    status, res = _post(served, {"question": "大兴区职工知识竞赛谁获得了一等奖？", "k": 2})
    assert status == 200 and DAXING_ANSWER in res["answer"] and len(res["passages"]) == 2
    assert {"date", "publisher", "url", "short_answer"} <= set(res) | set(res["passages"][0])
    status, res = _post(served, {"question": "二等奖呢？", "history": ["大兴区职工知识竞赛谁获得了一等奖？"]})
    assert status == 200 and "青云店镇" in (res["short_answer"] or res["answer"])


@pytest.mark.parametrize("payload, status", [
    ({"question": ""}, 400), ({"question": "   "}, 400), ({}, 400), ({"question": 3}, 400),
    ({"question": "工" * 2001}, 400), ({"question": "工会", "k": 0}, 400), ({"question": "工会", "k": 51}, 400),
    ({"question": "工会", "k": "5"}, 400), ({"question": "工会", "k": True}, 400),
    ({"question": "工会", "history": "大兴"}, 400), ({"question": "工会", "history": [1]}, 400),
    ({"question": "工会", "filters": "北京日报"}, 400), ({"question": "工会", "filters": {"since": "yesterday"}}, 400),
    ({"question": "工会", "filters": {"since": "2025-05-01", "until": "2025-01-01"}}, 400),
    ({"question": "工会", "filters": {"colour": "red"}}, 400), ({"question": "工会", "questions": []}, 400),
    ([1, 2], 400), ({"question": "工会", "k": 1, "history": [], "filters": {"source": "000"}}, 200),
])
def test_rest_api_rejects_bad_requests_with_400(served, payload, status):
    code, body = _post(served, payload)
    assert code == status and (status == 200 or body["detail"])


def test_rest_api_wants_json_and_post(served):
    assert _request(served, body=b"question=x", content_type="application/x-www-form-urlencoded")[0] == 415
    assert _request(served, body=None, content_type=None)[0] == 415
    assert _request(served, body=b"", content_type="application/json")[0] == 400
    assert _request(served, body=b"{bad", content_type="application/json")[0] == 400
    assert _request(served, method="GET", content_type=None)[0] == 405
    status, schema = _request(served, "api/openapi.json", method="GET", content_type=None)
    body = schema["paths"]["/api/ask"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert status == 200 and body["required"] == ["question"] and set(body["properties"]) == web.ASK_FIELDS


def _listening_addresses(port: int) -> list[str]:
    """Local IPv4/IPv6 addresses (hex, as /proc/net shows them) listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.append(address)
    return found


def test_server_listens_on_loopback_only(served):
    port = int(served.rstrip("/").rsplit(":", 1)[1])
    assert _listening_addresses(port) == ["0100007F"]  # 127.0.0.1, and nothing else


def test_gradio_api_answers_with_citation(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    res = client.predict("大兴区职工知识竞赛谁获得了一等奖？", 5, api_name="/ask")
    assert DAXING_ANSWER in res["answer"]
    assert res["citation"].startswith(f"《{DAXING_TITLE}》 第4段")
    assert res["passages"][0]["paragraph"] == 4
    empty = client.predict("   ", 5, api_name="/ask")
    assert empty["abstained"] is True and empty["passages"] == []
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="2001 characters; the limit is 2000"):
        client.predict("工" * 2001, 5, api_name="/ask")


def test_gradio_client_can_hold_a_conversation_through_the_chat_endpoint(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    box, turns, html_text = client.predict("大兴区职工知识竞赛谁获得了一等奖？", [], api_name="/chat")
    assert box == "" and len(turns) == 1 and "瀛海镇总工会代表队" in html_text
    box, turns, html_text = client.predict("二等奖呢？", turns, api_name="/chat")
    assert len(turns) == 2 and "青云店镇" in (turns[1]["a"]["short_answer"] or turns[1]["a"]["answer"])


def test_bench_load_measures_the_chat_path_through_gradios_queue(served):
    ran = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_load.py"), "--via", "gradio", "--clients", "2",
                          "--seconds", "2", "--url", served], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert "via: gradio" in ran.stdout and "errors: 0" in ran.stdout and "p95" in ran.stdout


def test_the_answer_cache_serves_a_repeated_question_from_the_same_index_only(seed_qa, index_copy):
    cache = web.AnswerCache(size=2)
    first = cache.ask(seed_qa, "大兴区职工知识竞赛谁获得了一等奖？", 3)
    assert cache.ask(seed_qa, " 大兴区职工知识竞赛谁获得了一等奖？ ", 3) is first  # the same question again
    assert cache.cached(seed_qa, "大兴区职工知识竞赛谁获得了一等奖？", 3, history=["朝阳区"]) is None
    assert cache.cached(seed_qa, "大兴区职工知识竞赛谁获得了一等奖？", 5) is None
    other = NewsQA.load(index_copy, embedder=seed_qa.embedder)
    assert cache.cached(other, "大兴区职工知识竞赛谁获得了一等奖？", 3) is None  # another index: asked afresh
    cache.ask(seed_qa, "朝阳区总工会主席是谁？", 3)
    cache.ask(seed_qa, "市自来水集团的集体合同覆盖多少家单位？", 3)
    assert cache.cached(seed_qa, "大兴区职工知识竞赛谁获得了一等奖？", 3) is None  # the oldest left
    assert web.AnswerCache(size=0).cached(seed_qa, "大兴区职工知识竞赛谁获得了一等奖？", 3) is None
