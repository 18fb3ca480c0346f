"""FAISS inner-product index over normalized vectors, with stable int64 passage ids."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .errors import IndexLoadError

# Exact search up to this many passages (about 5 ms a query at 50k on 2 cores, 17 ms at 100k); past it, IVF
# (inverted lists over k-means cells, 8-bit codes; recall against exact search measured in
# benchmarks/bench_scale.py).
# HNSW is available by name; on 2 cores it builds far slower.
EXACT_LIMIT = 50_000
HNSW_M = 32
HNSW_EF_SEARCH = 128
IVF_NPROBE = 32  # at least; an eighth of the cells (112 of 896 at 50k passages), at most IVF_NPROBE_MAX
IVF_NPROBE_MAX = 256
SMALL_BATCH = 16
IVF_TRAIN_MAX = 100_000  # k-means sample, raised to FAISS's 39 points per cell when there are more cells
FILE = "dense.faiss"
CENTROIDS = "dense.centroids.npy"


def _cores() -> int:
    from .embedders import cpu_count

    return cpu_count()


def _faiss():
    try:
        import faiss
    except ImportError:
        raise IndexLoadError("FAISS is missing: pip install faiss-cpu") from None
    return faiss


class DenseIndex:
    """Inner product search over L2-normalized rows; ids are the passages' stable ids."""

    def __init__(self, index, kind: str) -> None:
        self.index = index
        self.kind = kind

    @property
    def size(self) -> int:
        """Number of vectors."""
        return int(self.index.ntotal)

    @classmethod
    def build(cls, vectors: np.ndarray, ids: np.ndarray, kind: str = "auto",
              centroids: np.ndarray | None = None) -> "DenseIndex":
        """An exact ('flat'), IVF ('ivf') or HNSW ('hnsw') index; 'auto' picks by size.

        IVF reuses `centroids` (the last build's k-means cells) when their count still suits the size, so an
        incremental rebuild does not train again.
        """
        faiss = _faiss()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if kind == "auto":
            kind = "flat" if len(vectors) <= EXACT_LIMIT else "ivf"
        dim = vectors.shape[1]
        if kind == "ivf":
            nlist = ivf_cells(len(vectors))
            reuse = (centroids is not None and centroids.ndim == 2 and centroids.shape[1] == dim
                     and nlist / 2 <= len(centroids) <= nlist * 2)
            quantizer = faiss.IndexFlatIP(dim)
            if reuse:
                nlist = len(centroids)
                quantizer.add(np.ascontiguousarray(centroids, dtype=np.float32))
            # Vectors stored as 8-bit codes: a quarter of the memory (0.5 GB instead of 2 GB at 1M passages), the
            # same recall@100 (benchmarks/bench_scale.py); the candidates' cosines are then exact (vectors.npy).
            index = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit,
                                                  faiss.METRIC_INNER_PRODUCT)
            limit = max(IVF_TRAIN_MAX, 39 * nlist)
            sample = vectors if len(vectors) <= limit else vectors[
                np.random.default_rng(0).choice(len(vectors), limit, replace=False)]
            index.train(np.ascontiguousarray(sample))  # k-means only when the centres are new; always the 8-bit ranges
            index.nprobe = ivf_nprobe(nlist)
            index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))
            return cls(index, kind)
        if kind == "flat":
            inner = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            inner = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = 80
            inner.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            raise ValueError(f"unknown dense index kind {kind!r} (flat, ivf, hnsw, auto)")
        index = faiss.IndexIDMap2(inner)
        if len(vectors):
            index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))
        return cls(index, kind)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids) of the k best rows per query; missing slots have id -1."""
        k = max(1, min(k, self.size))
        # OpenMP threads cost more than they save on a few queries (measured: 4.6 ms vs 0.05 ms per query
        # on a loaded 2-core machine); large batches use every core.
        _faiss().omp_set_num_threads(1 if len(queries) < SMALL_BATCH else _cores())
        if self.size == 0:
            n = len(queries)
            return np.zeros((n, 0), np.float32), np.zeros((n, 0), np.int64)
        return self.index.search(np.ascontiguousarray(queries, dtype=np.float32), k)

    def centroids(self) -> np.ndarray | None:
        """The IVF cells' centres (None for other kinds)."""
        if self.kind != "ivf":
            return None
        quantizer = _faiss().downcast_index(self.index.quantizer)
        return quantizer.reconstruct_n(0, quantizer.ntotal)

    def save(self, folder: Path) -> None:
        """Write dense.faiss (through a .tmp file and a rename), and the IVF centres for the next build."""
        faiss = _faiss()
        path = Path(folder) / FILE
        tmp = path.with_name(path.name + ".tmp")
        faiss.write_index(self.index, str(tmp))
        os.replace(tmp, path)
        centroids = self.centroids()
        if centroids is not None:
            np.save(Path(folder) / CENTROIDS, centroids)

    @classmethod
    def load(cls, folder: Path, kind: str, expected: int, dim: int, mmap: bool = False) -> "DenseIndex":
        """Read dense.faiss and check it holds `expected` vectors of `dim` dimensions."""
        faiss = _faiss()
        path = Path(folder) / FILE
        if not path.is_file():
            raise IndexLoadError(f"{path} is missing; rebuild with: qa build")
        flags = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY if mmap and kind == "flat" else 0
        try:
            index = faiss.read_index(str(path), flags)
        except RuntimeError:
            raise IndexLoadError(f"{path} is damaged or truncated; rebuild with: qa build") from None
        if index.ntotal != expected or index.d != dim:
            raise IndexLoadError(f"{path} holds {index.ntotal} vectors of {index.d} dimensions, the manifest says "
                                 f"{expected} of {dim}; rebuild with: qa build")
        if kind == "hnsw":
            faiss.downcast_index(index.index).hnsw.efSearch = HNSW_EF_SEARCH
        elif kind == "ivf":
            index.nprobe = ivf_nprobe(index.nlist)
        return cls(index, kind)


def ivf_cells(n: int) -> int:
    """Inverted lists for n vectors: about 4·sqrt(n), with at least 39 training points per cell."""
    return int(max(1, min(4 * np.sqrt(n), n // 39, 65536)))


def ivf_nprobe(nlist: int) -> int:
    """Cells searched per query: an eighth of the cells, at least 32 and at most 256.

    Measured on real USE vectors of 50,263 passages (896 cells; CMRC questions, against exact search): nprobe 32
    -> recall@10 0.84, recall@100 0.74; 64 -> 0.89, 0.82; 128 -> 0.94, 0.89, at 0.8 ms. English questions have
    no BM25 candidates, so these are all they get. At 1M clustered synthetic vectors 256 cells cost 6 ms.
    """
    return int(min(nlist, max(IVF_NPROBE, min(IVF_NPROBE_MAX, nlist // 8))))
