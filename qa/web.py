"""The Gradio web chat: it parses the question, calls NewsQA.ask and formats the cited answer as escaped text."""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import threading
import time
from pathlib import Path
from typing import Callable

from fastapi import Request  # resolved by FastAPI from this module's globals

from . import api as _api
from . import feedback
from .api import NewsQA
from .auth import LoginGate, Throttle, hash_password, session_secret
from .chatui import CHAT_CSS, HEAD, STORAGE_KEY, theme, typing_js
from .management import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, NewsManager, summarize, summary_html
from .render import MAX_KEPT_TURNS, article_page, articles_html, compact, conversation_html

EXAMPLES = [
    "大兴区职工知识竞赛谁获得了一等奖？",
    "朝阳区总工会主席是谁？",
    "市自来水集团的集体合同覆盖多少家单位？",
    "who won the Daxing quiz?",
    "上海市总工会主席是谁？",
]
RELOAD_CHECK_SECONDS = 1.0
CHAT_PASSAGES = 3
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_FEEDBACK_BYTES = 64 * 1024
MAX_QUESTION_CHARS = _api.MAX_QUESTION_CHARS
MAX_HISTORY = _api.MAX_HISTORY
TOO_LONG_ECHO_CHARS = 40  # the start of a refused question shown in the log (all of it stays in the box)


class LiveIndex:
    """Holds the loaded index; a watcher thread swaps in a newly published version of it (no restart).

    Loading happens beside the requests, which keep the old index (its files stay readable while mapped)
    until the new one is ready.
    """

    def __init__(self, path: Path, watch: bool = True) -> None:
        self.path = Path(path)
        self._qa = NewsQA.load(self.path)
        if watch:
            threading.Thread(target=self._watch, name="index-watcher", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(max(RELOAD_CHECK_SECONDS, 0.05))
            self.refresh()

    def refresh(self) -> bool:
        """Switch to a newly published version (NewsQA.refresh: whole versions only; a folder gone or damaged
        keeps the loaded one, logged once); True when it switched."""
        fresh = self._qa.refresh()
        switched, self._qa = fresh is not self._qa, fresh
        return switched

    @property
    def qa(self) -> NewsQA:
        """The current index."""
        return self._qa


class AnswerCache:
    """The last answers, by index, question, history, filters and k: the same question again (an example button,
    a popular question, a reload) is answered without retrieval. Entries belong to the index object that made them,
    so a new index never serves an old answer. QA_ANSWER_CACHE sets the size (0: off)."""

    def __init__(self, size: int | None = None) -> None:
        from collections import OrderedDict

        self.size = int(os.environ.get("QA_ANSWER_CACHE", "2048")) if size is None else size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(qa: NewsQA, question: str, k: int, history: list[str] | None, filters: dict | None) -> tuple:
        return (id(qa), " ".join(question.split()), k, tuple(history or ()), tuple(sorted((filters or {}).items())))

    def cached(self, qa: NewsQA, question: str, k: int, history: list[str] | None = None,
               filters: dict | None = None) -> dict | None:
        """The answer if it is in the cache, else None (without asking)."""
        if self.size <= 0:
            return None
        key = self._key(qa, question, k, history, filters)
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] is qa:
                self._items.move_to_end(key)
                return found[1]
        return None

    def ask(self, qa: NewsQA, question: str, k: int, history: list[str] | None = None,
            filters: dict | None = None) -> dict:
        """NewsQA.ask(...).to_dict(), from the cache when it was asked before (the dict is shared: don't change it)."""
        found = self.cached(qa, question, k, history, filters)
        if found is not None:
            return found
        answer = qa.ask(question, k=k, history=history or None, filters=filters or None).to_dict()
        if self.size <= 0:
            return answer
        key = self._key(qa, question, k, history, filters)
        with self._lock:
            self._items[key] = (qa, answer)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return answer


class FixedIndex:
    """A NewsQA that is not a local index folder (Milvus): the backend notices new writes itself, so nothing to
    swap."""

    def __init__(self, qa: NewsQA) -> None:
        self.qa = qa
        self.path = None

    def refresh(self) -> bool:
        """Nothing to switch to."""
        return False


