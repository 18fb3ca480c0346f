"""Splitting a newspaper page into articles and repairing paragraphs the layout broke across lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# A line that ends one of these ends its paragraph; closing quotes count only after one of them.
_TERMINAL = set("。！？!?…；")
_CLOSERS = set("”’」』）)】》\"'")
_PHOTO_CREDIT = re.compile(r"(?:本报)?(?:记者|通讯员|摄影)?\s*[\u4e00-\u9fff·]{2,8}\s*摄$")
_LEAD = re.compile(r"^(?:本报讯|本报[^，。\s]{0,8}电|新华社[^，。\s]{0,8}电|据[^，。\s]{1,12}(?:报道|消息))")
BYLINE = _BYLINE = re.compile(r"^(?P<lead>(?:本报讯|本报[^，。\s（(]{0,8}电|新华社[^，。\s（(]{0,8}电)?\s*[（(](?P<byline>[^（()）]{1,60})[）)])\s*")
_BARE_LEAD = re.compile(r"^(?P<lead>本报讯|本报[^，。\s]{0,8}电|新华社[^，。\s]{0,8}电)\s*")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+|\d+|[（(][一二三四五六七八九十\d]+[）)])[、.．]?")
# One character, then punctuation: the tail of a word the layout broke ("逐，最终……").
_CONTINUATION = re.compile(r"^[^\s，。、；：！？“”《》（）]{1}[，。、；：！？]")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")

# Bump when a change to this module or to qa.readers.parse_jsonl splits the same text differently: builds then
# re-read every source instead of reusing the passages of unchanged ones, and older indexes count as stale.
SEGMENTER_VERSION = 1
MAX_HEADING = 40
MAX_LEADLESS_HEADING = 30
MAX_TITLE_LINES = 4


@dataclass
class Article:
    """One news article: its headline block, byline and repaired body paragraphs."""

    article_id: str
    title: str
    paragraphs: list[str]
    source: str
    subtitle: str = ""
    kicker: str = ""
    byline: str = ""
    lead: str = ""
    date: str | None = None
    url: str | None = None
    publisher: str | None = None

    @property
    def text(self) -> str:
        """The body, one paragraph a line."""
        return "\n".join(self.paragraphs)


@dataclass
class Page:
    """A page split into page banners (running heads, slogans) and articles."""

    source: str
    banners: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


def clean_lines(text: str) -> list[str]:
    """Non-empty lines with runs of spaces folded to one and the ends stripped."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line:
            lines.append(line)
    return lines


def ends_paragraph(line: str) -> bool:
    """True when a line ends its paragraph (sentence end, or a photo credit)."""
    if not line:
        return True
    last = line[-1]
    if last in _TERMINAL:
        return True
    if last in _CLOSERS:
        stripped = line.rstrip("".join(_CLOSERS))
        return bool(stripped) and stripped[-1] in _TERMINAL
    return bool(_PHOTO_CREDIT.search(line)) and " " in line


def is_heading_like(line: str) -> bool:
    """A short line with no sentence punctuation: a headline, subtitle or banner candidate."""
    if len(line) > MAX_HEADING or "。" in line or is_lead(line) or not _balanced(line):
        return False
    return line[0] not in _CLOSERS and line[-1] not in "，、；：,;:" and not ends_paragraph(line)


def _balanced(line: str) -> bool:
    """True when every quote and bracket opened in the line is closed in it (a broken line is not)."""
    return all(line.count(a) == line.count(b) for a, b in ("“”", "‘’", "《》", "（）", "()", "【】", "「」"))


def is_lead(line: str) -> bool:
    """True for the first line of an article: 本报讯（记者 …）, 本报X月X日电 …"""
    return bool(_LEAD.match(line))


