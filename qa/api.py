"""The Python API: NewsQA.build / NewsQA.load / ask, hybrid retrieval with cited passages."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from . import answer as answering
from .building import BuildReport, build_index
from .chunking import Passage, split_sentences
from .embedders import Embedder, canonical_name, load_embedder
from .errors import IndexLoadError
from .fusion import DENSE_WEIGHT, TITLE_WEIGHT, hybrid, reciprocal_rank
from .segment import Article
from .store import IndexData, read_index, read_manifest, reopen_rows, write_index
from .tokenization import has_chinese, is_local_place, mentions, salient_terms

MAX_QUESTION_CHARS = 2000
CANDIDATES = 100
RESCORE_DEPTH = 10
SENTENCE_WEIGHT = 1.0
STRONG_COVERAGE = 0.5
MODES = ("hybrid", "lexical", "dense", "rrf")


@dataclass
class RetrievalSettings:
    """How retrieval ranks passages; the defaults are the measured best (README "Retrieval quality").

    mode: "hybrid" (max-normalized BM25 + weighted cosine, then sentence re-scoring), "lexical" (BM25 alone),
    "dense" (FAISS cosine alone) or "rrf" (naive reciprocal rank fusion, the baseline it replaces).
    """

    mode: str = "hybrid"
    dense_weight: float = DENSE_WEIGHT
    title_weight: float = TITLE_WEIGHT
    sentence_weight: float = SENTENCE_WEIGHT


@dataclass
class RetrievedPassage:
    """One passage in an answer, best first, with its citation and scores."""

    text: str
    title: str
    article_id: str
    paragraph: int
    source: str
    score: float
    lexical: float
    dense: float
    citation: str
    start: int = 0
    end: int = 0
    answer_start: int | None = None
    answer_end: int | None = None

    def to_dict(self) -> dict:
        """JSON-ready."""
        return dict(self.__dict__)


@dataclass
class Answer:
    """The reply to a question: the answering sentence and cited passages, or an honest abstention."""

    question: str
    abstained: bool
    answer: str | None
    passages: list[RetrievedPassage] = field(default_factory=list)
    message: str = ""
    signals: dict = field(default_factory=dict)

    @property
    def citation(self) -> str | None:
        """Citation of the passage the answer comes from."""
        return None if self.abstained or not self.passages else self.passages[0].citation

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"question": self.question, "abstained": self.abstained, "answer": self.answer,
                "citation": self.citation, "message": self.message, "signals": self.signals,
                "passages": [p.to_dict() for p in self.passages]}


class NewsQA:
    """Question answering over union news: hybrid BM25 + FAISS retrieval with citations."""

    def __init__(self, data: IndexData, embedder: Embedder, path: Path | None = None) -> None:
        self._data = data
        self.embedder = embedder
        self.path = path
        self.manifest = data.manifest
        self.passages: list[Passage] = data.passages
        self.articles: dict[str, Article] = data.articles
        self.report: BuildReport | None = None
        self.settings = RetrievalSettings()
        # One question at a time per index: the embedder's BLAS pool and FAISS's OpenMP pool are process-wide,
        # and concurrent callers resizing them made 20 threads 100x slower than taking turns (benchmarks/bench_load.py).
        self._lock = threading.Lock()
        ids = np.asarray(data.pids, dtype=np.int64)
        self._order = np.argsort(ids, kind="stable")
        self._sorted_ids = ids[self._order]

    # ---------- building and loading ----------
    @classmethod
    def build(cls, sources: Iterable[str | Path], out: str | Path = "embeddings", model: str | None = None,
              progress: Callable[[int, int], None] | None = None, dense_kind: str = "auto",
              embedder: Embedder | None = None, reuse: bool = True) -> "NewsQA":
        """Read sources, chunk, embed, index and save atomically at `out`.

        Unless `reuse` is False, what the index already at `out` holds is reused: the passages of source files
        whose bytes are unchanged, the vectors and tokens of passages whose content hash is unchanged, the IVF
        centres.
        """
        started = time.perf_counter()
        out = Path(out)
        embedder = embedder or load_embedder(model)
        name = canonical_name(model) if model is not None else embedder.name
        data, report = build_index(sources, out, embedder, name, progress=progress, dense_kind=dense_kind,
                                   reuse=reuse)
        write_index(out, data)
        qa = cls(reopen_rows(out, data), embedder, out)
        report.seconds = time.perf_counter() - started
        qa.report = report
        return qa

    @classmethod
    def load(cls, path: str | Path = "embeddings", model: str | None = None, mmap: bool = True,
             embedder: Embedder | None = None) -> "NewsQA":
        """Open a built index; `model`, if given, must be the one the index was built with."""
        path = Path(path)
        manifest = read_manifest(path)
        built_with = manifest.get("embedder", {}).get("name")
        if model is not None and canonical_name(model) != built_with:
            raise IndexLoadError(f"{path} was built with {built_with!r}, not {canonical_name(model)!r}; "
                                 f"rebuild with: qa build --out {path} --model {model}")
        data = read_index(path, mmap=mmap)
        embedder = embedder or load_embedder(built_with)
        if embedder.dim != data.manifest["embedder"]["dim"]:
            raise IndexLoadError(f"{path} holds {data.manifest['embedder']['dim']}-dimension vectors but "
                                 f"{built_with!r} makes {embedder.dim}; rebuild with: qa build --out {path}")
        return cls(data, embedder, path)

    def refresh(self) -> "NewsQA":
        """This index, or the version published at its folder since it was loaded (loaded now, beside this one,
        with the same embedder; the caller switches between questions). Only whole published versions are ever
        read. A folder that is gone or damaged keeps this one answering; that is logged once, in one line."""
        from .errors import QAError
        from .publish import current_version, note_refresh

        if self.path is None:
            return self
        try:
            fresh = self
            if current_version(self.path) != getattr(self._data, "version", None):
                fresh = NewsQA.load(self.path, embedder=self.embedder)
        except (QAError, OSError) as exc:
            return note_refresh(self.path, self._data.version, None, exc, self)
        return note_refresh(self.path, self._data.version, fresh._data.version, None, fresh)

    # ---------- asking ----------
    def ask(self, question: str, k: int = 5) -> Answer:
        """Answer one question: the best passages with citations and the answering sentence, or an abstention."""
        return self.ask_batch([question], k=k)[0]

    def ask_batch(self, questions: Sequence[str], k: int = 5) -> list[Answer]:
        """Answer many questions at once (one embedding batch)."""
        k = max(1, min(int(k), 50))
        cleaned = [_clean_question(q) for q in questions]
        valid = [i for i, q in enumerate(cleaned) if q]
        answers: list[Answer] = [Answer(question=str(q or ""), abstained=True, answer=None,
                                        message="请输入问题。Please type a question.") for q in questions]
        if not valid:
            return answers
        texts = [cleaned[i] for i in valid]
        with self._lock:
            vectors = self.embedder.encode_query(texts)
            for slot, text, vector in zip(valid, texts, vectors):
                answers[slot] = self._answer_one(text, vector, k)
        return answers

    def search(self, question: str, k: int = 5) -> list[RetrievedPassage]:
        """The k best passages for a question, no answer selection or abstention."""
        return self.search_batch([question], k)[0]

    def search_batch(self, questions: Sequence[str], k: int = 5) -> list[list[RetrievedPassage]]:
        """The k best passages for each question."""
        cleaned = [_clean_question(q) or " " for q in questions]
        with self._lock:
            vectors = self.embedder.encode_query(cleaned)
            return [self._rank(q, v, k)[0] for q, v in zip(cleaned, vectors)]

    def _rank(self, question: str, vector: np.ndarray, k: int, terms: list[str] | None = None,
              weights: np.ndarray | None = None) -> tuple[list[RetrievedPassage], list[str], list[str]]:
        lexical = self._data.lexical
        tokens, missing = lexical.query_tokens(question, terms)
        settings = self.settings
        lex_all = lexical.scores(tokens, "body") + settings.title_weight * lexical.scores(tokens, "title")
        if not has_chinese(question):
            # Tokens of an English question come from romanized names: they say which articles, not which passage.
            lex_all = (lex_all > 0).astype(np.float32)
        rows: set[int] = set()
        if tokens:
            n = min(CANDIDATES, len(lex_all))
            top = np.argpartition(-lex_all, n - 1)[:n] if n < len(lex_all) else np.arange(len(lex_all))
            rows.update(int(r) for r in top if lex_all[r] > 0)
        _, ids = self._data.dense.search(vector[None, :], CANDIDATES)
        rows.update(self._rows(ids[0]))
        ordered = sorted(rows)
        cosines = np.asarray(self._data.vectors[ordered], dtype=np.float32) @ vector if ordered else np.zeros(0)
        lex_run = [(r, float(lex_all[r])) for r in ordered]
        dense_run = [(r, float(c)) for r, c in zip(ordered, cosines)]
        if settings.mode == "lexical":
            fused = sorted(lex_run, key=lambda item: -item[1])
        elif settings.mode == "dense":
            fused = sorted(dense_run, key=lambda item: -item[1])
        elif settings.mode == "rrf":
            fused = reciprocal_rank([sorted(lex_run, key=lambda i: -i[1]), sorted(dense_run, key=lambda i: -i[1])])
        else:
            fused = hybrid(lex_run, dense_run, settings.dense_weight)
            if has_chinese(question) and fused and settings.sentence_weight:
                if terms is None:
                    terms = _query_terms(question)
                    weights = self._term_weights(terms)
                fused = self._rescore(terms, weights, fused[:RESCORE_DEPTH]) + fused[RESCORE_DEPTH:]
        fused = fused[:k]
        lex_of, cos_of = dict(lex_run), dict(dense_run)
        out = []
        for row, score in fused:
            p = self.passages[row]
            out.append(RetrievedPassage(text=p.text, title=p.title, article_id=p.article_id, paragraph=p.paragraph,
                                        source=p.source, score=round(float(score), 6),
                                        lexical=round(lex_of[row], 6), dense=round(cos_of[row], 6),
                                        citation=p.citation, start=p.start, end=p.end))
        return out, tokens, missing

    def _rescore(self, terms: list[str], weights: np.ndarray, fused: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Re-score the best candidates by their best sentence: the share of weighted question terms one sentence
        (read with its headline) covers. An answer sits in one sentence; scattered matches do not answer."""
        rescored = []
        for row, score in fused:
            passage = self.passages[row]
            best = max((answering.coverage(terms, weights, f"{passage.title}\n{passage.text[s:e]}")
                        for s, e in split_sentences(passage.text)), default=0.0)
            rescored.append((row, score + self.settings.sentence_weight * best))
        return sorted(rescored, key=lambda item: -item[1])

    def _rows(self, ids: np.ndarray) -> list[int]:
        ids = ids[ids >= 0]
        pos = np.searchsorted(self._sorted_ids, ids)
        pos = np.clip(pos, 0, max(len(self._sorted_ids) - 1, 0))
        ok = self._sorted_ids[pos] == ids
        return [int(r) for r in self._order[pos[ok]]]

    def _answer_one(self, question: str, vector: np.ndarray, k: int) -> Answer:
        all_tokens = _query_terms(question)
        weights = self._term_weights(all_tokens)
        passages, tokens, missing = self._rank(question, vector, k, all_tokens, weights)
        if not passages:
            return Answer(question=question, abstained=True, answer=None, message="索引为空。The index is empty.")
        top = passages[0]
        context = f"{top.title}\n{top.text}"
        article = self.articles.get(top.article_id)
        article_text = "\n".join([top.title, *(article.paragraphs if article else [top.text])])
        chinese = has_chinese(question)
        covered = answering.coverage(all_tokens, weights, context)
        if chinese:
            names, nouns = salient_terms(question)
            in_news = self._data.lexical.in_vocabulary
            weak = covered < STRONG_COVERAGE
            # A name the best article lacks: abstain if the news never names it at all, or if the match is weak.
            # A noun the news never uses (篮球赛) only counts against a weak match: questions paraphrase.
            # A district the best article never names is a different district (朝阳区 asked, 大兴区 answered), even
            # when the rest matches well; a city may go unnamed (北京市自来水集团 is 市自来水集团 in the news).
            missing = [t for t in names if not mentions(article_text, t)
                       and (weak or not in_news(t) or is_local_place(t))]
            missing += [t for t in nouns if weak and not in_news(t)]
        signals = answering.Signals(coverage=covered, cosine=top.dense,
                                    query_terms=len(tokens), chinese=chinese, missing=tuple(missing))
        if answering.abstain(signals):
            return Answer(question=question, abstained=True, answer=None, passages=passages,
                          message="新闻中没有找到这个问题的答案；以下是相关段落。The news does not answer this; related passages below.",
                          signals=signals.to_dict())
        start, end = answering.best_sentence(top.text, all_tokens, weights, vector, self.embedder.encode_document)
        top.answer_start, top.answer_end = start, end
        return Answer(question=question, abstained=False, answer=top.text[start:end].strip(), passages=passages,
                      signals=signals.to_dict())

    def _term_weights(self, tokens: list[str]) -> np.ndarray:
        idf = self._data.lexical.idf(tokens)
        unseen = float(np.log(1 + (len(self.passages) + 0.5) / 0.5))
        return np.where(idf > 0, idf, unseen).astype(np.float32)

    # ---------- sources ----------
    def article(self, article_id: str) -> Article | None:
        """A whole article by id (for reading the source in full)."""
        return self.articles.get(article_id)


def _query_terms(question: str) -> list[str]:
    from .tokenization import tokenize_query

    return list(dict.fromkeys(tokenize_query(question)))


def _clean_question(question: object) -> str:
    """Printable text, control characters dropped, whitespace folded, cut at MAX_QUESTION_CHARS."""
    if not isinstance(question, str):
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in question)
    return " ".join(text.split())[:MAX_QUESTION_CHARS]
