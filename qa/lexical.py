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


class LexicalIndex:
    """Two BM25 fields per passage: body (headline + text) and the headline alone."""

    def __init__(self, fields: dict, size: int, romanized: dict[str, list[str]] | None = None) -> None:
        self.fields = fields
        self.size = size
        self.romanized = romanized or {}

    @classmethod
    def build(cls, bodies: Sequence[str], titles: Sequence[str]) -> "LexicalIndex":
        """Index passages; tokens for each field come from qa.tokenization.tokenize."""
        import bm25s

        from .pinyin import build_map

        fields = {}
        words: set[str] = set()
        for name, texts in (("body", bodies), ("title", titles)):
            tokens = [tokenize(t) or [""] for t in texts]
            if name == "body":
                words = {t for row in tokens for t in row if not t.startswith("#")}
            model = bm25s.BM25(k1=K1, b=B)
            model.index(tokens, show_progress=False)
            fields[name] = model
        return cls(fields, len(bodies), build_map(words))

    def query_tokens(self, question: str) -> tuple[list[str], list[str]]:
        """(the question's tokens in the indexed vocabulary, romanized names the news never mentions).

        Romanized Chinese names in an English question (Daxing, Haidian) add the Chinese words they stand for.
        """
        from .pinyin import bridge

        vocab = self.fields["body"].vocab_dict
        names, missing = bridge(question, self.romanized)
        tokens = tokenize_query(question) + [t for name in names for t in tokenize(name)]
        return [t for t in dict.fromkeys(tokens) if t in vocab], missing

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
        with open(Path(folder) / "bm25.json.tmp", "w", encoding="utf-8") as handle:
            json.dump({"k1": K1, "b": B, "size": self.size, "tokenizer": "jieba+bigram/1",
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
