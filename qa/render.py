"""HTML for the web chat and the article page, built from answer dicts; every piece of text is escaped here.

No Markdown is involved: emphasis is an HTML element, so Chinese punctuation next to a highlight can never leave
stray `**` marks, and news or user text can never become markup (html.escape on every value, attributes quoted).
"""

from __future__ import annotations

import html
from typing import Iterable, Mapping
from urllib.parse import quote, urlsplit

from .messages import NOT_FOUND, RELATED_HEADING, in_script, script_of

MAX_KEPT_TURNS = 30  # turns a browser keeps in its conversation (localStorage)
PASSAGE_FIELDS = ("text", "title", "article_id", "paragraph", "source", "citation", "start", "end", "answer_start",
                  "answer_end", "short_answer_start", "short_answer_end", "date", "publisher", "url")


def esc(value: object) -> str:
    """Text made inert for HTML (element content and quoted attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def compact(answer: Mapping) -> dict:
    """What a conversation keeps of an answer dict (NewsQA.ask(...).to_dict()): no scores or signals."""
    return {"abstained": bool(answer.get("abstained")), "answer": answer.get("answer"),
            "short_answer": answer.get("short_answer"), "message": answer.get("message") or "",
            "citation": answer.get("citation"),
            "passages": [{key: p.get(key) for key in PASSAGE_FIELDS} for p in answer.get("passages") or []]}


def safe_url(url: object) -> str | None:
    """An http(s) URL from the news, or None (javascript:, data: and relative URLs are never linked)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def article_href(passage: Mapping) -> str:
    """Relative link to the article page with the cited paragraph (and the answering sentence) marked."""
    href = f"article?id={quote(str(passage.get('article_id') or ''), safe='')}&p={int(passage.get('paragraph') or 0)}"
    start, end = passage.get("answer_start"), passage.get("answer_end")
    offset = int(passage.get("start") or 0)
    if isinstance(start, int) and isinstance(end, int) and end > start:
        href += f"&hs={offset + start}&he={offset + end}"
    return href + f"#p{int(passage.get('paragraph') or 0)}"


def meta_line(passage: Mapping) -> str:
    """Date · publisher (or the source file when the news names no publisher)."""
    parts = [passage.get("date"), passage.get("publisher") or _file_name(passage.get("source"))]
    return " · ".join(str(p) for p in parts if p)


def _file_name(source: object) -> str:
    return str(source or "").rsplit("/", 1)[-1]


def cite_label(passage: Mapping) -> str:
    """《headline》 第N段 (plain text)."""
    title = passage.get("title")
    head = f"《{title}》" if title else "（无标题）"
    return f"{head} 第{passage.get('paragraph')}段"


def _cite_link(passage: Mapping, number: int) -> str:
    return (f'<a class="cite-link" href="{esc(article_href(passage))}" target="_blank" rel="noopener" '
            f'title="打开原文 Open the article">[{number}] {esc(cite_label(passage))}</a>'
            f' <span class="meta">{esc(meta_line(passage))}</span>')


def _marked(text: str, start: object, end: object, tag: str = "mark") -> str:
    """Escaped text with [start, end) wrapped in <tag>."""
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return f"{esc(text[:start])}<{tag}>{esc(text[start:end])}</{tag}>{esc(text[end:])}"
    return esc(text)


def short_answer_of(answer: Mapping) -> str | None:
    """The short answer (who / what / how many), falling back to the answering sentence."""
    short = answer.get("short_answer")
    return short.strip() if isinstance(short, str) and short.strip() else None


def plain_text(question: str, answer: Mapping) -> str:
    """The answer as plain text with its citation (what the copy button copies)."""
    passages = answer.get("passages") or []
    if answer.get("abstained") or not passages:
        lines = [f"问：{question}", in_script(NOT_FOUND, question)]
        lines += [f"相关段落：{cite_label(p)} {meta_line(p)}".rstrip() for p in passages]
        return "\n".join(lines)
    top = passages[0]
    lines = [f"问：{question}"]
    short = short_answer_of(answer)
    if short:
        lines.append(f"答：{short}")
    lines.append(f"{'原文' if short else '答'}：{answer.get('answer') or ''}")
    lines.append(f"出处：{cite_label(top)} {meta_line(top)}".rstrip())
    url = safe_url(top.get("url"))
    if url:
        lines.append(url)
    return "\n".join(lines)


