"""The default backend: the index folder's plain files (FAISS exact or IVF, BM25 matrices, memory-mapped rows)."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from ..chunking import Passage
from ..fusion import TITLE_WEIGHT
from ..query import Filters
from ..segment import Article
from ..store import IndexData
from .base import Hits


class LocalBackend:
    """Search over one loaded index version; passage ids are mapped to rows here and nowhere else."""

    name = "local"

    def __init__(self, data: IndexData, title_weight: float = TITLE_WEIGHT) -> None:
        self.data = data
        self.title_weight = title_weight
        self._pids = np.asarray(data.pids, dtype=np.int64)
        self._order = np.argsort(self._pids, kind="stable")
        self._sorted = self._pids[self._order]
        self._meta: list[tuple[str, str | None, str | None, str]] | None = None
        self._last: tuple[tuple, np.ndarray] | None = None  # the last query's BM25 scores (NewsQA asks in turn)

    # ---------- ids and rows ----------
    def _rows(self, pids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Rows of the given ids (ids the index lacks are dropped)."""
        ids = np.asarray(pids, dtype=np.int64)
        ids = ids[ids >= 0]
        if not len(ids) or not len(self._sorted):
            return np.zeros(0, dtype=np.int64)
        pos = np.clip(np.searchsorted(self._sorted, ids), 0, len(self._sorted) - 1)
        return self._order[pos[self._sorted[pos] == ids]]

    def count(self) -> int:
        return len(self._pids)

    # ---------- search ----------
    def _lexical_scores(self, tokens: Sequence[str]) -> np.ndarray:
        lexical = self.data.lexical
        return lexical.scores(tokens, "body") + self.title_weight * lexical.scores(tokens, "title")

    def lexical_search(self, queries: Sequence[Sequence[str]], k: int, filters: Filters | None = None,
                       among: Sequence[int] | None = None) -> list[Hits]:
        mask = self._admitted(filters) if filters else None
        out = []
        for tokens in queries:
            if not tokens or not self.count():
                out.append([])
                continue
            key = (tuple(tokens), filters)
            if self._last is not None and self._last[0] == key:
                scores = self._last[1]  # the same question scoring the other retriever's candidates
            else:
                scores = self._lexical_scores(list(tokens))
                self._last = (key, scores)
            if mask is not None:
                scores = np.where(mask, scores, 0).astype(np.float32)
            if among is not None:
                rows = self._rows(among)
            else:
                n = min(k, len(scores))
                rows = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
            hits = [(int(self._pids[r]), float(scores[r])) for r in rows if scores[r] > 0]
            out.append(sorted(hits, key=lambda hit: (-hit[1], hit[0]))[:k] if among is None else hits)
        return out

    def dense_search(self, vectors: np.ndarray, k: int, filters: Filters | None = None) -> list[Hits]:
        vectors = np.asarray(vectors, dtype=np.float32)
        if not self.count():
            return [[] for _ in vectors]
        if not filters:
            scores, ids = self.data.dense.search(vectors, k)
            return [[(int(i), float(s)) for s, i in zip(row_s, row_i) if i >= 0] for row_s, row_i in zip(scores, ids)]
        admitted = np.flatnonzero(self._admitted(filters))
        out = []
        for vector in vectors:
            if not len(admitted):
                out.append([])
                continue
            cos = np.asarray(self.data.vectors[admitted], dtype=np.float32) @ vector
            best = np.argsort(-cos, kind="stable")[:k]
            out.append([(int(self._pids[admitted[b]]), float(cos[b])) for b in best])
        return out

    def vectors(self, pids: Sequence[int]) -> np.ndarray:
        rows = self._rows(pids)
        if len(rows) != len(pids):
            raise KeyError("passage ids not in the index")
        return np.asarray(self.data.vectors[rows], dtype=np.float32)

    def fetch(self, pids: Sequence[int]) -> dict[int, Passage]:
        passages = self.data.passages
        return {int(self._pids[r]): passages[int(r)] for r in self._rows(pids)}

    # ---------- articles and filters ----------
    def article(self, article_id: str) -> Article | None:
        return self.data.articles.get(article_id)

    def articles(self) -> Mapping[str, Article]:
        return self.data.articles

    def _admitted(self, filters: Filters) -> np.ndarray:
        """Which rows the filters admit (article metadata read once per loaded index)."""
        if self._meta is None:
            meta = {a.article_id: (a.date, a.publisher, a.source) for a in self.data.articles.values()}
            self._meta = [(p.article_id, *meta.get(p.article_id, (None, None, p.source))) for p in self.data.passages]
        return np.fromiter((filters.admits(aid, date, publisher, source or "")
                            for aid, date, publisher, source in self._meta), dtype=bool, count=len(self._meta))

    # ---------- vocabulary ----------
    def idf(self, tokens: Sequence[str]) -> np.ndarray:
        return self.data.lexical.idf(list(tokens))

    def document_frequency(self, tokens: Sequence[str]) -> np.ndarray:
        return self.data.lexical.document_frequency(list(tokens))

    def known(self, word: str) -> bool:
        return self.data.lexical.fields["body"].vocab_dict.get(word) is not None

    def in_vocabulary(self, term: str) -> bool:
        return self.data.lexical.in_vocabulary(term)

    def romanized(self) -> dict[str, list[str]]:
        return self.data.lexical.romanized

    def close(self) -> None:
        """Nothing to release: the files are memory-mapped and closed with the process or the last reference."""
