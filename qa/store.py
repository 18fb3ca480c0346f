"""The index folder: manifest, passages, vectors, FAISS and BM25 files; atomic writes and checked loads."""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunking import Passage
from .dense import DenseIndex
from . import publish
from .errors import IndexLoadError
from .lexical import TOKENIZER, LexicalIndex
from .publish import step, writing
from .segment import Article

FORMAT = "union-news-qa-index"
VERSION = 1
MANIFEST = "manifest.json"
SOURCES = "sources.json"
RUN_ROWS = 50_000  # rows copied from the last index in one piece


@dataclass
class IndexData:
    """Everything an index folder holds, loaded (passages and articles lazily, by row)."""

    manifest: dict
    passages: Sequence[Passage]
    articles: Mapping[str, Article]
    vectors: np.ndarray
    dense: DenseIndex
    lexical: LexicalIndex
    pids: np.ndarray
    hashes: np.ndarray | None = None  # content hashes by row (else read from the passages)
    sources: list[dict] | None = None  # per source file: name, sha256, its rows (written by builds, for reuse)
    folder: Path | None = None  # the version folder the files were read from (or published to)
    version: str | None = None  # its id (qa.publish.current_version), to notice a newer one
    writer: publish.Writer | None = None  # a build's lock on the index folder, let go by write_index


class JsonlRows(Sequence):
    """Records of a JSONL file parsed on demand, through a table of byte offsets (the file is memory-mapped)."""

    def __init__(self, path: Path, offsets: np.ndarray, factory) -> None:
        self._offsets = offsets
        self._factory = factory
        self._path = path
        self._map = None
        if int(offsets[-1]) > 0:
            with open(path, "rb") as handle:
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        raw = self._map[int(self._offsets[row]):int(self._offsets[row + 1])]
        try:
            return self._factory(json.loads(raw))
        except (json.JSONDecodeError, UnicodeDecodeError, TypeError):
            raise IndexLoadError(f"{self._path} line {row + 1} is damaged; rebuild with: qa build") from None

    def raw(self, start: int, end: int) -> tuple[bytes, np.ndarray]:
        """The bytes of rows [start, end) as stored, and the length of each row."""
        offsets = self._offsets[start:end + 1]
        data = self._map[int(offsets[0]):int(offsets[-1])] if self._map is not None else b""
        return data, np.diff(offsets)


class Records(Sequence):
    """The rows of a JSONL file being written, in order: rows of a previous index's file, copied byte for byte
    when written, and new objects.

    origin[i] >= 0 is row origin[i] of `old`; origin[i] < 0 is new[-origin[i] - 1].
    """

    def __init__(self, old: JsonlRows | None, origin: np.ndarray, new: list) -> None:
        self.old = old
        self.origin = np.asarray(origin, dtype=np.int64)
        self.new = new

    def __len__(self) -> int:
        return len(self.origin)

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        where = int(self.origin[row])
        return self.old[where] if where >= 0 else self.new[-where - 1]

    def chunks(self, to_dict) -> Iterator[tuple[bytes, list[int]]]:
        """(bytes, length of each line) in order: one chunk per run of consecutive old rows, one per new row."""
        origin = self.origin
        if not len(origin):
            return
        breaks = np.ones(len(origin), dtype=bool)
        breaks[1:] = (origin[1:] < 0) | (origin[:-1] < 0) | (origin[1:] != origin[:-1] + 1)
        starts = np.flatnonzero(breaks).tolist() + [len(origin)]
        for begin, end in zip(starts, starts[1:]):
            first = int(origin[begin])
            if first >= 0:
                for at in range(first, first + end - begin, RUN_ROWS):  # bounded copies of a long run
                    data, lengths = self.old.raw(at, min(at + RUN_ROWS, first + end - begin))
                    yield data, lengths.tolist()
            else:
                line = _line(to_dict(self.new[-first - 1]))
                yield line, [len(line)]


class ArticleRows(Mapping):
    """Articles by id, parsed on demand."""

    def __init__(self, rows: Sequence, ids: list[str]) -> None:
        self.rows = rows
        self._index = {article_id: i for i, article_id in enumerate(ids)}

    def __getitem__(self, article_id: str) -> Article:
        return self.rows[self._index[article_id]]

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _passage(record: dict) -> Passage:
    return Passage(**record)


def _article(record: dict) -> Article:
    return Article(**record)


def write_index(folder: Path, data: IndexData) -> Path:
    """Publish `data` as a new version of the index folder (qa.publish: written aside, fsynced, one atomic pointer
    switch) and let go of the build's lock. Returns the version folder; the last good index survives any failure."""
    folder = Path(folder)
    writer = data.writer
    try:
        if writer is None:
            writer = data.writer = publish.Writer(folder).acquire()
        version = publish.publish(folder, lambda staging: _write_files(staging, data, folder))
    finally:
        if writer is not None:
            writer.release()
        data.writer = None
    data.folder, data.version = version, version.name
    return version