def answer_html(question: str, answer: Mapping) -> str:
    """The reply: short answer first, its sentence and citation, then the passages (collapsed)."""
    passages = answer.get("passages") or []
    out: list[str] = []
    if answer.get("abstained") or not passages:
        message = answer.get("message") or ""
        script = script_of(question)  # said in the question's script first (新聞中沒有找到…), then the other language
        other = "zh-Hans" if script == "en" else "en"
        if not passages:  # an empty question, an empty index: say what the API said
            out.append(f'<p class="not-found" role="status"><strong>{esc(message or NOT_FOUND[script])}</strong></p>')
        else:
            out.append(f'<p class="not-found" role="status"><strong>{esc(NOT_FOUND[script])}</strong> '
                       f'{esc(NOT_FOUND[other])}</p>')
            out.append(f'<details class="passages related"><summary class="related-heading">'
                       f'{esc(RELATED_HEADING[script])} {esc(RELATED_HEADING[other])} ({len(passages)})</summary>'
                       f'{_passage_list(passages, highlight_first=False)}</details>')  # collapsed: a phone screen
    else:
        top = passages[0]
        short = short_answer_of(answer)
        sentence = str(answer.get("answer") or "")
        out.append(f'<p class="short-answer"><span class="label">答案 Answer</span> '
                   f'<strong class="short">{esc(short or sentence)}</strong></p>')
        if short:
            out.append(f'<p class="sentence">{_sentence_html(top, sentence)}</p>')
        out.append(f'<p class="cite"><span class="label">出处 Source</span> {_cite_link(top, 1)}</p>')
        out.append(f'<details class="passages"><summary>原文段落 Passages ({len(passages)})</summary>'
                   f'{_passage_list(passages, highlight_first=True)}</details>')
    out.append('<div class="tools" role="group" aria-label="这条回答 This answer">'
               '<button type="button" class="copy-btn">复制 Copy</button>'
               '<button type="button" class="fb-btn" data-vote="up" aria-pressed="false">👍 有用 Helpful</button>'
               '<button type="button" class="fb-btn" data-vote="down" aria-pressed="false">👎 没用 Not helpful</button>'
               '</div>')
    return "".join(out)


def _sentence_html(top: Mapping, sentence: str) -> str:
    """The answering sentence with the short answer marked inside it."""
    text = str(top.get("text") or "")
    a_start, a_end = top.get("answer_start"), top.get("answer_end")
    s_start, s_end = top.get("short_answer_start"), top.get("short_answer_end")
    if all(isinstance(v, int) for v in (a_start, a_end, s_start, s_end)) and a_start <= s_start < s_end <= a_end:
        piece = text[a_start:a_end]
        lead = len(piece) - len(piece.lstrip())
        return _marked(piece.strip(), s_start - a_start - lead, s_end - a_start - lead)
    return esc(sentence)


def _passage_list(passages: Iterable[Mapping], highlight_first: bool) -> str:
    items = []
    for number, p in enumerate(passages, start=1):
        text = str(p.get("text") or "")
        body = _marked(text, p.get("answer_start"), p.get("answer_end")) if highlight_first and number == 1 else esc(text)
        items.append(f'<li><p class="cite">{_cite_link(p, number)}</p><blockquote>{body}</blockquote></li>')
    return f'<ol class="passage-list">{"".join(items)}</ol>'


def turn_html(turn: Mapping, number: int) -> str:
    """One question and its reply, as stored in the conversation."""
    question = str(turn.get("q") or "")
    answer = turn.get("a") if isinstance(turn.get("a"), Mapping) else None
    if answer is None:
        reply = f'<p class="error" role="alert">{esc(turn.get("error") or "")}</p>'
        data = ""
    else:
        reply = answer_html(question, answer)
        top = (answer.get("passages") or [{}])[0]
        said = (answer.get("message") or NOT_FOUND[script_of(question)]) if answer.get("abstained") \
            else answer.get("answer") or ""
        data = (f' data-answer="{esc(said)}"'
                f' data-citation="{esc("" if answer.get("abstained") else cite_label(top) if top else "")}"'
                f' data-copy="{esc(plain_text(question, answer))}"')
    shown = question if len(question) <= 300 else question[:300] + "…"
    filters = turn.get("f") if isinstance(turn.get("f"), Mapping) else None
    if filters:
        reply = f'<p class="filters-used">筛选 Filters: {esc(filters_label(filters))}</p>' + reply
    return (f'<section class="turn" data-turn="{number}" data-question="{esc(question)}"{data}>'
            f'<div class="msg user"><span class="who" title="问题 Question">问</span><p>{esc(shown)}</p></div>'
            f'<div class="msg bot"><span class="who" title="回答 Answer">答</span><div class="reply">{reply}</div></div></section>')


def filters_label(filters: Mapping) -> str:
    """2025-01-01 – 2025-12-31 · 北京日报"""
    since, until, source = filters.get("since"), filters.get("until"), filters.get("source")
    parts = [f"{since or '…'} – {until or '…'}" if since or until else "", str(source or "")]
    return " · ".join(part for part in parts if part)


