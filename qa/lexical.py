"""BM25 (bm25s) over jieba words and character bigrams, with a separate headline field."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import IndexLoadError
from .tokenization import run_bigrams, tokenize, tokenize_query

K1 = 1.2
B = 0.75
FIELDS = ("body", "title")


def _tokenizer_version() -> str:
    """Names the tokenizer and the language data it reads, so an index tokenized with other data is stale."""
    from .lexicon import QUESTION_WORDS, STOPWORDS, UNION_VOCABULARY

    data = "\n".join([*UNION_VOCABULARY, "|", *sorted(STOPWORDS), "|", *QUESTION_WORDS])
    return f"jieba-rs+bigram+t2s/3-{hashlib.sha256(data.encode()).hexdigest()[:8]}"


TOKENIZER = _tokenizer_version()
GATHER_BLOCK = 50_000


class LexicalIndex:
    """Two BM25 fields per passage: body (headline + text) and the headline alone."""

    def __init__(self, fields: dict, size: int, romanized: dict[str, list[str]] | None = None,
                 tokens: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] | None = None) -> None:
        self.fields = fields
        self.size = size
        self.romanized = romanized or {}
        self.tokens = tokens  # each field's (offsets, ids, vocabulary), kept after a build for the next one

    @classmethod
    def build(cls, bodies: Sequence[str], titles: Sequence[str], cache: "TokenCache | None" = None,
              rows: np.ndarray | None = None, previous_romanized: dict[str, list[str]] | None = None
              ) -> "LexicalIndex":
        """Index passages with qa.tokenization.tokenize; `rows` (each passage's row in `cache`, -1 for none) says
        whose tokens are reused.

        Only the rows the cache lacks are read from `bodies` and `titles` (they may be lazy sequences). Scores are
        computed by qa.scoring from token ids: no per-passage Python work for reused passages.
        """
        from .pinyin import build_map

        size = len(bodies)
        rows = np.asarray(rows, dtype=np.int64) if cache is not None and rows is not None else np.full(size, -1)
        missing = np.flatnonzero(rows < 0).tolist()
        tokens = {}
        for name, texts in (("body", bodies), ("title", titles)):
            old = cache.fields.get(name) if cache is not None else None
            vocab: dict[str, int] = {t: i for i, t in enumerate(old[2])} if old is not None else {}
            memo: dict[str, np.ndarray] = {}  # a headline is shared by every passage of its article
            fresh = []
            for i in missing:
                text = texts[i]
                ids = memo.get(text) if name == "title" else None
                if ids is None:
                    ids = _ids(tokenize(text) or [""], vocab)
                    if name == "title":
                        memo[text] = ids
                fresh.append(ids)
            memo.clear()
            tokens[name] = _compact(*_assemble(rows, fresh, old), list(vocab))
        fields = {name: _model(*value) for name, value in tokens.items()}
        words = (w for w in tokens["body"][2] if w and not w.startswith("#"))
        return cls(fields, size, build_map(words, previous_romanized), tokens=tokens)

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
        return all("#" + g in vocab for g in run_bigrams(term) or [term])

    def scores(self, tokens: Sequence[str], field: str = "body") -> np.ndarray:
        """BM25 score of every passage for the given query tokens (zeros when none is known)."""
        model = self.fields[field]
        ids = model.get_tokens_ids(list(tokens))
        if not ids or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(model.get_scores_from_ids(ids), dtype=np.float32)

    def document_frequency(self, tokens: Sequence[str]) -> np.ndarray:
        """Passages (body field) holding each token; 0 for tokens the index never saw."""
        vocab = self.fields["body"].vocab_dict
        df = self._doc_freq()
        return np.array([df[vocab[t]] if t in vocab else 0 for t in tokens], dtype=np.int64)

    def idf(self, tokens: Sequence[str]) -> np.ndarray:
        """Lucene IDF of each token in the body field (0 for unknown tokens)."""
        from .scoring import lucene_idf

        df = self.document_frequency(tokens)
        return np.where(df > 0, lucene_idf(df, self.size), 0).astype(np.float32)

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
        if self.tokens is not None:
            TokenCache.write(Path(folder), self.tokens)
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


def _assemble(rows: np.ndarray, fresh: list[np.ndarray], old: tuple | None) -> tuple[np.ndarray, np.ndarray]:
    """(document offsets, concatenated ids) in passage order: rows >= 0 gathered from `old` (offsets, ids, vocab),
    the `fresh` id arrays (one per row < 0, in order) spliced in. Empties `fresh` once copied (memory)."""
    rows = np.asarray(rows, dtype=np.int64)
    old_ptr, old_ids = (old[0], old[1]) if old is not None else (np.zeros(1, np.int64), np.zeros(0, np.int32))
    reused = rows >= 0
    lengths = np.zeros(len(rows), dtype=np.int64)
    starts = np.zeros(len(rows), dtype=np.int64)
    lengths[reused] = old_ptr[rows[reused] + 1] - old_ptr[rows[reused]]
    starts[reused] = old_ptr[rows[reused]]
    fresh_lengths = np.array([len(f) for f in fresh], dtype=np.int64)
    lengths[~reused] = fresh_lengths
    starts[~reused] = len(old_ids) + np.concatenate([[0], np.cumsum(fresh_lengths)[:-1]]).astype(np.int64)
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    if not reused.any():  # a build from scratch: the fresh arrays in order are the answer
        ids = np.concatenate(fresh).astype(np.int32, copy=False) if fresh else np.zeros(0, dtype=np.int32)
        fresh.clear()
        return ptr, ids
    source = np.concatenate([np.asarray(old_ids, dtype=np.int32), *fresh]) if fresh else np.asarray(old_ids)
    fresh.clear()
    ids = np.empty(int(ptr[-1]), dtype=np.int32)
    for a in range(0, len(rows), GATHER_BLOCK):  # in blocks: the int64 positions of 1M passages would be 1.6 GB
        b = min(a + GATHER_BLOCK, len(rows))
        where = np.repeat(starts[a:b] - ptr[a:b], lengths[a:b]) + np.arange(ptr[a], ptr[b], dtype=np.int64)
        ids[ptr[a]:ptr[b]] = source[where]
    return ptr, ids


def _compact(ptr: np.ndarray, ids: np.ndarray, vocab: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(document offsets, ids, vocabulary) keeping only the tokens in use, plus the empty token."""
    used = np.flatnonzero(np.bincount(ids, minlength=len(vocab))) if len(ids) else np.zeros(0, dtype=np.int64)
    remap = np.full(max(len(vocab), 1), -1, dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    words = [vocab[i] for i in used.tolist()]
    if "" not in words:
        words.append("")  # bm25s scores a query of no known token against it
    return ptr, remap[ids], words


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
    """Token ids of an index's passages by row, per field: a rebuild tokenizes only new passages."""

    def __init__(self, folder: Path, size: int) -> None:
        folder = Path(folder)
        self.fields: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
        for name in FIELDS:
            ids = np.load(folder / f"tokens.{name}.ids.npy", mmap_mode="r", allow_pickle=False)
            offsets = np.load(folder / f"tokens.{name}.offsets.npy", allow_pickle=False)
            vocab = json.loads((folder / f"tokens.{name}.vocab.json").read_text(encoding="utf-8"))
            if len(offsets) != size + 1 or int(offsets[-1]) != len(ids):
                raise ValueError("token cache does not match the passages")
            self.fields[name] = (offsets, ids, vocab)

    @staticmethod
    def write(folder: Path, tokens: dict[str, tuple[np.ndarray, np.ndarray, list[str]]]) -> None:
        """tokens.<field>.ids.npy (int32, concatenated), .offsets.npy (int64) and .vocab.json, for each field."""
        for name, (ptr, ids, vocab) in tokens.items():
            np.save(folder / f"tokens.{name}.ids.npy", np.asarray(ids, dtype=np.int32))
            np.save(folder / f"tokens.{name}.offsets.npy", np.asarray(ptr, dtype=np.int64))
            (folder / f"tokens.{name}.vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