def _line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _write_jsonl(path: Path, records, to_dict) -> None:
    """One JSON record a line, plus the byte offset of every line (`<name>.offsets.npy`).

    Records (rows of the last index) are copied as bytes, not parsed and dumped again.
    """
    if isinstance(records, Records):
        chunks = records.chunks(to_dict)
    else:
        chunks = ((line, [len(line)]) for line in map(_line, map(to_dict, records)))
    offsets = [0]
    with open(path, "wb") as handle:
        for data, lengths in chunks:
            handle.write(data)
            if len(lengths) == 1:
                offsets.append(offsets[-1] + lengths[0])
            else:
                offsets.extend((offsets[-1] + np.cumsum(lengths)).tolist())
    np.save(path.with_suffix(".offsets.npy"), np.array(offsets, dtype=np.int64))


def _write_files(tmp: Path, data: IndexData, root: Path) -> None:
    """Every file of a version, into `tmp`; a failure is one line naming the file (DiskFullError, ...)."""
    def part(what: str, write) -> None:
        with writing(root, what):
            step(f"begin:{what}")
            write()
            step(f"write:{what}")

    part("passages.jsonl", lambda: _write_jsonl(tmp / "passages.jsonl", data.passages, Passage.to_dict))
    hashes = data.hashes if data.hashes is not None else [p.content_hash for p in data.passages]
    part("passages.hashes.npy", lambda: np.save(tmp / "passages.hashes.npy", np.asarray(hashes, dtype="S40")))
    part("passages.pids.npy", lambda: np.save(tmp / "passages.pids.npy", np.asarray(data.pids, dtype=np.int64)))
    articles = data.articles.rows if isinstance(data.articles, ArticleRows) else list(data.articles.values())
    part("articles.jsonl", lambda: _write_jsonl(tmp / "articles.jsonl", articles, lambda a: a.__dict__))
    part("articles.ids.json", lambda: (tmp / "articles.ids.json").write_text(
        json.dumps(list(data.articles), ensure_ascii=False), encoding="utf-8"))
    if data.sources is not None:
        part(SOURCES, lambda: (tmp / SOURCES).write_text(
            json.dumps({"version": VERSION, "sources": data.sources}, ensure_ascii=False), encoding="utf-8"))
    part("vectors.npy", lambda: np.save(tmp / "vectors.npy", np.ascontiguousarray(data.vectors, dtype=np.float32)))
    part("dense.faiss", lambda: data.dense.save(tmp))
    if isinstance(getattr(data.lexical, "romanized", None), dict):
        # The pinyin map is built from a set (its order follows the string hash seed): sorted, the same sources
        # write the same bytes (a lookup table; order means nothing to its readers).
        data.lexical.romanized = dict(sorted(data.lexical.romanized.items()))
    part("bm25", lambda: data.lexical.save(tmp))

    def manifest() -> None:
        with open(tmp / MANIFEST, "w", encoding="utf-8") as handle:
            json.dump(data.manifest, handle, ensure_ascii=False, indent=2)

    part(MANIFEST, manifest)  # last: a version folder without it is never whole