def articles_html(qa, limit: int = 1000) -> str:
    """The indexed articles (the first `limit`), each a link to its page."""
    from itertools import islice

    items = [f'<li><a href="{esc("article?id=" + quote(str(a.article_id), safe="") + "&p=1")}" target="_blank" '
             f'rel="noopener">{esc(cite_label({"title": a.title, "paragraph": 1}).rsplit(" ", 1)[0])}</a> '
             f'<span class="meta">{esc(meta_line({"date": a.date, "publisher": a.publisher, "source": a.source}))}'
             f'</span></li>' for a in islice(qa.articles.values(), limit)]
    more = len(qa.articles) - len(items)
    tail = f"<p>……另有 {more} 篇 and {more} more</p>" if more > 0 else ""
    return (f'<details class="article-list"><summary>文章 Articles ({len(qa.articles)})</summary>'
            f'<ul>{"".join(items)}</ul>{tail}</details>')


WELCOME = ('<div class="welcome"><p>用中文或英文提问，答案来自工会新闻原文并注明出处；可以接着追问。</p>'
           '<p lang="en">Ask in Chinese or English; every answer cites the news it comes from. Follow-up questions '
           'are understood.</p></div>')


def conversation_html(turns: Iterable[Mapping] | None) -> str:
    """The whole conversation (the chat log's content)."""
    turns = [t for t in (turns or []) if isinstance(t, Mapping)]
    if not turns:
        return f'<div id="chat-log" class="chat-log" role="log" aria-live="polite" aria-label="对话 Conversation">{WELCOME}</div>'
    body = "".join(turn_html(t, n) for n, t in enumerate(turns))
    return f'<div id="chat-log" class="chat-log" role="log" aria-live="polite" aria-label="对话 Conversation">{body}</div>'


def article_page(article, paragraph: int, highlight: tuple[int, int] | None = None, back: str = "./") -> str:
    """A whole article as a page: headline, date, publisher, source, URL; the cited paragraph marked and in view."""
    meta = []
    if article.date:
        meta.append(f'<span class="date">{esc(article.date)}</span>')
    if article.publisher:
        meta.append(f'<span class="publisher">{esc(article.publisher)}</span>')
    meta.append(f'<span class="source">来源文件 Source: {esc(_file_name(article.source))}</span>')  # not the server's path
    url = safe_url(article.url)
    if url:
        meta.append(f'<a class="url" href="{esc(url)}" rel="noopener noreferrer" target="_blank">{esc(url)}</a>')
    head = []
    if article.kicker:
        head.append(f'<p class="kicker">{esc(article.kicker)}</p>')
    head.append(f'<h1>{esc(article.title or "（无标题）")}</h1>')
    if article.subtitle:
        head.append(f'<p class="subtitle">{esc(article.subtitle)}</p>')
    if article.byline or article.lead:
        head.append(f'<p class="byline">{esc(article.lead or article.byline)}</p>')
    body = []
    for number, text in enumerate(article.paragraphs, start=1):
        if number == paragraph:
            inner = _marked(text, *(highlight or (None, None)))
            body.append(f'<p id="p{number}" class="cited" aria-current="true"><span class="pn">{number}</span>'
                        f'<mark class="para">{inner}</mark></p>')
        else:
            body.append(f'<p id="p{number}"><span class="pn">{number}</span>{esc(text)}</p>')
    scroll = (f'<script>document.getElementById("p{paragraph}").scrollIntoView({{block: "center"}});</script>'
              if 1 <= paragraph <= len(article.paragraphs) else "")
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(article.title or "文章")} · 工会新闻问答</title><style>{ARTICLE_CSS}</style></head>
<body><main><nav><a href="{esc(back)}">← 返回对话 Back to the chat</a></nav><article>
<header>{"".join(head)}<p class="meta">{" · ".join(meta)}</p></header>
{"".join(body)}</article></main>{scroll}</body></html>"""


ARTICLE_CSS = """
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #ffffff; --muted: #4a4a4a; --mark: #fff0a8; --accent: #0b5cad; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececec; --bg: #16181d; --muted: #c2c2c2; --mark: #5c4a00;
  --accent: #8cc4ff; } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 17px/1.8 "Noto Sans CJK SC", system-ui, sans-serif; }
main { max-width: 44rem; margin: 0 auto; padding: 1rem; }
a { color: var(--accent); }
h1 { font-size: 1.5rem; line-height: 1.4; margin: .5rem 0; }
.meta, .kicker, .subtitle, .byline { color: var(--muted); }
.meta span + span::before { content: ""; }
.meta .url { word-break: break-all; }
p { margin: .9rem 0; }
.pn { color: var(--muted); font-size: .8em; margin-right: .5em; user-select: none; }
.cited { outline: 2px solid var(--accent); outline-offset: 4px; border-radius: 2px; }
mark { background: var(--mark); color: var(--fg); }
mark mark { background: transparent; font-weight: 700; text-decoration: underline; }
"""