def join_lines(left: str, right: str) -> str:
    """Glue a broken line to its continuation; a space only between two Latin letters or digits."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def body_paragraphs(lines: list[str]) -> list[str]:
    """Repair paragraphs: a line that does not end its paragraph continues on the next line."""
    paragraphs: list[str] = []
    buffer = ""
    for raw in lines:
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        buffer = join_lines(buffer, line) if buffer else line
        if ends_paragraph(buffer):
            paragraphs.append(buffer)
            buffer = ""
    if buffer:
        paragraphs.append(buffer)
    return paragraphs


def _title_block(lines: list[str], end: int, floor: int) -> int:
    """Start of the run of heading-like lines ending just before `end` (never below `floor`)."""
    start = end
    while start > floor and end - start < MAX_TITLE_LINES and is_heading_like(lines[start - 1]):
        before = lines[start - 2] if start - 2 >= floor else None
        # A short line after a broken body line is that line's tail, not a headline.
        if before is not None and not is_heading_like(before) and not ends_paragraph(before):
            break
        start -= 1
    return start


def _anchors(lines: list[str]) -> list[tuple[int, int]]:
    """(title block start, body start) of every article on the page, in order."""
    anchors: list[tuple[int, int]] = []
    floor = 0
    for k, line in enumerate(lines):
        if is_lead(line):
            start = _title_block(lines, k, floor)
        elif (k > floor and not is_heading_like(line) and is_heading_like(lines[k - 1])
              and len(lines[k - 1]) <= MAX_LEADLESS_HEADING and not _NUMBERED.match(lines[k - 1])
              and not any(mark in lines[k - 1] for mark in "，,")
              and not _CONTINUATION.match(line)):
            start = _title_block(lines, k, floor)
            before = lines[start - 1] if start > 0 else None
            if start == k or (before is not None and not ends_paragraph(before) and not is_heading_like(before)):
                continue
        else:
            continue
        if start == k and anchors:
            continue  # a lead with no headline above it continues the article before
        anchors.append((start, k))
        floor = k + 1
    return anchors


def _split_titles(block: list[str], at_page_top: bool) -> tuple[list[str], str, str, str]:
    """(banners, kicker, headline, subtitle) from a run of title lines."""
    if not block:
        return [], "", "", ""
    if len(block) == 1:
        return [], "", block[0], ""
    if len(block) == 2:
        return [], "", block[0], block[1]
    if at_page_top:
        return block[:-2], "", block[-2], block[-1]
    return [], block[0], block[1], " ".join(block[2:])


def _split_byline(first: str) -> tuple[str, str, str]:
    """(lead, byline, rest) of an article's first line: 本报讯（记者 刘欣欣）近日…"""
    match = _BYLINE.match(first)
    if match:
        return match.group(0).strip(), match.group("byline").strip(), first[match.end():].strip()
    match = _BARE_LEAD.match(first)
    if match:
        return match.group("lead"), "", first[match.end():].strip()
    return "", "", first


def split_page(text: str, source: str) -> Page:
    """Split one page of news text into banners and articles with repaired paragraphs."""
    lines = clean_lines(text)
    page = Page(source=source)
    stem = Path(source).stem
    anchors = _anchors(lines)
    if not anchors:
        paragraphs = body_paragraphs(lines)
        if paragraphs:
            page.articles.append(Article(article_id=f"{stem}#1", title="", paragraphs=paragraphs, source=source))
        return page
    first_start = anchors[0][0]
    preamble = lines[:first_start]
    page.banners.extend(line for line in preamble if is_heading_like(line))
    orphan = [line for line in preamble if not is_heading_like(line)]
    if orphan:  # the tail of an article begun on an earlier page
        page.articles.append(Article(article_id=f"{stem}#0", title="", paragraphs=body_paragraphs(orphan),
                                     source=source))
    for number, (start, body_start) in enumerate(anchors, start=1):
        end = anchors[number][0] if number < len(anchors) else len(lines)
        body = lines[body_start:end]
        if number == len(anchors):
            while len(body) > 1 and is_heading_like(body[-1]) and ends_paragraph(body[-2]):
                page.banners.append(body.pop())
        banners, kicker, headline, subtitle = _split_titles(lines[start:body_start], start == 0 and not orphan)
        page.banners.extend(banners)
        lead, byline, rest = ("", "", body[0])
        if body and is_lead(body[0]):
            lead, byline, rest = _split_byline(body[0])
        paragraphs = body_paragraphs(([rest] if rest else []) + body[1:])
        page.articles.append(Article(
            article_id=f"{stem}#{number}", title=headline, subtitle=subtitle, kicker=kicker,
            byline=byline, lead=lead, paragraphs=paragraphs, source=source,
        ))
    return page
