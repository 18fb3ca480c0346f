"""The index folder: manifest, passages, vectors, FAISS and BM25 files; atomic writes and checked loads."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunking import Passage
from .dense import DenseIndex
from .errors import IndexLoadError
from .lexical import LexicalIndex
from .segment import Article

FORMAT = "union-news-qa-index"
VERSION = 1
MANIFEST = "manifest.json"


@dataclass
class IndexData:
    """Everything an index folder holds, loaded."""

    manifest: dict
    passages: list[Passage]
    articles: dict[str, Article]
    vectors: np.ndarray
    dense: DenseIndex
    lexical: LexicalIndex


def write_index(folder: Path, data: IndexData) -> None:
    """Write into a sibling temp folder, then swap it in with renames: the last good index survives any failure."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        _write_files(tmp, data)
        swap_in(tmp, folder)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _write_files(tmp: Path, data: IndexData) -> None:
    with open(tmp / "passages.jsonl", "w", encoding="utf-8") as handle:
        for passage in data.passages:
            handle.write(json.dumps(passage.to_dict(), ensure_ascii=False) + "\n")
    with open(tmp / "articles.jsonl", "w", encoding="utf-8") as handle:
        for article in data.articles.values():
            handle.write(json.dumps(article.__dict__, ensure_ascii=False) + "\n")
    np.save(tmp / "vectors.npy", np.ascontiguousarray(data.vectors, dtype=np.float32))
    data.dense.save(tmp)
    data.lexical.save(tmp)
    with open(tmp / MANIFEST, "w", encoding="utf-8") as handle:
        json.dump(data.manifest, handle, ensure_ascii=False, indent=2)
    for path in tmp.rglob("*"):  # durable before the rename makes it visible
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def swap_in(new: Path, folder: Path) -> None:
    """Replace `folder` by `new`: rename the old one aside, rename the new one in, then delete the old one."""
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}-{time.time_ns()}")
    if folder.exists():
        os.replace(folder, old)
    try:
        os.replace(new, folder)
    except OSError:
        if old.exists():
            os.replace(old, folder)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def read_manifest(folder: Path) -> dict:
    """The manifest, checked for format and version."""
    folder = Path(folder)
    path = folder / MANIFEST
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


def read_index(folder: Path, mmap: bool = True) -> IndexData:
    """Load an index folder, checking every part against the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    count = int(manifest["passages"])
    dim = int(manifest["embedder"]["dim"])
    passages = _read_jsonl(folder / "passages.jsonl", folder)
    if len(passages) != count:
        raise IndexLoadError(f"{folder}/passages.jsonl holds {len(passages)} passages, the manifest says {count}; "
                             f"rebuild with: qa build --out {folder}")
    try:
        passages_objs = [Passage(**record) for record in passages]
        articles = {record["article_id"]: Article(**record) for record in _read_jsonl(folder / "articles.jsonl", folder)}
    except (TypeError, KeyError):
        raise IndexLoadError(f"{folder} has malformed passage records; rebuild with: qa build --out {folder}") from None
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
    return IndexData(manifest, passages_objs, articles, vectors, dense, lexical)


def _read_jsonl(path: Path, folder: Path) -> list[dict]:
    if not path.is_file():
        raise IndexLoadError(f"{path} is missing; rebuild with: qa build --out {folder}")
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                raise IndexLoadError(f"{path}:{number} is damaged; rebuild with: qa build --out {folder}") from None
    return records