def build_app(index: Path | str = "embeddings", live: LiveIndex | None = None, cache: AnswerCache | None = None,
              manage_access: Callable | None = None):
    """The Gradio Blocks app over an index (loaded now, so a bad index fails before serving).

    `manage_access(request)` says why news management is refused to a request (None: allowed); by default it is
    allowed (a server on loopback without logins).
    """
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from a closed network
    _lighten_gradio_queue()
    import gradio as gr

    live = live or LiveIndex(Path(index))
    cache = cache or AnswerCache()
    manager = NewsManager(index, live)
    manage_access = manage_access or (lambda request: None)

    # async: a cached answer returns at once, on the event loop, without Gradio's hop to a worker thread for each
    # event (2-3x the throughput of the chat path: benchmarks/bench_load.py); a fresh one is found in a thread.
    async def respond(question: str, turns: list | None, since: str | None = None, until: str | None = None,
                      source: str | None = None):
        """One chat turn: the answer to `question`, read in the context of the earlier questions in `turns`,
        from the articles the filters admit (since/until: YYYY-MM-DD; source: publisher or file name)."""
        turns = [t for t in (turns or []) if isinstance(t, dict)][-MAX_KEPT_TURNS:]
        question = question if isinstance(question, str) else ""
        text = question.strip()
        if not text:  # said in a toast, the conversation untouched
            gr.Warning("请先输入问题。Type a question first.")
            return "", turns, conversation_html(turns)
        if len(text) > MAX_QUESTION_CHARS:  # said, not cut: the question stays in the box to be shortened
            turns.append({"q": text[:TOO_LONG_ECHO_CHARS] + "…", "error": too_long_message(len(text))})
            return question, turns, conversation_html(turns)
        filters = {key: value.strip() for key, value in (("since", since), ("until", until), ("source", source))
                   if isinstance(value, str) and value.strip()} or None
        history = [str(t.get("q")) for t in turns if t.get("a")][-MAX_HISTORY:]
        qa = live.qa
        try:
            answer = cache.cached(qa, text, CHAT_PASSAGES, history, filters)
            if answer is None:  # retrieval in a worker thread: the event loop keeps serving the other users
                answer = await asyncio.to_thread(cache.ask, qa, text, CHAT_PASSAGES, history, filters)
        except ValueError as exc:  # qa.errors.QueryError: a filter it cannot use; the question stays in the box
            turns.append({"q": text, "error": f"筛选条件有误 Filter: {exc}"})
            return question, turns, conversation_html(turns)
        turns.append({"q": text, "a": compact(answer), **({"f": filters} if filters else {})})
        turns = turns[-MAX_KEPT_TURNS:]
        return "", turns, conversation_html(turns)

    def restore(turns: list | None):
        """The conversation kept in the browser, shown again after a reload (nothing kept: the page stays as it is,
        so a question asked before this arrives is not painted over)."""
        turns = [t for t in (turns or []) if isinstance(t, dict)][-MAX_KEPT_TURNS:]
        return conversation_html(turns) if turns else gr.skip()

    def new_conversation():
        return "", [], conversation_html([])

    def ask_api(question: str, k: float = 5, history: list[str] | None = None) -> dict:
        """The chat's answer as JSON: abstained, answer, citation, passages."""
        try:
            k = int(k)
        except (TypeError, ValueError):
            k = 5
        history = [h for h in (history or []) if isinstance(h, str)] or None
        question = question if isinstance(question, str) else ""
        if len(question.strip()) > MAX_QUESTION_CHARS:  # refused in words, not cut
            raise gr.Error(f"question is {len(question.strip())} characters; the limit is {MAX_QUESTION_CHARS}")
        return cache.ask(live.qa, question, max(1, min(k, 50)), history)

    def source_choices() -> list[str]:
        summary = summarize(live.qa)
        return summary.publishers + [item.name for item in summary.sources]

    def news_view(request: gr.Request):
        """The News tab: what is indexed, the sources to remove, who may manage."""
        summary = summarize(live.qa)
        refused = manage_access(request)
        note = (f'<p class="manage-note" role="status">{html.escape(refused)}</p>' if refused else "")
        return (note + summary_html(summary) + articles_html(live.qa),
                gr.update(choices=[s.name for s in summary.sources], value=None),
                gr.update(choices=source_choices()))

    def change_news(files, remove_source, request: gr.Request, progress=gr.Progress()):
        """Add the uploaded files and/or remove a source, rebuild, and switch the chat to the new index."""
        refused = manage_access(request)
        if refused:
            raise gr.Error(refused)
        added = [manager.save_upload(Path(getattr(f, "name", f))) for f in (files or [])]
        remove = [remove_source] if remove_source else []
        if not added and not remove:
            raise gr.Error("先选择要添加的新闻文件或要删除的来源。Choose news files to add or a source to remove.")
        progress(0, desc="重建索引 Rebuilding")
        result = manager.rebuild(added, remove, progress=lambda what, done, total: progress(
            (done, total), desc=f"嵌入段落 Embedding passages {done}/{total}"))
        view, sources, filters = news_view(request)
        status = (f"已重建 Rebuilt: {result['articles']} 篇文章, {result['passages']} 个段落 "
                  f"({result['embedded']} 新嵌入 embedded, {result['reused']} 复用 reused) · {result['seconds']} s"
                  + "".join(f"\n警告 warning: {w}" for w in result["warnings"]))
        return status, view, sources, filters, None

    # Gradio finds the request argument by its type; this module's annotations are strings it cannot resolve.
    for handler in (news_view, change_news):
        handler.__annotations__["request"] = gr.Request

    with gr.Blocks(title="工会新闻问答 Union News Q&A", analytics_enabled=False) as app:
        gr.HTML('<h1>工会新闻问答 <span lang="en">Union News Q&amp;A</span></h1>'
                '<p>答案来自新闻原文并注明出处 · Every answer cites the news it comes from</p>', elem_id="title")
        turns = gr.BrowserState([], storage_key=STORAGE_KEY, secret="union-news-qa")
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("对话 Chat", id="chat-tab"):
                log = gr.HTML(conversation_html([]), elem_id="chat", js_on_load=None)
                with gr.Row(equal_height=True):
                    box = gr.Textbox(placeholder="输入问题，Enter 发送，Shift+Enter 换行", label="问题 Question",
                                     show_label=False, scale=8, elem_id="question", lines=1, max_lines=6,
                                     autofocus=True,
                                     info=f"最多 {MAX_QUESTION_CHARS} 字 · up to {MAX_QUESTION_CHARS:,} characters")
                    send = gr.Button("提问 Ask", variant="primary", scale=1, min_width=72, elem_id="ask")
                gr.HTML('<div id="char-count" aria-live="polite"></div>', padding=False)
                with gr.Row(elem_id="examples-row"):
                    example_buttons = [gr.Button(q, size="sm", variant="secondary", elem_classes="example")
                                       for q in EXAMPLES]
                with gr.Row(elem_id="chat-tools"):
                    clear = gr.Button("新对话 New conversation", size="sm", variant="secondary",
                                      elem_id="new-conversation")
                with gr.Accordion("筛选 Filters（日期、来源 dates, source）", open=False, elem_id="filters"):
                    with gr.Row():
                        since = gr.Textbox(label="起始日期 Since", placeholder="2025-01-01", elem_id="since",
                                           max_lines=1)
                        until = gr.Textbox(label="截止日期 Until", placeholder="2025-12-31", elem_id="until",
                                           max_lines=1)
                        source = gr.Dropdown(choices=source_choices(), value=None, allow_custom_value=True,
                                             label="来源 Source（出版方或文件 publisher or file）", elem_id="source")
            with gr.Tab("新闻 News", id="news-tab", elem_id="news-tab") as news_tab:
                news_info = gr.HTML(elem_id="news-info")
                uploads = gr.File(label="添加新闻文件 Add news files (.txt .jsonl .html)", file_count="multiple",
                                  file_types=list(UPLOAD_SUFFIXES), elem_id="news-upload")
                remove = gr.Dropdown(choices=[], value=None, label="删除来源 Remove a source", elem_id="news-remove")
                rebuild = gr.Button("更新索引 Update the index", variant="primary", elem_id="news-rebuild")
                news_status = gr.Textbox(label="状态 Status", interactive=False, lines=2, elem_id="news-status")
        inputs, outputs = [box, turns, since, until, source], [box, turns, log]
        # The chat's values are plain strings and JSON both ways: no pre/postprocessing, each of which Gradio runs
        # in a worker thread per component (8 thread hops per question).
        fast = {"show_progress": "hidden", "preprocess": False, "postprocess": False}
        box.submit(respond, inputs, outputs, js=typing_js(len(inputs)), api_name="chat", **fast)
        send.click(respond, inputs, outputs, js=typing_js(len(inputs)), api_visibility="private", **fast)
        for button, question in zip(example_buttons, EXAMPLES):
            button.click(respond, inputs, outputs, js=typing_js(len(inputs), question), api_visibility="private",
                         **fast)
        clear.click(new_conversation, None, outputs, api_visibility="private", show_progress="hidden")
        app.load(restore, turns, log, api_visibility="private", show_progress="hidden")
        app.load(lambda: gr.update(choices=source_choices()), None, source, api_visibility="private",
                 show_progress="hidden")  # the sources of the index loaded now, not of the one at start
        news_tab.select(news_view, None, [news_info, remove, source], api_visibility="private")
        rebuild.click(change_news, [uploads, remove], [news_status, news_info, remove, source, uploads],
                      api_visibility="private", concurrency_limit=1, concurrency_id="manage")
        gr.api(ask_api, api_name="ask")
    return app