def read_manifest(folder: Path, recover: bool = True) -> dict:
    """The manifest of the published version, checked for format and version."""
    folder = Path(folder)
    path = publish.resolve(folder, recover=recover)[0] / MANIFEST
    if not folder.is_dir():
        raise IndexLoadError(f"no index at {folder}; build one with: qa build --out {folder}")
    if not path.is_file():
        raise IndexLoadError(f"{folder} has no {MANIFEST} (incomplete or not an index); rebuild with: qa build --out {folder}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise IndexLoadError(f"{path} is damaged; rebuild with: qa build --out {folder}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexLoadError(f"{folder} is not a union-news-qa index; build one with: qa build --out {folder}")
    version = manifest.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise IndexLoadError(f"{folder} was written by a newer union-news-qa (format {version}, this one reads "
                             f"{VERSION}); upgrade, or rebuild with: qa build --out {folder}")
    if version < VERSION:
        raise IndexLoadError(f"{folder} is in old format {version}; rebuild with: qa build --out {folder}")
    return manifest


def read_index(folder: Path, mmap: bool = True, recover: bool = True) -> IndexData:
    """Load the published version of an index folder, checking every part against the manifest.

    Leftovers of a crash are cleaned first (when no build is running). A version removed while it was being read
    (two builds published meanwhile) is read again from the new pointer."""
    root = Path(folder)
    for attempt in range(3):
        version, version_id = publish.resolve(root, recover=recover and attempt == 0)
        try:
            data = _read_version(version, root, mmap)
        except IndexLoadError:
            if attempt < 2 and publish.resolve(root, recover=False)[1] != version_id:
                continue
            raise
        data.folder, data.version = version, version_id
        return data
    raise AssertionError("unreachable")


def _read_version(folder: Path, root: Path, mmap: bool) -> IndexData:
    try:
        return _read_files(folder, mmap)
    except IndexLoadError as exc:  # the rebuild hint names the index folder, not the version inside it
        if folder == root:
            raise
        raise IndexLoadError(str(exc).replace(f"--out {folder}", f"--out {root}")) from None


def _read_files(folder: Path, mmap: bool) -> IndexData:
    manifest = read_manifest(folder, recover=False)
    count = int(manifest["passages"])
    dim = int(manifest["embedder"]["dim"])
    tokenizer = manifest.get("lexical", {}).get("tokenizer")
    if tokenizer != TOKENIZER:
        raise IndexLoadError(f"{folder} was tokenized by {tokenizer!r}, this version uses {TOKENIZER!r}; "
                             f"rebuild with: qa build --out {folder}")
    passages, article_rows, article_ids = open_rows(folder, manifest)
    try:
        pids = np.load(folder / "passages.pids.npy", allow_pickle=False)
    except (FileNotFoundError, ValueError):
        raise IndexLoadError(f"{folder}/passages.pids.npy is missing or damaged; rebuild with: qa build --out {folder}") from None
    if pids.shape != (count,):
        raise IndexLoadError(f"{folder}/passages.pids.npy holds {len(pids)} ids, the manifest says {count}; "
                             f"rebuild with: qa build --out {folder}")
    articles = ArticleRows(article_rows, article_ids)
    try:
        vectors = np.load(folder / "vectors.npy", mmap_mode="r" if mmap else None, allow_pickle=False)
    except FileNotFoundError:
        raise IndexLoadError(f"{folder}/vectors.npy is missing; rebuild with: qa build --out {folder}") from None
    except ValueError:
        raise IndexLoadError(f"{folder}/vectors.npy is damaged or truncated; rebuild with: qa build --out {folder}") from None
    if vectors.shape != (count, dim):
        raise IndexLoadError(f"{folder}/vectors.npy has shape {vectors.shape}, expected ({count}, {dim}); "
                             f"rebuild with: qa build --out {folder}")
    dense = DenseIndex.load(folder, manifest["dense"]["kind"], count, dim, mmap=mmap)
    lexical = LexicalIndex.load(folder, count, mmap=mmap)
    return IndexData(manifest, passages, articles, vectors, dense, lexical, pids)


def reopen_rows(folder: Path, data: IndexData) -> IndexData:
    """The same index with passages and articles read lazily from the version write_index published (else from
    the version `folder` holds now)."""
    version = data.folder if data.folder is not None else publish.resolve(Path(folder), recover=False)[0]
    passages, article_rows, article_ids = open_rows(version, data.manifest)
    return IndexData(data.manifest, passages, ArticleRows(article_rows, article_ids), data.vectors, data.dense,
                     data.lexical, data.pids, folder=version, version=data.version or version.name)


def open_rows(folder: Path, manifest: dict) -> tuple[JsonlRows, JsonlRows, list[str]]:
    """(passage rows, article rows, article ids) of an index folder, checked against its manifest."""
    folder = Path(folder)
    ids = _json(folder / "articles.ids.json", folder)
    return (_rows(folder, "passages", int(manifest["passages"]), _passage),
            _rows(folder, "articles", len(ids), _article), ids)


def read_sources_record(folder: Path) -> list[dict]:
    """What the last build recorded of each source (sources.json); IndexLoadError when missing or damaged."""
    data = _json(Path(folder) / SOURCES, Path(folder))
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("sources"), list):
        raise IndexLoadError(f"{folder}/{SOURCES} is damaged; rebuild with: qa build --out {folder}")
    return data["sources"]


def read_hashes(folder: Path) -> np.ndarray:
    """Content hashes of an index's passages, by row (for reusing vectors in a rebuild)."""
    return np.load(Path(folder) / "passages.hashes.npy", allow_pickle=False)


def _rows(folder: Path, name: str, count: int, factory) -> JsonlRows:
    path = folder / f"{name}.jsonl"
    hint = f"rebuild with: qa build --out {folder}"
    try:
        offsets = np.load(folder / f"{name}.offsets.npy", allow_pickle=False)
    except FileNotFoundError:
        raise IndexLoadError(f"{folder}/{name}.offsets.npy is missing; {hint}") from None
    except ValueError:
        raise IndexLoadError(f"{folder}/{name}.offsets.npy is damaged; {hint}") from None
    if not path.is_file():
        raise IndexLoadError(f"{path} is missing; {hint}")
    if offsets.ndim != 1 or len(offsets) - 1 != count:
        raise IndexLoadError(f"{path} holds {len(offsets) - 1} records, the manifest says {count}; {hint}")
    if path.stat().st_size != int(offsets[-1]):
        raise IndexLoadError(f"{path} is truncated or changed ({path.stat().st_size} bytes, expected "
                             f"{int(offsets[-1])}); {hint}")
    return JsonlRows(path, offsets, factory)


def _json(path: Path, folder: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexLoadError(f"{path} is missing; rebuild with: qa build --out {folder}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise IndexLoadError(f"{path} is damaged; rebuild with: qa build --out {folder}") from None
