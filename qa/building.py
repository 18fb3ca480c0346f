"""Building an index incrementally: the previous index's unchanged sources, vectors and tokens are reused."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from .chunking import CHUNKING, Passage, chunk_articles
from .dense import CENTROIDS, DenseIndex
from .embedders import Embedder
from .errors import BuildError, QAError, SourceError
from .lexical import TOKENIZER, LexicalIndex, TokenCache
from .tokenization import to_simplified
from .readers import expand_sources, parse_source, read_bytes
from .publish import UNTOUCHED, Writer, resolve, step
from .segment import Article
from .store import (FORMAT, VERSION, ArticleRows, IndexData, JsonlRows, Records, open_rows, read_hashes,
                    read_manifest, read_sources_record)

EMBED_BATCH = 256


@dataclass
class BuildReport:
    """What a build did: counts, reused vectors and sources, warnings, seconds."""

    articles: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    sources: int = 0
    reused_sources: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Source:
    """One source file of this build: parsed anew (articles), or reused whole from the previous index (record)."""

    name: str
    sha256: str
    warnings: list[str]
    articles: list[Article] | None = None
    record: dict | None = None


class Previous:
    """The index a build replaces, opened for reuse: its sources' passages and articles, by file name and hash."""

    def __init__(self, folder: Path) -> None:
        manifest = read_manifest(folder)
        if manifest.get("chunking") != CHUNKING:
            raise QAError("chunked differently")
        self.passages, self.articles, self.article_ids = open_rows(folder, manifest)
        self.pids = np.load(folder / "passages.pids.npy", allow_pickle=False)
        self.hashes = read_hashes(folder)
        if len(self.pids) != len(self.passages) or len(self.hashes) != len(self.passages):
            raise QAError("row counts differ")
        self._by_name = {}
        for record in read_sources_record(folder):
            (p0, p1), (a0, a1) = record["passages"], record["articles"]
            if not (0 <= p0 <= p1 <= len(self.passages) and 0 <= a0 <= a1 <= len(self.article_ids)):
                raise QAError("source rows out of range")
            self._by_name[record["name"]] = record

    @classmethod
    def open(cls, folder: Path) -> "Previous | None":
        """The previous index at `folder`, or None when there is none, or it is damaged or chunked differently."""
        try:
            return cls(Path(folder))
        except (QAError, OSError, ValueError, KeyError, TypeError):
            return None

    def record(self, name: str, sha256: str) -> dict | None:
        """What the previous build made of this file, if the file is unchanged."""
        record = self._by_name.get(name)
        return record if record is not None and record["sha256"] == sha256 else None


def build_index(sources: Iterable[str | Path], out: Path, embedder: Embedder, name: str,
                progress: Callable[[int, int], None] | None = None, dense_kind: str = "auto", reuse: bool = True
                ) -> tuple[IndexData, BuildReport]:
    """Everything an index folder holds, for `sources`; unchanged work of the index at `out` is reused unless
    `reuse` is False.

    First the folder's writer lock is taken (a second build fails at once, naming the holder) and a crash's
    leftovers are cleaned. The returned data carries the lock; write_index lets it go once it has published (here
    it is let go when the build fails). Out of memory is a BuildError; nothing is published either way."""
    writer = Writer(Path(out)).acquire()
    try:
        data, report = _build(sources, Path(out), embedder, name, progress, dense_kind, reuse)
    except MemoryError:
        writer.release()
        raise BuildError(f"out of memory while building {out}; {UNTOUCHED}") from None
    except RuntimeError as exc:  # FAISS (training, adding) reports C++ failures as RuntimeError
        writer.release()
        text = " ".join(str(exc).split())
        if "bad_alloc" in text or "memory" in text.lower():
            raise BuildError(f"out of memory while building {out}; {UNTOUCHED}") from None
        raise BuildError(f"building {out} failed: {text[-200:]}; {UNTOUCHED}") from None
    except BaseException:
        writer.release()
        raise
    data.writer = writer
    return data, report


def _published(out: Path) -> Path | None:
    """The folder of the version published at `out`, if any."""
    try:
        version, version_id = resolve(out, recover=False)
    except (QAError, OSError):
        return None
    return version if version_id is not None else None


