"""BM25 (bm25s) over jieba words and character bigrams, with a separate headline field."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import IndexLoadError
from .tokenization import tokenize, tokenize_query

K1 = 1.2
B = 0.75
FIELDS = ("body", "title")
TOKENIZER = "jieba+bigram/1"


class LexicalIndex:
    """Two BM25 fields per passage: body (headline + text) and the headline alone."""

    def __init__(self, fields: dict, size: int, romanized: dict[str, list[str]] | None = None,
                 body_tokens: list[list[str]] | None = None) -> None:
        self.fields = fields
        self.size = size
        self.romanized = romanized or {}
        self.body_tokens = body_tokens  # kept after a build, so the next build can reuse them

    @classmethod
    def build(cls, bodies: Sequence[str], titles: Sequence[str], cache: "TokenCache | None" = None,
              hashes: Sequence[str] | None = None, previous_romanized: dict[str, list[str]] | None = None
              ) -> "LexicalIndex":
        """Index passages with qa.tokenization.tokenize; tokens of passages whose hash is in `cache` are reused."""
        import bm25s

        from .pinyin import build_map

        body_tokens = []
        for i, text in enumerate(bodies):
            cached = cache.get(hashes[i]) if cache is not None and hashes is not None else None
            body_tokens.append(cached if cached is not None else (tokenize(text) or [""]))
        by_title: dict[str, list[str]] = {}
        for title in titles:
            if title not in by_title:
                by_title[title] = tokenize(title) or [""]
        title_tokens = [by_title[t] for t in titles]
        fields = {}
        for name, tokens in (("body", body_tokens), ("title", title_tokens)):
            model = bm25s.BM25(k1=K1, b=B)
            model.index(tokens, show_progress=False)
            fields[name] = model
        words = fields["body"].vocab_dict.keys()
        romanized = build_map((w for w in words if w and not w.startswith("#")), previous_romanized)
        return cls(fields, len(bodies), romanized, body_tokens)

    def query_tokens(self, question: str) -> tuple[list[str], list[str]]:
        """(the question's tokens in the indexed vocabulary, romanized names the news never mentions).

        Romanized Chinese names in an English question (Daxing, Haidian) add the Chinese words they stand for.
        """
        from .pinyin import bridge

        vocab = self.fields["body"].vocab_dict
        names, missing = bridge(question, self.romanized)
        tokens = tokenize_query(question) + [t for name in names for t in tokenize(name)]
        return [t for t in dict.fromkeys(tokens) if t in vocab], missing

    def in_vocabulary(self, term: str) -> bool:
        """True when the news uses `term` somewhere: as a word, or as a run of its character bigrams."""
        vocab = self.fields["body"].vocab_dict
        if term in vocab:
            return True
        grams = [term[i:i + 2] for i in range(len(term) - 1)] or [term]
        return all("#" + g in vocab for g in grams)

    def scores(self, tokens: Sequence[str], field: str = "body") -> np.ndarray:
        """BM25 score of every passage for the given query tokens (zeros when none is known)."""
        model = self.fields[field]
        ids = model.get_tokens_ids(list(tokens))
        if not ids or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(model.get_scores_from_ids(ids), dtype=np.float32)

    def idf(self, tokens: Sequence[str]) -> np.ndarray:
        """Lucene IDF of each token in the body field (0 for unknown tokens)."""
        model = self.fields["body"]
        out = np.zeros(len(tokens), dtype=np.float32)
        df = self._doc_freq()
        for i, token in enumerate(tokens):
            tid = model.vocab_dict.get(token)
            if tid is not None:
                out[i] = np.log(1 + (self.size - df[tid] + 0.5) / (df[tid] + 0.5))
        return out

    def _doc_freq(self) -> np.ndarray:
        if not hasattr(self, "_df"):
            indptr = np.asarray(self.fields["body"].scores["indptr"])
            self._df = np.diff(indptr)
        return self._df

    def save(self, folder: Path) -> None:
        """Write each field with bm25s (plain .npy and JSON, no pickle)."""
        for name, model in self.fields.items():
            target = Path(folder) / f"bm25_{name}"
            if target.exists():
                shutil.rmtree(target)
            model.save(str(target), show_progress=False)
        if self.body_tokens is not None:
            TokenCache.write(Path(folder), self.body_tokens)
        with open(Path(folder) / "bm25.json.tmp", "w", encoding="utf-8") as handle:
            json.dump({"k1": K1, "b": B, "size": self.size, "tokenizer": TOKENIZER,
                       "romanized": self.romanized}, handle, ensure_ascii=False)
        os.replace(Path(folder) / "bm25.json.tmp", Path(folder) / "bm25.json")

    @classmethod
    def load(cls, folder: Path, expected: int, mmap: bool = False) -> "LexicalIndex":
        """Read both fields and check they cover `expected` passages."""
        import bm25s

        fields = {}
        for name in FIELDS:
            target = Path(folder) / f"bm25_{name}"
            if not (target / "params.index.json").is_file():
                raise IndexLoadError(f"{target} is missing; rebuild with: qa build")
            try:
                model = bm25s.BM25.load(str(target), mmap=mmap, show_progress=False, verbosity=0)
            except Exception as exc:
                raise IndexLoadError(f"{target} is damaged ({type(exc).__name__}); rebuild with: qa build") from None
            docs = len(np.asarray(model.scores["indptr"])) - 1 if "indptr" in model.scores else -1
            count = int(model.scores.get("num_docs", docs))
            if count != expected:
                raise IndexLoadError(f"{target} covers {count} passages, the manifest says {expected}; "
                                     "rebuild with: qa build")
            fields[name] = model
        try:
            meta = json.loads((Path(folder) / "bm25.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            raise IndexLoadError(f"{folder}/bm25.json is missing or damaged; rebuild with: qa build") from None
        return cls(fields, expected, meta.get("romanized", {}))


class TokenCache:
    """Body tokens of an index's passages by content hash: a rebuild tokenizes only new passages."""

    def __init__(self, folder: Path, hashes: np.ndarray) -> None:
        folder = Path(folder)
        self._ids = np.load(folder / "tokens.ids.npy", mmap_mode="r", allow_pickle=False)
        self._offsets = np.load(folder / "tokens.offsets.npy", allow_pickle=False)
        self._vocab = json.loads((folder / "tokens.vocab.json").read_text(encoding="utf-8"))
        if len(self._offsets) != len(hashes) + 1:
            raise ValueError("token cache does not match the passages")
        self._rows = {h.decode("ascii"): i for i, h in enumerate(hashes.tolist())}

    def get(self, content_hash: str) -> list[str] | None:
        """The cached tokens of a passage, or None."""
        row = self._rows.get(content_hash)
        if row is None:
            return None
        vocab = self._vocab
        return [vocab[i] for i in self._ids[self._offsets[row]:self._offsets[row + 1]].tolist()]

    @staticmethod
    def write(folder: Path, rows: list[list[str]]) -> None:
        """tokens.ids.npy (int32, concatenated), tokens.offsets.npy, tokens.vocab.json."""
        vocab: dict[str, int] = {}
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for row in rows for t in row), dtype=np.int32)
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in rows], out=offsets[1:])
        np.save(folder / "tokens.ids.npy", ids)
        np.save(folder / "tokens.offsets.npy", offsets)
        (folder / "tokens.vocab.json").write_text(json.dumps(list(vocab), ensure_ascii=False), encoding="utf-8")
