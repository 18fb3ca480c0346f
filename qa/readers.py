"""Reading news sources: encoding detection, .txt pages and .jsonl archives."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import SourceError
from .segment import Article, split_page

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
MAX_SOURCE_BYTES = 512 * 1024 * 1024


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode news text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Raises SourceError when the bytes are binary or in no supported encoding.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", name)
    if b"\x00" in data:
        raise SourceError(f"{name}: looks binary (NUL bytes), not a text page; skipped")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise SourceError(f"{name}: not UTF-8, UTF-16 or GB18030 text; skipped")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: invalid {encoding} at byte {exc.start}; skipped") from None


def _looks_binary(text: str) -> bool:
    """True when more than 1% of the characters are control characters other than whitespace."""
    if not text:
        return False
    controls = len(_CONTROL.findall(text))
    return controls > max(2, len(text) // 100)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, the source fingerprint stored in the manifest."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class ReadResult:
    """Articles read from sources, the fingerprints of the files read, and warnings for the rest."""

    articles: list[Article] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def expand_sources(sources: Iterable[str | Path]) -> list[Path]:
    """Files named, plus the .txt/.jsonl files under folders named, sorted; missing paths raise."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def read_bytes(path: Path) -> bytes:
    """A source file's bytes; SourceError (with the reason) when it is too large or cannot be read."""
    name = path.as_posix()
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceError(f"{name}: larger than {MAX_SOURCE_BYTES >> 20} MB; skipped")
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{name}: cannot read ({exc.strerror}); skipped") from None


def parse_source(data: bytes, name: str) -> tuple[list[Article], list[str]]:
    """Articles of one source file's bytes (a page, or a .jsonl archive), and warnings; SourceError if undecodable."""
    text = decode_bytes(data, name)
    if name.lower().endswith(".jsonl"):
        return parse_jsonl(text, name)
    if name.lower().endswith((".html", ".htm")):
        return parse_html(text, name)
    articles = split_page(text, name).articles
    return articles, ([] if articles else [f"{name}: no article text found"])


def read_sources(sources: Iterable[str | Path]) -> ReadResult:
    """Read every page and archive; unreadable files and bad lines become warnings, not errors."""
    result = ReadResult()
    for path in expand_sources(sources):
        name = path.as_posix()
        try:
            data = read_bytes(path)
            articles, warnings = parse_source(data, name)
        except SourceError as exc:
            result.warnings.append(str(exc))
            continue
        result.fingerprints[name] = hashlib.sha256(data).hexdigest()
        result.warnings.extend(warnings)
        result.articles.extend(articles)
    return result


def parse_jsonl(text: str, source: str) -> tuple[list[Article], list[str]]:
    """One article per line (`id`, `title`, `text`, optional `date`, `source`, `url`); bad lines are reported."""
    from .segment import body_paragraphs

    articles: list[Article] = []
    warnings: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{source}:{number}: not JSON ({exc.msg}); line skipped")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            warnings.append(f"{source}:{number}: no 'text' field; line skipped")
            continue
        article_id = str(record.get("id") or f"{Path(source).stem}:{number}")
        title = str(record.get("title") or "").strip()
        paragraphs = body_paragraphs(record["text"].splitlines())
        articles.append(Article(
            article_id=article_id, title=title, paragraphs=paragraphs, source=source,
            date=_optional(record.get("date")), url=_optional(record.get("url")),
            publisher=_optional(record.get("source")),
        ))
    return articles, warnings


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


_HTML_BLOCKS = {"p", "div", "li", "blockquote", "section", "article", "br", "tr", "h2", "h3", "h4", "h5", "h6", "pre"}
_HTML_SKIPPED = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
                 "select", "svg", "iframe"}
_HTML_META = {"date": ("article:published_time", "pubdate", "publishdate", "date", "dc.date", "publish_date"),
              "publisher": ("og:site_name", "publisher", "dc.publisher", "author"),
              "url": ("og:url",), "title": ("og:title",)}


def parse_html(text: str, source: str) -> tuple[list[Article], list[str]]:
    """One article from a saved news web page: headline (<h1>, else og:title or <title>), body paragraphs (text of
    <p> and other blocks, scripts, menus and footers left out), date, publisher and URL from <meta>/<link>."""
    from html.parser import HTMLParser

    from .segment import body_paragraphs, split_page

    class Page(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = []
            self.buffer: list[str] = []
            self.skip = 0
            self.h1: list[str] = []
            self.in_h1 = False
            self.in_title = False
            self.title = ""
            self.meta: dict[str, str] = {}
            self.canonical = ""

        def flush(self) -> None:
            line = " ".join("".join(self.buffer).split())
            if line:
                self.lines.append(line)
            self.buffer = []

        def handle_starttag(self, tag, attrs):
            values = {k.lower(): (v or "") for k, v in attrs}
            if tag in _HTML_SKIPPED:
                self.skip += 1
            elif tag == "meta":
                key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
                if key and values.get("content") and key not in self.meta:
                    self.meta[key] = values["content"].strip()
            elif tag == "link" and "canonical" in values.get("rel", "").lower():
                self.canonical = values.get("href", "").strip()
            elif tag == "title":
                self.in_title = True
            elif tag == "h1":
                self.flush()
                self.in_h1 = True
            elif tag in _HTML_BLOCKS:
                self.flush()

        def handle_endtag(self, tag):
            if tag in _HTML_SKIPPED:
                self.skip = max(0, self.skip - 1)
            elif tag == "title":
                self.in_title = False
            elif tag == "h1":
                self.in_h1 = False
                self.buffer = []
            elif tag in _HTML_BLOCKS:
                self.flush()

        def handle_data(self, data):
            if self.in_title:
                self.title += data
            elif self.skip:
                return
            elif self.in_h1:
                self.h1.append(data)
            else:
                self.buffer.append(data)

    page = Page()
    page.feed(text)
    page.close()
    page.flush()
    title = " ".join("".join(page.h1).split()) or page.meta.get("og:title") or " ".join(page.title.split())
    meta = {field: next((page.meta[k] for k in keys if page.meta.get(k)), None) for field, keys in _HTML_META.items()}
    lines = [line for line in page.lines if line != title]
    if not lines:
        return [], [f"{source}: no article text found"]
    # A page's own layout (headline, 本报讯 lead, byline) is split like a text page when it is one.
    articles = split_page("\n".join([title, *lines]) if title else "\n".join(lines), source).articles
    if len(articles) != 1:
        articles = [Article(article_id=f"{Path(source).stem}#1", title=title, paragraphs=body_paragraphs(lines),
                            source=source)]
    article = articles[0]
    article.title = article.title or title
    date = meta.get("date")
    article.date = date[:10] if date and _ISO_DAY.match(date) else article.date
    article.publisher = meta.get("publisher") or article.publisher
    url = meta.get("url") or page.canonical or None
    article.url = url if url and url.startswith(("http://", "https://")) else article.url
    return [article], []


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