def _build(sources: Iterable[str | Path], out: Path, embedder: Embedder, name: str,
           progress: Callable[[int, int], None] | None, dense_kind: str, reuse: bool
           ) -> tuple[IndexData, BuildReport]:
    report = BuildReport()
    last = _published(out) if reuse else None
    previous = Previous.open(last) if last is not None else None
    files = _read(sources, previous, report)
    passages, articles, records = _assemble(files, previous)
    if not len(passages):
        detail = f" ({'; '.join(report.warnings[:3])})" if report.warnings else ""
        raise SourceError(f"no news text found in the sources{detail}")
    pids = _column(passages, previous.pids if previous else None, lambda p: p.pid, np.int64)
    hashes = _column(passages, previous.hashes if previous else None, lambda p: p.content_hash.encode("ascii"), "S40")
    old_hashes = previous.hashes if previous is not None else _hashes_of(last)
    old_rows = _rows_by_hash(hashes, old_hashes)
    vectors = _embed_reusing(embedder, _Field(passages, "context_text"), old_rows,
                             _previous_vectors(last, name, embedder.dim, len(old_hashes)), progress, report)
    dense = DenseIndex.build(vectors, pids, kind=dense_kind, centroids=_previous_centroids(last))
    cache, romanized = _previous_lexical(last, len(old_hashes))
    lexical = LexicalIndex.build(_Field(passages, "context_text"), _Field(passages, "title"), cache=cache,
                                 rows=old_rows, previous_romanized=romanized)
    manifest = {
        "format": FORMAT, "version": VERSION,
        "embedder": {"name": name, "dim": int(vectors.shape[1])},
        "passages": len(passages), "articles": len(articles),
        "dense": {"kind": dense.kind, "metric": "inner_product"},
        "lexical": {"tokenizer": TOKENIZER},
        "chunking": CHUNKING,
        "sources": {f.name: f.sha256 for f in files},
    }  # no build time: a build of unchanged sources writes the same bytes (and publishes nothing new)
    report.articles, report.passages, report.sources = len(articles), len(passages), len(files)
    report.reused_sources = sum(f.record is not None for f in files)
    data = IndexData(manifest, passages, articles, vectors, dense, lexical, pids, hashes=hashes, sources=records)
    return data, report


def _read(sources: Iterable[str | Path], previous: Previous | None, report: BuildReport) -> list[_Source]:
    """Every readable source, in order; an unchanged one (same name, same SHA-256) is not parsed again."""
    files = []
    taken: set[str] = set()
    for path in expand_sources(sources):
        name = path.as_posix()
        step(f"read:{name}")
        try:
            data = read_bytes(path)
        except SourceError as exc:
            if not path.exists():  # listed a moment ago: an index without it would silently lose its articles
                raise BuildError(f"{name} was deleted while the build was reading the sources; {UNTOUCHED}; "
                                 f"run qa build again") from None
            report.warnings.append(str(exc))
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        record = previous.record(name, sha256) if previous is not None else None
        if record is not None:
            ids = previous.article_ids[record["articles"][0]:record["articles"][1]]
            if taken.isdisjoint(ids):
                taken.update(ids)
                files.append(_Source(name, sha256, list(record["warnings"]), record=record))
                report.warnings.extend(record["warnings"])
                continue
        try:
            articles, warnings = parse_source(data, name)
        except SourceError as exc:
            report.warnings.append(str(exc))
            continue
        files.append(_Source(name, sha256, warnings, articles=_unique_ids(articles, name, taken)))
        report.warnings.extend(warnings)
    return files


def _unique_ids(articles: list[Article], source: str, taken: set[str]) -> list[Article]:
    """Article ids come from file names (page#3): a page of the same name in another folder gets page#3@its/path."""
    out = []
    for article in articles:
        article_id = article.article_id
        if article_id in taken:
            article_id = f"{article.article_id}@{source}"
            number = 2
            while article_id in taken:
                article_id, number = f"{article.article_id}@{source}#{number}", number + 1
            article = dataclasses.replace(article, article_id=article_id)
        taken.add(article_id)
        out.append(article)
    return out


def _assemble(files: list[_Source], previous: Previous | None) -> tuple[Records, ArticleRows, list[dict]]:
    """Passages and articles in source order (reused rows and new objects), and what to record of each source."""
    passage_origin: list[np.ndarray] = []
    article_origin: list[np.ndarray] = []
    new_passages: list[Passage] = []
    new_articles: list[Article] = []
    article_ids: list[str] = []
    records = []
    seen: set[int] = set()
    rows = 0
    for source in files:
        start, article_start = rows, len(article_ids)
        if source.record is not None:
            p0, p1 = source.record["passages"]
            a0, a1 = source.record["articles"]
            passage_origin.append(np.arange(p0, p1, dtype=np.int64))
            article_origin.append(np.arange(a0, a1, dtype=np.int64))
            article_ids.extend(previous.article_ids[a0:a1])
            seen.update(previous.pids[p0:p1].tolist())
            rows += p1 - p0
        else:
            chunked = []
            for passage in chunk_articles(source.articles):
                if passage.pid not in seen:  # the same place and content twice: keep the first
                    seen.add(passage.pid)
                    chunked.append(passage)
            passage_origin.append(-1 - np.arange(len(new_passages), len(new_passages) + len(chunked), dtype=np.int64))
            new_passages.extend(chunked)
            article_origin.append(-1 - np.arange(len(new_articles), len(new_articles) + len(source.articles),
                                                 dtype=np.int64))
            new_articles.extend(source.articles)
            article_ids.extend(a.article_id for a in source.articles)
            rows += len(chunked)
        records.append({"name": source.name, "sha256": source.sha256, "passages": [start, rows],
                        "articles": [article_start, len(article_ids)], "warnings": source.warnings})
    old_passages = previous.passages if previous is not None else None
    old_articles: JsonlRows | None = previous.articles if previous is not None else None
    passages = Records(old_passages, _concat(passage_origin), new_passages)
    articles = ArticleRows(Records(old_articles, _concat(article_origin), new_articles), article_ids)
    return passages, articles, records


