"""The retrieval seam: what a search backend answers, keyed by passage id (never by row position)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Protocol, Sequence, runtime_checkable

import numpy as np

from ..chunking import Passage
from ..query import Filters
from ..segment import Article

Hits = list[tuple[int, float]]  # (passage id, score), best first


@dataclass(frozen=True)
class PassageRecord:
    """One passage as a backend stores it: the passage, its BM25 tokens (body and headline), its vector, and the
    article metadata filters read."""

    passage: Passage
    body_tokens: Sequence[str]
    title_tokens: Sequence[str]
    vector: np.ndarray
    date: str | None = None
    publisher: str | None = None


@runtime_checkable
class Backend(Protocol):
    """Candidates for a question, from one index: lexical (BM25 over the project's tokens) and dense (cosine) top-k,
    both filtered where the data lives; passages and vectors fetched by id; the vocabulary statistics that weigh
    question terms. `qa.api.NewsQA` is written against this and nothing else.

    Batch first: every search takes many queries; a single question is a batch of one.
    """

    name: str

    def count(self) -> int:
        """Passages in the index."""
        ...

    def lexical_search(self, queries: Sequence[Sequence[str]], k: int, filters: Filters | None = None,
                       among: Sequence[int] | None = None) -> list[Hits]:
        """For each token list: the k best passages by BM25 (body + TITLE_WEIGHT x headline), positive scores only.
        `among` restricts the search to those passage ids (to score candidates the other retriever found)."""
        ...

    def dense_search(self, vectors: np.ndarray, k: int, filters: Filters | None = None) -> list[Hits]:
        """For each query vector: the k passages of highest cosine (approximate past exact search's size)."""
        ...

    def vectors(self, pids: Sequence[int]) -> np.ndarray:
        """The stored (normalized) vectors of these passages, in order: exact cosines for re-scoring."""
        ...

    def fetch(self, pids: Sequence[int]) -> dict[int, Passage]:
        """Passages by id (ids the index lacks are left out)."""
        ...

    def article(self, article_id: str) -> Article | None:
        """A whole article by id."""
        ...

    def articles(self) -> Mapping[str, Article]:
        """Every article, by id (lazily read where the backend can)."""
        ...

    def idf(self, tokens: Sequence[str]) -> np.ndarray:
        """Lucene IDF of each token over the passages (0 for tokens the index never saw)."""
        ...

    def document_frequency(self, tokens: Sequence[str]) -> np.ndarray:
        """Passages holding each token (0 for tokens the index never saw)."""
        ...

    def known(self, word: str) -> bool:
        """True when some passage has `word` as a token."""
        ...

    def in_vocabulary(self, term: str) -> bool:
        """True when the news uses `term`: as a token, or as a run of its character bigrams."""
        ...

    def romanized(self) -> dict[str, list[str]]:
        """Romanization -> the index's Chinese words that read that way (the pinyin bridge)."""
        ...

    def close(self) -> None:
        """Release files, connections and locks."""
        ...


@runtime_checkable
class WritableBackend(Backend, Protocol):
    """A backend that takes passages one by one (Milvus). The local files are written whole by `qa build` instead:
    an incremental build there reuses unchanged passages by content hash and publishes a new version atomically."""

    def upsert(self, records: Sequence[PassageRecord], articles: Sequence[Article] = ()) -> None:
        """Insert or replace passages (by id) and their articles."""
        ...

    def delete(self, pids: Sequence[int]) -> None:
        """Remove passages by id."""
        ...