def _lighten_gradio_queue() -> None:
    """Two costs Gradio's queue pays on every event that this app has no use for (benchmarks/bench_load.py):

    - a pandas summary of up to 10,000 past events for its monitoring page, recomputed after each event
      (the p95 of the chat path grew with the number of questions served);
    - a failing `import matplotlib` (a search of sys.path) around each call when matplotlib is not installed.
    """
    import importlib.util
    import sys

    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(10 ** 9))
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1")
    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is None:
        sys.modules["matplotlib"] = None  # `import matplotlib` now fails at once, as it would after the search


def too_long_message(chars: int) -> str:
    """What the chat says to a question over the limit (it is not cut and answered)."""
    return (f"问题有 {chars} 字，超过 {MAX_QUESTION_CHARS} 字的上限，请缩短后再问。"
            f"The question has {chars:,} characters; the limit is {MAX_QUESTION_CHARS:,}. Please shorten it.")


class ZhLang:
    """ASGI middleware: the chat page declares lang="zh-CN" (Gradio's template says "en")."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path", "/").rstrip("/") != "":
            return await self.app(scope, receive, send)
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                headers = [(k, v) for k, v in start.get("headers", [])]
                if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    body = re.sub(rb'(<html\s+lang=)"en"', rb'\1"zh-CN"', body, count=1)
                    headers = [(k, str(len(body)).encode() if k.lower() == b"content-length" else v) for k, v in headers]
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, capture)


class RequestError(ValueError):
    """A malformed request to the JSON API: its HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


