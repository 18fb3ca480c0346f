"""Filling Milvus: `qa migrate` (a built local index copied without re-embedding) and `qa build --backend milvus`
(sources read, chunked and written incrementally: only passages whose content hash is new are embedded)."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from ..errors import IndexLoadError, SourceError
from ..segment import Article
from .base import PassageRecord
from .milvus import MilvusBackend, collection_name

BATCH = 2_000  # passages per upsert call while migrating (one generation for the whole copy)


@dataclass
class SyncReport:
    """What a migration or a Milvus build did."""

    collection: str = ""
    passages: int = 0
    articles: int = 0
    upserted: int = 0
    embedded: int = 0
    deleted: int = 0
    generation: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def _records(passages, vectors: np.ndarray, body: Sequence[Sequence[str]], title: Sequence[Sequence[str]],
             articles: dict[str, Article], rows: Iterable[int]) -> list[PassageRecord]:
    out = []
    for row in rows:
        p = passages[row]
        article = articles.get(p.article_id)
        out.append(PassageRecord(passage=p, body_tokens=body[row], title_tokens=title[row], vector=vectors[row],
                                 date=getattr(article, "date", None), publisher=getattr(article, "publisher", None)))
    return out


def _cached_tokens(folder: Path, size: int) -> tuple[list[list[str]], list[list[str]]] | None:
    """Each passage's body and headline tokens from the index's token cache (None when it has none)."""
    from ..lexical import TokenCache

    try:
        cache = TokenCache(folder, size)
    except (OSError, ValueError):
        return None
    out = []
    for name in ("body", "title"):
        offsets, ids, vocab = cache.fields[name]
        ids = np.asarray(ids)
        out.append([[vocab[i] for i in ids[offsets[r]:offsets[r + 1]].tolist()] for r in range(size)])
    return out[0], out[1]


def migrate(index: str | Path, uri: str, collection: str | None = None, full: bool = False,
            native_bm25: bool = False, **options) -> SyncReport:
    """Copy a built local index (passages, vectors, tokens, articles) into Milvus as one generation, without
    re-embedding. An existing collection of the same embedder and tokenizer is brought to equal the index (new
    passages upserted, missing ones deleted); another one, or any with `full`, is dropped and made again."""
    from ..store import read_index
    from ..tokenization import tokenize

    started = time.perf_counter()
    data = read_index(Path(index))
    size = len(data.pids)
    tokens = _cached_tokens(data.folder, size) if data.folder is not None else None
    if tokens is None:  # an index without a token cache: tokenize as a build would
        tokens = ([tokenize(p.context_text) or [""] for p in data.passages],
                  [tokenize(p.title) or [""] for p in data.passages])
    name = collection or collection_name(Path(index).name)
    backend = _open_for_writing(uri, name, data.manifest, full, native_bm25, **options)
    try:
        articles = {aid: data.articles[aid] for aid in data.articles}
        stored = set(backend.visible_pids())
        pids = [int(p) for p in data.pids]
        rows = [r for r, pid in enumerate(pids) if pid not in stored]
        records = _records(data.passages, data.vectors, tokens[0], tokens[1], articles, rows)
        gone = sorted(stored - set(pids))
        stored_articles = set(backend.article_ids())
        report = SyncReport(collection=name, passages=size, articles=len(articles), upserted=len(records),
                            deleted=len(gone))
        report.generation = backend.apply(records, list(articles.values()), delete=gone,
                                          drop_articles=sorted(stored_articles - set(articles)))
    finally:
        backend.close()
    report.seconds = time.perf_counter() - started
    return report


def _open_for_writing(uri: str, name: str, manifest: dict, full: bool, native_bm25: bool, **options
                      ) -> MilvusBackend:
    wanted = {"embedder": {"name": manifest["embedder"]["name"], "dim": int(manifest["embedder"]["dim"])}}
    if full:
        _drop(uri, name, **options)
    try:
        backend = MilvusBackend(uri, name, create=wanted, native_bm25=native_bm25, **options)
    except IndexLoadError as exc:
        if "rebuild it" not in str(exc) and "tokenized by" not in str(exc):
            raise
        _drop(uri, name, **options)
        backend = MilvusBackend(uri, name, create=wanted, native_bm25=native_bm25, **options)
    if backend.manifest["embedder"] != wanted["embedder"] or \
            bool(backend.manifest["lexical"].get("native_bm25")) != bool(native_bm25):
        backend.drop()
        backend.close()
        backend = MilvusBackend(uri, name, create=wanted, native_bm25=native_bm25, **options)
    return backend


def _drop(uri: str, name: str, **options) -> None:
    from pymilvus import MilvusClient

    keep = {k: v for k, v in options.items() if k in ("token", "db_name")}
    if options.get("user"):
        keep.update(user=options["user"], password=options.get("password") or "")
    client = MilvusClient(uri=uri, **keep)
    try:
        for suffix in ("", "_articles", "_meta"):
            if client.has_collection(name + suffix):
                client.drop_collection(name + suffix)
    finally:
        client.close()


def build(sources: Iterable[str | Path], uri: str, collection: str | None = None, model: str | None = None,
          full: bool = False, native_bm25: bool = False, embedder=None,
          progress: Callable[[int, int], None] | None = None, **options) -> SyncReport:
    """Read, chunk and write SOURCES into Milvus incrementally, as one generation: passages whose id (place and
    content hash) is stored are left alone, new ones are tokenized and embedded (a vector whose content hash is
    stored under another id is reused), stored ones the sources no longer have are deleted, and articles whose JSON
    changed are rewritten."""
    from ..building import _unique_ids
    from ..chunking import chunk_articles
    from ..embedders import canonical_name, load_embedder
    from ..readers import expand_sources, parse_source, read_bytes
    from ..tokenization import to_simplified, tokenize

    started = time.perf_counter()
    report = SyncReport(collection=collection or collection_name(None))
    articles: list[Article] = []
    taken: set[str] = set()
    for path in expand_sources(sources):
        name = path.as_posix()
        try:
            parsed, warnings = parse_source(read_bytes(path), name)
        except SourceError as exc:
            report.warnings.append(str(exc))
            continue
        report.warnings.extend(warnings)
        articles.extend(_unique_ids(parsed, name, taken))
    passages, seen = [], set()
    for passage in chunk_articles(articles):
        if passage.pid not in seen:
            seen.add(passage.pid)
            passages.append(passage)
    if not passages:
        detail = f" ({'; '.join(report.warnings[:3])})" if report.warnings else ""
        raise SourceError(f"no news text found in the sources{detail}")
    embedder = embedder or load_embedder(model)
    name = canonical_name(model) if model is not None else embedder.name
    backend = _open_for_writing(uri, report.collection, {"embedder": {"name": name, "dim": embedder.dim}}, full,
                                native_bm25, **options)
    try:
        stored = backend.hashes()
        new = [p for p in passages if p.pid not in stored]
        by_hash = {h: pid for pid, h in stored.items()}
        reuse = {p.pid: by_hash[p.content_hash] for p in new if p.content_hash in by_hash}
        vectors = np.zeros((len(new), embedder.dim), dtype=np.float32)
        if reuse:
            old = backend.vectors(sorted(set(reuse.values())))
            row_of = {pid: i for i, pid in enumerate(sorted(set(reuse.values())))}
            for i, p in enumerate(new):
                if p.pid in reuse:
                    vectors[i] = old[row_of[reuse[p.pid]]]
        todo = [i for i, p in enumerate(new) if p.pid not in reuse]
        for start in range(0, len(todo), 256):
            batch = todo[start:start + 256]
            vectors[batch] = embedder.encode_document([to_simplified(new[i].context_text) for i in batch])
            if progress:
                progress(min(start + 256, len(todo)), len(todo))
        by_id = {a.article_id: a for a in articles}
        records = [PassageRecord(passage=p, body_tokens=tokenize(p.context_text) or [""],
                                 title_tokens=tokenize(p.title) or [""], vector=vectors[i],
                                 date=getattr(by_id.get(p.article_id), "date", None),
                                 publisher=getattr(by_id.get(p.article_id), "publisher", None))
                   for i, p in enumerate(new)]
        stored_articles = backend.article_json()
        changed = [a for a in articles if stored_articles.get(a.article_id) != json.dumps(asdict(a), ensure_ascii=False)]
        gone = sorted(set(stored) - seen)
        dropped = sorted(set(stored_articles) - set(by_id))
        report.generation = backend.committed
        if records or changed or gone or dropped:  # nothing new: no new generation
            report.generation = backend.apply(records, changed, delete=gone, drop_articles=dropped)
        report.passages, report.articles = len(passages), len(articles)
        report.upserted, report.embedded, report.deleted = len(records), len(todo), len(gone)
    finally:
        backend.close()
    report.seconds = time.perf_counter() - started
    return report
