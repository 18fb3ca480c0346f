"""The Gradio web chat: it parses the question, calls NewsQA.ask and formats the cited answer as escaped text."""

from __future__ import annotations

import html
import os
import re
import threading
import time
from itertools import islice
from pathlib import Path

from fastapi import Body, Request  # resolved by FastAPI from this module's globals

from .api import Answer, NewsQA
from .errors import QAError

EXAMPLES = [
    "大兴区职工知识竞赛谁获得了一等奖？",
    "朝阳区总工会主席是谁？",
    "市自来水集团的集体合同覆盖多少家单位？",
    "who won the Daxing quiz?",
    "上海市总工会主席是谁？",
]
RELOAD_CHECK_SECONDS = 1.0
MAX_LISTED_ARTICLES = 1000
RELATED_CHARS = 120
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$=:])")


def escape(text: str) -> str:
    """News or user text made inert for the chat's markdown: HTML-escaped, markdown syntax backslashed."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=True))


def format_answer(res: Answer) -> str:
    """Markdown for one reply; every piece of news or user text goes through escape()."""
    lines: list[str] = []
    if res.abstained:
        lines.append(f"**{escape(res.message)}**")
    else:
        lines.append(f"**答案 Answer：** {escape(res.answer or '')}")
        lines.append("")
        lines.append(f"出处 Source：\\[1\\] {escape(res.citation or '')}")
    if res.passages:
        lines.append("")
        lines.append("**相关段落 Related passages**" if res.abstained else "**段落 Passages**")
    for number, passage in enumerate(res.passages, start=1):
        lines.append("")
        lines.append(f"\\[{number}\\] {escape(passage.citation)}")
        text = passage.text
        if number == 1 and passage.answer_start is not None and passage.answer_end is not None:
            before, hit, after = (text[:passage.answer_start], text[passage.answer_start:passage.answer_end],
                                  text[passage.answer_end:])
            body = f"{escape(before)}**{escape(hit.strip())}**{escape(after)}"
        elif number == 1 or len(text) <= RELATED_CHARS:
            body = escape(text)
        else:  # the others are shortened in the chat; the Sources panel has them in full
            body = escape(text[:RELATED_CHARS]) + "…"
        lines.append(f"> {body}")
    return "\n".join(lines)


class LiveIndex:
    """Holds the loaded index; a watcher thread swaps in a rebuilt one when its manifest changes (no restart).

    Loading happens beside the requests, which keep the old index (its files stay readable while mapped)
    until the new one is ready.
    """

    def __init__(self, path: Path, watch: bool = True) -> None:
        self.path = Path(path)
        self._qa = NewsQA.load(self.path)
        self._stamp = self._manifest_stamp()
        if watch:
            threading.Thread(target=self._watch, name="index-watcher", daemon=True).start()

    def _manifest_stamp(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path / "manifest.json")
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def _watch(self) -> None:
        while True:
            time.sleep(max(RELOAD_CHECK_SECONDS, 0.05))
            self.refresh()

    def refresh(self) -> bool:
        """Load the index again if its manifest changed; True when a new index was swapped in."""
        stamp = self._manifest_stamp()
        if stamp is None or stamp == self._stamp:
            return False
        try:
            fresh = NewsQA.load(self.path, embedder=self._qa.embedder)
        except QAError:
            return False  # a half-swapped or damaged folder: keep answering from the last good index
        self._qa, self._stamp = fresh, stamp
        return True

    @property
    def qa(self) -> NewsQA:
        """The current index."""
        return self._qa


def build_app(index: Path | str = "embeddings", live: LiveIndex | None = None):
    """The Gradio Blocks app over an index (loaded now, so a bad index fails before serving)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from a closed network
    import gradio as gr

    live = live or LiveIndex(Path(index))

    def respond(question: str, history: list | None):
        history = list(history or [])
        question = question if isinstance(question, str) else ""
        res = live.qa.ask(question, k=3)
        history.append({"role": "user", "content": escape(question.strip()[:2000]) or "…"})
        history.append({"role": "assistant", "content": format_answer(res)})
        return "", history

    def ask_api(question: str, k: float = 5) -> dict:
        """The chat's answer as JSON: abstained, answer, citation, passages."""
        try:
            k = int(k)
        except (TypeError, ValueError):
            k = 5
        return live.qa.ask(question if isinstance(question, str) else "", k=max(1, min(k, 50))).to_dict()

    def article_choices() -> list[tuple[str, str]]:
        articles = islice(live.qa.articles.values(), MAX_LISTED_ARTICLES)
        return [(f"《{a.title or '无标题'}》 · {a.source}", a.article_id) for a in articles]

    def show_article(article_id: str | None) -> str:
        article = live.qa.article(article_id) if article_id else None
        if article is None:
            return ""
        head = [article.kicker, article.title, article.subtitle, article.lead]
        paragraphs = [f"[{n}] {p}" for n, p in enumerate(article.paragraphs, start=1)]
        return "\n\n".join([line for line in head if line] + paragraphs + [f"— {article.source}"])

    with gr.Blocks(title="工会新闻问答 Union News Q&A", analytics_enabled=False) as app:
        gr.Markdown("## 工会新闻问答 · Union News Q&A\n用中文或英文提问，答案来自新闻原文并注明出处。"
                    "Ask in Chinese or English; every answer cites the news it comes from.")
        chat = gr.Chatbot(label="对话 Chat", height=560, sanitize_html=True, render_markdown=True,
                          latex_delimiters=[], allow_tags=False, elem_id="chat")
        with gr.Row():
            box = gr.Textbox(placeholder="例如：大兴区职工知识竞赛谁获得了一等奖？", show_label=False, scale=8,
                             max_length=2000, elem_id="question", lines=1)
            send = gr.Button("提问 Ask", variant="primary", scale=1, elem_id="ask")
        gr.Examples(EXAMPLES, inputs=box, label="示例问题 Examples")
        with gr.Accordion("新闻原文 Sources", open=False):
            picker = gr.Dropdown(choices=article_choices(), label="文章 Article", elem_id="article-picker")
            reader = gr.Textbox(label="全文 Full text", lines=14, interactive=False, elem_id="article-text")
        box.submit(respond, [box, chat], [box, chat], api_visibility="private")
        send.click(respond, [box, chat], [box, chat], api_visibility="private")
        picker.change(show_article, picker, reader, api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return app


def create_app(index: Path | str = "embeddings", auth: tuple[str, str] | None = None, host: str = "127.0.0.1",
               port: int = 7860):
    """FastAPI app: the Gradio chat at / and a plain JSON endpoint POST /api/ask {"question": ..., "k": 5}."""
    import secrets

    import gradio as gr
    from fastapi import FastAPI, HTTPException

    live = LiveIndex(Path(index))
    live.qa.ask("工会")  # warm: jieba's dictionary and the tagger load now, not on the first user's question
    blocks = build_app(index, live=live)
    blocks.queue(default_concurrency_limit=8, max_size=256)
    api = FastAPI(title="union-news-qa", docs_url=None, redoc_url=None, openapi_url=None)

    def authorized(request: Request) -> bool:
        if auth is None:
            return True
        import base64

        header = request.headers.get("authorization", "")
        if not header.lower().startswith("basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except ValueError:
            return False
        return secrets.compare_digest(user, auth[0]) and secrets.compare_digest(password, auth[1])

    # async: answering takes a few milliseconds under NewsQA's lock, cheaper on the event loop than a thread hop.
    @api.post("/api/ask")
    async def ask(request: Request, question: str = Body("", embed=True), k: int = Body(5, embed=True)) -> dict:
        """The answer as JSON (the same dict as NewsQA.ask(...).to_dict())."""
        if not authorized(request):
            raise HTTPException(status_code=401, detail="login required", headers={"WWW-Authenticate": "Basic"})
        return live.qa.ask(question, k=k).to_dict()  # NewsQA bounds k to 1..50

    return gr.mount_gradio_app(api, blocks, path="", server_name=host, server_port=port, auth=auth, show_error=False,
                               footer_links=["api"])


def serve(index: Path | str = "embeddings", host: str = "127.0.0.1", port: int = 7860,
          auth: tuple[str, str] | None = None) -> None:
    """Serve the chat and its API on host:port (loopback unless told otherwise) until interrupted."""
    import uvicorn

    app = create_app(index, auth=auth, host=host, port=port)
    print(f"serving the chat on http://{host}:{port}/ (JSON API: POST /api/ask)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