ASK_FIELDS = {"question", "k", "history", "filters"}
ASK_REQUEST_SCHEMA = {
    "type": "object", "required": ["question"], "additionalProperties": False,
    "properties": {
        "question": {"type": "string", "minLength": 1, "maxLength": MAX_QUESTION_CHARS,
                     "example": "大兴区职工知识竞赛谁获得了一等奖？"},
        "k": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5, "description": "passages to return"},
        "history": {"type": "array", "items": {"type": "string", "maxLength": MAX_QUESTION_CHARS}, "maxItems": 50,
                    "description": "the user's earlier questions, oldest first (follow-ups are read with them)"},
        "filters": {"type": "object", "additionalProperties": False, "properties": {
            "since": {"type": "string", "format": "date"}, "until": {"type": "string", "format": "date"},
            "source": {"type": "string", "description": "publisher or source file name contains this"},
            "article": {"type": "string", "description": "one article id"}}},
    },
}
ASK_RESPONSES = {
    400: {"description": "missing, empty or too long question; bad k, history or filters"},
    401: {"description": "login required"}, 405: {"description": "not POST"},
    415: {"description": "the body is not JSON (Content-Type: application/json)"},
}


def parse_ask_body(content_type: str, body: bytes) -> tuple[str, int, list[str] | None, dict | None]:
    """(question, k, history, filters) of a POST /api/ask body; RequestError (415 or 400) saying what is wrong."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise RequestError(415, "send JSON: Content-Type: application/json and a body like {\"question\": \"...\"}")
    try:
        payload = json.loads(body.decode("utf-8")) if body.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequestError(400, f"the body is not valid JSON ({getattr(exc, 'msg', exc)})") from None
    if not isinstance(payload, dict):
        raise RequestError(400, 'the body must be a JSON object like {"question": "..."}')
    unknown = sorted(set(payload) - ASK_FIELDS)
    if unknown:
        raise RequestError(400, f"unknown field {unknown[0]!r}: use question, k, history, filters")
    question = payload.get("question")
    if question is not None and not isinstance(question, str):
        raise RequestError(400, f"question must be a string, not {type(question).__name__}")
    if not isinstance(question, str) or not question.strip():
        raise RequestError(400, "question is missing or empty")
    if len(question.strip()) > MAX_QUESTION_CHARS:
        raise RequestError(400, f"question is {len(question.strip())} characters; the limit is {MAX_QUESTION_CHARS}")
    k = payload.get("k", 5)
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 50:
        raise RequestError(400, "k must be a whole number from 1 to 50")
    history = payload.get("history")
    if history is not None and (not isinstance(history, list) or len(history) > 50
                                or not all(isinstance(h, str) and len(h) <= MAX_QUESTION_CHARS for h in history)):
        raise RequestError(400, "history must be a list of at most 50 earlier questions (strings), oldest first")
    filters = payload.get("filters")
    if filters is not None and not isinstance(filters, dict):
        raise RequestError(400, "filters must be an object with since, until, source or article")
    return question, k, history or None, filters or None


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("union-news-qa")
    except Exception:  # noqa: BLE001 - not installed: a source checkout
        return "0"


def _warm_dictionaries(qa: NewsQA) -> None:
    """Load what English and count questions read (CC-CEDICT and its classifiers) before the first user asks."""
    from .bridge import classifiers

    qa.ask("who won the Daxing quiz?")
    classifiers()


def create_app(index: Path | str = "embeddings", auth: tuple[str, str] | None = None, host: str = "127.0.0.1",
               port: int = 7860, feedback_log: Path | str | None = None, users: dict[str, str] | None = None,
               open_chat: bool = False, live: "LiveIndex | FixedIndex | None" = None):
    """FastAPI app: the Gradio chat at / and a plain JSON endpoint POST /api/ask {"question": ..., "k": 5}.

    `users` ({name: scrypt hash}, see qa.auth) or `auth` (one name and password) put everything behind a login,
    or only news management with `open_chat`.
    """
    import gradio as gr
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse, JSONResponse

    live = live or LiveIndex(Path(index))
    feedback_log = Path(feedback_log) if feedback_log else feedback.log_path(index)
    live.qa.ask("大兴区工会")  # warm: jieba's dictionary, the tagger and CC-CEDICT's name case (a name is asked about)
    # load now, not on the first user's question
    # English questions load their own dictionaries (~3 s), count questions CC-CEDICT's measure words (<1 s): in the
    # background, so the server starts listening now.
    threading.Thread(target=_warm_dictionaries, args=(live.qa,), name="warm-english", daemon=True).start()
    cache = AnswerCache()
    users = dict(users or {})
    if auth is not None:
        users[auth[0]] = hash_password(auth[1])
    gate_options = {"users": users, "protects": lambda path: not open_chat or is_management(path),
                    "secret": session_secret(), "throttle": Throttle()}
    checker = LoginGate(None, **gate_options) if users else None

    def manage_refused(headers, address: str) -> str | None:
        """Why news management is refused to this request (None: allowed)."""
        if checker is not None:
            user, _ = checker.user_of({k.lower(): v for k, v in dict(headers or {}).items()}, address)
            return None if user else "新闻管理需要登录：请先登录（/login）。News management needs a login: log in at /login."
        if host in LOOPBACK:
            return None
        return ("新闻管理已关闭：服务对外开放时需要登录（--auth-file 或 QA_AUTH）。News management is off: serving "
                "beyond this machine needs logins (--auth-file or QA_AUTH).")

    def manage_access(request) -> str | None:
        client = getattr(request, "client", None)
        return manage_refused(getattr(request, "headers", {}), getattr(client, "host", None) or "unknown")

    blocks = build_app(index, live=live, cache=cache, manage_access=manage_access)
    # Queue positions are sent every few seconds, not to every waiting client each time any answer is done.
    blocks.queue(default_concurrency_limit=8, max_size=256, status_update_rate=5)
    api = FastAPI(title="union-news-qa", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", description="Answers from Chinese trade-union news, with citations.")

    # async: answering takes a few milliseconds under NewsQA's lock, cheaper on the event loop than a thread hop.
    @api.post("/api/ask", openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": ASK_REQUEST_SCHEMA}}}}, responses=ASK_RESPONSES, response_model=None)
    async def ask(request: Request):
        """Answer a question from the news: the same dict as NewsQA.ask(...).to_dict() (short answer, answering
        sentence, citation, passages with date, publisher and URL), or an abstention."""
        try:
            question, k, history, filters = parse_ask_body(request.headers.get("content-type", ""),
                                                           await request.body())
            return JSONResponse(cache.ask(live.qa, question, k, history, filters))
        except RequestError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=exc.status)
        except ValueError as exc:  # qa.errors.QueryError: bad history or filters
            return JSONResponse({"detail": str(exc)}, status_code=400)

    @api.api_route("/api/ask", methods=["GET", "HEAD", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def ask_wrong_method():
        return JSONResponse({"detail": "use POST with a JSON body"}, status_code=405, headers={"Allow": "POST"})

    @api.post("/api/feedback", responses={400: {"description": "bad vote or question"}, 415: {"description": "not JSON"}},
              response_model=None)
    async def give_feedback(request: Request):
        """A reader's 👍/👎 on an answer (question, answer, citation, vote "up"/"down", optional comment and the
        earlier questions), appended to the feedback log beside the index."""
        media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media != "application/json":
            return JSONResponse({"detail": "send JSON (Content-Type: application/json)"}, status_code=415)
        body = await request.body()
        if len(body) > MAX_FEEDBACK_BYTES:
            return JSONResponse({"detail": "feedback too large"}, status_code=413)
        try:
            payload = json.loads(body.decode("utf-8"))
            if not isinstance(payload, dict):
                raise feedback.FeedbackError("the body must be a JSON object")
            record = feedback.entry(payload.get("question"), payload.get("vote"), payload.get("answer"),
                                    payload.get("citation"), payload.get("comment"), payload.get("history"),
                                    payload.get("amends", False))
        except (UnicodeDecodeError, json.JSONDecodeError, feedback.FeedbackError) as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        feedback.append(feedback_log, record)
        return {"ok": True}

    @api.get("/api/manage/status", responses={401: {"description": "login required"},
                                              403: {"description": "management is off"}}, response_model=None)
    def manage_status(request: Request):
        """What the index holds: articles, passages, dates, publishers, source files, when it was built."""
        refused = manage_refused(request.headers, request.client.host if request.client else "unknown")
        if refused:
            return JSONResponse({"detail": refused}, status_code=403)
        return summarize(live.qa).to_dict()

    @api.get("/article", response_class=HTMLResponse)
    def article(request: Request, id: str = "", p: int = 0, hs: int | None = None, he: int | None = None):
        """One article as a page, the cited paragraph (p) marked and scrolled into view, [hs, he) highlighted."""
        found = live.qa.article(id) if id else None
        if found is None:
            return HTMLResponse('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>没有这篇文章</title>'
                                '<p>没有这篇文章（索引可能已更新）。No such article (the index may have changed). '
                                '<a href="./">返回对话 Back to the chat</a></p></html>', status_code=404)
        highlight = (hs, he) if hs is not None and he is not None else None
        return HTMLResponse(article_page(found, p, highlight))

    mounted = gr.mount_gradio_app(api, blocks, path="", server_name=host, server_port=port,
                                  show_error=False, footer_links=["api"], css=CHAT_CSS, head=HEAD,
                                  theme=theme(), max_file_size=MAX_UPLOAD_BYTES)
    mounted.add_middleware(ZhLang)
    if users:  # outermost: nothing is served before the login
        mounted.add_middleware(LoginGate, **gate_options)
    return mounted


def is_management(path: str) -> bool:
    """Paths of news management (behind the login even when the chat is open)."""
    return path.startswith(("/manage", "/api/manage"))


def serve(index: Path | str = "embeddings", host: str = "127.0.0.1", port: int = 7860,
          auth: tuple[str, str] | None = None, users: dict[str, str] | None = None, open_chat: bool = False,
          qa: NewsQA | None = None) -> None:
    """Serve the chat and its API on host:port (loopback unless told otherwise) until interrupted."""
    import logging

    import uvicorn

    logging.basicConfig(format="%(asctime)s %(name)s: %(message)s", level=logging.INFO)
    for noisy in ("httpx", "gradio", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    app = create_app(index, auth=auth, host=host, port=port, users=users, open_chat=open_chat,
                     live=FixedIndex(qa) if qa is not None else None)
    print(f"serving the chat on http://{host}:{port}/ (JSON API: POST /api/ask)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