def _concat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _column(passages: Records, old_values: np.ndarray | None, get: Callable[[Passage], object], dtype) -> np.ndarray:
    """One field of every passage: from the previous index's array for reused rows, from the objects for new ones."""
    origin = passages.origin
    out = np.zeros(len(origin), dtype=dtype)
    old = origin >= 0
    if old.any():
        out[old] = old_values[origin[old]]
    new = np.flatnonzero(~old)
    if len(new):
        out[new] = np.array([get(passages.new[-int(o) - 1]) for o in origin[new]], dtype=dtype)
    return out


class _Field(Sequence):
    """One attribute of each passage, read only for the rows asked for (reused rows are parsed on demand)."""

    def __init__(self, passages: Sequence[Passage], attribute: str) -> None:
        self._passages = passages
        self._attribute = attribute

    def __len__(self) -> int:
        return len(self._passages)

    def __getitem__(self, row: int):
        return getattr(self._passages[row], self._attribute)


def _previous_centroids(out: Path | None) -> np.ndarray | None:
    """The last index's IVF centres, if it had any."""
    if out is None:
        return None
    try:
        return np.load(out / CENTROIDS, allow_pickle=False)
    except (OSError, ValueError):
        return None


def _hashes_of(out: Path | None) -> np.ndarray:
    """Content hashes of the last index's passages, by row (none when there is no readable index)."""
    if out is None:
        return np.zeros(0, dtype="S40")
    try:
        return read_hashes(out)
    except (OSError, ValueError):
        return np.zeros(0, dtype="S40")


def _rows_by_hash(hashes: np.ndarray, old_hashes: np.ndarray) -> np.ndarray:
    """Each passage's row in the last index, found by content hash; -1 for a passage it did not have."""
    row_of = {h: i for i, h in enumerate(old_hashes.tolist())}
    return np.fromiter((row_of.get(h, -1) for h in hashes.tolist()), dtype=np.int64, count=len(hashes))


def _previous_lexical(out: Path | None, size: int) -> tuple[TokenCache | None, dict[str, list[str]] | None]:
    """The last index's token cache (of its `size` rows) and pinyin map, when it was made by this tokenizer."""
    if out is None:
        return None, None
    try:
        manifest = read_manifest(out)
        if manifest.get("lexical", {}).get("tokenizer") != TOKENIZER:
            return None, None
        meta = json.loads((out / "bm25.json").read_text(encoding="utf-8"))
        return TokenCache(out, size), meta.get("romanized")
    except (QAError, OSError, ValueError, KeyError):
        return None, None


def _previous_vectors(out: Path | None, name: str, dim: int, size: int) -> np.ndarray | None:
    """The last index's vectors (of its `size` rows) when the same model made them; else None."""
    if out is None:
        return None
    try:
        manifest = read_manifest(out)
        if manifest["embedder"]["name"] != name or manifest["embedder"]["dim"] != dim:
            return None
        vectors = np.load(out / "vectors.npy", mmap_mode="r", allow_pickle=False)
        return vectors if vectors.shape == (size, dim) else None
    except (QAError, KeyError, TypeError, OSError, ValueError):
        return None


def _embed_reusing(embedder: Embedder, texts: Sequence[str], old_rows: np.ndarray, old_vectors: np.ndarray | None,
                   progress: Callable[[int, int], None] | None, report: BuildReport) -> np.ndarray:
    """Vectors for the passages: rows of `old_vectors` where `old_rows` finds the passage, the rest embedded."""
    rows = old_rows if old_vectors is not None else np.full(len(old_rows), -1)
    vectors = np.zeros((len(rows), embedder.dim), dtype=np.float32)
    reuse = np.flatnonzero(rows >= 0)
    if len(reuse):
        vectors[reuse] = old_vectors[rows[reuse]]
    todo = np.flatnonzero(rows < 0).tolist()
    report.reused = len(rows) - len(todo)
    report.embedded = len(todo)
    if progress:
        progress(0, len(todo))
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start:start + EMBED_BATCH]
        try:
            step("embed")
            # Embedded as Simplified (questions are too): Traditional and Simplified news meet in one space.
            vectors[batch] = embedder.encode_document([to_simplified(texts[i]) for i in batch])
        except MemoryError:
            raise BuildError(f"out of memory while embedding passages {start + 1}-{start + len(batch)} of "
                             f"{len(todo)} with {embedder.name}; {UNTOUCHED}") from None
        if progress:
            progress(min(start + EMBED_BATCH, len(todo)), len(todo))
    return vectors
