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
                 body_tokens: tuple[np.ndarray, np.ndarray, list[str]] | None = None,
                 title_tokens: dict[str, list[str]] | None = None) -> None:
        self.fields = fields
        self.size = size
        self.romanized = romanized or {}
        self.body_tokens = body_tokens  # kept after a build, so the next build can reuse them
        self.title_tokens = title_tokens

    @classmethod
    def build(cls, bodies: Sequence[str], titles: Sequence[str], cache: "TokenCache | None" = None,
              hashes: Sequence[str] | None = None, previous_romanized: dict[str, list[str]] | None = None
              ) -> "LexicalIndex":
        """Index passages with qa.tokenization.tokenize; tokens of passages whose hash is in `cache` are reused.

        Scores are computed by qa.scoring from token ids (no per-passage Python work for reused passages).
        """
        from .pinyin import build_map

        vocab: dict[str, int] = {t: i for i, t in enumerate(cache.vocab)} if cache is not None else {}
        parts = []
        for i, text in enumerate(bodies):
            ids = cache.get_ids(hashes[i]) if cache is not None and hashes is not None else None
            if ids is None:
                ids = _ids(tokenize(text) or [""], vocab)
            parts.append(ids)
        body = _compact(parts, list(vocab))
        by_title: dict[str, np.ndarray] = {}
        title_tokens: dict[str, list[str]] = {}
        title_vocab: dict[str, int] = {}
        known_titles = cache.titles if cache is not None else {}
        for title in titles:
            if title not in by_title:
                tokens = known_titles.get(title)
                title_tokens[title] = tokens if tokens is not None else (tokenize(title) or [""])
                by_title[title] = _ids(title_tokens[title], title_vocab)
        title = _compact([by_title[t] for t in titles], list(title_vocab))
        fields = {"body": _model(*body), "title": _model(*title)}
        words = (w for w in body[2] if w and not w.startswith("#"))
        return cls(fields, len(bodies), build_map(words, previous_romanized), body_tokens=body,
                   title_tokens=title_tokens)

    def query_tokens(self, question: str, terms: Sequence[str] | None = None) -> tuple[list[str], list[str]]:
        """(the question's tokens in the indexed vocabulary, romanized names the news never mentions).

        `terms` are the question's tokens if the caller has them (tokenize_query), so jieba runs once.
        Romanized Chinese names in an English question (Daxing, Haidian) add the Chinese words they stand for.
        """
        from .pinyin import bridge

        vocab = self.fields["body"].vocab_dict
        names, missing = bridge(question, self.romanized)
        tokens = list(terms if terms is not None else tokenize_query(question))
        tokens += [t for name in names for t in tokenize(name)]
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
            TokenCache.write(Path(folder), *self.body_tokens, self.title_tokens or {})
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


def _ids(tokens: list[str], vocab: dict[str, int]) -> np.ndarray:
    """Token ids, growing the vocabulary with unseen tokens."""
    return np.fromiter((vocab.setdefault(t, len(vocab)) for t in tokens), dtype=np.int32, count=len(tokens))


def _compact(parts: list[np.ndarray], vocab: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(document offsets, concatenated ids, vocabulary) keeping only the tokens in use, plus the empty token."""
    ptr = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=ptr[1:])
    ids = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
    used = np.unique(ids)
    remap = np.full(max(len(vocab), 1), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    words = [vocab[i] for i in used.tolist()]
    if "" not in words:
        words.append("")  # bm25s scores a query of no known token against it
    return ptr, remap[ids].astype(np.int32), words


def _model(ptr: np.ndarray, ids: np.ndarray, vocab: list[str]):
    """A bm25s.BM25 holding scores computed by qa.scoring (same numbers as bm25s's own indexing)."""
    import bm25s

    from .scoring import bm25_matrix

    model = bm25s.BM25(k1=K1, b=B)
    model.scores = bm25_matrix(ptr, ids, len(vocab), K1, B)
    model.vocab_dict = {token: i for i, token in enumerate(vocab)}
    model.unique_token_ids_set = set(model.vocab_dict.values())
    model.nonoccurrence_array = None
    return model


class TokenCache:
    """Body token ids of an index's passages by content hash: a rebuild tokenizes only new passages."""

    def __init__(self, folder: Path, hashes: np.ndarray) -> None:
        folder = Path(folder)
        self._ids = np.load(folder / "tokens.ids.npy", mmap_mode="r", allow_pickle=False)
        self._offsets = np.load(folder / "tokens.offsets.npy", allow_pickle=False)
        self.vocab: list[str] = json.loads((folder / "tokens.vocab.json").read_text(encoding="utf-8"))
        self.titles: dict[str, list[str]] = json.loads((folder / "tokens.titles.json").read_text(encoding="utf-8"))
        if len(self._offsets) != len(hashes) + 1 or int(self._offsets[-1]) != len(self._ids):
            raise ValueError("token cache does not match the passages")
        self._rows = {h.decode("ascii"): i for i, h in enumerate(hashes.tolist())}

    def get_ids(self, content_hash: str) -> np.ndarray | None:
        """The cached token ids of a passage (into self.vocab), or None."""
        row = self._rows.get(content_hash)
        if row is None:
            return None
        return np.asarray(self._ids[self._offsets[row]:self._offsets[row + 1]], dtype=np.int32)

    @staticmethod
    def write(folder: Path, ptr: np.ndarray, ids: np.ndarray, vocab: list[str], titles: dict[str, list[str]]) -> None:
        """tokens.ids.npy (int32, concatenated), tokens.offsets.npy, tokens.vocab.json, tokens.titles.json."""
        (folder / "tokens.titles.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
        np.save(folder / "tokens.ids.npy", np.asarray(ids, dtype=np.int32))
        np.save(folder / "tokens.offsets.npy", np.asarray(ptr, dtype=np.int64))
        (folder / "tokens.vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
