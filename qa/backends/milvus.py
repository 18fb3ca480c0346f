"""Milvus behind the retrieval seam: Milvus Lite (a local data file) or a Milvus Standalone/Distributed server.

Three collections per index NAME:

- NAME: one row per passage (pid INT64 primary; text, title, article_id, paragraph, source, span_start/span_end,
  content_hash, date "YYYY-MM-DD" or "", publisher; `vector` FLOAT_VECTOR searched by IP on normalized vectors;
  `lex` SPARSE_FLOAT_VECTOR holding the project's own BM25: body token t at dimension id(t), headline token t at
  TITLE_OFFSET + id(t), each weighted tf / (tf + k1 (1 - b + b dl / avgdl)) (Lucene). The query side carries
  count x IDF (x TITLE_WEIGHT for headline tokens), so one inner product is exactly the local body + 0.5 x title
  BM25 score; `gen`/`dead` say which generation wrote and which retired the row.
  With `native_bm25=True` also `body` (headline + text, analyzed by Milvus's jieba tokenizer) and `bm` (Milvus's
  own BM25 function over it), for comparison (README: the project's tokens answer better).
- NAME_articles: one row per article and generation (the article as JSON), for article()/articles().
- NAME_meta: the manifest, the committed generation, and per generation the vocabulary statistics (tokens in id
  order, body and headline document frequencies, passages, frozen average lengths, the pinyin map) as
  compressed chunks. IDF, known(), in_vocabulary() and romanized() read them from memory.

Atomic writes by generation: a write G inserts its rows with gen = G (invisible: readers filter gen <= committed),
marks the rows it replaces dead = G (still visible), writes the statistics of G, and then switches the committed
generation in NAME_meta with one row upsert. Only then are the retired rows and old statistics deleted. A write
that stops half-way leaves rows nobody sees; the next write removes them (gen > committed) and un-marks
(dead > committed) before it starts.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict

import numpy as np

from ..scoring import lucene_idf

from ..chunking import Passage
from ..errors import IndexLoadError, QAError
from ..fusion import TITLE_WEIGHT
from ..lexical import B, K1, TOKENIZER
from ..query import Filters
from ..segment import Article
from ..tokenization import run_bigrams
from .base import Hits, PassageRecord

SCHEMA = 1
FORMAT = "union-news-qa-milvus"
TITLE_OFFSET = 1 << 31  # headline tokens' sparse dimensions (body tokens below it)
CHUNK_CHARS = 60_000  # of a VARCHAR(65535) metadata value
TEXT_MAX = 65_535
INSERT_BATCH = 500
QUERY_BATCH = 2_000
REFRESH_SECONDS = 1.0
DEFAULT_COLLECTION = "news"
CONNECT_TIMEOUT = 5.0


class MilvusError(QAError):
    """A Milvus server refused or failed a request (one line, from the server's message)."""


def collection_name(index_name: str | None) -> str:
    """A Milvus collection name (letters, digits, underscores; a letter or underscore first) from an index name."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", str(index_name or DEFAULT_COLLECTION).rstrip("/").split("/")[-1]) or "news"
    return base if re.match(r"[A-Za-z_]", base) else f"_{base}"


def _pack(value) -> str:
    return base64.b64encode(zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), 6)).decode("ascii")


def _unpack(text: str):
    return json.loads(zlib.decompress(base64.b64decode(text)).decode("utf-8"))


def _quote(value: str) -> str:
    """A string literal for a Milvus filter expression."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _like(value: str) -> str:
    """A `like` pattern matching `value` anywhere. Milvus's `like` has no escape: a % or _ in the value becomes _,
    any one character (so 000_31f1 also admits 000x31f1)."""
    return _quote("%" + str(value).replace("%", "_") + "%")


def filter_expression(filters: Filters | None) -> str:
    """qa.query.Filters as a Milvus boolean expression (evaluated where the rows live), same rule as Filters.admits:
    an article id; a publisher or source containing `source`; a date in [since, until] by its leading characters
    (an article without a date fails a date filter)."""
    if not filters:
        return ""
    parts = []
    if filters.article:
        parts.append(f"article_id == {_quote(filters.article)}")
    if filters.source:
        pattern = _like(filters.source)
        parts.append(f"(publisher like {pattern} or source like {pattern})")
    if filters.since or filters.until:
        parts.append('date != ""')
        if filters.since:
            parts.append(f"date >= {_quote(filters.since)}")
        if filters.until:  # "2025-01" admits every day of January: compare below "2025-01~" ('~' sorts after digits)
            parts.append(f"date < {_quote(filters.until + '~')}")
    return " and ".join(parts)


class VocabularyStats:
    """Tokens (their sparse ids are their positions), body and headline document frequencies, the number of
    passages and the frozen average lengths the stored weights were computed with."""

    def __init__(self, tokens: list[str], df_body: np.ndarray, df_title: np.ndarray, size: int,
                 avgdl_body: float, avgdl_title: float, total_body: int, total_title: int,
                 romanized: dict[str, list[str]]) -> None:
        self.tokens = tokens
        self.ids = {t: i for i, t in enumerate(tokens)}
        self.df_body = np.asarray(df_body, dtype=np.int64)
        self.df_title = np.asarray(df_title, dtype=np.int64)
        self.size = int(size)
        self.avgdl_body, self.avgdl_title = float(avgdl_body), float(avgdl_title)
        self.total_body, self.total_title = int(total_body), int(total_title)
        self.romanized = romanized

    @classmethod
    def empty(cls) -> "VocabularyStats":
        return cls([], np.zeros(0), np.zeros(0), 0, 0.0, 0.0, 0, 0, {})

    def to_json(self) -> dict:
        return {"tokens": self.tokens, "df_body": self.df_body.tolist(), "df_title": self.df_title.tolist(),
                "size": self.size, "avgdl_body": self.avgdl_body, "avgdl_title": self.avgdl_title,
                "total_body": self.total_body, "total_title": self.total_title, "romanized": self.romanized}

    @classmethod
    def from_json(cls, data: dict) -> "VocabularyStats":
        return cls(data["tokens"], data["df_body"], data["df_title"], data["size"], data["avgdl_body"],
                   data["avgdl_title"], data["total_body"], data["total_title"], data.get("romanized", {}))

    def idf(self, df: np.ndarray) -> np.ndarray:
        return lucene_idf(df, self.size)

    def body_df(self, token: str) -> int:
        tid = self.ids.get(token)
        return int(self.df_body[tid]) if tid is not None and tid < len(self.df_body) else 0


def doc_weights(body_tokens: Sequence[str], title_tokens: Sequence[str], ids: dict[str, int], avgdl_body: float,
                avgdl_title: float) -> dict[int, float]:
    """One passage's sparse vector: Lucene BM25 term weights without the IDF (the query side carries it)."""
    out: dict[int, float] = {}
    for tokens, avgdl, offset in ((body_tokens, avgdl_body, 0), (title_tokens, avgdl_title, TITLE_OFFSET)):
        if not tokens:
            continue
        counts: dict[str, int] = {}
        for t in tokens:
            counts[t] = counts.get(t, 0) + 1
        norm = np.float32(K1 * ((1 - B) + B * len(tokens) / (avgdl or 1.0)))
        for t, tf in counts.items():
            tf32 = np.float32(tf)
            out[offset + ids[t]] = float(tf32 / (norm + tf32))
    return out


class MilvusArticles(Mapping):
    """Articles by id, read from Milvus on demand (iterating lists the ids with one query)."""

    def __init__(self, backend: "MilvusBackend") -> None:
        self._backend = backend

    def __getitem__(self, article_id: str) -> Article:
        article = self._backend.article(article_id)
        if article is None:
            raise KeyError(article_id)
        return article

    def __iter__(self):
        return iter(self._backend.article_ids())

    def __len__(self) -> int:
        return len(self._backend.article_ids())


class MilvusBackend:
    """The Backend (and WritableBackend) protocol over Milvus; see the module docstring for the layout.

    uri: a local file for Milvus Lite ("./news.db") or a server ("http://host:19530", with token or user/password
    and db_name). collection: the passages' collection (default from `index_name`). model: when given, the
    embedder the collection must have been built with. create: a manifest to create the collections with when they
    do not exist (writers: qa build/migrate). lexical: "tokens" (the project's BM25, default) or "milvus" (Milvus's
    BM25 function with the jieba analyzer, only in collections made with native_bm25=True).
    """

    name = "milvus"

    def __init__(self, uri: str = "./news.db", collection: str | None = None, *, index_name: str | None = None,
                 token: str | None = None, user: str | None = None, password: str | None = None,
                 db_name: str | None = None, model: str | None = None, create: dict | None = None,
                 native_bm25: bool = False, lexical: str = "tokens", timeout: float = CONNECT_TIMEOUT,
                 refresh_seconds: float = REFRESH_SECONDS) -> None:
        self.uri = str(uri)
        self.collection = collection or collection_name(index_name)
        self.articles_collection = f"{self.collection}_articles"
        self.meta_collection = f"{self.collection}_meta"
        self.lexical = lexical
        self.refresh_seconds = refresh_seconds
        self._lock = threading.RLock()
        self._fetched: dict[int, tuple[Passage, np.ndarray]] = {}
        self._article_cache: dict[str, Article | None] = {}
        self._article_ids: list[str] | None = None
        self._checked_at = 0.0
        self.client = self._connect(token, user, password, db_name, timeout)
        try:
            if not self.client.has_collection(self.meta_collection):
                if create is None:
                    raise IndexLoadError(f"no Milvus collection {self.collection!r} at {self.uri}; create it with: "
                                         f"qa migrate --index embeddings --uri {self.uri} --collection {self.collection}"
                                         f" (or qa build SOURCES --backend milvus --uri {self.uri})")
                self._create(create, native_bm25)
            self.client.load_collection(self.meta_collection)
            self.manifest = self._read_manifest()
            self._check(model)
            for name in (self.collection, self.articles_collection):
                if not self.client.has_collection(name):
                    raise IndexLoadError(f"Milvus collection {name!r} is missing at {self.uri}; rebuild with: "
                                         f"qa migrate --index INDEX --uri {self.uri} --collection {self.collection}")
            for name in (self.collection, self.articles_collection, self.meta_collection):
                self.client.load_collection(name)
            self._load_generation(self._read_generation())
        except QAError:
            self.close()
            raise
        except Exception as exc:  # noqa: BLE001 - a server's failure is one line for the user
            self.close()
            raise self._error(exc) from None

    # ---------- connection ----------
    def _connect(self, token, user, password, db_name, timeout):
        try:
            from pymilvus import MilvusClient
        except ImportError:
            raise IndexLoadError("pymilvus is not installed; install it with: pip install -e '.[milvus]'") from None
        import logging

        # pymilvus logs every failed call with its traceback; the user gets one line from this module instead.
        logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
        options = {"uri": self.uri, "timeout": timeout}
        if token:
            options["token"] = token
        if user:
            options["user"], options["password"] = user, password or ""
        if db_name:
            options["db_name"] = db_name
        try:
            return MilvusClient(**options)
        except Exception as exc:  # noqa: BLE001
            raise IndexLoadError(f"cannot reach Milvus at {self.uri} ({_reason(exc)}); start the server or check "
                                 f"--uri") from None

    def _error(self, exc: BaseException) -> QAError:
        return IndexLoadError(f"Milvus at {self.uri} failed on collection {self.collection!r}: {_reason(exc)}")

    def _call(self, fn, *args, **kwargs):
        """One request; a server error becomes one line."""
        try:
            return fn(*args, **kwargs)
        except QAError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise MilvusError(f"Milvus at {self.uri} failed ({_reason(exc)})") from None

    # ---------- schema ----------
    def _create(self, manifest: dict, native_bm25: bool) -> None:
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        dim = int(manifest["embedder"]["dim"])
        client = self.client
        for name in (self.collection, self.articles_collection):
            if client.has_collection(name):  # a half-created index (no metadata): start again
                client.drop_collection(name)
        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("pid", DataType.INT64, is_primary=True)
        for field, length in (("text", TEXT_MAX), ("title", 4096), ("article_id", 2048), ("source", 2048),
                              ("content_hash", 64), ("date", 32), ("publisher", 1024)):
            schema.add_field(field, DataType.VARCHAR, max_length=length)
        for field in ("paragraph", "span_start", "span_end", "len_body", "len_title", "gen", "dead"):
            schema.add_field(field, DataType.INT64)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_field("lex", DataType.SPARSE_FLOAT_VECTOR)
        if native_bm25:
            schema.add_field("body", DataType.VARCHAR, max_length=TEXT_MAX, enable_analyzer=True,
                             analyzer_params={"tokenizer": "jieba"})
            schema.add_field("bm", DataType.SPARSE_FLOAT_VECTOR)
            schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["body"],
                                         output_field_names=["bm"]))
        client.create_collection(self.collection, schema=schema)
        indexes = client.prepare_index_params()
        local = not self.uri.startswith(("http://", "https://", "tcp://"))
        indexes.add_index(field_name="vector", index_type="FLAT" if local else "AUTOINDEX", metric_type="IP")
        indexes.add_index(field_name="lex", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        if native_bm25:
            indexes.add_index(field_name="bm", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
        self._create_index(self.collection, indexes, ["vector", "lex"] + (["bm"] if native_bm25 else []))

        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=2100)
        schema.add_field("article_id", DataType.VARCHAR, max_length=2048)
        schema.add_field("data", DataType.VARCHAR, max_length=TEXT_MAX)
        for field in ("gen", "dead"):
            schema.add_field(field, DataType.INT64)
        schema.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field in every collection
        client.create_collection(self.articles_collection, schema=schema)
        indexes = client.prepare_index_params()
        indexes.add_index(field_name="dummy", index_type="FLAT", metric_type="L2")
        self._create_index(self.articles_collection, indexes, ["dummy"])

        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=128)
        schema.add_field("value", DataType.VARCHAR, max_length=TEXT_MAX)
        schema.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)
        if client.has_collection(self.meta_collection):
            client.drop_collection(self.meta_collection)
        client.create_collection(self.meta_collection, schema=schema)
        indexes = client.prepare_index_params()
        indexes.add_index(field_name="dummy", index_type="FLAT", metric_type="L2")
        self._create_index(self.meta_collection, indexes, ["dummy"])
        full = {"format": FORMAT, "schema": SCHEMA, "embedder": dict(manifest["embedder"]),
                "lexical": {"tokenizer": TOKENIZER, "k1": K1, "b": B, "title_weight": TITLE_WEIGHT,
                            "native_bm25": bool(native_bm25)}}
        client.load_collection(self.meta_collection)
        # The generation marker first, the manifest last: a collection without a manifest is created again.
        self._meta_put({"generation": json.dumps({"committed": 0}), "stats/0/0": _pack(VocabularyStats.empty().to_json())})
        self._meta_put({"manifest": json.dumps(full, ensure_ascii=False)})

    def _create_index(self, collection: str, indexes, fields: list[str]) -> None:
        """Drop an index a field already has (describe first), then create."""
        existing = set(self.client.list_indexes(collection) or [])
        for field in fields:
            if field in existing:
                self.client.release_collection(collection)
                self.client.drop_index(collection, field)
        self.client.create_index(collection, indexes)

    def _read_manifest(self) -> dict:
        rows = self.client.get(self.meta_collection, ids=["manifest"], output_fields=["value"])
        if not rows:
            raise IndexLoadError(f"Milvus collection {self.collection!r} at {self.uri} is incomplete (no manifest); "
                                 f"rebuild with: qa migrate --index INDEX --uri {self.uri} --collection "
                                 f"{self.collection}")
        manifest = json.loads(rows[0]["value"])
        if manifest.get("format") != FORMAT or manifest.get("schema") != SCHEMA:
            raise IndexLoadError(f"Milvus collection {self.collection!r} is not a union-news-qa index of schema "
                                 f"{SCHEMA}; rebuild it with: qa migrate --index INDEX --uri {self.uri} --collection "
                                 f"{self.collection}")
        return manifest

    def _check(self, model: str | None) -> None:
        from ..embedders import canonical_name

        tokenizer = self.manifest["lexical"].get("tokenizer")
        built_with = self.manifest["embedder"]["name"]
        fix = f"rebuild it with: qa migrate --index INDEX --uri {self.uri} --collection {self.collection}"
        if tokenizer != TOKENIZER:
            raise IndexLoadError(f"Milvus collection {self.collection!r} was tokenized by {tokenizer!r}, this version "
                                 f"uses {TOKENIZER!r}; {fix}")
        if model is not None and canonical_name(model) != built_with:
            raise IndexLoadError(f"Milvus collection {self.collection!r} was built with {built_with!r}, not "
                                 f"{canonical_name(model)!r}; {fix} --model {model}")
        if self.lexical == "milvus" and not self.manifest["lexical"].get("native_bm25"):
            raise IndexLoadError(f"Milvus collection {self.collection!r} has no Milvus BM25 field; {fix} --native-bm25")

    # ---------- metadata and generations ----------
    def _meta_put(self, values: dict[str, str]) -> None:
        rows = [{"key": k, "value": v, "dummy": [0.0, 0.0]} for k, v in values.items()]
        for start in range(0, len(rows), 50):
            self.client.upsert(self.meta_collection, rows[start:start + 50])

    def _read_generation(self) -> dict:
        rows = self.client.get(self.meta_collection, ids=["generation"], output_fields=["value"])
        if not rows:
            raise IndexLoadError(f"Milvus collection {self.collection!r} has no generation marker; rebuild it")
        return json.loads(rows[0]["value"])

    def _load_generation(self, marker: dict) -> None:
        committed = int(marker["committed"])
        chunks = int(marker.get("chunks", 1))
        keys = [f"stats/{committed}/{i}" for i in range(chunks)]
        rows = {r["key"]: r["value"] for r in self.client.get(self.meta_collection, ids=keys, output_fields=["value"])}
        if len(rows) != len(keys):
            raise IndexLoadError(f"Milvus collection {self.collection!r}: statistics of generation {committed} are "
                                 "missing; rebuild it")
        stats = VocabularyStats.from_json(_unpack("".join(rows[k] for k in keys)))
        with self._lock:
            self.committed = committed
            self.stats = stats
            self._fetched.clear()
            self._article_cache.clear()
            self._article_ids = None
            self._checked_at = time.monotonic()

    def refresh(self) -> bool:
        """Read the committed generation (at most every refresh_seconds); True when another writer moved it."""
        if time.monotonic() - self._checked_at < self.refresh_seconds:
            return False
        marker = self._call(self._read_generation)
        self._checked_at = time.monotonic()
        if int(marker["committed"]) == self.committed:
            return False
        self._call(self._load_generation, marker)
        return True

    def _visible(self, extra: str = "") -> str:
        c = self.committed
        base = f"gen <= {c} and (dead == 0 or dead > {c})"
        return f"{base} and ({extra})" if extra else base

    # ---------- reading ----------
    def count(self) -> int:
        self.refresh()
        return self.stats.size

    def _query_vector(self, tokens: Sequence[str]) -> dict[int, float]:
        stats = self.stats
        counts: dict[int, int] = {}
        for t in tokens:
            tid = stats.ids.get(t)
            if tid is not None:
                counts[tid] = counts.get(tid, 0) + 1
        if not counts:
            return {}
        tids = np.fromiter(counts, dtype=np.int64)
        n = np.fromiter(counts.values(), dtype=np.float32)
        body = stats.idf(stats.df_body[tids]) * n
        title = np.float32(TITLE_WEIGHT) * stats.idf(stats.df_title[tids]) * n
        out = {int(t): float(w) for t, w, df in zip(tids, body, stats.df_body[tids]) if df > 0}
        out.update({TITLE_OFFSET + int(t): float(w) for t, w, df in zip(tids, title, stats.df_title[tids]) if df > 0})
        return out

    def lexical_search(self, queries: Sequence[Sequence[str]], k: int, filters: Filters | None = None,
                       among: Sequence[int] | None = None) -> list[Hits]:
        self.refresh()
        expression = filter_expression(filters)
        if among is not None:
            ids = sorted({int(p) for p in among})
            if not ids:
                return [[] for _ in queries]
            expression = " and ".join(x for x in (expression, f"pid in [{', '.join(map(str, ids))}]") if x)
            k = len(ids)
        if self.lexical == "milvus":
            data = [" ".join(t.lstrip("#") for t in tokens) for tokens in queries]
            field, wanted = "bm", [bool(tokens) for tokens in queries]
        else:
            data = [self._query_vector(tokens) for tokens in queries]
            field, wanted = "lex", [bool(vector) for vector in data]
        return self._search(field, data, wanted, k, expression, positive=True)

    def dense_search(self, vectors: np.ndarray, k: int, filters: Filters | None = None) -> list[Hits]:
        self.refresh()
        vectors = np.asarray(vectors, dtype=np.float32)
        data = [row.tolist() for row in vectors]
        return self._search("vector", data, [True] * len(data), k, filter_expression(filters), positive=False)

    def _search(self, field: str, data: list, wanted: list[bool], k: int, expression: str, positive: bool
                ) -> list[Hits]:
        """One search request for every query that has something to search with."""
        out: list[Hits] = [[] for _ in data]
        asked = [i for i, w in enumerate(wanted) if w]
        if not asked or not self.stats.size or k <= 0:
            return out
        limit = min(int(k), 16_384)
        results = self._call(self.client.search, self.collection, data=[data[i] for i in asked], anns_field=field,
                             limit=limit, filter=self._visible(expression), output_fields=["pid"])
        for slot, hits in zip(asked, results):
            scored = []
            for hit in hits:
                score = float(hit["distance"])
                if field == "bm":
                    score = abs(score)
                if positive and score <= 0:
                    continue
                scored.append((int(hit["id"] if "id" in hit else hit["pid"]), score))
            out[slot] = sorted(scored, key=lambda h: (-h[1], h[0]))[:k]
        return out

    def fetch(self, pids: Sequence[int]) -> dict[int, Passage]:
        self.refresh()
        ids = sorted({int(p) for p in pids})
        out: dict[int, Passage] = {}
        if not ids:
            return out
        fields = ["pid", "text", "title", "article_id", "paragraph", "source", "span_start", "span_end",
                  "content_hash", "vector"]
        rows = []
        for start in range(0, len(ids), QUERY_BATCH):
            part = ids[start:start + QUERY_BATCH]
            rows += self._call(self.client.query, self.collection,
                               filter=self._visible(f"pid in [{', '.join(map(str, part))}]"), output_fields=fields)
        with self._lock:
            self._fetched = {}
            for r in rows:
                passage = Passage(pid=int(r["pid"]), text=r["text"], title=r["title"], article_id=r["article_id"],
                                  paragraph=int(r["paragraph"]), source=r["source"], start=int(r["span_start"]),
                                  end=int(r["span_end"]), content_hash=r["content_hash"])
                out[passage.pid] = passage
                self._fetched[passage.pid] = (passage, np.asarray(r["vector"], dtype=np.float32))
        return out

    def vectors(self, pids: Sequence[int]) -> np.ndarray:
        """The stored vectors; those of the last fetch() come from it (NewsQA fetches, then asks for vectors)."""
        pids = [int(p) for p in pids]
        if any(p not in self._fetched for p in pids):
            self.fetch(pids)
        missing = [p for p in pids if p not in self._fetched]
        if missing:
            raise KeyError("passage ids not in the index")
        if not pids:
            return np.zeros((0, int(self.manifest["embedder"]["dim"])), dtype=np.float32)
        return np.stack([self._fetched[p][1] for p in pids])

    # ---------- articles ----------
    def article(self, article_id: str) -> Article | None:
        self.refresh()
        if article_id in self._article_cache:
            return self._article_cache[article_id]
        rows = self._call(self.client.query, self.articles_collection,
                          filter=self._visible(f"article_id == {_quote(article_id)}"), output_fields=["data"])
        article = Article(**json.loads(rows[0]["data"])) if rows else None
        with self._lock:
            if len(self._article_cache) > 10_000:
                self._article_cache.clear()
            self._article_cache[article_id] = article
        return article

    def article_ids(self) -> list[str]:
        self.refresh()
        if self._article_ids is None:
            rows = self._query_all(self.articles_collection, self._visible(), ["article_id"])
            self._article_ids = sorted({r["article_id"] for r in rows})
        return self._article_ids

    def articles(self) -> Mapping[str, Article]:
        return MilvusArticles(self)

    def _query_all(self, collection: str, expression: str, fields: list[str]) -> list[dict]:
        """Every row matching (through a query iterator: no row limit)."""
        def run():
            iterator = self.client.query_iterator(collection, batch_size=QUERY_BATCH, filter=expression,
                                                  output_fields=fields)
            rows = []
            try:
                while True:
                    batch = iterator.next()
                    if not batch:
                        return rows
                    rows.extend(batch)
            finally:
                iterator.close()
        return self._call(run)

    # ---------- vocabulary ----------
    def idf(self, tokens: Sequence[str]) -> np.ndarray:
        df = self.document_frequency(tokens)
        return np.where(df > 0, self.stats.idf(df), 0).astype(np.float32)

    def document_frequency(self, tokens: Sequence[str]) -> np.ndarray:
        self.refresh()
        return np.array([self.stats.body_df(t) for t in tokens], dtype=np.int64)

    def known(self, word: str) -> bool:
        return self.stats.body_df(word) > 0

    def in_vocabulary(self, term: str) -> bool:
        if self.known(term):
            return True
        return all(self.known("#" + g) for g in run_bigrams(term) or [term])

    def romanized(self) -> dict[str, list[str]]:
        return self.stats.romanized

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            try:
                client.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                pass
            self.client = None

    # ---------- writing ----------
    def upsert(self, records: Sequence[PassageRecord], articles: Sequence[Article] = ()) -> None:
        """Insert or replace passages (by id) and their articles, as one generation (all visible at once)."""
        self.apply(records, articles)

    def delete(self, pids: Sequence[int]) -> None:
        """Remove passages by id, as one generation."""
        self.apply((), (), delete=pids)

    def apply(self, records: Sequence[PassageRecord] = (), articles: Sequence[Article] = (),
              delete: Iterable[int] = (), drop_articles: Iterable[str] = (), fail_after: str | None = None) -> int:
        """One write generation: upsert `records` and `articles`, delete passages `delete` and articles
        `drop_articles`; readers see all of it or none. Returns the committed generation.

        fail_after ("rows", "marks", "stats"): stop there with a MilvusError, as a crash would (tests)."""
        with self._lock:
            marker = self._call(self._read_generation)
            if int(marker["committed"]) != self.committed:
                self._call(self._load_generation, marker)
            self._recover()
            gen = self.committed + 1
            stats = self.stats
            records = list({int(r.passage.pid): r for r in records}.values())
            new_pids = [int(r.passage.pid) for r in records]
            existing = self._existing(new_pids)
            retire = sorted({int(p) for p in delete} - set(new_pids))
            old = self._rows_of(retire, ["pid", "lex", "len_body", "len_title"]) if retire else []
            article_updates = {a.article_id: a for a in articles}
            gone_articles = set(drop_articles) - set(article_updates)

            # Statistics of the new generation: old rows' tokens out, new rows' tokens in.
            tokens = list(stats.tokens)
            ids = dict(stats.ids)
            df_body = list(stats.df_body.tolist())
            df_title = list(stats.df_title.tolist())
            size, total_body, total_title = stats.size, stats.total_body, stats.total_title
            replaced = self._rows_of(sorted(existing), ["pid", "lex", "len_body", "len_title"]) if existing else []
            for row in old + replaced:
                for dim in row["lex"]:
                    dim = int(dim)
                    if dim >= TITLE_OFFSET:
                        df_title[dim - TITLE_OFFSET] -= 1
                    else:
                        df_body[dim] -= 1
                size -= 1
                total_body -= int(row["len_body"])
                total_title -= int(row["len_title"])
            for r in records:
                for tokens_of, df in ((r.body_tokens, df_body), (r.title_tokens, df_title)):
                    for t in set(tokens_of):
                        tid = ids.get(t)
                        if tid is None:
                            tid = ids[t] = len(tokens)
                            tokens.append(t)
                            df_body.append(0)
                            df_title.append(0)
                        df[tid] += 1
                size += 1
                total_body += len(r.body_tokens)
                total_title += len(r.title_tokens)
            # Average lengths are frozen at the first write (stored weights stay valid); see README for the drift.
            avgdl_body = stats.avgdl_body or (total_body / size if size else 0.0)
            avgdl_title = stats.avgdl_title or (total_title / size if size else 0.0)

            # 1. New rows, invisible until the switch (gen > committed). A pid already stored has the same content
            #    (ids are derived from it): it is rewritten in place, so only its metadata can change.
            rows = [self._row(r, ids, avgdl_body, avgdl_title, 0 if int(r.passage.pid) in existing else gen)
                    for r in records]
            for start in range(0, len(rows), INSERT_BATCH):
                self._call(self.client.upsert, self.collection, rows[start:start + INSERT_BATCH])
            article_rows = [{"key": f"{a.article_id}\t{gen}", "article_id": a.article_id,
                             "data": _article_json(a), "gen": gen, "dead": 0, "dummy": [0.0, 0.0]}
                            for a in article_updates.values()]
            for start in range(0, len(article_rows), INSERT_BATCH):
                self._call(self.client.upsert, self.articles_collection, article_rows[start:start + INSERT_BATCH])
            self._flush()
            if fail_after == "rows":
                raise MilvusError("stopped after writing rows (test)")
            # 2. Rows this generation retires: still visible until the switch.
            if retire:
                self._mark(self.collection, "pid", [{"pid": p} for p in retire], gen)
            retired_articles = set(article_updates) | gone_articles
            if retired_articles:
                keys = self._article_keys(sorted(retired_articles))
                self._mark(self.articles_collection, "key", [{"key": k} for k in keys], gen)
            self._flush()
            if fail_after == "marks":
                raise MilvusError("stopped after marking retired rows (test)")
            # 3. Statistics of the new generation, then the switch (one row).
            from ..pinyin import build_map

            live_words = (t for t, d in zip(tokens, df_body) if d > 0 and t and not t.startswith("#"))
            new_stats = VocabularyStats(tokens, np.asarray(df_body), np.asarray(df_title), size, avgdl_body,
                                        avgdl_title, total_body, total_title, build_map(live_words, stats.romanized))
            packed = _pack(new_stats.to_json())
            chunks = [packed[i:i + CHUNK_CHARS] for i in range(0, len(packed), CHUNK_CHARS)] or [""]
            self._call(self._meta_put, {f"stats/{gen}/{i}": c for i, c in enumerate(chunks)})
            self._flush(self.meta_collection)
            if fail_after == "stats":
                raise MilvusError("stopped before switching the generation (test)")
            previous = dict(marker)
            self._call(self._meta_put, {"generation": json.dumps({"committed": gen, "chunks": len(chunks)})})
            self._flush(self.meta_collection)
            self.committed, self.stats = gen, new_stats
            self._fetched.clear()
            self._article_cache.clear()
            self._article_ids = None
            self._checked_at = time.monotonic()
            # 4. Clean-up: retired rows and the last generation's statistics.
            self._call(self.client.delete, self.collection, filter=f"dead > 0 and dead <= {gen}")
            self._call(self.client.delete, self.articles_collection, filter=f"dead > 0 and dead <= {gen}")
            old_keys = [f"stats/{previous['committed']}/{i}" for i in range(int(previous.get("chunks", 1)))]
            self._call(self.client.delete, self.meta_collection, ids=old_keys)
            self._flush()
            return gen

    def _flush(self, *collections: str) -> None:
        for name in collections or (self.collection, self.articles_collection):
            self._call(self.client.flush, name)

    def _recover(self) -> None:
        """Undo what a write that stopped half-way left: its rows (gen > committed) and its marks (dead >
        committed)."""
        c = self.committed
        for collection, key in ((self.collection, "pid"), (self.articles_collection, "key")):
            self._call(self.client.delete, collection, filter=f"gen > {c} or (dead > 0 and dead <= {c})")
            marked = self._query_all(collection, f"dead > {c}", [key])
            if marked:
                self._mark(collection, key, [{key: r[key]} for r in marked], 0)
        stale = self._query_all(self.meta_collection, 'key like "stats/%"', ["key"])
        keep = f"stats/{c}/"
        extra = [r["key"] for r in stale if not r["key"].startswith(keep)]
        if extra:
            self._call(self.client.delete, self.meta_collection, ids=extra)

    def _mark(self, collection: str, key: str, rows: list[dict], gen: int) -> None:
        rows = [{**r, "dead": gen} for r in rows]
        for start in range(0, len(rows), INSERT_BATCH):
            self._call(self.client.upsert, collection, rows[start:start + INSERT_BATCH], partial_update=True)

    def _existing(self, pids: list[int]) -> set[int]:
        return {int(r["pid"]) for r in self._rows_of(pids, ["pid"])}

    def _rows_of(self, pids: list[int], fields: list[str]) -> list[dict]:
        rows = []
        for start in range(0, len(pids), QUERY_BATCH):
            part = pids[start:start + QUERY_BATCH]
            rows += self._call(self.client.query, self.collection,
                               filter=self._visible(f"pid in [{', '.join(map(str, part))}]"), output_fields=fields)
        return rows

    def _article_keys(self, article_ids: list[str]) -> list[str]:
        keys = []
        for start in range(0, len(article_ids), 500):
            part = article_ids[start:start + 500]
            expression = f"article_id in [{', '.join(_quote(a) for a in part)}]"
            keys += [r["key"] for r in self._query_all(self.articles_collection, self._visible(expression), ["key"])]
        return keys

    def _row(self, record: PassageRecord, ids: dict[str, int], avgdl_body: float, avgdl_title: float,
             gen: int) -> dict:
        p = record.passage
        row = {"pid": int(p.pid), "text": p.text, "title": p.title, "article_id": p.article_id,
               "paragraph": int(p.paragraph), "source": p.source, "span_start": int(p.start), "span_end": int(p.end),
               "content_hash": p.content_hash, "date": (record.date or "")[:10], "publisher": record.publisher or "",
               "len_body": len(record.body_tokens), "len_title": len(record.title_tokens), "gen": gen, "dead": 0,
               "vector": np.asarray(record.vector, dtype=np.float32).tolist(),
               "lex": doc_weights(record.body_tokens, record.title_tokens, ids, avgdl_body, avgdl_title)}
        if self.manifest["lexical"].get("native_bm25"):
            row["body"] = f"{p.title}\n{p.text}"
        return row

    # ---------- inspection ----------
    def visible_pids(self) -> list[int]:
        """Every passage id readers see now (one query iterator)."""
        self.refresh()
        return sorted(int(r["pid"]) for r in self._query_all(self.collection, self._visible(), ["pid"]))

    def article_json(self) -> dict[str, str]:
        """Every visible article as stored (JSON), by id."""
        rows = self._query_all(self.articles_collection, self._visible(), ["article_id", "data"])
        return {r["article_id"]: r["data"] for r in rows}

    def hashes(self) -> dict[int, str]:
        """Content hash of every visible passage, by id."""
        rows = self._query_all(self.collection, self._visible(), ["pid", "content_hash"])
        return {int(r["pid"]): r["content_hash"] for r in rows}

    def drop(self) -> None:
        """Remove the index's three collections."""
        for name in (self.collection, self.articles_collection, self.meta_collection):
            if self.client.has_collection(name):
                self.client.drop_collection(name)


def _article_json(article: Article) -> str:
    data = json.dumps(asdict(article), ensure_ascii=False)
    if len(data.encode("utf-8")) > TEXT_MAX:
        raise MilvusError(f"article {article.article_id!r} is longer than Milvus's 65,535-byte text field")
    return data


def _reason(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(message).split())[:300]
