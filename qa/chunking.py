"""Chinese-aware passages: sentence splitting and overlapping windows, each passage with its citation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable

from .segment import SEGMENTER_VERSION, Article

# A sentence ends at 。！？!? (or ；) plus any closing quotes that follow.
_SENTENCE_END = re.compile(r"[^。！？!?；]*(?:[。！？!?；]+[”’」』）)]*|$)")

MAX_PASSAGE_CHARS = 350
OVERLAP_SENTENCES = 1
# What decides a source's passages besides its bytes: recorded in the manifest, compared by rebuilds.
CHUNKING = {"max_chars": MAX_PASSAGE_CHARS, "overlap": OVERLAP_SENTENCES, "segmenter": SEGMENTER_VERSION}


@dataclass(frozen=True)
class Passage:
    """A retrievable piece of an article, with everything needed to cite it."""

    pid: int
    text: str
    title: str
    article_id: str
    paragraph: int
    source: str
    start: int
    end: int
    content_hash: str

    @property
    def citation(self) -> str:
        """《headline》 第N段 · source."""
        title = f"《{self.title}》" if self.title else "（无标题）"
        return f"{title} 第{self.paragraph}段 · {self.source}"

    @property
    def context_text(self) -> str:
        """What the retrievers index: the headline as context, then the passage."""
        return f"{self.title}\n{self.text}" if self.title else self.text

    def to_dict(self) -> dict:
        """A JSON-ready record (fields by hand: dataclasses.asdict deep-copies and is 10x slower)."""
        return {"pid": self.pid, "text": self.text, "title": self.title, "article_id": self.article_id,
                "paragraph": self.paragraph, "source": self.source, "start": self.start, "end": self.end,
                "content_hash": self.content_hash}


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a paragraph."""
    spans = []
    for match in _SENTENCE_END.finditer(text):
        if match.end() > match.start() and text[match.start():match.end()].strip():
            spans.append((match.start(), match.end()))
    return spans



def sentence_holding(text: str, at: int, default: tuple[int, int]) -> tuple[int, int]:
    """The sentence of `text` (as split_sentences cuts it) that holds offset `at`; `default` if none does."""
    return next(((s, e) for s, e in split_sentences(text) if s <= at < e), default)

def window_spans(text: str, max_chars: int = MAX_PASSAGE_CHARS, overlap: int = OVERLAP_SENTENCES) -> list[tuple[int, int]]:
    """Spans covering a paragraph: whole when short, else sentence windows sharing `overlap` sentences."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    sentences = split_sentences(text) or [(0, len(text))]
    # A single sentence longer than the limit is cut at the limit.
    pieces: list[tuple[int, int]] = []
    for start, end in sentences:
        while end - start > max_chars:
            pieces.append((start, start + max_chars))
            start += max_chars
        pieces.append((start, end))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        j = i
        while j + 1 < len(pieces) and pieces[j + 1][1] - pieces[i][0] <= max_chars:
            j += 1
        spans.append((pieces[i][0], pieces[j][1]))
        if j + 1 >= len(pieces):
            break
        i = max(j + 1 - overlap, i + 1)
    return spans


def content_hash(title: str, text: str) -> str:
    """SHA-1 of what gets embedded: the same headline and text are never embedded twice."""
    return hashlib.sha1(f"{title}\n{text}".encode("utf-8")).hexdigest()


def passage_id(article_id: str, paragraph: int, start: int, digest: str) -> int:
    """A stable 63-bit id from the passage's place and content (FAISS ids are int64)."""
    key = f"{article_id}\x00{paragraph}\x00{start}\x00{digest}".encode("utf-8")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") >> 1


def chunk_articles(articles: Iterable[Article], max_chars: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """Passages for every paragraph of every article, in reading order."""
    passages: list[Passage] = []
    for article in articles:
        for number, paragraph in enumerate(article.paragraphs, start=1):
            for start, end in window_spans(paragraph, max_chars):
                text = paragraph[start:end].strip()
                if not text:
                    continue
                digest = content_hash(article.title, text)
                passages.append(Passage(
                    pid=passage_id(article.article_id, number, start, digest), text=text, title=article.title,
                    article_id=article.article_id, paragraph=number, source=article.source,
                    start=start, end=end, content_hash=digest,
                ))
    return passages
